"""Renderers: finished reports (and rule metadata) in, text out.

``text`` is the terminal report (rich), ``json`` the JSON and JSON Lines forms. Each module is
imported on its own, so that asking for JSON never loads rich.
"""
