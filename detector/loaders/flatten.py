"""Flatten HTML nested deeper than a limit, keeping every character of its text.

libxml2 stops at 2,048 levels of nesting (256 without ``huge_tree``) and drops whatever lies
deeper, so a page of 5,000 nested ``<div>`` elements with its story at the bottom reads as empty,
although a browser shows the story. Pages that deep are hostile or broken; what matters is their
text. :func:`flatten` rewrites such a page token by token (the standard library's
``html.parser``, which has no depth limit and no recursion): elements opened below ``depth`` lose
their tags, block elements among them leave a ``<br>`` so that their text still stands apart, and
everything else (text, entities, comments, scripts, line breaks) is copied as it is, so source
lines stay true.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["flatten"]

# Elements without an end tag: they never open a level.
_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)


def flatten(text: str, depth: int, block_tags: frozenset[str]) -> str:
    """Return ``text`` with the elements nested deeper than ``depth`` reduced to their text."""
    flattener = _Flattener(depth, block_tags)
    flattener.feed(text)
    flattener.close()
    return "".join(flattener.out)


class _Flattener(HTMLParser):
    def __init__(self, depth: int, block_tags: frozenset[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = depth
        self.block_tags = block_tags
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, kept) from the root down
        self.broken = False  # the last thing written is a <br> left by a dropped block

    def _write(self, piece: str) -> None:
        self.out.append(piece)
        if piece and not piece.isspace():
            self.broken = False

    def _drop(self, raw: str, tag: str) -> None:
        """Leave one line break for a run of block elements, and the source's own line breaks."""
        if tag in self.block_tags and not self.broken:
            self.out.append("<br>")
            self.broken = True
        self.out.append("\n" * raw.count("\n"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            self._write(raw)
            return
        kept = len(self.open) < self.depth
        self.open.append((tag, kept))
        if kept:
            self._write(raw)
        else:
            self._drop(raw, tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._write(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        raw = f"</{tag}>"
        for position in range(len(self.open) - 1, -1, -1):
            if self.open[position][0] == tag:
                kept = self.open[position][1]
                del self.open[position:]  # what is still open inside closes with it
                if kept:
                    self._write(raw)
                else:
                    self._drop(raw, tag)
                return
        self._write(raw)  # a stray end tag: libxml2 ignores it, so may we

    def handle_data(self, data: str) -> None:
        self._write(data)

    def handle_entityref(self, name: str) -> None:
        self._write(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._write(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._write(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._write(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._write(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._write(f"<![{data}]>")
