"""Run the command line: ``python -m detector``."""

from __future__ import annotations

from detector.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
