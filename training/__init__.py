"""Build labelled tables, train and evaluate the paragraph classifier."""
