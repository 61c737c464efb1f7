"""Report an input, or one record of it, that cannot be read as an article (IN001).

## What it flags
IN001 `unreadable-input`: a file that is missing, binary, undecodable or malformed, a URL that
cannot be fetched, or one record of a JSON Lines, CSV, Parquet or WARC input that is not an
article (bad JSON on that line, no text field, an empty body). The batch layer turns each one
into a report of its own, verdict `error`, score 0, with this single finding; the batch then
goes on with the next input or record, and the order of the reports is the order of the inputs.
No article that was read ever gets this finding.

## Why it matters
A scoring run over a large crawl must not stop at the first bad record, nor skip it silently: a
record that vanishes from the results looks like a clean one. An error row keeps the count
honest and names the place to look at: the input, the record and its line or row.

## Example
```
{"text": "Harbour Council Approves New Ferry Timetable\nThe ferry now runs late."}
{"text": "unterminated
{"text": "A second story."}
```
IN001 on line 2: `crawl.jsonl: malformed JSON at line 2: Unterminated string starting at...`;
lines 1 and 3 are scored as usual.

## Known false positives
- None of its own: the finding repeats the loader's refusal. A record that a person would call
  an article but that lacks every text field (`text`, `body`, `content`, `html`, or the columns
  chosen with `columns`) is refused; name its field in the column mapping.
"""

from __future__ import annotations

from collections.abc import Iterable

from detector.checks.base import Analysis, Check
from detector.findings import UNREADABLE_INPUT, Finding

__all__ = ["CHECK", "UNREADABLE_INPUT"]


def run(analysis: Analysis) -> Iterable[Finding]:
    """Return nothing: an article that reached the checks was readable.

    IN001 findings are made by :meth:`detector.findings.Report.unreadable` for what could not be
    read; the rule is registered here so that it is documented, selectable and listed.
    """
    return ()


CHECK = Check(name="inputs", rules=(UNREADABLE_INPUT,), run=run, doc=__doc__ or "")
