"""Read Markdown with YAML (``---``) or TOML (``+++``) front matter, as static-site generators and
headless CMSs store articles.

Each block (paragraph, heading, list item, quote paragraph, table row, code block) is one
paragraph, its Markdown markers stripped and inline markup reduced to its text; ``line`` and
``end_line`` are the first and last lines of the block in the file, front matter counted, and
``start``/``end`` the character offsets of those source lines' text.

Suppression directives (:mod:`detector.suppressions`) come from an HTML comment (or a paragraph)
that is exactly a directive, and from the front-matter key ``detector: {ignore: [...]}``.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from detector import suppressions
from detector.article import Article, Origin, Paragraph
from detector.errors import LoadError
from detector.limits import DEFAULT_LIMITS, LimitError, Limits
from detector.loaders.html import Segment, segment_page
from detector.loaders.records import iso_date, meta_value
from detector.loaders.text import source_lines
from detector.suppressions import Directive

__all__ = ["parse_markdown", "split_front_matter"]

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
#: Values front matter may hold once its aliases are expanded. YAML aliases let a few lines
#: stand for billions of values ("billion laughs"); real front matter has a few dozen.
MAX_FRONT_MATTER_VALUES = 10_000


def parse_markdown(text: str, source: str, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Build the article of a Markdown file, its front matter giving the metadata."""
    spans = [(offset, line) for _, offset, line in source_lines(text.lstrip("\ufeff"))]
    shift = len(text) - len(text.lstrip("\ufeff"))
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front, body, offset = split_front_matter(text, source, limits=limits)
    paragraphs: list[Paragraph] = []
    directives: list[Directive] = []
    for block, first, last, is_html in _blocks(body, source, limits.max_depth):
        directive = suppressions.parse_line(
            block, line=first + offset, paragraph=len(paragraphs), comment_only=is_html
        )
        if directive is not None:
            directives.append(directive)
            continue
        if is_html:  # a comment that is not a directive shows nothing
            continue
        first_line, last_line = first + offset, last + offset
        start, end = _span(spans, first_line, last_line, shift)
        paragraphs.append(
            Paragraph(
                index=len(paragraphs),
                text=block,
                line=first_line,
                end_line=last_line,
                start=start,
                end=end,
            )
        )
    if not paragraphs:
        raise LoadError(f"{source}: empty input (no text after the front matter)")
    try:
        from_front = suppressions.from_front_matter(front, line=_key_line(text, offset))
    except ValueError as err:
        raise LoadError(f"{source}: bad front matter: {err}") from None
    last = len(paragraphs)
    found = [
        Directive(d.codes, d.scope, d.line, None, d.origin) if d.paragraph == last else d
        for d in directives
    ]
    return Article(
        source=source,
        paragraphs=tuple(paragraphs),
        format="markdown",
        title=_text(front.get("title")),
        date=iso_date(front.get("date")),
        url=_text(front.get("url")) or _text(front.get("permalink")),
        site=_text(front.get("site")) or _text(front.get("site_name")),
        meta={f"front_matter:{key}": meta_value(value) for key, value in front.items()},
        origin=Origin(source),
        directives=(*((from_front,) if from_front is not None else ()), *found),
    )


def _span(
    spans: list[tuple[int, str]], first: int, last: int, shift: int
) -> tuple[int | None, int | None]:
    """Character offsets from the first visible character of line ``first`` to the end of
    ``last``'s text, in the decoded input."""
    if not 1 <= first <= last <= len(spans):
        return None, None
    start_offset, start_line = spans[first - 1]
    end_offset, end_line = spans[last - 1]
    start = start_offset + len(start_line) - len(start_line.lstrip())
    return shift + start, shift + end_offset + len(end_line.rstrip())


def _key_line(text: str, body_offset: int) -> int | None:
    """The line of the front matter's ``detector`` key, when there is front matter."""
    if not body_offset:
        return None
    for number, line in enumerate(text.split("\n")[:body_offset], start=1):
        if line.startswith(suppressions.FRONT_MATTER_KEY) and line[
            len(suppressions.FRONT_MATTER_KEY) :
        ].lstrip()[:1] in (":", "="):
            return number
    return None


def split_front_matter(
    text: str, source: str, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, Any], str, int]:
    """Return the front matter as a mapping, the body, and the number of lines before the body."""
    lines = text.split("\n")
    fence = lines[0].rstrip()
    if fence not in _FENCES:
        return {}, text, 0
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCES[fence]), None)
    if closing is None:
        raise LoadError(f"{source}: bad front matter (no closing '{fence}' line)")
    raw = "\n".join(lines[1:closing])
    front = _load_yaml(raw, source, limits) if fence == "---" else _load_toml(raw, source)
    return front, "\n".join(lines[closing + 1 :]), closing + 1


def _load_yaml(raw: str, source: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    import yaml

    try:
        _check_yaml_size(raw, source, limits)
        data = yaml.load(raw, Loader=_front_matter_loader())  # noqa: S506 (a SafeLoader)
    except RecursionError:
        raise LimitError(f"{source}: front matter nests too deeply to read") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(err, "problem", None) or type(err).__name__
        raise LoadError(f"{source}: bad front matter{where}: {problem}") from None
    return _mapping(data, source)


def _front_matter_loader() -> type:
    """YAML's safe loader, except that a date it cannot build (``2023-46-03``) stays a string.

    The safe loader raises ``ValueError`` on such a date; front matter written by hand has them,
    and the date checks judge a string they cannot read as they judge any unreadable date.
    """
    global _LOADER
    if _LOADER is None:
        import yaml

        class FrontMatterLoader(yaml.SafeLoader):
            def construct_yaml_timestamp(self, node):  # type: ignore[no-untyped-def]
                try:
                    return super().construct_yaml_timestamp(node)
                except (ValueError, OverflowError):
                    return self.construct_scalar(node)

        FrontMatterLoader.add_constructor(
            "tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_yaml_timestamp
        )
        _LOADER = FrontMatterLoader
    return _LOADER


_LOADER: type | None = None


def _check_yaml_size(raw: str, source: str, limits: Limits) -> None:
    """Count the values YAML ``raw`` expands to, and its depth, from its event stream.

    The events come without building anything, so a billion laughs is caught before it is
    constructed: each anchor's expanded size is known when its node ends, and an alias adds it.
    """
    import yaml

    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = [(None, 0)]
    for event in yaml.parse(raw, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in stack):
                raise LoadError(f"{source}: bad front matter (a value that contains itself)")
            size = sizes.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append((event.anchor, 1))
            if limits.max_depth and len(stack) - 1 > limits.max_depth:
                raise LimitError(
                    f"{source}: front matter nested deeper than {limits.max_depth:,} levels; "
                    "raise limits.max-depth to read it"
                )
            continue
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
        else:
            continue
        anchor, total = stack[-1]
        stack[-1] = (anchor, total + size)
        if total + size > MAX_FRONT_MATTER_VALUES:
            raise LimitError(
                f"{source}: front matter expands to more than {MAX_FRONT_MATTER_VALUES:,} "
                "values (YAML aliases); refused"
            )


def _load_toml(raw: str, source: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        raise LoadError(f"{source}: TOML front matter needs Python 3.11 or later") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        raise LoadError(f"{source}: bad front matter: {str(err).splitlines()[0]}") from None
    return _mapping(data, source)


def _mapping(data: object, source: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LoadError(
            f"{source}: bad front matter (a {type(data).__name__}, not key: value pairs)"
        )
    return {str(key): value for key, value in data.items()}


def _blocks(body: str, source: str, max_depth: int = 0) -> list[tuple[str, int, int, bool]]:
    """List (text, first line, last line, is raw HTML) for each text block of the Markdown body.

    Lines are 1-based in ``body``. A raw HTML block comes whole (its text unsegmented) when it is
    a comment, so that a directive can be read from it, and as its visible blocks otherwise.
    """
    blocks: list[tuple[str, int, int, bool]] = []
    row: list[str] = []
    row_line = row_end = 0
    in_row = False
    for token in _MARKDOWN.parse(body):
        line = token.map[0] + 1 if token.map else 0
        end = max(token.map[1], line) if token.map else 0
        if token.type == "tr_open":
            row, row_line, row_end, in_row = [], line, end, True
        elif token.type == "tr_close":
            in_row = False
            text = " | ".join(cell for cell in row if cell)
            if text:
                blocks.append((text, row_line, row_end, False))
        elif token.type == "inline":
            text = _inline_text(token)
            if in_row:
                row.append(text)
            elif text:
                blocks.append((text, line, end, False))
        elif token.type in ("fence", "code_block"):
            text = " ".join(token.content.split())
            if text:
                fenced = int(token.type == "fence")
                blocks.append((text, line + fenced, max(end - fenced, line + fenced), False))
        elif token.type == "html_block":
            content = token.content.strip()
            if content.startswith("<!--") and content.endswith("-->"):
                blocks.append((content, line, end, True))
            else:
                blocks.extend(
                    (s.text, line, end, False) for s in _html_segments(content, source, max_depth)
                )
    return blocks


def _inline_text(token: Token) -> str:
    """Reduce inline Markdown to its words: link text kept, markers, images and raw HTML dropped."""
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _html_segments(content: str, source: str, max_depth: int = 0) -> list[Segment]:
    """Segment a raw HTML block like a page; a comment or empty markup gives nothing."""
    try:
        return segment_page(content, source, max_depth=max_depth)
    except LoadError:
        return []


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(meta_value(value).split())
    return text or None
