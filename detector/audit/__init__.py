"""Audit archives and exports: every record scored, tables and a report in an output folder.

    >>> from detector.audit import AuditOptions, run_audit
    >>> for progress in run_audit(["crawl.warc.gz"], "out/", n_jobs=2):
    ...     print(progress.records, progress.errors)

See :mod:`detector.audit.run` for the folder layout and how a rerun resumes.
"""

from __future__ import annotations

from detector.audit.run import AuditOptions, Progress, run_audit

__all__ = ["AuditOptions", "Progress", "run_audit"]
