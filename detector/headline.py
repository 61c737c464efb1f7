"""Choose an article's visible headline from all the evidence, and tell its copies from furniture.

A page shows its headline once, in the article, and repeats it in places that are not the
article: the ``<title>`` (browsers never show one, even one left inside ``<body>``), the
breadcrumb, a sticky "now reading" bar, teaser lists, the comment box. Position alone picks the
wrong one (the breadcrumb comes first), so each paragraph that could be the headline is weighed
on what the page says about it:

- it repeats a declared title (``og:title``, ``<title>``, the extractor's title, front matter),
  the site name stripped: the strongest single cue;
- its element: ``<h1>`` over ``<h2>``/``<h3>``; a ``<title>`` is never shown; a list item or a
  block that is all link is a teaser or a breadcrumb;
- its region: under ``<nav>``, ``<aside>``, ``<footer>`` or a page ``<header>`` (one outside the
  article) it is furniture; class and id words such as ``breadcrumb``, ``nav``, ``sticky``,
  ``sidebar``, ``related``, ``comment`` say the same; ``post-title``/``headline`` words say the
  opposite;
- whether the extractor kept it, and the classifier's title score;
- what it is printed with: a heading that one template prints three times or more is a card of
  a teaser list, and one that is, or starts with, the site's own name ("love-hina.ch News -
  News-Archiv") is the site's header.

The best-weighed paragraph is the headline; on a tie the first. A kicker block and the block
under it that together repeat a declared title ("Tanz in der Lokremise:" / "Mit allen Wassern
gewaschen") are one headline. On plain text, where there is
no markup, the headline is the first paragraph the classifier calls a title, else the declared
title, else the first paragraph when the next one repeats it (a copy right under a headline
proves the headline, whatever the classifier thought of either).

:func:`title_match` says how a text repeats a title, :func:`difference` says it in words,
:func:`strip_site` removes the site's name from a title (in compare-form), and
:func:`as_written` gives back the page's own characters for it.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from rapidfuzz.distance import Levenshtein

from detector.article import Article, Block, Paragraph
from detector.findings import Verdict
from detector.memo import last_answer

__all__ = [
    "DECLARED_KEYS",
    "Headline",
    "as_written",
    "choose",
    "declared_titles",
    "difference",
    "is_furniture",
    "is_link",
    "site_names",
    "strip_site",
    "template",
    "title_match",
]

#: Metadata keys that declare the title, in the order they are trusted.
DECLARED_KEYS = ("front_matter:title", "og:title", "html:title", "title")
#: A site name is at most this many words.
MAX_AFFIX_WORDS = 6
#: A copy (with a site name, or cut short) differs from the title by at most this many characters.
MAX_LENGTH_GAP = 80
#: A truncated copy keeps at least this many characters of the headline, or three words and
#: this share of a short headline ("Kiwi players flay…").
MIN_TRUNCATED = 20
MIN_TRUNCATED_SHARE = 0.4
#: "near" matches need a title of this many characters and at most this many edits.
NEAR_MIN_CHARS = 30
NEAR_MAX_EDITS = 2
#: A headline is at most this many words.
MAX_HEADLINE_WORDS = 40
#: Weights of the evidence for a headline paragraph of a page (see the module docstring).
MATCH_WEIGHT = {"exact": 4.0, "case": 4.0, "site_affix": 3.0, "truncated": 2.5, "near": 3.0}
TAG_WEIGHT = {"h1": 2.0, "h2": 1.0, "h3": 0.5}
FURNITURE_WEIGHT = -3.0
HEADLINE_WORDS_WEIGHT = 1.0
EXTRACTED_WEIGHT = 0.5
TITLE_ROLE_WEIGHT = 1.0
#: A page paragraph needs this much weight to be taken as the headline.
MIN_WEIGHT = 2.0
#: A block with at least this share of its characters in links is a link, not a headline.
LINK_SHARE = 0.6
#: A heading printed from one template this many times or more (same element, path and class
#: words, numbers aside: ``teaser n0``, ``teaser n1``, ...) is a card of a teaser list; the
#: article's headline is printed once.
TEMPLATE_REPEATS = 3

_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|·•»]\s*|:\s+")
_NO_COLON = re.compile(r"\s+[|\-–—·•»/]\s+|\s*[|·•»]\s*")
_SITE_SEPARATORS = re.compile(r"\s+(?:[|\-–—·•»/:]|::)\s+|\s*[|·•»]\s*|:\s+")
_PUBLISHED = re.compile(r"\s*\((?:published|veröffentlicht|publié)\s+\d{4}\)\s*$", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:\s*(?:…|\.{3,}|\[…\]|\[\.\.\.\]))\s*$")
_PUNCT = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")
_ALNUM = re.compile(r"[\W_]+")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+(?:com|org|net|info|co\.uk|de|fr|it|es|at|ch|nl|io)", re.I)
#: Class and id word parts (split at ``-`` and ``_``) of page furniture, from the pages of
#: shared/corpora: breadcrumbs, menus, sticky bars, teaser lists, widgets, comment boxes.
FURNITURE_PARTS = frozenset(
    """breadcrumb breadcrumbs crumb crumbs nav navbar navigation menu submenu megamenu sidebar
    related recent popular trending teaser teasers widget footer comment comments commentwrap
    sticky share sharing social carousel slider recommended recommendations topbar logo hidden
    masthead reading nowreading toolbar""".split()
)
#: Class and id word parts of the article's own headline.
HEADLINE_PARTS = frozenset("headline title heading entry".split())
_WORD_PARTS = re.compile(r"[-_]+")
_DIGITS = re.compile(r"\d+")
_PAGE_REGIONS = frozenset({"nav", "aside", "footer"})


@dataclass(frozen=True, slots=True)
class Headline:
    """The article's headline: the paragraph that shows it (None when only declared) and text.

    ``source`` is ``paragraph`` or the metadata key the title was declared under; ``title`` is
    the headline with the site's name stripped (the report's title); ``variants`` are the texts
    a copy may repeat (the headline and the declared titles).
    """

    paragraph: int | None
    text: str
    source: str
    title: str
    variants: tuple[str, ...]


@functools.lru_cache(maxsize=4096)
def _squash(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Compare-form: case-folded, quotes and punctuation dropped, spaces collapsed."""
    return _SPACE.sub(" ", _PUNCT.sub(" ", _squash(text).casefold())).strip()


@functools.lru_cache(maxsize=1024)
def cores(text: str, *, colon: bool = True, min_words: int = 3) -> frozenset[str]:
    """The folded text with a leading or trailing site-name part removed, where it has one.

    Without ``colon``, a part before a colon is not dropped: in a headline it is a kicker
    ("Movie Review: ...", "Health reform: ..."), and a body paragraph that repeats only the rest
    is a film's name or a section heading, not a copy.
    """
    found = set()
    parts = (_SEPARATORS if colon else _NO_COLON).split(_squash(text))
    if len(parts) >= 2:
        head, tail = parts[0], parts[-1]
        if len(tail.split()) <= MAX_AFFIX_WORDS:
            found.add(fold(" ".join(parts[:-1])))
        if len(head.split()) <= MAX_AFFIX_WORDS:
            found.add(fold(" ".join(parts[1:])))
    return frozenset(c for c in found if len(c.split()) >= min_words)


def title_match(title: str, text: str) -> str | None:
    """Say how ``text`` repeats ``title`` (``exact``, ``case``, ...), or None when it does not."""
    a, b = _squash(title), _squash(text)
    if not a or not b:
        return None
    if a == b:
        return "exact"
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return None
    if fa == fb:
        return "case"
    words = len(fa.split())
    if abs(len(fa) - len(fb)) > MAX_LENGTH_GAP:
        return None  # a paragraph far longer than any copy
    if words == 2 and fa in cores(b, colon=False, min_words=2):
        return "site_affix"  # "Ferienhaus Feinen | Site": a pipe or dash, never a colon
    if words < 3:
        return None  # too short to match loosely
    if fb in cores(a, colon=False) or fa in cores(b) or (cores(a, colon=False) & cores(b)):
        return "site_affix"
    for whole, cut in ((a, b), (b, a)):
        if _ELLIPSIS.search(cut):
            stem = fold(_ELLIPSIS.sub("", cut))
            long_enough = len(stem) >= MIN_TRUNCATED or (
                len(stem.split()) >= 3 and len(stem) >= MIN_TRUNCATED_SHARE * len(fold(whole))
            )
            if long_enough and fold(whole).startswith(stem):
                return "truncated"
    if len(fa) >= NEAR_MIN_CHARS and Levenshtein.distance(fa, fb, score_cutoff=NEAR_MAX_EDITS) <= (
        NEAR_MAX_EDITS
    ):
        return "near"
    return None


def _quote(text: str, limit: int = 60) -> str:
    text = _squash(text)
    return "“" + (text if len(text) <= limit else text[: limit - 1].rstrip() + "…") + "”"


def difference(headline: str, copy: str) -> str:
    """Say in words how ``copy`` differs from ``headline`` (``word for word`` only when equal)."""
    a, b = _squash(headline), _squash(copy)
    if a == b:
        return "word for word"
    if fold(a) == fold(b):
        if b == b.lower():
            return "in lower case"
        if b == b.upper():
            return "in capitals"
        return "in other letter case" if a.casefold() == b.casefold() else "with other punctuation"
    if _ELLIPSIS.search(b) and fold(a).startswith(fold(_ELLIPSIS.sub("", b))):
        return "cut off with an ellipsis"
    wa, wb = a.split(), b.split()
    fa, fb = [fold(w) for w in wa], [fold(w) for w in wb]
    if len(wb) > len(wa):
        if fb[: len(fa)] == fa:
            return f"with {_quote(' '.join(wb[len(wa) :]))} added"
        if fb[len(fb) - len(fa) :] == fa:
            return f"with {_quote(' '.join(wb[: len(wb) - len(wa)]))} added before it"
    if len(wa) > len(wb):
        if fa[: len(fb)] == fb:
            return f"without {_quote(' '.join(wa[len(wb) :]))}"
        if fa[len(fa) - len(fb) :] == fb:
            return f"without {_quote(' '.join(wa[: len(wa) - len(wb)]))}"
    edits = Levenshtein.distance(fold(a), fold(b))
    if edits <= NEAR_MAX_EDITS:
        return f"with {edits} letter{'s' if edits > 1 else ''} changed"
    return f"reworded as {_quote(b)}"


def site_names(article: Article) -> list[str]:
    """The names the site goes by: ``og:site_name``, the extractor's site name, the domain."""
    names = [article.meta.get("og:site_name") or "", article.site or "", _domain_name(article)]
    return [n for n in names if n.strip()]


def _domain_name(article: Article) -> str:
    """The domain's own label ("sebastian-kurz" of www.sebastian-kurz.at), or ""."""
    host = urlparse(article.url or "").hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    return labels[-2] if len(labels) >= 2 else ""


def _is_site(part: str, names: Iterable[str]) -> bool:
    if _DOMAIN.fullmatch(part.strip()):
        return True
    key = _ALNUM.sub("", part.casefold())
    if not key:
        return False
    for name in names:
        other = _ALNUM.sub("", name.casefold())
        if other and (key == other or (len(other) >= 4 and (other in key or key in other))):
            return True
    return False


def strip_site(title: str, names: Sequence[str]) -> str:
    """Remove the site's name (and a ``(Published 2016)`` note) from the ends of a title.

    A part is dropped only when it names the site (``og:site_name``, the extractor's site name,
    the domain), so a kicker before a colon stays. Parts between the headline and the site
    name ("... - Post Tech - The Washington Post") go with it when they are short.
    """
    text = _PUBLISHED.sub("", _squash(title))
    parts = _SITE_SEPARATORS.split(text)
    if len(parts) < 2:
        return text
    seps = _SITE_SEPARATORS.findall(text)
    for end in range(len(parts) - 1, 0, -1):  # trailing site name, and short parts before it
        if _is_site(parts[end], names) and all(
            len(p.split()) <= 3 for p in parts[end + 1 :] + parts[end : end + 1]
        ):
            kept = parts[:end]
            while len(kept) > 1 and len(kept[-1].split()) <= 2 and ":" not in seps[len(kept) - 2]:
                kept = kept[:-1]  # a section between headline and site ("- Post Tech -")
            return _rejoin(kept, seps)
    if _is_site(parts[0], names) and len(parts[0].split()) <= MAX_AFFIX_WORDS:
        return _rejoin(parts[1:], seps[1:])
    return text


def as_written(part: str, original: str) -> str:
    """The characters of ``original`` that ``part`` (a compare-form part of it, as
    :func:`strip_site` returns) stands for: "iPhone™ 15 review" stays so, not "iPhoneTM 15
    review", and a Japanese headline keeps its full-width digits. Falls back to ``part`` when
    the two cannot be lined up."""
    text = _SPACE.sub(" ", original).strip()
    pieces = [unicodedata.normalize("NFKC", ch) for ch in text]
    start = "".join(pieces).find(part)
    if start < 0:
        return part
    ends = list(itertools.accumulate(len(piece) for piece in pieces))
    begin = 0 if start == 0 else next((i + 1 for i, end in enumerate(ends) if end == start), None)
    stop = next((i + 1 for i, end in enumerate(ends) if end == start + len(part)), None)
    if begin is None or stop is None:
        return part
    return text[begin:stop].strip()


def _site_labels(
    titles: Iterable[str], names: Sequence[str], own_names: Sequence[str] = ()
) -> set[str]:
    """How the page writes its own name, folded: the parts of the declared titles that name
    the site ("New work | David Airey, graphic designer" gives "david airey graphic
    designer"); a declared title of one part alone is one only when it is, letter for letter,
    one of ``own_names`` (the page's ``og:site_name`` or its domain: a ``<title>`` "Sebastian
    Kurz" on sebastian-kurz.at), never by the extractor's site name, which is sometimes the
    headline itself.

    A title's own text never is (the part :func:`strip_site` keeps), and when every part looks
    like the site's name (an extractor took the headline for the site name), only the shortest
    is.
    """
    labels: set[str] = set()
    for title in titles:
        raw = _SITE_SEPARATORS.split(_squash(title))
        if len(raw) == 1:
            key = _ALNUM.sub("", title.casefold())
            if key and any(key == _ALNUM.sub("", n.casefold()) for n in own_names):
                labels.add(fold(title))
            continue  # else it says nothing of the site (extractors take one for another)
        kept = strip_site(title, names)
        own = (
            {fold(p) for p in _SITE_SEPARATORS.split(kept)} if fold(kept) != fold(title) else set()
        )
        sites = [p for p in raw if len(p.split()) <= MAX_AFFIX_WORDS and _is_site(p, names)]
        if len(sites) == len(raw):
            sites = [min(sites, key=len)]
        labels.update(f for f in (fold(p) for p in sites) if f not in own)
    return labels - {""}


def _rejoin(parts: Sequence[str], seps: Sequence[str]) -> str:
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=False):
        out += sep + part
    return out.strip()


def declared_titles(article: Article) -> list[tuple[str, str]]:
    """The titles the source declares, as (key, text), most trusted first, without repeats."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key in DECLARED_KEYS:
        value = article.title if key == "title" else article.meta.get(key)
        if isinstance(value, str) and value.strip() and _squash(value) not in seen:
            seen.add(_squash(value))
            found.append((key, _squash(value)))
    return found


def _parts(words: Iterable[str]) -> set[str]:
    return {part for word in words for part in _WORD_PARTS.split(word) if part}


def _own_words(block: Block, common: set[str]) -> list[str]:
    """The class and id words of ``block``'s own context: those the page's other blocks lack."""
    return [w for w in block.attrs.split() if w not in common]


def is_furniture(
    paragraph: Paragraph, headline: Paragraph | None = None, *, list_items: bool = True
) -> bool:
    """Tell whether a page paragraph is page furniture (never shown, or outside the article).

    ``headline`` gives the article's context: class words and regions the two share are the
    page's or the article's, not the paragraph's own. A list item is furniture (a menu entry, a
    teaser) unless ``list_items`` is false.
    """
    block = paragraph.block
    if block is None:
        return False
    base = headline.block if headline is not None else None
    common = set(base.attrs.split()) if base is not None else set()
    return _structural_furniture(paragraph, base, list_items=list_items) or bool(
        _parts(_own_words(block, common)) & FURNITURE_PARTS
    )


def is_link(paragraph: Paragraph) -> bool:
    """Whether a page paragraph is mostly the text of links (:data:`LINK_SHARE`): a link
    title, a teaser or a breadcrumb, not prose."""
    block = paragraph.block
    return block is not None and block.link_chars >= LINK_SHARE * len(paragraph.text)


def _structural_furniture(
    paragraph: Paragraph, base: Block | None, *, list_items: bool = True
) -> bool:
    """Furniture by element and region: a ``<title>``, a list item, a link, nav/aside/footer."""
    block = paragraph.block
    assert block is not None
    if block.tag == "title":
        return True
    if list_items and (block.tag == "li" or "li" in block.path.split(">")[-3:]):
        return True
    heading = block.tag in TAG_WEIGHT  # a blog's headline often links to the post itself
    if not heading and paragraph.text and is_link(paragraph):
        return True
    regions = block.landmarks.split(">") if block.landmarks else []
    base_regions = set(base.landmarks.split(">")) if base is not None and base.landmarks else set()
    if any(r in _PAGE_REGIONS and r not in base_regions for r in regions):
        return True
    # the page's header (outside any article), not the article's own
    return bool(regions) and regions[0] == "header" and "header" not in base_regions


def _page_weight(
    paragraph: Paragraph, verdict: Verdict, variants: Sequence[str], common: set[str]
) -> float:
    """Weigh a page paragraph as the headline (see the module docstring)."""
    block = paragraph.block
    assert block is not None
    if block.tag == "title" or len(paragraph.text.split()) > MAX_HEADLINE_WORDS:
        return float("-inf")
    matches = [MATCH_WEIGHT[m] for v in variants if (m := title_match(v, paragraph.text))]
    weight = max(matches, default=0.0) + TAG_WEIGHT.get(block.tag, 0.0)
    own = _parts(_own_words(block, common))
    if _structural_furniture(paragraph, None) or own & FURNITURE_PARTS:
        weight += FURNITURE_WEIGHT
    if own & HEADLINE_PARTS:
        weight += HEADLINE_WORDS_WEIGHT
    if block.extracted:
        weight += EXTRACTED_WEIGHT
    if verdict.role == "title":
        weight += TITLE_ROLE_WEIGHT * verdict.confidence
    return weight


def _candidates(
    paragraphs: Sequence[Paragraph], verdicts: Sequence[Verdict], variants: Sequence[str]
) -> list[tuple[Paragraph, Verdict]]:
    """Page paragraphs that could be the headline: they repeat a title, are h1, or a title."""
    # every match but the exact and case ones needs the folded lengths within MAX_LENGTH_GAP,
    # and those two need them equal: a cheap test first, on the cached folds
    lengths = [len(fold(t)) for t in variants]
    return [
        (p, v)
        for p, v in zip(paragraphs, verdicts, strict=True)
        if p.block is not None
        and len(p.text.split()) <= MAX_HEADLINE_WORDS
        and (
            p.block.tag == "h1"
            or v.role == "title"
            or any(
                abs(n - len(fold(p.text))) <= MAX_LENGTH_GAP and title_match(t, p.text)
                for t, n in zip(variants, lengths, strict=True)
            )
        )
    ]


def _site_header(text: str, labels: set[str]) -> bool:
    """Whether a heading is the site's own: its name ("David Airey, graphic designer"), or its
    name and a section ("love-hina.ch News - News-Archiv" over the story's own heading)."""
    if fold(text) in labels:
        return True
    parts = _SITE_SEPARATORS.split(_squash(text))
    return len(parts) >= 2 and fold(parts[0]) in labels


def _kicker_of(paragraphs: Sequence[Paragraph], index: int, variants: Sequence[str]) -> bool:
    """Whether a page paragraph is the first half of a headline printed in two blocks (a kicker
    "Tanz in der Lokremise:" over "Mit allen Wassern gewaschen"): alone it repeats no declared
    title, joined with the next block it repeats one."""
    if index + 1 >= len(paragraphs) or paragraphs[index + 1].block is None:
        return False
    text, rest = paragraphs[index].text, paragraphs[index + 1].text
    if len(f"{text} {rest}".split()) > MAX_HEADLINE_WORDS or any(
        title_match(v, text) for v in variants
    ):
        return False
    return any(title_match(v, f"{text} {rest}") in ("exact", "case") for v in variants)


def template(paragraph: Paragraph) -> tuple[str, str, str]:
    """The template a page paragraph was printed from: element, path and class words, with
    numbers dropped (``n0``/``n1``, ``post-123``)."""
    block = paragraph.block
    if block is None:
        return ("", "", "")
    return block.tag, block.path, _DIGITS.sub("", block.attrs)


def _template_counts(paragraphs: Sequence[Paragraph]) -> Counter[tuple[str, str, str]]:
    """How many paragraphs of the page each heading template printed."""
    return Counter(
        template(p) for p in paragraphs if p.block is not None and p.block.tag in TAG_WEIGHT
    )


def _headline_like(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= MAX_HEADLINE_WORDS and not text.rstrip().endswith((".", ",", ";"))


@last_answer
def choose(article: Article, verdicts: Sequence[Verdict]) -> Headline | None:
    """Choose the headline of an analysed article, or None when it has none.

    The title check, the date check and the report all ask; the last answer is kept for the
    same article and verdicts (compared by identity).
    """
    declared = declared_titles(article)
    names = site_names(article)
    own_names = [article.meta.get("og:site_name") or "", _domain_name(article)]
    labels = _site_labels([text for _, text in declared], names, own_names)
    # a declared "title" that is only the site's name ("David Airey, graphic designer") is no
    # headline to look for
    variants = [text for _, text in declared if fold(text) not in labels]
    variants += [s for s in (strip_site(v, names) for v in variants) if s not in variants]
    paragraphs = article.paragraphs
    shown: int | None = None
    if article.format == "html" and any(p.block is not None for p in paragraphs):
        candidates = _candidates(paragraphs, verdicts, variants)
        words = [set(p.block.attrs.split()) for p, _ in candidates if p.block is not None]
        common = set.intersection(*words) if len(words) >= 2 else set()
        printed = _template_counts(paragraphs)
        weights = [
            (
                _page_weight(p, v, variants, common)
                + (FURNITURE_WEIGHT if _site_header(p.text, labels) else 0.0)  # the blog's name
                + (FURNITURE_WEIGHT if printed[template(p)] >= TEMPLATE_REPEATS else 0.0)
                + (MATCH_WEIGHT["exact"] if _kicker_of(paragraphs, p.index, variants) else 0.0),
                -p.index,
            )
            for p, v in candidates
        ]
        best = max(weights, default=None)
        if best is not None and best[0] >= MIN_WEIGHT:
            shown = -best[1]
    elif (
        len(paragraphs) >= 2
        and _headline_like(paragraphs[0].text)
        and title_match(paragraphs[0].text, paragraphs[1].text)
    ):
        shown = 0  # a line repeated right under it is the headline, whatever the classifier says
    else:
        titles = (p.index for p, v in zip(paragraphs, verdicts, strict=True) if v.role == "title")
        shown = next(titles, None)
    if shown is not None:
        text = paragraphs[shown].text
        if article.format == "html" and _kicker_of(paragraphs, shown, variants):
            text = f"{text} {paragraphs[shown + 1].text}"  # "Kicker:" + "Headline", one title
        title = as_written(strip_site(text, names), text)
        return Headline(shown, text, "paragraph", title, tuple(dict.fromkeys([text, *variants])))
    if declared:
        key, text = declared[0]
        raw = article.title if key == "title" else article.meta.get(key)
        title = as_written(strip_site(text, names), raw if isinstance(raw, str) else text)
        return Headline(None, text, key, title, tuple(variants))
    return None
