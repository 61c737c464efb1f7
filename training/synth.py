"""Render the project's own articles in invented site styles as labelled synthetic pages.

Every page is one article of ``datasets/articles/articles.jsonl`` dressed in one style of
``datasets/boilerplate/styles.jsonl``: once as the plain text a scraper leaves (one paragraph a
line) and once as a full HTML page. Each visible piece carries its role and, for boilerplate, its
kind, so the pages become rows of the labelled paragraph table. Output is a pure function of the
seed: the same seed gives the same pages, byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from detector.errors import LoadError

__all__ = [
    "BLOCK_TAGS",
    "KINDS",
    "ROLES",
    "SynthPage",
    "SynthPiece",
    "load_sources",
    "main",
    "pages",
    "text_table",
]

logger = logging.getLogger(__name__)

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
ROLES = ("content", "title", "dateline", "byline", "boilerplate")
KINDS = (
    "navigation",
    "related",
    "share",
    "comment_form",
    "bio",
    "newsletter",
    "cookie",
    "ads",
    "footer",
    "punctuation",
    "caption",
    "other",
)
#: Elements whose innermost occurrences hold exactly one piece of a synthetic HTML page.
BLOCK_TAGS = ("p", "div", "li", "td", "h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True, slots=True)
class SynthPiece:
    """One paragraph of a synthetic page and its label; ``kind`` is "" unless boilerplate."""

    text: str
    role: str
    kind: str = ""


@dataclass(frozen=True, slots=True)
class SynthPage:
    """One article rendered in one site style, as scraped plain text and as HTML."""

    doc: str
    site: str
    lang: str
    title: str
    date: str
    text_pieces: tuple[SynthPiece, ...]
    html: str
    html_pieces: tuple[SynthPiece, ...]


def _read_jsonl(path: Path) -> list[dict]:
    """Read a JSON Lines file into dicts, failing with a one-line LoadError."""
    if not path.is_file():
        raise LoadError(f"{path}: dataset file not found")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise LoadError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    return rows


def load_sources(root: Path = DATASETS) -> tuple[list[dict], list[dict]]:
    """Load the authored articles and site styles under ``root``."""
    articles = _read_jsonl(Path(root) / "articles" / "articles.jsonl")
    styles = _read_jsonl(Path(root) / "boilerplate" / "styles.jsonl")
    if not articles or not styles:
        raise LoadError(f"{root}: no articles or no styles to render")
    return articles, styles


# ---------------------------------------------------------------------------------------------
# Dates in the style's own words

_MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}
_WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
}
_BY = {"en": "By", "de": "Von", "fr": "Par", "es": "Por"}


def _format_date(day: dt.date, fmt: str, lang: str, rng: random.Random) -> str:
    """Write ``day`` in a style's date pattern, with an invented time of day."""
    lang = lang if lang in _MONTHS else "en"
    month = _MONTHS[lang][day.month - 1]
    hour, minute = rng.randint(5, 22), rng.randint(0, 59)
    if lang == "en" and rng.random() < 0.6:
        suffix = rng.choice(["a.m.", "p.m."] if rng.random() < 0.5 else ["AM", "PM"])
        time = f"{(hour - 1) % 12 + 1}:{minute:02d} {suffix}"
    else:
        time = f"{hour:02d}:{minute:02d}" if lang != "fr" else f"{hour}h{minute:02d}"
    return fmt.format(
        weekday=_WEEKDAYS[lang][day.weekday()],
        month=month,
        mon=month[:3],
        day=day.day,
        dd=f"{day.day:02d}",
        mm=f"{day.month:02d}",
        yyyy=day.year,
        time=time,
    )


def _dateline(article: dict, style: dict, rng: random.Random) -> str:
    """Return the page's dateline: the story's date, or now and then a wrong one."""
    day = dt.date.fromisoformat(article["date"])
    if rng.random() < 0.25:
        shift = rng.choice([rng.randint(-900, -3), rng.randint(3, 500)])
        day += dt.timedelta(days=shift)
    return _format_date(
        day, style.get("date_format", "{month} {day}, {yyyy}"), style.get("lang", "en"), rng
    )


# ---------------------------------------------------------------------------------------------
# Choosing the pieces of one page


def _author(byline: str) -> str | None:
    """Return the personal name in a byline, or None for desks and staff credits."""
    name = byline
    for prefix in ("By ", "Von ", "Par ", "Por ", "Posted by "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    name = name.split("|")[0].split(",")[0].strip()
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words if w not in {"de", "van", "von"}):
        return None
    if any(
        w.lower() in {"desk", "staff", "writer", "project", "cooperative", "redacción"}
        for w in words
    ):
        return None
    return name


def _byline(article: dict, style: dict, rng: random.Random) -> str:
    """Vary how the byline is printed: as written, without "By", upper-cased or with the site."""
    byline = article["byline"]
    author = _author(byline)
    roll = rng.random()
    if author and roll < 0.15:
        return author
    if roll < 0.25:
        return byline.upper()
    if author and roll < 0.35 and "|" not in byline:
        return f"{byline} | {style['site_name']}"
    if author and roll < 0.42 and not byline.startswith(_BY.get(style["lang"], "By")):
        return f"{_BY.get(style['lang'], 'By')} {author}"
    return byline


@dataclass(frozen=True, slots=True)
class _Kit:
    """What one page may draw on: the style's texts with the author filled in."""

    style: dict
    pieces: dict[str, list[str]]
    teasers: list[str]


def _kit(style: dict, article: dict, teasers: list[str]) -> _Kit:
    """Fill the ``{author}`` slot of a style's texts, dropping texts that need a missing name."""
    author = _author(article["byline"])
    filled: dict[str, list[str]] = {}
    for kind, texts in style["pieces"].items():
        out = []
        for text in texts:
            if "{author}" in text:
                if author is None:
                    continue
                text = text.replace("{author}", author)
            out.append(text)
        filled[kind] = out or [t for t in texts if "{author}" not in t] or ["."]
    return _Kit(style, filled, teasers)


def _some(rng: random.Random, kit: _Kit, kind: str, low: int, high: int) -> list[SynthPiece]:
    """Draw between ``low`` and ``high`` texts of one kind, keeping the style's order."""
    pool = kit.pieces.get(kind) or []
    if not pool:
        return []
    k = min(len(pool), rng.randint(low, high))
    chosen = sorted(rng.sample(range(len(pool)), k))
    return [SynthPiece(pool[i], "boilerplate", kind) for i in chosen]


def _related(rng: random.Random, kit: _Kit, low: int, high: int) -> list[SynthPiece]:
    """Draw a related-stories block: a header or two, then teaser headlines."""
    pool = kit.pieces.get("related", [])
    headers = [t for t in pool[:4] if len(t.split()) <= 5]
    heads = [t for t in pool if t not in headers]
    out = (
        [SynthPiece(rng.choice(headers), "boilerplate", "related")]
        if headers and rng.random() < 0.85
        else []
    )
    k = min(len(heads), rng.randint(low, high))
    picked = rng.sample(heads, k)
    if kit.teasers and rng.random() < 0.6:
        picked += rng.sample(kit.teasers, min(len(kit.teasers), rng.randint(1, 3)))
        rng.shuffle(picked)
    out += [SynthPiece(t, "boilerplate", "related") for t in picked]
    return out


def _duplicate_title(title: str, style: dict, rng: random.Random) -> str:
    """Return the title the way sites repeat it: lower-cased, or with the site name."""
    roll = rng.random()
    if roll < 0.4:
        return title[:1] + title[1:].lower()
    if roll < 0.55:
        return title.lower()
    return f"{title}{style.get('title_sep', ' | ')}{style['site_name']}"


def _body(article: dict, kit: _Kit, rng: random.Random, rate: float) -> list[SynthPiece]:
    """Return the content paragraphs, interrupted now and then by ads, captions and teasers."""
    out: list[SynthPiece] = []
    paragraphs = article["paragraphs"]
    for i, text in enumerate(paragraphs):
        out.append(SynthPiece(text, "content"))
        if i == len(paragraphs) - 1 or rng.random() >= rate:
            continue
        roll = rng.random()
        if roll < 0.45:
            out += _some(rng, kit, "ads", 1, 2)
        elif roll < 0.65:
            out += _some(rng, kit, "caption", 1, 2)
        elif roll < 0.85:
            heads = [p for p in _related(rng, kit, 1, 1) if len(p.text.split()) > 4]
            out += heads[:1]
        elif roll < 0.93:
            out += _some(rng, kit, "newsletter", 1, 2)
        else:
            out += _some(rng, kit, "other", 1, 1)
    return out


def _header(article: dict, kit: _Kit, rng: random.Random, *, full: bool) -> list[SynthPiece]:
    """Return the title, dateline and byline in one of the orders sites print them."""
    style = kit.style
    title = SynthPiece(article["title"], "title")
    date = SynthPiece(_dateline(article, style, rng), "dateline")
    byline = SynthPiece(_byline(article, style, rng), "byline")
    keep_date = rng.random() < (0.85 if full else 0.35)
    keep_byline = rng.random() < (0.85 if full else 0.5)
    keep_title = full or rng.random() < 0.65
    order = rng.choice(["dtb", "tbd", "tdb", "dtb", "tb d", "btd"])
    parts: list[SynthPiece] = []
    for key in order.replace(" ", ""):
        if key == "t" and keep_title:
            parts.append(title)
            if rng.random() < (0.3 if full else 0.15):
                parts.append(SynthPiece(_duplicate_title(title.text, style, rng), "title"))
        elif key == "d" and keep_date:
            parts.append(date)
        elif key == "b" and keep_byline:
            parts.append(byline)
    if full and rng.random() < 0.3:
        parts += _some(rng, kit, "other", 1, 2)
    if full and rng.random() < 0.3:
        parts += _some(rng, kit, "caption", 1, 2)
    return parts


_END_BLOCKS = ("share", "bio", "related", "newsletter", "comment_form", "footer", "other", "cookie")


def _end_matter(kit: _Kit, rng: random.Random) -> list[SynthPiece]:
    """Return the trailing widgets of a page in a varied order."""
    blocks = [b for b in _END_BLOCKS if rng.random() < {"footer": 0.8, "cookie": 0.15}.get(b, 0.6)]
    rng.shuffle(blocks)
    if "footer" in blocks and rng.random() < 0.7:
        blocks.remove("footer")
        blocks.append("footer")
    out: list[SynthPiece] = []
    for block in blocks:
        if block == "related":
            out += _related(rng, kit, 2, 7)
        elif block == "comment_form":
            out += _some(rng, kit, "comment_form", 3, 9)
        elif block == "footer":
            out += _some(rng, kit, "footer", 2, 8)
        else:
            out += _some(rng, kit, block, 1, 4)
        if rng.random() < 0.15:
            out += _some(rng, kit, "punctuation", 1, 1)
    return out


def _text_pieces(article: dict, kit: _Kit, rng: random.Random) -> list[SynthPiece]:
    """Lay one page out as a scraper's plain text, in one of three kinds of layout."""
    layout = rng.choices(["full", "extracted", "clean"], weights=[0.45, 0.42, 0.13])[0]
    if layout == "clean":
        head = _header(article, kit, rng, full=False)
        return head + [SynthPiece(t, "content") for t in article["paragraphs"]]
    if layout == "extracted":
        out: list[SynthPiece] = []
        if rng.random() < 0.3:
            kind = rng.choice(["navigation", "other", "cookie", "caption", "ads"])
            out += _some(rng, kit, kind, 1, 2)
        out += _header(article, kit, rng, full=False)
        out += _body(article, kit, rng, rate=0.05)
        tail = _end_matter(kit, rng)
        if tail:
            start = rng.randrange(len(tail))
            out += tail[start : start + rng.randint(1, 4)]
        return out
    out = []
    if rng.random() < 0.2:
        out += _some(rng, kit, "cookie", 1, 3)
    if rng.random() < 0.6:
        out += _some(rng, kit, "navigation", 2, 9)
    out += _header(article, kit, rng, full=True)
    out += _body(article, kit, rng, rate=0.12)
    if rng.random() < 0.3:
        out += _some(rng, kit, "punctuation", 1, 1)
    out += _end_matter(kit, rng)
    return out


# ---------------------------------------------------------------------------------------------
# HTML rendering

_SEMANTIC = (
    "page",
    "cookie",
    "header",
    "logo",
    "nav",
    "nav-item",
    "crumbs",
    "main",
    "article",
    "headline",
    "subtitle",
    "meta",
    "byline",
    "date",
    "figure",
    "caption",
    "body",
    "ad",
    "share",
    "share-item",
    "tags",
    "bio",
    "related",
    "related-title",
    "related-item",
    "newsletter",
    "comments",
    "comment-field",
    "footer",
    "footer-link",
    "note",
    "sep",
)

_WP = {
    "page": "home single single-post",
    "cookie": "cookie-notice-container",
    "header": "site-header",
    "logo": "site-title",
    "nav": "main-navigation",
    "nav-item": "menu-item menu-item-type-taxonomy",
    "crumbs": "breadcrumbs",
    "main": "site-main",
    "article": "post type-post status-publish",
    "headline": "entry-title",
    "subtitle": "entry-subtitle",
    "meta": "entry-meta",
    "byline": "byline author vcard",
    "date": "posted-on",
    "figure": "wp-caption",
    "caption": "wp-caption-text",
    "body": "entry-content",
    "ad": "code-block ad-slot",
    "share": "sharedaddy sd-sharing-enabled",
    "share-item": "share-item",
    "tags": "tags-links",
    "bio": "author-bio",
    "related": "jp-relatedposts",
    "related-title": "jp-relatedposts-headline",
    "related-item": "jp-relatedposts-post",
    "newsletter": "widget widget_newsletter",
    "comments": "comment-respond",
    "comment-field": "comment-form-field",
    "footer": "site-footer",
    "footer-link": "menu-item",
    "note": "entry-footer",
    "sep": "separator",
}

_UTILITY = {
    "page": "bg-white text-gray-900",
    "cookie": "fixed bottom-0 inset-x-0 p-4 bg-gray-800",
    "header": "flex items-center justify-between px-4",
    "logo": "text-2xl font-black",
    "nav": "hidden md:flex gap-6",
    "nav-item": "px-2 py-1 hover:underline",
    "crumbs": "text-xs uppercase tracking-wide",
    "main": "container mx-auto",
    "article": "max-w-3xl mx-auto",
    "headline": "text-4xl font-bold leading-tight",
    "subtitle": "text-xl text-gray-600",
    "meta": "flex gap-2 text-sm text-gray-500",
    "byline": "font-semibold",
    "date": "text-gray-500",
    "figure": "my-6",
    "caption": "text-xs text-gray-500 mt-1",
    "body": "prose prose-lg max-w-none",
    "ad": "my-8 min-h-[250px] bg-gray-100 text-center text-xs",
    "share": "flex gap-3 my-4",
    "share-item": "rounded-full p-2",
    "tags": "flex flex-wrap gap-2 text-sm",
    "bio": "border-t pt-4 text-sm",
    "related": "grid grid-cols-2 gap-4 mt-10",
    "related-title": "text-lg font-bold",
    "related-item": "text-base hover:text-blue-700",
    "newsletter": "bg-blue-50 p-6 rounded-lg",
    "comments": "mt-12 border-t",
    "comment-field": "flex flex-col mb-3",
    "footer": "bg-gray-900 text-gray-300 py-8",
    "footer-link": "text-sm",
    "note": "text-xs italic",
    "sep": "text-center my-4",
}


_LEGACY = {
    "page": "bodytext",
    "cookie": "cookiebar",
    "header": "topbar",
    "logo": "masthead",
    "nav": "navbar",
    "nav-item": "navlink",
    "crumbs": "crumbtrail",
    "main": "",
    "article": "story",
    "headline": "storyheadline",
    "subtitle": "subhead",
    "meta": "storyinfo",
    "byline": "author",
    "date": "storydate",
    "figure": "pic",
    "caption": "piccaption",
    "body": "storytext",
    "ad": "adbox banner468",
    "share": "sharebox",
    "share-item": "sharelink",
    "tags": "keywords",
    "bio": "authorinfo",
    "related": "morelinks",
    "related-title": "boxhead",
    "related-item": "morelink",
    "newsletter": "signupbox",
    "comments": "commentbox",
    "comment-field": "formrow",
    "footer": "bottom",
    "footer-link": "bottomlink",
    "note": "small",
    "sep": "divider",
}


def _bem(block: str) -> dict[str, str]:
    """Return BEM class names rooted at ``block``."""
    return {
        name: f"{block}__{name}" if name not in {"page", "main"} else f"{block}-{name}"
        for name in _SEMANTIC
    } | {
        "ad": f"{block}__ad ad-slot ad-slot--inline",
        "nav-item": f"{block}__nav-item {block}__nav-item--section",
    }


def _hashed(style_name: str) -> dict[str, str]:
    """Return CSS-module style class names with short hashes, stable per style."""
    out = {}
    for name in _SEMANTIC:
        digest = hashlib.sha1(f"{style_name}:{name}".encode()).hexdigest()
        module = name.title().replace("-", "")
        out[name] = f"{module}_root__{digest[:5]} sc-{digest[5:11]}"
    return out


def _classes(style: dict) -> dict[str, str]:
    """Pick the class naming convention of a style's markup."""
    markup = style.get("markup", "bem")
    if markup == "wp":
        return _WP
    if markup == "utility":
        return _UTILITY
    if markup == "hash":
        return _hashed(style["style"])
    if markup == "legacy":
        return _LEGACY
    return _bem(style["style"].split("-")[0][:6])


class _Html:
    """Accumulate HTML and the labelled pieces in document order."""

    def __init__(self, classes: dict[str, str], legacy: bool) -> None:
        self.parts: list[str] = []
        self.pieces: list[SynthPiece] = []
        self.classes = classes
        self.legacy = legacy

    def open(self, tag: str, name: str = "", **attrs: str) -> None:
        """Open a container element with the class of semantic ``name``."""
        self.parts.append(f"<{tag}{self._attrs(name, attrs)}>")

    def close(self, tag: str) -> None:
        """Close a container element."""
        self.parts.append(f"</{tag}>")

    def raw(self, markup: str) -> None:
        """Append markup that holds no visible text."""
        self.parts.append(markup)

    def block(
        self, piece: SynthPiece, tag: str, name: str = "", inner: str = "", **attrs: str
    ) -> None:
        """Write one piece as the text of one block element, optionally wrapped in an inline tag."""
        text = escape(piece.text, quote=False)
        if inner == "a":
            href = attrs.pop("href", "#")
            text = f'<a href="{escape(href)}">{text}</a>'
        elif inner:
            text = f"<{inner}>{text}</{inner}>"
        self.parts.append(f"<{tag}{self._attrs(name, attrs)}>{text}</{tag}>")
        self.pieces.append(piece)

    def _attrs(self, name: str, attrs: dict[str, str]) -> str:
        out = ""
        if name and self.classes.get(name):
            out += f' class="{escape(self.classes[name])}"'
        for key, value in attrs.items():
            out += f' {key.rstrip("_").replace("_", "-")}="{escape(value)}"'
        return out


def _slug(text: str) -> str:
    """Turn a headline into a URL slug."""
    keep = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(w for w in keep.split("-") if w)[:60]


def _linked_block(h: _Html, piece: SynthPiece, tag: str, name: str, domain: str) -> None:
    """Write a link-only block, such as a menu entry or a teaser headline."""
    h.block(piece, tag, name, inner="a", href=f"https://{domain}/{_slug(piece.text)}")


def _is_subheading(text: str) -> bool:
    """Guess whether a short content line works as an in-body subheading."""
    return len(text) < 50 and not text.endswith((".", "!", "?", "”", '"', "»", ";"))


def _crumb(h: _Html, piece: SynthPiece, domain: str) -> None:
    """Write a breadcrumb trail as links joined by its separator inside one block."""
    for sep in (" > ", " / ", " » ", " › ", " | ", " · "):
        if sep in piece.text:
            links = [
                f'<a href="https://{domain}/{_slug(p) or "home"}">{escape(p, quote=False)}</a>'
                for p in piece.text.split(sep)
            ]
            tag = "td" if h.legacy else "div"
            h.parts.append(
                f"<{tag}{h._attrs('crumbs', {})}>{escape(sep, quote=False).join(links)}</{tag}>"
            )
            h.pieces.append(piece)
            return
    _linked_block(h, piece, "td" if h.legacy else "li", "nav-item", domain)


def _html_page(article: dict, kit: _Kit, rng: random.Random) -> tuple[str, list[SynthPiece]]:
    """Render a full HTML page of the story and list its visible pieces in order."""
    style = kit.style
    legacy = style.get("markup") == "legacy"
    h = _Html(_classes(style), legacy)
    domain = style.get("domain", "example.test")
    lang = style.get("lang", "en")
    title = article["title"]
    url = f"https://{domain}/{_slug(article.get('section', 'news'))}/{_slug(title)}"
    site_title = f"{title}{style.get('title_sep', ' | ')}{style['site_name']}"
    h.raw(
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(site_title, quote=False)}</title>"
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta property="article:published_time" content="{article["date"]}T08:00:00Z">'
        f'<link rel="canonical" href="{escape(url)}"></head>'
    )
    h.open("body", "page")
    if rng.random() < 0.4:
        h.open("div", "cookie", id="cookie-banner", role="dialog")
        for p in _some(rng, kit, "cookie", 1, 3):
            h.block(
                p, "div" if len(p.text) < 30 else "p", inner="button" if len(p.text) < 30 else ""
            )
        h.close("div")
    wrap = "table" if legacy else "header"
    h.open(wrap, "header", **({"width": "100%"} if legacy else {}))
    if legacy:
        h.raw("<tr>")
    h.block(
        SynthPiece(style["site_name"], "boilerplate", "navigation"),
        "td" if legacy else "div",
        "logo",
        inner="a",
        href=f"https://{domain}/",
    )
    nav = _some(rng, kit, "navigation", 4, 12)
    crumbs = [p for p in nav if any(s in p.text for s in (" > ", " / ", " » ", " › "))]
    menu = [p for p in nav if p not in crumbs]
    if legacy:
        for p in menu:
            _linked_block(h, p, "td", "nav-item", domain)
        h.raw("</tr>")
    else:
        h.open("nav", "nav", aria_label="Main")
        h.open("ul")
        for p in menu:
            _linked_block(h, p, "li", "nav-item", domain)
        h.close("ul")
        h.close("nav")
    h.close(wrap)
    if legacy and crumbs:
        h.raw("<table><tr>")
        for p in crumbs[:1]:
            _crumb(h, p, domain)
        h.raw("</tr></table>")
    elif crumbs:
        h.open("nav", "", aria_label="Breadcrumb")
        _crumb(h, crumbs[0], domain)
        h.close("nav")

    h.open("main", "main")
    h.open("article", "article")
    header_first = rng.random() < 0.5
    h.block(SynthPiece(title, "title"), "h1", "headline")
    if rng.random() < 0.15:
        h.block(SynthPiece(_duplicate_title(title, style, rng), "title"), "h2", "subtitle")
    h.open("div", "meta")
    byline = SynthPiece(_byline(article, style, rng), "byline")
    date = SynthPiece(_dateline(article, style, rng), "dateline")
    author = _author(article["byline"])
    meta = [byline, date] if header_first else [date, byline]
    for p in meta:
        if p.role == "byline":
            if author and author in p.text and p.text.count(author) == 1:
                before, after = p.text.split(author)
                h.parts.append(
                    f"<div{h._attrs('byline', {})}>{escape(before, quote=False)}"
                    f'<a href="https://{domain}/author/{_slug(author)}" rel="author">'
                    f"{escape(author, quote=False)}</a>{escape(after, quote=False)}</div>"
                )
                h.pieces.append(p)
            else:
                h.block(p, "div", "byline", inner="span")
        else:
            h.parts.append(
                f'<div{h._attrs("date", {})}><time datetime="{article["date"]}">'
                f"{escape(p.text, quote=False)}</time></div>"
            )
            h.pieces.append(p)
    h.close("div")
    if rng.random() < 0.3:
        for p in _some(rng, kit, "other", 1, 2):
            h.block(p, "div", "note", inner="span")
    if rng.random() < 0.6:
        h.open("figure", "figure")
        h.raw(f'<img src="https://{domain}/img/{_slug(title)[:20]}.jpg" alt="">')
        h.open("figcaption")
        for p in _some(rng, kit, "caption", 1, 2):
            h.block(p, "p", "caption")
        h.close("figcaption")
        h.close("figure")
    share_top = rng.random() < 0.3
    if share_top:
        _share(h, kit, rng, domain)
    h.open("div", "body", itemprop="articleBody")
    paragraphs = article["paragraphs"]
    for i, text in enumerate(paragraphs):
        piece = SynthPiece(text, "content")
        if 0 < i and _is_subheading(text) and rng.random() < 0.6:
            h.block(piece, rng.choice(["h2", "h3"]))
        elif legacy and rng.random() < 0.2:
            h.raw("<table><tr>")
            h.block(piece, "td")
            h.raw("</tr></table>")
        else:
            h.block(piece, "p", inner="strong" if text.startswith(("Q:", "Step ")) else "")
        if i < len(paragraphs) - 1 and rng.random() < 0.12:
            roll = rng.random()
            if roll < 0.6:
                h.open("div", "ad", data_ad_slot=f"inline-{i}")
                for p in _some(rng, kit, "ads", 1, 1):
                    h.block(p, "div", inner="span")
                h.close("div")
            else:
                teaser = [p for p in _related(rng, kit, 1, 1) if len(p.text.split()) > 4][:1]
                for p in teaser:
                    _linked_block(h, p, "p", "related-item", domain)
    h.close("div")
    if rng.random() < 0.5:
        tags = [
            p
            for p in kit.pieces.get("other", [])
            if p.lower().startswith(
                ("tags", "topics", "filed", "keywords", "schlagworte", "mots-clés", "etiquetas")
            )
        ]
        for text in tags[:1]:
            h.block(SynthPiece(text, "boilerplate", "other"), "div", "tags")
    if not share_top or rng.random() < 0.4:
        _share(h, kit, rng, domain)
    if rng.random() < 0.6:
        h.open("section", "bio")
        for p in _some(rng, kit, "bio", 1, 3):
            h.block(p, "p")
        h.close("section")
    h.close("article")
    tail = ["related", "newsletter", "comments"]
    rng.shuffle(tail)
    for part in tail:
        if part == "related" and rng.random() < 0.85:
            h.open("aside", "related")
            block = _related(rng, kit, 3, 8)
            if (
                block
                and len(block[0].text.split()) <= 5
                and block[0].text in kit.pieces.get("related", [])[:4]
            ):
                h.block(block[0], "h3", "related-title")
                block = block[1:]
            h.open("ul")
            for p in block:
                _linked_block(h, p, "li", "related-item", domain)
            h.close("ul")
            h.close("aside")
        elif part == "newsletter" and rng.random() < 0.5:
            h.open("section", "newsletter")
            letters = _some(rng, kit, "newsletter", 1, 4)
            for j, p in enumerate(letters):
                h.block(p, "h4" if j == 0 and len(p.text) < 50 else "p")
            h.raw('<form><input type="email" placeholder="you@example.test"></form>')
            h.close("section")
        elif part == "comments" and rng.random() < 0.6:
            h.open("div", "comments", id="respond")
            fields = _some(rng, kit, "comment_form", 3, 9)
            h.raw('<form method="post">')
            for j, p in enumerate(fields):
                if j == 0:
                    h.block(p, "h3")
                elif p.text.rstrip().endswith("*") and len(p.text) < 30:
                    h.parts.append(
                        f"<div{h._attrs('comment-field', {})}><label>{escape(p.text, quote=False)}"
                        f"</label></div>"
                    )
                    h.pieces.append(p)
                    h.raw('<input type="text">')
                elif len(p.text) < 20:
                    h.block(p, "div", inner="button")
                else:
                    h.block(p, "p")
            h.raw("<textarea></textarea></form>")
            h.close("div")
    h.close("main")
    h.open("footer", "footer")
    h.open("ul")
    feet = _some(rng, kit, "footer", 2, 8)
    for p in feet:
        if p.text.startswith(("©", "Copyright")):
            continue
        _linked_block(h, p, "li", "footer-link", domain)
    h.close("ul")
    for p in feet:
        if p.text.startswith(("©", "Copyright")):
            h.block(p, "p")
    if rng.random() < 0.2:
        for p in _some(rng, kit, "punctuation", 1, 1):
            h.block(p, "div", "sep")
    h.close("footer")
    h.close("body")
    h.raw("</html>\n")
    return "".join(h.parts), h.pieces


def _share(h: _Html, kit: _Kit, rng: random.Random, domain: str) -> None:
    """Write a row of share buttons."""
    buttons = _some(rng, kit, "share", 2, 6)
    if not buttons:
        return
    h.open("div", "share")
    h.open("ul")
    for p in buttons:
        _linked_block(h, p, "li", "share-item", domain)
    h.close("ul")
    h.close("div")


# ---------------------------------------------------------------------------------------------
# Pages and the table


def _pick_styles(article: dict, styles: Sequence[dict], rng: random.Random, n: int) -> list[dict]:
    """Pick ``n`` distinct styles for an article, mostly of its own language."""
    same = [s for s in styles if s.get("lang") == article.get("lang")]
    chosen: list[dict] = []
    names: set[str] = set()
    while len(chosen) < min(n, len(styles)):
        pool = (
            same
            if same and rng.random() < 0.85 and len(names & {s["style"] for s in same}) < len(same)
            else styles
        )
        style = rng.choice(pool)
        if style["style"] not in names:
            names.add(style["style"])
            chosen.append(style)
    return chosen


def pages(seed: int = 0, per_article: int = 3, root: Path = DATASETS) -> Iterator[SynthPage]:
    """Yield every article rendered in ``per_article`` styles, deterministically for ``seed``."""
    articles, styles = load_sources(root)
    titles: dict[str, list[tuple[str, str]]] = {}
    for article in articles:
        titles.setdefault(article.get("lang", "en"), []).append((article["id"], article["title"]))
    for article in articles:
        rng = random.Random(f"{seed}:{article['id']}")
        others = [t for aid, t in titles.get(article.get("lang", "en"), []) if aid != article["id"]]
        for style in _pick_styles(article, styles, rng, per_article):
            page_rng = random.Random(f"{seed}:{article['id']}:{style['style']}")
            teasers = page_rng.sample(others, min(len(others), 6))
            kit = _kit(style, article, teasers)
            text = _text_pieces(article, kit, page_rng)
            html, html_pieces = _html_page(article, kit, page_rng)
            yield SynthPage(
                doc=f"synth-{article['id']}-{style['style']}",
                site=style["style"],
                lang=style.get("lang", "en"),
                title=article["title"],
                date=article["date"],
                text_pieces=tuple(text),
                html=html,
                html_pieces=tuple(html_pieces),
            )


def text_table(pages: Iterable[SynthPage]) -> Iterator[dict]:
    """Yield the labelled paragraph table (format "text") of the pages' plain-text layouts."""
    for page in pages:
        for index, piece in enumerate(page.text_pieces):
            yield {
                "doc": page.doc,
                "site": page.site,
                "index": index,
                "text": piece.text,
                "role": piece.role,
                "kind": piece.kind,
                "format": "text",
            }


def main(argv: Sequence[str] | None = None) -> int:
    """Write the synthetic text table as JSON Lines."""
    parser = argparse.ArgumentParser(prog="python -m training.synth", description=main.__doc__)
    parser.add_argument("--out", type=Path, default=DATASETS / "paragraphs.jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-article", type=int, default=3)
    args = parser.parse_args(argv)
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for row in text_table(pages(args.seed, args.per_article)):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    logger.info("wrote %d rows to %s", count, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
