"""Read JSON articles: one object, an array of objects, or JSON Lines with one object per line.

A record carries its body as ``text`` (or ``body``/``content``: plain text, one paragraph per
non-empty line) or as ``html`` (segmented like any page), plus optional ``title``, ``date``,
``url`` and ``site``. A record with both a text and ``html`` is read from its text: the text is
what the scraper delivered. Every other field is kept in ``meta`` as ``json:<field>``, and the
raw ``date`` as ``json:date``. ``iso_date`` here is the date normaliser the loaders share.

Every paragraph of a JSON Lines record sits on the record's line of the file (that is where an
editor opens it); records of a JSON array have no line. A record's ``id`` (a string or a
number) becomes its ``Origin.record_id``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from email.utils import parsedate_to_datetime
from typing import Any

from detector.article import Article, Origin
from detector.errors import LoadError
from detector.limits import DEFAULT_LIMITS, Limits, load_json
from detector.loaders.html import parse_html
from detector.loaders.text import line_blocks
from detector.suppressions import Directive

__all__ = ["TEXT_FIELDS", "iso_date", "meta_value", "parse_records", "record_article"]

TEXT_FIELDS = ("text", "body", "content")
_KNOWN = frozenset((*TEXT_FIELDS, "html", "title", "date", "url", "site"))
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
_DATE_FORMATS = (
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
)


def iso_date(value: object) -> str | None:
    """Normalise a declared date (date, datetime, or a string in a common form) to ``YYYY-MM-DD``.

    Day-first and month-first numeric forms (``03/06/2023``) are ambiguous and give None.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    match = _ISO_PREFIX.match(text)
    if match:
        try:
            return dt.date(*(int(group) for group in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(text).date().isoformat()  # RFC 2822, as in feeds
    except (TypeError, ValueError, IndexError):
        return None


def meta_value(value: object) -> str:
    """Render a declared value as the string ``Article.meta`` keeps."""
    if isinstance(value, str):
        return _scrub(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, list, dict)):
        return _scrub(json.dumps(value, ensure_ascii=False, default=str))
    return str(value)


def parse_records(text: str, source: str, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article]:
    """Yield one article per JSON object in ``text``: all records parsed first, articles lazily."""
    records = _records(text, source, limits)
    several = len(records) > 1
    for number, (line, record) in enumerate(records, start=1):
        origin = Origin(source, record=number if several else None, line=line)
        yield record_article(record, origin, limits=limits)


def _records(text: str, source: str, limits: Limits) -> list[tuple[int | None, Any]]:
    """Parse the document; return each record with its line in a JSON Lines file."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise LoadError(f"{source}: empty input (no JSON)")
    try:
        document = load_json(text, source, limits)
    except json.JSONDecodeError as err:
        if err.msg != "Extra data":
            raise LoadError(f"{source}: malformed JSON at line {err.lineno}: {err.msg}") from None
        return _json_lines(text, source, limits)
    if isinstance(document, list):
        if not document:
            raise LoadError(f"{source}: empty input (the JSON array has no records)")
        return [(None, record) for record in document]
    return [(None, document)]


def _json_lines(text: str, source: str, limits: Limits) -> list[tuple[int | None, Any]]:
    records: list[tuple[int | None, Any]] = []
    # split on newlines only: JSON strings may hold U+2028 and other breaks splitlines() honours
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            records.append((number, load_json(line, f"{source}: line {number}", limits)))
        except json.JSONDecodeError as err:
            raise LoadError(f"{source}: malformed JSON at line {number}: {err.msg}") from None
    return records


def record_article(
    record: Any, origin: Origin, *, kind: str = "JSON", limits: Limits = DEFAULT_LIMITS
) -> Article:
    """Build the article of one record found at ``origin``; LoadError when it is not one.

    ``kind`` names the container in messages and in ``meta`` keys (``JSON`` gives ``json:``,
    ``CSV`` gives ``csv:``). The article's ``source`` is ``input#record`` for a record of
    several, else the input.
    """
    prefix = kind.lower()
    source = origin.input
    line = origin.line
    name = f"{source}#{origin.record}" if origin.record is not None else source
    if origin.row is not None:
        where = f"{source}: row {origin.row}"
    elif line is not None:
        where = f"{source}: line {line}"
    else:
        where = name
    if not isinstance(record, Mapping):
        raise LoadError(f"{where}: a {kind} record must be an object, not {type(record).__name__}")
    body_field = next((field for field in TEXT_FIELDS if record.get(field) is not None), None)
    if body_field is None and record.get("html") is None:
        raise LoadError(f"{where}: {kind} record has no 'text' or 'html' field")
    declared = {field: record.get(field) for field in ("title", "date", "url", "site")}
    for field, value in declared.items():
        if value is not None and not isinstance(value, (str, int, float)):
            raise LoadError(f"{where}: {kind} field '{field}' must be a string")
    url = _str(declared["url"])
    record_id = record.get("id")
    if (
        isinstance(record_id, (str, int))
        and not isinstance(record_id, bool)
        and origin.record_id is None
    ):
        origin = dataclasses.replace(origin, record_id=str(record_id))
    meta = {
        f"{prefix}:{key}": meta_value(value) for key, value in record.items() if key not in _KNOWN
    }
    if declared["date"] is not None:
        meta[f"{prefix}:date"] = meta_value(declared["date"])
    if body_field is not None:
        body = record[body_field]
        if not isinstance(body, str):
            raise LoadError(f"{where}: {kind} field '{body_field}' must be a string")
        paragraphs, directives = line_blocks(_scrub(body))
        if not paragraphs:
            raise LoadError(f"{where}: empty input (no text)")
        # The record's text is not the file: every paragraph sits on the record's line.
        paragraphs = tuple(
            dataclasses.replace(p, line=line, end_line=line, start=None, end=None)
            for p in paragraphs
        )
        directives = tuple(
            Directive(d.codes, d.scope, line, d.paragraph, d.origin) for d in directives
        )
        return Article(
            source=name,
            paragraphs=paragraphs,
            format="text",
            title=_str(declared["title"]),
            date=iso_date(declared["date"]),
            url=url,
            site=_str(declared["site"]),
            meta=meta,
            origin=origin,
            directives=directives,
        )
    html = record["html"]
    if not isinstance(html, str):
        raise LoadError(f"{where}: {kind} field 'html' must be a string")
    page = parse_html(_scrub(html), where, url=url, lines=False, limits=limits)
    paragraphs = page.paragraphs
    if line is not None:
        paragraphs = tuple(dataclasses.replace(p, line=line, end_line=line) for p in paragraphs)
    return Article(
        source=name,
        paragraphs=paragraphs,
        format="html",
        title=_str(declared["title"]) or page.title,
        date=iso_date(declared["date"]) or page.date,
        url=url or page.url,
        site=_str(declared["site"]) or page.site,
        meta={**page.meta, **meta},
        main_text=page.main_text,
        origin=origin,
    )


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(_scrub(str(value)).split())
    return text or None


def _scrub(text: str) -> str:
    """Replace lone surrogates (JSON can escape them, UTF-8 cannot carry them) with U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)
