"""Fix what a report found, by editing the source file's lines, never by re-rendering it.

A fix is planned from a finished :class:`~detector.findings.Report` alone (:func:`plan`), so
that renderers can say which findings ``--fix`` would apply, and applied to the file's text
(:func:`apply`). Fixes are of three kinds:

- ``delete``: drop the source lines of a whole paragraph that a finding removes (boilerplate,
  a duplicated title, a stray line; with ``unsafe`` also a repeated paragraph's copies and a
  "read more" cue line), or the line of an unused suppression comment (SU001). The blank line
  that separated it goes with it.
- ``repair``: replace each broken word on a paragraph's lines by the repair the EN001 finding
  names (ftfy's ``fix_encoding``, or one round of Windows-1252 undone; see
  :mod:`detector.checks.encoding`); a word it could not repair is left as it is.
- ``markup`` (unsafe): decode leftover character entities and drop leftover tags, comments,
  placeholders and shortcodes on the lines of a paragraph.

Guards, so that a fix never loses the story: a paragraph the model called ``content`` is never
deleted, whatever the finding; a paragraph is deleted only when its line span is known and no
other paragraph shares one of its lines (a raw HTML block that holds several); only Markdown
and plain-text files are edited; front matter lies before every paragraph and is never touched.
Line endings and the file's encoding (and byte-order mark) are kept, and the file is replaced
atomically (:func:`write_atomic`). Applying the plan of a fixed file again changes nothing.
"""

from __future__ import annotations

import codecs
import difflib
import html
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detector.errors import LoadError
from detector.findings import Finding, Report

__all__ = [
    "FIXABLE_FORMATS",
    "Edit",
    "FileText",
    "FixResult",
    "apply",
    "fix_file",
    "fixable",
    "is_compressed",
    "is_record",
    "plan",
    "read_file_text",
    "unified_diff",
    "write_atomic",
]

FIXABLE_FORMATS = frozenset({"markdown", "text"})
#: Rules whose ``remove`` paragraphs ``--fix`` deletes, and those only ``--unsafe-fixes`` does.
SAFE_DELETES = frozenset({"BP001", "TI001", "LY001", "LY002"})
UNSAFE_DELETES = frozenset({"DU001", "TR001"})
SAFE_REPAIRS = frozenset({"EN001"})
UNUSED_SUPPRESSION = "SU001"
UNSAFE_MARKUP = frozenset({"EN002"})
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_EOL = re.compile(r"(\r\n|\r|\n)\Z")
_ENTITY = re.compile(r"&(?:amp;)*(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


@dataclass(frozen=True, slots=True)
class Edit:
    """One planned change to a file: lines ``start``-``end`` (1-based, inclusive).

    ``kind`` is ``delete``, ``repair`` or ``markup``; ``texts`` are the fragments a ``markup``
    edit takes out, or for ``repair`` the broken words each followed by its repair; ``code``
    is the rule it fixes; ``safe`` whether ``--fix`` applies it without ``--unsafe-fixes``.
    """

    code: str
    kind: str
    start: int
    end: int
    safe: bool
    description: str
    texts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileText:
    """A file's text as read for fixing, with what is needed to write it back unchanged."""

    text: str
    encoding: str

    def encode(self, text: str) -> bytes:
        return text.encode(self.encoding)


@dataclass(frozen=True, slots=True)
class FixResult:
    """What fixing one file did: its text before and after, and the edits applied."""

    path: str
    before: str
    after: str
    edits: tuple[Edit, ...]
    encoding: str = "utf-8"

    @property
    def changed(self) -> bool:
        return self.before != self.after


def plan(report: Report, *, unsafe: bool = False) -> dict[int, tuple[Edit, ...]]:
    """Plan the fixes of a report: finding position in ``report.findings`` -> its edits.

    Findings with no applicable edit are left out, so ``i in plan(report)`` says whether
    ``--fix`` (or, with ``unsafe``, ``--unsafe-fixes``) would fix finding ``i``.
    """
    if report.format not in FIXABLE_FORMATS or getattr(report, "error", None) is not None:
        return {}
    if is_record(report):
        return {}  # a JSON Lines, CSV or Parquet record: its lines are not the file's
    if is_compressed(report):
        return {}  # a compressed file is never rewritten (read_file_text refuses it too)
    rows = {int(row["index"]): row for row in report.paragraphs}
    owners = _line_owners(rows.values())
    one_line = report.format == "text"
    planned: dict[int, tuple[Edit, ...]] = {}
    for position, finding in enumerate(report.findings):
        edits = tuple(_edits(finding, rows, owners, one_line=one_line, unsafe=unsafe))
        if edits:
            planned[position] = edits
    return planned


def is_compressed(report: Report) -> bool:
    """Whether ``report`` is of a gzipped file (never rewritten by a fix)."""
    from detector.loaders.compressed import is_gzip_name

    origin = getattr(report, "origin", None)
    return origin is not None and is_gzip_name(origin.input)


def is_record(report: Report) -> bool:
    """Whether ``report`` is one record of a multi-record input (never rewritten by a fix)."""
    origin = getattr(report, "origin", None)
    return origin is not None and origin.record is not None


def fixable(report: Report, *, unsafe: bool = False) -> frozenset[int]:
    """Positions of the findings of ``report`` that a fix would apply to."""
    return frozenset(plan(report, unsafe=unsafe))


def apply(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits to a file's text; lines keep their own line endings."""
    lines = _LINE.findall(text)
    deleted: set[int] = set()
    for edit in sorted(edits, key=lambda e: (e.start, e.kind)):
        numbers = range(edit.start, min(edit.end, len(lines)) + 1)
        if edit.kind == "delete":
            deleted.update(n - 1 for n in numbers)
        elif edit.kind == "repair":
            for n in numbers:
                lines[n - 1] = _keep_eol(lines[n - 1], lambda s, e=edit: _repair(s, e.texts))
        elif edit.kind == "markup":
            for n in numbers:
                lines[n - 1] = _keep_eol(lines[n - 1], lambda s, e=edit: _unmarkup(s, e.texts))
    return _join_kept(lines, deleted)


def read_file_text(path: str | os.PathLike[str]) -> FileText:
    """Read a file for fixing, keeping its encoding; LoadError when it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    from detector.loaders.compressed import is_gzip

    if is_gzip(data):
        raise LoadError(f"{path}: compressed; --fix and clean work on the uncompressed file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"),):
        if data.startswith(bom):
            return FileText(data.decode(encoding), encoding)
    try:
        return FileText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LoadError(f"{path}: cannot tell the file's encoding, so it is not fixed")
    return FileText(str(best), best.encoding)


def fix_file(path: str | os.PathLike[str], report: Report, *, unsafe: bool = False) -> FixResult:
    """Work out the fixed text of the file a report describes (nothing is written)."""
    edits = tuple(edit for group in plan(report, unsafe=unsafe).values() for edit in group)
    original = read_file_text(path)
    fixed = apply(original.text, edits) if edits else original.text
    try:
        original.encode(fixed)
    except UnicodeEncodeError:
        # A repair brought a character the file's encoding cannot hold: leave the text alone.
        fixed = apply(original.text, [e for e in edits if e.kind == "delete"])
    return FixResult(str(path), original.text, fixed, edits, original.encoding)


def write_atomic(path: str | os.PathLike[str], text: str, encoding: str) -> None:
    """Replace a file's content in one step: write a temporary file beside it, then rename."""
    target = Path(path)
    data = text.encode(encoding)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def unified_diff(result: FixResult, *, label: str | None = None) -> str:
    """A unified diff from the file's text to the fixed text (empty when nothing changes)."""
    name = label or result.path
    lines = difflib.unified_diff(
        _LINE.findall(result.before),
        _LINE.findall(result.after),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


def _edits(
    finding: Finding,
    rows: Mapping[int, Mapping[str, Any]],
    owners: Mapping[int, set[int]],
    *,
    one_line: bool,
    unsafe: bool,
) -> Iterable[Edit]:
    code = finding.rule.code
    if code == UNUSED_SUPPRESSION and finding.evidence.get("origin") in ("comment", "text"):
        # The directive stands on a line of its own that no paragraph shares: delete it.
        for line in finding.lines[:1]:
            if not owners.get(line):
                yield Edit(code, "delete", line, line, True, f"remove the directive on line {line}")
        return
    if code in SAFE_DELETES or (unsafe and code in UNSAFE_DELETES):
        for index in finding.remove:
            span = _span(rows.get(index), owners, one_line=one_line)
            if span is None or _model_role(rows[index]) == "content":
                continue
            yield Edit(
                code,
                "delete",
                *span,
                safe=code in SAFE_DELETES,
                description=f"remove {_lines(span)}",
            )
    elif code in SAFE_REPAIRS or (unsafe and code in UNSAFE_MARKUP):
        repair = code in SAFE_REPAIRS
        for index in finding.paragraphs:
            span = _span(rows.get(index), owners, one_line=one_line)
            texts = _repairs(finding, index) if repair else _markup_texts(finding, index)
            if span is None or not texts:
                continue
            what = "repair the characters on" if repair else "remove leftover markup on"
            yield Edit(
                code,
                "repair" if repair else "markup",
                *span,
                safe=repair,
                description=f"{what} {_lines(span)}",
                texts=texts,
            )


def _model_role(row: Mapping[str, Any]) -> str:
    """The classifier's role of a paragraph (a finding may have marked the row otherwise)."""
    return str(row.get("model_role") or row.get("role"))


def _span(
    row: Mapping[str, Any] | None, owners: Mapping[int, set[int]], *, one_line: bool
) -> tuple[int, int] | None:
    """The lines a paragraph alone occupies, or None when unknown or shared with another.

    Without an end line only a one-line unit (a line of a plain-text file) can be edited.
    """
    if row is None or row.get("line") is None:
        return None
    start = int(row["line"])
    end = row.get("end_line")
    if end is None:
        if not one_line:
            return None
        end = start
    end = int(end)
    if any(owners.get(n, set()) - {int(row["index"])} for n in range(start, end + 1)):
        return None
    return start, end


def _line_owners(rows: Iterable[Mapping[str, Any]]) -> dict[int, set[int]]:
    owners: dict[int, set[int]] = {}
    for row in rows:
        if row.get("line") is None:
            continue
        start = int(row["line"])
        end = int(row.get("end_line") or start)
        for n in range(start, end + 1):
            owners.setdefault(n, set()).add(int(row["index"]))
    return owners


def _join_kept(lines: Sequence[str], deleted: set[int]) -> str:
    """Join the lines not deleted, dropping the blank lines a deletion leaves doubled.

    A blank line right after a deleted run goes when the last line kept before it is blank too
    (or nothing is kept before it); blank lines left at the end of the file by a deletion go.
    """
    kept: list[str] = []
    after_deletion = False
    for number, line in enumerate(lines):
        if number in deleted:
            after_deletion = True
            continue
        blank = not line.strip()
        if blank and after_deletion and (not kept or not kept[-1].strip()):
            continue
        if not blank:
            after_deletion = False
        kept.append(line)
    if after_deletion:
        while kept and not kept[-1].strip():
            kept.pop()
    return "".join(kept)


def _keep_eol(line: str, change: Any) -> str:
    match = _EOL.search(line)
    eol = match.group(1) if match else ""
    body = line[: len(line) - len(eol)]
    return change(body) + eol


def _items(finding: Finding, index: int) -> Iterable[Mapping[str, Any]]:
    """The evidence items (``{"paragraph", "text", ...}``) of a finding about one paragraph."""
    for value in finding.evidence.values():
        for item in value if isinstance(value, (list, tuple)) else ():
            if isinstance(item, Mapping) and item.get("paragraph") == index:
                yield item


def _repairs(finding: Finding, index: int) -> tuple[str, ...]:
    pairs: dict[str, str] = {}
    for item in _items(finding, index):
        broken, fixed = item.get("text"), item.get("fixed")
        if isinstance(broken, str) and isinstance(fixed, str) and broken and fixed != broken:
            pairs[broken] = fixed
    return tuple(text for pair in pairs.items() for text in pair)


def _markup_texts(finding: Finding, index: int) -> tuple[str, ...]:
    texts = []
    for item in _items(finding, index):
        text = item.get("text")
        # Excerpts are cut at 80 characters; a cut one cannot be matched exactly.
        if isinstance(text, str) and text and len(text) < 80:
            texts.append(text)
    return tuple(dict.fromkeys(texts))


def _repair(text: str, pairs: Sequence[str]) -> str:
    for broken, fixed in zip(pairs[::2], pairs[1::2], strict=True):
        text = text.replace(broken, fixed)
    return text


def _unmarkup(text: str, fragments: Sequence[str]) -> str:
    for fragment in fragments:
        if _ENTITY.fullmatch(fragment):
            text = text.replace(fragment, html.unescape(_unescape_twice(fragment)))
        else:
            text = text.replace(f" {fragment} ", " ").replace(fragment, "")
    return text.rstrip(" \t")


def _unescape_twice(fragment: str) -> str:
    while fragment.startswith("&amp;"):
        fragment = "&" + fragment[5:]
    return fragment


def _lines(span: tuple[int, int]) -> str:
    return f"line {span[0]}" if span[0] == span[1] else f"lines {span[0]}-{span[1]}"
