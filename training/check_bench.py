"""Measure the article-level checks on real pages with injected artifacts.

    python -m training.check_bench                 # DEV part: table + training/check_metrics.json
    python -m training.check_bench --part final    # the FINAL part (evaluate once, at the end)
    python -m training.check_bench --part all --limit 200

Each page of ``../shared/corpora`` with a gold body becomes a plain-text article, one paragraph
per line: an optional stamp line (the gold date, where known), the gold title (where known) and
the gold body. The *clean* copy is that article; each *injected* copy adds one artifact in a
realistic form (a headline copy, a stamp moved by months or years, a one-letter slip in a name
that occurs twice or more, a repeated paragraph, a stray punctuation line, a link glued to a
word, mojibake, leftover markup, a cut-off ending). The verdicts come from how the copy was
built (title, dateline, content, boilerplate), so the checks are measured apart from the
paragraph classifier. Real boilerplate blocks of the page (L3S labels) are added as boilerplate
to the clean copy, so that checks are also seen to leave furniture alone.

Per rule: precision on injected artifacts = findings that point at the injected artifact / the
rule's findings on the injected copies that the injection caused (a finding the clean copy of
the same page already has is not the injection's doing: it is counted once, in the clean rate);
recall = injected copies whose artifact the rule found; the share of clean copies on which the
rule fires at all (the false-positive rate on clean real articles, before judging whether the
gold text really has the artifact); and, stricter, precision over every finding on the clean
and the injected copies together ("P all"), which counts a real artifact of the gold text as
false. Date recall is also given over three nested sets of moved stamps (see
:class:`DateTally`): the text has *any* dated reference that bounds the writing day
(:func:`~detector.checks.dates.content_support`: a date the story speaks of as past or to come,
a date line in the body; or a weekday beside a yearless date, which fixes the year); it has
*evidence* against the move, a bound on the side the stamp was moved to; and the move is
*decidable*, outside those bounds while the bounds agree with each other (a text whose dates
contradict one another, a list of "use by" dates or a page of dated entries, decides nothing).
Many clean firings are real artifacts of the gold text (a paragraph printed twice, a misspelt
name): ``check_judgments.json`` records a manual judgment of a sample of them by page id, and
the output gives the false-alarm rate it implies.

Pages are split by the SHA-256 of their id: a quarter is FINAL, the rest DEV. Nothing from the
corpora is written to the repository; the text extracted from date-only HTML pages is cached in
the system's temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from detector.article import Article, Paragraph
from detector.checks import CHECKS
from detector.checks.base import Analysis
from detector.checks.dates import WEEKDAY_WINDOW, check_dates, content_support
from detector.dates import find_dates, is_english, parse_declared
from detector.findings import Finding, Verdict
from detector.regions import group
from detector.scoring import PUBLISHABLE, assess
from training.corpora import is_final, shared_root

__all__ = [
    "ARTIFACT_RULES",
    "Case",
    "Source",
    "build_cases",
    "evaluate",
    "inject_date",
    "inject_name_typo",
    "inject_title_copy",
    "main",
    "name_candidates",
    "sources",
]

#: Corpora with a gold body (title and date where the set has them).
BODY_CORPORA = (
    "dragnet2012",
    "l3s_gn1",
    "cleaneval",
    "cleanportaleval",
    "msv_extraction",
    "readability_tests",
    "scrapinghub",
)
#: Corpora with a gold date but no body: the body is what the HTML loader extracts.
DATE_CORPORA = ("htmldate", "trafilatura_eval")
#: The rule that should find each kind of artifact.
ARTIFACT_RULES = {
    "duplicate_title": "TI001",
    "date_mismatch": "DT001",
    "name_typo": "NM001",
    "repeated_paragraph": "DU001",
    "stray_punctuation": "LY001",
    "glued_link": "LK001",
    "mojibake": "EN001",
    "markup": "EN002",
    "truncated": "TR001",
    "stray_word": "LY002",
}
#: Targets from the issue: (precision, recall) per rule, and the clean firing rate for all.
TARGETS = {"TI001": (0.95, 0.90), "DT001": (0.90, 0.80), "NM001": (0.90, 0.80)}
CLEAN_LIMIT = 0.03
#: The day the checks take as "today" (stamps are never moved past it).
TODAY = date(2025, 6, 1)
METRICS = Path(__file__).parent / "check_metrics.json"
#: Manual judgments of sampled clean-copy firings (page ids only): real artifact or false alarm.
JUDGMENTS = Path(__file__).parent / "check_judgments.json"
_L3S_FURNITURE = frozenset({"not_content", "related_content", "comments", "unlabelled"})


@dataclass(frozen=True, slots=True)
class Source:
    """A real page reduced to what the benchmark needs; text is read at run time, never stored."""

    corpus: str
    id: str
    body: tuple[str, ...]
    title: str | None = None
    day: date | None = None
    url: str | None = None
    site: str | None = None
    furniture: tuple[str, ...] = ()

    @property
    def final(self) -> bool:
        """Whether the page belongs to the FINAL quarter (by the SHA-256 of its id)."""
        return is_final(self.id)


@dataclass(frozen=True, slots=True)
class Case:
    """One article built from a source: its lines with their roles, and what was injected."""

    source: Source
    artifact: str
    """``clean`` or a key of :data:`ARTIFACT_RULES`."""
    style: str
    lines: tuple[tuple[str, str], ...]
    targets: tuple[int, ...] = ()
    """Paragraph indexes of the artifact (for a date, of the stamp line)."""
    facts: dict[str, Any] = field(default_factory=dict)

    def analysis(self) -> Analysis:
        """The article and the verdicts it was built with, one paragraph per line."""
        paragraphs = tuple(Paragraph(i, t, line=2 * i + 1) for i, (t, _r) in enumerate(self.lines))
        verdicts = tuple(
            Verdict(r, 0.95, "other" if r == "boilerplate" else None) for _t, r in self.lines
        )
        article = Article(f"{self.source.corpus}/{self.source.id}", paragraphs, url=self.source.url)
        return Analysis(article, verdicts)


# --- reading the corpora --------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _lines(text: str) -> list[str]:
    return [s for line in text.splitlines() if (s := _SPACE.sub(" ", line).strip())]


def _fold(text: str) -> str:
    return _SPACE.sub(" ", re.sub(r"[^\w\s]+", " ", text.casefold())).strip()


def _stamp_in(lines: Sequence[str]) -> tuple[int, date] | None:
    """A short line near the top that is only a date (a dateline kept in the gold body)."""
    for i, line in enumerate(lines[:3]):
        if len(line.split()) > 12:
            continue
        found = [d for d, label in parse_declared(line) if label == "published"]
        if found and 1995 <= found[0].year <= TODAY.year:
            return i, found[0]
    return None


def _site_name(url: str | None, fallback: str | None) -> str | None:
    if fallback:
        return fallback
    host = urlparse(url or "").netloc.lower().removeprefix("www.")
    stem = host.split(".")[0] if host else ""
    return stem.capitalize() if len(stem) >= 3 else None


def _source(
    corpus: str,
    page_id: str,
    body: str,
    *,
    title: str | None = None,
    day: str | None = None,
    url: str | None = None,
    site: str | None = None,
    furniture: Iterable[str] = (),
    extra_dates: Iterable[str] = (),
    extracted: bool = False,
) -> Source | None:
    lines = _lines(body)
    title = _SPACE.sub(" ", title).strip() if title else None
    if title:  # the gold body of some sets starts with the headline: it is the title line
        while lines and _fold(lines[0]) == _fold(title):
            lines.pop(0)
        if extracted:  # trafilatura keeps the headline in its text (trafilatura #160)
            lines = [line for line in lines if _fold(line) != _fold(title)]
    try:
        gold = date.fromisoformat(day) if day else None
    except ValueError:  # a gold date the set could only give in part (month 00)
        gold = None
    found = _stamp_in(lines)
    if found is not None:  # the body's own dateline becomes the stamp line
        lines.pop(found[0])
        gold = gold or found[1]
    for text in extra_dates:
        if gold is None and (dated := _stamp_in([text])):
            gold = dated[1]
    if sum(len(line.split()) for line in lines) < 50:
        return None
    return Source(
        corpus, page_id, tuple(lines), title, gold, url, _site_name(url, site), tuple(furniture)
    )


def _body_sources(corpora: Path, corpus: str) -> Iterator[Source]:
    if corpus == "scrapinghub":
        truth = json.loads((corpora / corpus / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id, gold in sorted(truth.items()):
            if source := _source(
                corpus, page_id, gold.get("articleBody") or "", url=gold.get("url")
            ):
                yield source
        return
    with (corpora / corpus / "gold.jsonl").open(encoding="utf-8") as fh:
        for raw in fh:
            gold = json.loads(raw)
            if not gold.get("body") or not str(gold.get("lang") or "en").lower().startswith("en"):
                continue
            blocks = gold.get("blocks") or []
            source = _source(
                corpus,
                gold["id"],
                gold["body"],
                title=gold.get("title"),
                day=gold.get("date"),
                url=gold.get("url") or gold.get("url_in_page"),
                site=gold.get("sitename"),
                furniture=[
                    b["text"] for b in blocks if b.get("label") in _L3S_FURNITURE and b.get("text")
                ],
                extra_dates=[b["text"] for b in blocks if b.get("label") == "supplemental"],
            )
            if source:
                yield source


def _extracted(corpora: Path, corpus: str, page_id: str) -> tuple[str, str | None]:
    """The HTML loader's main text and title for a page, cached in the temporary folder."""
    cache = Path(tempfile.gettempdir()) / "detector-check-bench" / corpus / f"{page_id}.json"
    if cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        return data["text"], data["title"]
    from detector.loaders import read  # the loader pulls in trafilatura: only when needed

    html = gzip.decompress((corpora / corpus / "html" / f"{page_id}.html.gz").read_bytes())
    try:
        article = next(iter(read(page_id, data=html, input_format="html")))
        text, title = article.main_text or "", article.title
    except Exception:  # a page the loader cannot read is simply not used
        text, title = "", None
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"text": text, "title": title}), encoding="utf-8")
    return text, title


def _date_sources(corpora: Path, seen: set[str]) -> Iterator[Source]:
    for corpus in DATE_CORPORA:
        with (corpora / corpus / "gold.jsonl").open(encoding="utf-8") as fh:
            for raw in fh:
                gold = json.loads(raw)
                if gold["id"] in seen or not gold.get("date"):
                    continue
                seen.add(gold["id"])
                text, title = _extracted(corpora, corpus, gold["id"])
                source = _source(
                    corpus,
                    gold["id"],
                    text,
                    title=gold.get("title") or title,
                    day=gold["date"],
                    url=gold.get("url"),
                    extracted=True,
                )
                if source:
                    yield source


def sources(
    root: Path | None = None, *, dates: bool = True, corpora_names: Sequence[str] = BODY_CORPORA
) -> Iterator[Source]:
    """Yield every usable page of the shared corpora (English gold bodies, then dated pages)."""
    root = root or shared_root()
    if root is None:
        raise FileNotFoundError("../shared/corpora is not present (set DETECTOR_SHARED)")
    corpora = root / "corpora"
    seen: set[str] = set()
    for corpus in corpora_names:
        for source in _body_sources(corpora, corpus):
            seen.add(source.id)
            yield source
    if dates:
        yield from _date_sources(corpora, seen)


# --- building the copies --------------------------------------------------------------------

_STAMP_STYLES = (
    ("weekday_long", "{weekday}, {month} {day}, {year}"),
    ("dotted", "{dd}.{mm}.{year}"),
    ("time_ampm", "{month} {day}, {year} {hour}:{minute} {ampm}"),
    ("iso", "{year}-{mm}-{dd}"),
    ("day_month", "{day} {month} {year}"),
    ("published", "Published {mon} {day}, {year}"),
    ("posted_at", "Posted on {month} {day}, {year} at {hour}:{minute} {ampm}"),
)


def format_stamp(day: date, style: str, rng: random.Random) -> str:
    """Write ``day`` as a dateline in one of the :data:`_STAMP_STYLES`."""
    pattern = dict(_STAMP_STYLES)[style]
    return pattern.format(
        weekday=day.strftime("%A"),
        month=day.strftime("%B"),
        mon=day.strftime("%b"),
        day=day.day,
        dd=f"{day.day:02d}",
        mm=f"{day.month:02d}",
        year=day.year,
        hour=rng.randint(1, 12),
        minute=f"{rng.randrange(0, 60, 5):02d}",
        ampm=rng.choice(("AM", "PM")),
    )


def _base(source: Source, rng: random.Random, *, furniture: bool = True) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    top = list(source.furniture[:3]) if furniture else []
    lines += [(t, "boilerplate") for t in top]
    if source.day:
        style = rng.choice([s for s, _ in _STAMP_STYLES])
        lines.append((format_stamp(source.day, style, rng), "dateline"))
    if source.title:
        lines.append((source.title, "title"))
    lines += [(text, "content") for text in source.body]
    if furniture:
        lines += [(t, "boilerplate") for t in source.furniture[3:9]]
    return lines


def _content(lines: Sequence[tuple[str, str]]) -> list[int]:
    return [i for i, (_t, role) in enumerate(lines) if role == "content"]


def _shift(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def inject_date(
    source: Source, rng: random.Random, direction: int, lines: list[tuple[str, str]]
) -> Case | None:
    """Move the stamp by 2-11 months or 1-5 years, later (``direction`` 1) or earlier (-1)."""
    stamp = next((i for i, (_t, r) in enumerate(lines) if r == "dateline"), None)
    if stamp is None or source.day is None:
        return None
    unit = rng.choice(("months", "years"))
    amount = rng.randint(2, 11) if unit == "months" else rng.randint(1, 5)
    moved = _shift(source.day, direction * (amount if unit == "months" else 12 * amount))
    if moved >= TODAY - timedelta(days=2):
        return None  # a stamp in the future is DT002's business, not a moved stamp
    style = rng.choice([s for s, _ in _STAMP_STYLES])
    new = list(lines)
    new[stamp] = (format_stamp(moved, style, rng), "dateline")
    facts = {"gold": source.day.isoformat(), "stamp": moved.isoformat(), "unit": unit}
    kind = f"{'later' if direction > 0 else 'earlier'}_{unit}"
    return Case(source, "date_mismatch", kind, tuple(new), (stamp,), facts)


_TITLE_STYLES = (
    "exact",
    "lower",
    "upper",
    "pipe_site",
    "dash_site",
    "site_colon",
    "site_dash",
    "ellipsis",
    "dots",
)


def title_copy(title: str, style: str, site: str | None) -> str | None:
    """Write a copy of ``title`` the way scrapers leave it in the body; None when unfit."""
    words = title.split()
    if style == "exact":
        return title
    if style == "lower":
        return title.lower() if title.lower() != title else None
    if style == "upper":
        return title.upper() if title.upper() != title else None
    if len(words) < 4:
        return None
    if style in ("pipe_site", "dash_site", "site_colon", "site_dash"):
        if not site or _fold(site) in _fold(title):
            return None
        return {
            "pipe_site": f"{title} | {site}",
            "dash_site": f"{title} - {site}",
            "site_colon": f"{site}: {title}",
            "site_dash": f"{site} - {title}",
        }[style]
    if len(title) < 35:
        return None
    keep = max(3, int(len(words) * 0.6))
    cut = " ".join(words[:keep]).rstrip(",;:-")
    return cut + ("…" if style == "ellipsis" else "...")


def inject_title_copy(
    source: Source, rng: random.Random, style: str, lines: list[tuple[str, str]]
) -> Case | None:
    """Copy the headline into the body in ``style``: under it, after a byline, or at the end."""
    if not source.title:
        return None
    copy = title_copy(source.title, style, source.site)
    if copy is None:
        return None
    head = next(i for i, (_t, r) in enumerate(lines) if r == "title")
    content = _content(lines)
    place = rng.choice(("under", "byline", "end"))
    new = list(lines)
    if place == "byline":
        new.insert(head + 1, (f"By {source.site or 'Staff'} staff", "byline"))
        at = head + 2
    elif place == "under":
        at = head + 1
    else:
        at = content[-1] + 1 if content else len(new)
    # a copy right under the headline is sometimes taken for a second title by the classifier
    twin = place == "under" and style in ("exact", "lower") and rng.random() < 0.3
    role = "title" if twin else "content"
    new.insert(at, (copy, role))
    return Case(source, "duplicate_title", f"{style}@{place}", tuple(new), (at,), {"copy": copy})


_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")
#: Weekday and month names: dictionary words, even though written with a capital.
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)
_WORDS = re.compile(r"[^\W\d_]+")
_INITIAL = re.compile(r"(?:^|[.!?:;\"“‘(]\s*)$")


def lower_vocabulary(bodies: Iterable[Sequence[str]]) -> set[str]:
    """Every word written in lower case somewhere in ``bodies``: a dictionary built from text."""
    vocabulary: set[str] = set()
    for body in bodies:
        for line in body:
            vocabulary.update(w for w in _WORDS.findall(line) if w.islower())
    return vocabulary


def name_candidates(body: Sequence[str], vocabulary: set[str]) -> list[str]:
    """Capitalised names that occur twice or more, once at least inside a sentence.

    A word written in lower case anywhere in the corpus (``vocabulary``) or in the article is a
    dictionary word, not a name.
    """
    counts: Counter[str] = Counter()
    inside: set[str] = set()
    lowered = lower_vocabulary([body])
    for line in body:
        for match in _NAME.finditer(line):
            word = match.group(0)
            counts[word] += 1
            if not _INITIAL.search(line[: match.start()]):
                inside.add(word)
    return sorted(
        w
        for w, n in counts.items()
        if n >= 2
        and w in inside
        and w.lower() not in vocabulary
        and w.lower() not in lowered
        and w.lower() not in _CALENDAR
    )


_KEYBOARD = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnm",
        "wa qes wrd etf ryg tuh yij uok ipl ol qwsz awed sefx drgc fthv gyjb hukn jilm kop asx "
        "zsdc xdfv cfgb vghn bhjm njk".split(" "),
        strict=True,
    )
)
_VOWELS = "aeiou"
TYPO_KINDS = ("substitution", "transposition", "deletion", "insertion")


def make_typo(name: str, kind: str, rng: random.Random) -> str | None:
    """Misspell ``name`` by one edit of ``kind`` inside the word (the capital is kept)."""
    inner = range(1, len(name) - 1)
    if kind == "transposition":
        spots = [i for i in inner if name[i] != name[i + 1] and i + 1 < len(name) - 0]
        if not spots:
            return None
        i = rng.choice(spots)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    i = rng.choice(list(inner))
    letter = name[i]
    if kind == "deletion":
        doubled = [j for j in inner if name[j] == name[j - 1]]
        i = rng.choice(doubled) if doubled else i
        return name[:i] + name[i + 1 :]
    if kind == "insertion":
        extra = letter if rng.random() < 0.5 else rng.choice(_KEYBOARD.get(letter, letter))
        return name[: i + 1] + extra + name[i + 1 :]
    pool = [v for v in _VOWELS if v != letter] if letter in _VOWELS else _KEYBOARD.get(letter, "")
    pool = [c for c in pool if c != letter]
    if not pool:
        return None
    return name[:i] + rng.choice(pool) + name[i + 1 :]


def inject_name_typo(
    source: Source, rng: random.Random, vocabulary: set[str], lines: list[tuple[str, str]]
) -> Case | None:
    """Change one occurrence of a repeated name by a one-letter slip."""
    if not is_english(" ".join(source.body)):
        return None  # NM001 reads English stories only
    names = name_candidates(source.body, vocabulary)
    if not names:
        return None
    name = rng.choice(names)
    kind = rng.choice(TYPO_KINDS)
    typo = make_typo(name, kind, rng)
    text = "\n".join(t for t, _r in lines)
    if not typo or typo == name or typo.lower() in vocabulary or re.search(rf"\b{typo}\b", text):
        return None
    spots = [
        (i, m.start())
        for i, (t, role) in enumerate(lines)
        if role == "content"
        for m in re.finditer(rf"\b{name}\b", t)
    ]
    i, at = rng.choice(spots)
    new = list(lines)
    new[i] = (lines[i][0][:at] + typo + lines[i][0][at + len(name) :], "content")
    facts = {"name": name, "typo": typo}
    return Case(source, "name_typo", kind, tuple(new), (i,), facts)


def _replace(lines: list[tuple[str, str]], i: int, text: str) -> tuple[tuple[str, str], ...]:
    new = list(lines)
    new[i] = (text, lines[i][1])
    return tuple(new)


def inject_other(
    source: Source, rng: random.Random, artifact: str, lines: list[tuple[str, str]]
) -> Case | None:
    """Inject one of the cheaper artifacts into the story (classified as content)."""
    content = _content(lines)
    if len(content) < 3:
        return None
    long = [i for i in content if len(lines[i][0].split()) >= 8]
    if artifact == "repeated_paragraph":
        if not long:
            return None
        i = rng.choice(long[:-1] or long)
        at = rng.randint(i + 1, content[-1] + 1)
        new = list(lines)
        new.insert(at, lines[i])
        return Case(source, artifact, "exact", tuple(new), (at,))
    if artifact == "stray_punctuation":
        mark = rng.choice((".", ",", "|", "»", "·", "-", "…", "”"))
        at = rng.choice(content[1:])
        new = list(lines)
        new.insert(at, (mark, "content"))
        return Case(source, artifact, mark, tuple(new), (at,))
    if artifact == "stray_word":
        # what emptied widgets leave between paragraphs on real pages: labels of ads, players,
        # photo credits and share buttons, and link words cut from their sentence
        word = rng.choice(
            (
                "Advertisement",
                "ADVERTISEMENT",
                "Loading…",
                "Enlarge",
                "Share",
                "Video",
                "Getty",
                "Pinterest",
                "Embed",
                "here",
                "click",
                "and",
            )
        )
        at = rng.choice(content[1:])
        new = list(lines)
        new.insert(at, (word, "content"))
        return Case(source, artifact, word, tuple(new), (at,))
    if artifact == "glued_link":
        host = urlparse(source.url or "").netloc or "example-news.com"
        url = f"https://{host}/"
        if rng.random() < 0.5:
            at = content[-1] + 1
            new = list(lines)
            new.insert(at, (f"{source.site or 'News'} Desk{url}", "content"))
            return Case(source, artifact, "desk_line", tuple(new), (at,))
        i = rng.choice(long or content)
        text = lines[i][0].rstrip(" .")
        return Case(source, artifact, "end_of_sentence", _replace(lines, i, f"{text}{url}"), (i,))
    if artifact == "mojibake":
        odd = [i for i in content if any(not c.isascii() and c.isprintable() for c in lines[i][0])]
        style = "existing"
        if odd:
            i = rng.choice(odd)
            text = lines[i][0]
        else:  # typeset the quotes first, as a CMS would, then break them
            quoted = [i for i in content if "'" in lines[i][0] or '"' in lines[i][0]]
            if not quoted:
                return None
            i, style = rng.choice(quoted), "typeset"
            text = re.sub(r"(\w)'(\w)", "\\1’\\2", lines[i][0])
            text = re.sub(r'"([^"]+)"', "“\\1”", text)
            if text.isascii():
                return None
        broken = text.encode("utf-8").decode("cp1252", errors="ignore")
        return Case(source, artifact, style, _replace(lines, i, broken), (i,))
    if artifact == "markup":
        i = rng.choice(long or content)
        text = lines[i][0]
        style = rng.choice(("nbsp", "br", "amp", "numeric", "tag", "double"))
        words = text.split(" ")
        k = rng.randrange(1, len(words)) if len(words) > 1 else 1
        if style == "nbsp":
            words.insert(k, "&nbsp;")
            text = " ".join(words).replace(" &nbsp; ", "&nbsp;", 1)
        elif style == "br":
            text = f"{text}<br>"
        elif style == "amp":
            text = f"{' '.join(words[:k])} &amp; {' '.join(words[k:])}"
        elif style == "numeric":
            text = f"{' '.join(words[:k])}&#8217;s {' '.join(words[k:])}"
        elif style == "tag":
            text = f"<p>{text}</p>"
        else:
            text = f"{' '.join(words[:k])} &amp;nbsp;{' '.join(words[k:])}"
        return Case(source, artifact, style, _replace(lines, i, text), (i,))
    if artifact == "truncated":
        last = content[-1]
        words = lines[last][0].split()
        style = rng.choice(("cut", "ellipsis", "cue"))
        if style == "cue":
            cue = rng.choice(("Continue reading", "Read more…", "Read the full story", "(more…)"))
            new = list(lines)
            new.insert(last + 1, (cue, "content"))
            return Case(source, artifact, "cue", tuple(new), (last + 1,))
        if len(words) < 14:
            return None
        cut = rng.randint(9, len(words) - 3)
        while cut > 8 and re.search(r"[.!?:;\"”’)]$", words[cut - 1]):
            cut -= 1
        text = " ".join(words[:cut]) + ("…" if style == "ellipsis" else "")
        return Case(source, artifact, style, _replace(lines, last, text), (last,))
    raise ValueError(artifact)


def build_cases(source: Source, vocabulary: set[str]) -> list[Case]:
    """The clean copy of ``source`` and its injected copies (each with one artifact)."""
    seed = int(hashlib.sha256(source.id.encode()).hexdigest()[:12], 16)
    rng = random.Random(seed)
    lines = _base(source, rng)
    clean = Case(source, "clean", "clean", tuple(lines))
    if source.day:
        clean.facts["gold"] = source.day.isoformat()
    cases = [clean]
    styles = rng.sample(_TITLE_STYLES, 3)
    made = [inject_title_copy(source, rng, style, lines) for style in styles]
    cases += [c for c in made if c][:2]
    for direction in (1, -1):
        if case := inject_date(source, rng, direction, lines):
            cases.append(case)
    for _attempt in range(4):
        if case := inject_name_typo(source, rng, vocabulary, lines):
            cases.append(case)
            break
    for artifact in (
        "repeated_paragraph",
        "stray_punctuation",
        "glued_link",
        "mojibake",
        "markup",
        "truncated",
        "stray_word",
    ):
        if case := inject_other(source, rng, artifact, lines):
            cases.append(case)
    return cases


# --- running the checks and scoring ---------------------------------------------------------


def run_checks(analysis: Analysis) -> list[Finding]:
    """Every registered check whose requirements are met, as the engine runs them."""
    findings: list[Finding] = []
    for check in CHECKS:
        if check.missing(analysis):
            continue
        if check.name == "dates":
            findings += check_dates(analysis, today=TODAY)
        else:
            findings += list(check.run(analysis))
    return findings


def _article_score(case: Case, findings: list[Finding]) -> int:
    """The article score the engine would give these findings (grouped by region first)."""
    analysis = case.analysis()
    ordered = sorted(findings, key=lambda f: (min(f.paragraphs, default=-1), f.rule.code))
    grouped = group(ordered, analysis.article.paragraphs)
    return assess(grouped, analysis.article.paragraphs, input_format="text").article


@dataclass
class ScoreTally:
    """Article scores of the clean copies, and how often an injection lowered its article's."""

    clean: list[int] = field(default_factory=list)
    injected: int = 0
    lowered: int = 0
    kept_by: Counter[str] = field(default_factory=Counter)
    #: Injections its rule found whose article still kept its score (the scoring hid them).
    kept_found_by: Counter[str] = field(default_factory=Counter)

    def row(self) -> dict[str, Any]:
        clean = sorted(self.clean)
        return {
            "clean_articles": len(clean),
            "clean_median": statistics.median(clean) if clean else None,
            "clean_publishable": round(sum(s >= PUBLISHABLE for s in clean) / len(clean), 3)
            if clean
            else None,
            "injected": self.injected,
            "lowered": round(self.lowered / self.injected, 3) if self.injected else None,
            "not_lowered_by_artifact": dict(self.kept_by),
            "found_not_lowered_by_artifact": dict(self.kept_found_by),
        }


def hits(case: Case, finding: Finding) -> bool:
    """Whether ``finding`` points at the artifact injected into ``case``."""
    if finding.rule.code == "BP001":  # reports the verdicts it is given: right by construction
        return all(case.lines[i][1] == "boilerplate" for i in finding.paragraphs)
    if ARTIFACT_RULES.get(case.artifact) != finding.rule.code:
        return False
    evidence = finding.evidence
    if finding.rule.code in ("TI001", "DU001"):
        return bool(set(case.targets) & set(evidence["duplicate_paragraphs"]))
    if finding.rule.code == "NM001":
        forms = {v["form"] for v in evidence["variants"]}
        return case.facts["typo"] in forms and case.facts["name"] in forms
    return bool(set(case.targets) & set(finding.paragraphs))


def temporal_evidence(case: Case) -> tuple[date | None, date | None] | None:
    """The writing-day bounds the story's text supports; None when it has no dated reference.

    A dated reference is one the date module can use: a date the story speaks of as past or
    to come, a date line in the body (:func:`~detector.checks.dates.content_support` finds
    those), or a weekday written beside a date without a year, which pins the year.
    """
    gold = date.fromisoformat(case.facts["gold"])
    analysis = case.analysis()
    supports = content_support(analysis, gold, TODAY)
    lows = [s.low for s in supports if s.low is not None]
    highs = [s.high for s in supports if s.high is not None]
    for p in analysis.body():  # a weekday that fits the gold year bounds the writing to it
        for m in find_dates(p.text):
            if m.weekday is None or m.year is not None or m.day is None or m.month is None:
                continue
            fitted = _weekday_year(m.month, m.day, m.weekday, gold)
            if fitted is not None:
                lows.append(fitted - WEEKDAY_WINDOW)
                highs.append(fitted + WEEKDAY_WINDOW)
    if not lows and not highs:
        return None
    return max(lows, default=None), min(highs, default=None)


def _weekday_year(month: int, day: int, weekday: int, reference: date) -> date | None:
    """The month/day nearest ``reference`` that falls on ``weekday``, within a year of it."""
    fitting = []
    for year in range(reference.year - 1, reference.year + 2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == weekday and abs(candidate - reference) <= WEEKDAY_WINDOW:
            fitting.append(candidate)
    return min(fitting, key=lambda d: abs(d - reference), default=None)


@dataclass
class Tally:
    """Counters for one rule; they add up across parts and runs."""

    findings: int = 0
    correct: int = 0
    caused: int = 0
    caused_correct: int = 0
    injected: int = 0
    found: int = 0
    clean: int = 0
    clean_fired: int = 0
    styles: Counter[str] = field(default_factory=Counter)
    style_found: Counter[str] = field(default_factory=Counter)

    def row(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "precision": ratio(self.caused_correct, self.caused),
            "precision_strict": ratio(self.correct, self.findings),
            "recall": ratio(self.found, self.injected),
            "clean_rate": ratio(self.clean_fired, self.clean),
            "findings": self.findings,
            "injected": self.injected,
            "clean_articles": self.clean,
            "recall_by_style": {
                s: [self.style_found[s], n] for s, n in sorted(self.styles.items())
            },
        }


@dataclass
class DateTally:
    """DT001 recall split by what the text allows.

    Three nested definitions of "the text carries temporal evidence" against a moved stamp:
    *any reference* (the text has at least one dated reference that bounds the writing day on
    either side), *with evidence* (it bounds the writing day on the side the stamp was moved
    to: a latest day for a later stamp, an earliest day for an earlier one) and *decidable*
    (those bounds agree with each other and exclude the moved stamp, with the check's
    tolerances).
    """

    articles: int = 0
    with_reference: int = 0
    cases: int = 0
    found: int = 0
    reference_cases: int = 0
    reference_found: int = 0
    evidence_cases: int = 0
    evidence_found: int = 0
    decidable_cases: int = 0
    decidable_found: int = 0

    def row(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "dated_articles": self.articles,
            "share_with_any_reference": ratio(self.with_reference, self.articles),
            "recall_all": ratio(self.found, self.cases),
            "recall_any_reference": ratio(self.reference_found, self.reference_cases),
            "recall_with_evidence": ratio(self.evidence_found, self.evidence_cases),
            "recall_decidable": ratio(self.decidable_found, self.decidable_cases),
            "cases": self.cases,
            "reference_cases": self.reference_cases,
            "evidence_cases": self.evidence_cases,
            "decidable_cases": self.decidable_cases,
        }


def _finding_key(case: Case, finding: Finding) -> tuple[str, tuple[str, ...]]:
    """What a finding is about, independent of line shifts: its rule and its paragraphs' text."""
    return finding.rule.code, tuple(case.lines[i][0] for i in finding.paragraphs)


def _consistent(bounds: tuple[date | None, date | None]) -> bool:
    """Whether the text's bounds leave any writing day at all (else the text contradicts itself)."""
    low, high = bounds
    return low is None or high is None or low <= high


def _outside(day: date, bounds: tuple[date | None, date | None]) -> bool:
    low, high = bounds
    if high is not None and day > high + timedelta(days=7):
        return True
    return low is not None and day < low - timedelta(days=2)


def evaluate(
    cases_by_source: Iterable[list[Case]], *, log: list[str] | None = None
) -> dict[str, Any]:
    """Run the checks on every copy and tally precision, recall and clean firing per rule."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    dated = DateTally()
    scores = ScoreTally()
    corpora: Counter[str] = Counter()
    clean_by_corpus: dict[str, Counter[str]] = defaultdict(Counter)
    for cases in cases_by_source:
        clean = cases[0]
        corpora[clean.source.corpus] += 1
        bounds = temporal_evidence(clean) if "gold" in clean.facts else None
        if "gold" in clean.facts:
            dated.articles += 1
            dated.with_reference += bounds is not None
        seen: set[tuple[str, tuple[str, ...]]] = set()
        clean_score = 100
        for case in cases:
            findings = run_checks(case.analysis())
            fired = {f.rule.code for f in findings}
            article_score = _article_score(case, findings)
            if case.artifact == "clean":
                clean_score = article_score
                scores.clean.append(article_score)
            else:
                scores.injected += 1
                scores.lowered += article_score < clean_score
                scores.kept_by[case.artifact] += article_score >= clean_score
            own = ARTIFACT_RULES.get(case.artifact)
            for finding in findings:
                if finding.rule.code != own and case.artifact != "clean":
                    continue  # a finding of another rule is counted on the clean copy once
                tally = tallies[finding.rule.code]
                tally.findings += 1
                good = hits(case, finding)
                tally.correct += good
                key = _finding_key(case, finding)
                if case.artifact == "clean":
                    seen.add(key)
                elif good or key not in seen:  # caused by the injection, not already there
                    tally.caused += 1
                    tally.caused_correct += good
                if not good and log is not None:
                    log.append(
                        f"FP {finding.rule.code} [{case.artifact}/{case.style}] "
                        f"{case.source.corpus}/{case.source.id}: {finding.message[:300]}"
                    )
            if case.artifact == "clean":
                for code in {r.code for c in CHECKS for r in c.rules}:
                    tallies[code].clean += 1
                    tallies[code].clean_fired += code in fired
                for code in fired:
                    clean_by_corpus[case.source.corpus][code] += 1
                continue
            rule = ARTIFACT_RULES[case.artifact]
            tally = tallies[rule]
            found = any(f.rule.code == rule and hits(case, f) for f in findings)
            tally.injected += 1
            tally.found += found
            scores.kept_found_by[case.artifact] += found and article_score >= clean_score
            tally.styles[case.style] += 1
            tally.style_found[case.style] += found
            if not found and log is not None:
                log.append(
                    f"MISS {rule} [{case.style}] {case.source.corpus}/{case.source.id} {case.facts}"
                )
            if case.artifact == "date_mismatch":
                dated.cases += 1
                dated.found += found
                if bounds is not None:
                    dated.reference_cases += 1
                    dated.reference_found += found
                    moved = date.fromisoformat(case.facts["stamp"])
                    later = moved > date.fromisoformat(case.facts["gold"])
                    if bounds[1 if later else 0] is not None:
                        dated.evidence_cases += 1
                        dated.evidence_found += found
                    if _consistent(bounds) and _outside(moved, bounds):
                        dated.decidable_cases += 1
                        dated.decidable_found += found
    return {
        "articles": dict(corpora),
        "rules": {code: tallies[code].row() for code in sorted(tallies)},
        "dates": dated.row(),
        "clean_fired_by_corpus": {c: dict(n) for c, n in sorted(clean_by_corpus.items())},
        "article_scores": scores.row(),
    }


def mojibake_cases(root: Path) -> dict[str, Any]:
    """EN001 on the ftfy test cases, each read as a one-paragraph story."""
    path = root / "corpora" / "ftfy_mojibake" / "cases.jsonl"
    counts = Counter()
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            row = json.loads(raw)
            text = " ".join(str(row["original"]).split())
            if not text:
                continue
            analysis = Analysis(
                Article("ftfy", (Paragraph(0, text, line=1),)), (Verdict("content", 0.9),)
            )
            fired = any(f.rule.code == "EN001" for f in CHECKS_BY_NAME["encoding"].run(analysis))
            counts[(bool(row.get("is_mojibake")), fired)] += 1
    tp, fp, fn = counts[(True, True)], counts[(False, True)], counts[(True, False)]
    return {
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "cases": sum(counts.values()),
    }


CHECKS_BY_NAME = {check.name: check for check in CHECKS}


def speed(root: Path, repeat: int = 5) -> dict[str, Any]:
    """Time all checks against the shipped paragraph model on the seed article."""
    from detector.loaders import read

    path = root / "examples" / "seed-article.txt"
    article = next(iter(read(str(path))))
    verdicts = tuple(Verdict("content", 0.9) for _ in article.paragraphs)
    result: dict[str, Any] = {}
    try:
        from detector.model import load_model

        model = load_model()
        model.predict(article)
        verdicts = model.predict(article)
        result["model_ms"] = round(1000 * _best(lambda: model.predict(article), repeat), 2)
    except Exception as exc:  # no shipped model yet: time the checks alone
        result["model_ms"] = None
        result["model_note"] = f"model not available ({exc.__class__.__name__}: {exc})"
    analysis = Analysis(article, verdicts)
    run_checks(analysis)
    result["checks_ms"] = round(1000 * _best(lambda: run_checks(analysis), repeat), 2)
    if result["model_ms"]:
        result["ratio"] = round(result["checks_ms"] / result["model_ms"], 3)
    return result


def _best(call: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


# --- command line -----------------------------------------------------------------------------


def table(metrics: dict[str, Any]) -> str:
    """Format one part's metrics as a text table."""
    rows = [
        f"{'rule':7} {'P':>6} {'R':>6} {'clean':>6} {'P all':>6} {'findings':>8} {'injected':>8}"
    ]
    for code, row in metrics["rules"].items():
        p, r, c = row["precision"], row["recall"], row["clean_rate"]

        def fmt(x: float | None) -> str:
            return "-" if x is None else f"{x:.3f}"

        rows.append(
            f"{code:7} {fmt(p):>6} {fmt(r):>6} {fmt(c):>6} {fmt(row['precision_strict']):>6} "
            f"{row['findings']:>8} {row['injected']:>8}"
        )
    d = metrics["dates"]
    rows.append(
        f"dates: {d['dated_articles']} dated articles, {d['share_with_any_reference']} with a "
        f"dated reference; DT001 recall all {d['recall_all']} ({d['cases']}), any reference "
        f"{d['recall_any_reference']} ({d['reference_cases']}), with evidence on the moved side "
        f"{d['recall_with_evidence']} ({d['evidence_cases']}), decidable "
        f"{d['recall_decidable']} ({d['decidable_cases']})"
    )
    a = metrics.get("article_scores")
    if a:
        rows.append(
            f"article scores: clean median {a['clean_median']}, publishable "
            f"{a['clean_publishable']} of {a['clean_articles']}; an injection lowered its "
            f"article's score in {a['lowered']} of {a['injected']}"
        )
    for code, judged in metrics.get("judged", {}).items():
        rows.append(
            f"{code}: {judged['real']} of {judged['sample']} sampled clean firings judged real "
            f"artifacts of the gold text; estimated false-alarm rate {judged['false_alarm_rate']}"
        )
    return "\n".join(rows)


def judged(metrics: dict[str, Any], path: Path = JUDGMENTS) -> dict[str, Any]:
    """Per rule, how many sampled clean firings were judged real, and the false-alarm rate.

    The estimate scales the clean firing rate by the share of the sample judged false alarms.
    """
    if not path.is_file():
        return {}
    result: dict[str, Any] = {}
    for code, entries in json.loads(path.read_text(encoding="utf-8")).items():
        rule = metrics["rules"].get(code)
        if code.startswith("_") or not entries or rule is None or rule["clean_rate"] is None:
            continue
        real = sum(bool(e["real"]) for e in entries)
        result[code] = {
            "sample": len(entries),
            "real": real,
            "false_alarm_rate": round(rule["clean_rate"] * (1 - real / len(entries)), 3),
        }
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Build the benchmark, run the checks, print the table and write check_metrics.json."""
    parser = argparse.ArgumentParser(
        prog="python -m training.check_bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--part", choices=("dev", "final", "all"), default="dev")
    parser.add_argument("--limit", type=int, default=None, help="at most N pages")
    parser.add_argument("--no-dates", action="store_true", help="skip the date-only HTML pages")
    parser.add_argument("--log", type=Path, default=None, help="write misses and false alarms")
    parser.add_argument("--output", type=Path, default=METRICS)
    parser.add_argument(
        "--html",
        type=int,
        default=0,
        metavar="N",
        help="also measure headline choice and TI001 on about N real HTML pages of the part "
        "(training.headline_bench: the shipped model, injected headline copies)",
    )
    args = parser.parse_args(argv)
    root = shared_root()
    if root is None:
        print("../shared/corpora is not present (set DETECTOR_SHARED)", file=sys.stderr)
        return 2
    every = list(sources(root, dates=not args.no_dates))
    vocabulary = lower_vocabulary(s.body for s in every)
    parts = ("dev", "final") if args.part == "all" else (args.part,)
    output: dict[str, Any] = {}
    if args.output.is_file():
        output = json.loads(args.output.read_text(encoding="utf-8"))
    log: list[str] | None = [] if args.log else None
    for part in parts:
        chosen = [s for s in every if s.final == (part == "final")][: args.limit]
        metrics = evaluate((build_cases(s, vocabulary) for s in chosen), log=log)
        metrics["judged"] = judged(metrics)
        output[part] = metrics
        print(f"== {part}: {len(chosen)} articles")
        print(table(metrics))
        if args.html:
            from training import headline_bench

            rows = headline_bench.measured(part, args.html)
            metrics["html_pages"] = headline_bench.summarise(rows)
            print(f"HTML pages ({part}):", json.dumps(metrics["html_pages"]))
    output["ftfy_mojibake"] = mojibake_cases(root)
    output["speed"] = speed(root)
    print("EN001 on ftfy cases:", output["ftfy_mojibake"])
    print("speed:", output["speed"])
    if args.log and log is not None:
        args.log.write_text("\n".join(log) + "\n", encoding="utf-8")
    args.output.write_text(json.dumps(output, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
