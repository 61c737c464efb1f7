"""Find broken characters and markup that leaked into the text.

## What it flags
- **EN001 mojibake**: text decoded with the wrong character set: "cafÃ©" for "café",
  "donâ€™t" for "don’t", "Â£5" for "£5", and the U+FFFD replacement character "�" where bytes
  could not be decoded at all. ftfy (``fix_encoding``) finds and repairs the usual cases; short
  ones it leaves alone on purpose ("Ã…lesund", ftfy #203) are caught by re-encoding the word as
  Windows-1252 and decoding it as UTF-8. The finding gives the repaired form of each broken word.
- **EN002 leftover-markup**: HTML tags (``<br>``, ``</p>``, ``<a href=...>``), HTML comments,
  character entities that were never decoded or were escaped twice (``&nbsp;``, ``&amp;nbsp;``,
  ``&#8217;``), template placeholders (``{{title}}``, ``{% if %}``, ``${name}``, ``%s``,
  ``%(name)s``, ``__TITLE__``) and WordPress-style shortcodes (``[caption id=...]``,
  ``[/embed]``, ``[vc_row]``). In Markdown input, tags and entities are part of the format and
  only placeholders and shortcodes are reported.

Both rules read only paragraphs the classifier kept; boilerplate is BP001's.

## Why it matters
Broken characters in names and quotes are the most visible flaw a republished article can
have, and markup shown as text says the pipeline broke. ftfy repairs conservatively and silently;
an editor needs to know which lines were broken, and how.

## Example
```
Fans in Ã…lesund waited three hours for the team bus.
The mayor said:&nbsp;“We are proud.”<br>
```
EN001: “Ã…lesund” should read “Ålesund”. EN002: “&nbsp;” and “<br>” on line 2.

## Known false positives
- EN001: text that discusses mojibake and quotes it.
- EN002: articles about HTML or templates that quote tags; a literal "%s" in a formula;
  square-bracket editorial notes that look like shortcodes only when they use a known name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ftfy

from detector.checks.base import Analysis, Check
from detector.findings import Finding, Rule, Severity

__all__ = ["CHECK", "LEFTOVER_MARKUP", "MOJIBAKE", "leftover_markup", "mojibake", "repair"]

MOJIBAKE = Rule(
    "EN001",
    "mojibake",
    "mojibake",
    Severity.WARNING,
    "Characters were decoded with the wrong encoding.",
)
LEFTOVER_MARKUP = Rule(
    "EN002",
    "leftover-markup",
    "leftover_markup",
    Severity.WARNING,
    "HTML tags, entities, template placeholders or shortcodes are left in the text.",
)

# A UTF-8 lead byte read as Latin-1/Windows-1252 (Â..ô) followed by a continuation byte read the
# same way, a C1 control character, or the replacement character: cheap test before ftfy runs.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]|\ufffd|"
    "вЂ"  # UTF-8 punctuation read as Windows-1251 (Russian-language sites): вЂ™ for ’
)
# What a repaired word may contain besides ASCII: Latin letters and common punctuation. A
# "repair" into Hebrew points or Armenian letters ("×…" -> "ׅ") is a coincidence, not a fix.
# Greek and Cyrillic count only when two or more letters come out ("Ð¡Ð¾" -> "Со").
_PLAUSIBLE = re.compile("[\u00a0-\u024f\u2010-\u2030\u20ac\u2122]")
_GREEK_CYRILLIC = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
_WORD = re.compile(r"\S+")

_TAGS = (
    "p|br|div|span|a|img|strong|em|b|i|u|h[1-6]|ul|ol|li|table|tr|td|th|tbody|thead|script|style|"
    "iframe|figure|figcaption|blockquote|section|article|header|footer|nav|font|center|sup|sub|"
    "small|hr|meta|link|noscript|svg|button|input|form|label|source|picture|video|audio|aside|"
    "main|time|cite|code|pre|dl|dt|dd"
)
_MARKUP: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("html_comment", re.compile(r"<!--.{0,200}?-->", re.DOTALL)),
    ("html_tag", re.compile(rf"</?(?:{_TAGS})\b[^<>]{{0,200}}/?>", re.IGNORECASE)),
    ("entity", re.compile(r"&(?:amp;)*(?:[a-zA-Z]{2,10}|#\d{2,7}|#[xX][0-9a-fA-F]{2,6});")),
    (
        "placeholder",
        re.compile(
            r"\{\{\s*[^{}\n]{1,60}?\s*\}\}|\{%.{0,80}?%\}|\$\{[A-Za-z_][\w.]*\}|%\([a-z_]+\)[sd]|"
            r"(?<![\w%])%[sd](?![\w])|\b__[A-Z][A-Z_]{2,}__\b"
        ),
    ),
    (
        "shortcode",
        re.compile(
            r"\[/?(?:caption|gallery|embed|video|audio|playlist|vc_\w+|et_pb_\w+|su_\w+|av_\w+|"
            r"fusion_\w+|contact-form[\w-]*|wpforms|ninja_form|rev_slider|tweet|instagram|youtube)"
            r"\b[^\]\n]{0,200}\]",
            re.IGNORECASE,
        ),
    ),
)
_MARKDOWN_KINDS = frozenset({"placeholder", "shortcode"})


def _kept(analysis: Analysis) -> Iterable[tuple[int, str, int | None]]:
    for paragraph, verdict in zip(analysis.article.paragraphs, analysis.verdicts, strict=True):
        if verdict.role != "boilerplate":
            yield paragraph.index, paragraph.text, paragraph.line


def _repair_word(word: str) -> str | None:
    """Undo one round of UTF-8-read-as-Windows-1252 on a word, when that gives valid UTF-8."""
    for encoding in ("cp1252", "latin-1", "cp1251"):
        try:
            fixed = word.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        odd = [c for c in fixed if not c.isascii()]
        scripts = sum(1 for c in odd if _GREEK_CYRILLIC.match(c))
        plausible = all(_PLAUSIBLE.match(c) or _GREEK_CYRILLIC.match(c) for c in odd) and (
            scripts == 0 or scripts >= 2
        )
        if fixed != word and plausible and len(odd) < sum(not c.isascii() for c in word):
            return fixed
    return None


def repair(text: str) -> str:
    """``text`` with its mojibake repaired where ftfy can (``fix_encoding``, which leaves correct
    text alone), for a title that the report shows apart from the body."""
    return ftfy.fix_encoding(text) if _SUSPECT.search(text) else text


def mojibake(analysis: Analysis) -> list[dict[str, object]]:
    """List broken words outside boilerplate, each with its repair (None when undecodable)."""
    found: list[dict[str, object]] = []
    for index, text, line in _kept(analysis):
        if not _SUSPECT.search(text):
            continue
        repaired = ftfy.fix_encoding(text)
        words = _WORD.findall(text)
        fixed_words = _WORD.findall(repaired)
        aligned = len(words) == len(fixed_words)
        for position, word in enumerate(words):
            if not _SUSPECT.search(word):
                continue
            fix: str | None = None
            if aligned and fixed_words[position] != word:
                fix = fixed_words[position]
            elif (attempt := _repair_word(word)) is not None:
                fix = attempt
            if fix is None and "\ufffd" not in word and not re.search("[\u0080-\u009f]", word):
                continue
            found.append(
                {
                    "paragraph": index,
                    "line": line,
                    "text": word,
                    "fixed": fix if fix and "\ufffd" not in fix else None,
                }
            )
    return found


def leftover_markup(analysis: Analysis) -> list[dict[str, object]]:
    """List tags, entities, placeholders and shortcodes outside boilerplate."""
    markdown = analysis.article.format == "markdown"
    found: list[dict[str, object]] = []
    for index, text, line in _kept(analysis):
        if not any(c in text for c in "<&{%$[_"):
            continue
        taken: list[tuple[int, int]] = []
        for kind, pattern in _MARKUP:
            if markdown and kind not in _MARKDOWN_KINDS:
                continue
            for match in pattern.finditer(text):
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                taken.append(match.span())
                found.append(
                    {"paragraph": index, "line": line, "kind": kind, "text": match.group(0)[:80]}
                )
    return found


def _where(analysis: Analysis, item: dict[str, object]) -> str:
    return analysis.where(int(str(item["paragraph"])))


def _finding(
    rule: Rule, message: str, analysis: Analysis, items: list[dict[str, object]], key: str
) -> Finding:
    paragraphs = tuple(sorted({int(str(i["paragraph"])) for i in items}))
    return Finding(
        rule,
        message,
        paragraphs=paragraphs,
        lines=analysis.lines_of(paragraphs),
        evidence={key: items},
        places=len(items),
    )


_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]")


def _visible(text: str) -> str:
    """Spell out control and invisible characters ("\\x84Elmentem"): the C1 controls that a
    Windows-1252 quote becomes when read as Latin-1 show as nothing, and "“Elmentem” should
    read “„Elmentem”" would not say what is wrong."""
    return _INVISIBLE.sub(
        lambda m: (
            f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}"
        ),
        text,
    )


def run(analysis: Analysis) -> Iterable[Finding]:
    """Report broken characters and leftover markup."""
    findings = []
    broken = mojibake(analysis)
    if broken:
        shown = "; ".join(
            f"“{_visible(b['text'])}” should read “{b['fixed']}” ({_where(analysis, b)})"
            if b["fixed"]
            else f"“{_visible(b['text'])}” cannot be repaired from the text ({_where(analysis, b)})"
            for b in broken[:5]
        )
        more = f" and {len(broken) - 5} more" if len(broken) > 5 else ""
        findings.append(
            _finding(
                MOJIBAKE,
                f"Broken characters (text decoded with the wrong encoding): {shown}{more}. "
                f"Re-extract the page with the right encoding or apply the repairs.",
                analysis,
                broken,
                "words",
            )
        )
    markup = leftover_markup(analysis)
    if markup:
        shown = ", ".join(f"“{m['text']}” ({_where(analysis, m)})" for m in markup[:6])
        more = f" and {len(markup) - 6} more" if len(markup) > 6 else ""
        kinds = sorted({str(m["kind"]).replace("_", " ") for m in markup})
        findings.append(
            _finding(
                LEFTOVER_MARKUP,
                f"Markup left in the text ({', '.join(kinds)}): {shown}{more}. Strip it, or decode "
                f"the entities.",
                analysis,
                markup,
                "markup",
            )
        )
    return findings


CHECK = Check(
    name="encoding",
    rules=(MOJIBAKE, LEFTOVER_MARKUP),
    run=run,
    doc=__doc__ or "",
)
