"""Markdown articles for the gate's tests, built from the articles the project wrote.

``datasets/articles`` holds the project's own stories and ``datasets/boilerplate`` its own
page-furniture phrases (see ``datasets/README.md``); nothing here comes from the web.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATASETS = Path(__file__).resolve().parents[1] / "datasets"

SHARE = "Click to share on Facebook (Opens in new window)"
NEWSLETTER = "Sign up for our morning newsletter and never miss a story."


@cache
def stories(lang: str = "en") -> tuple[dict[str, Any], ...]:
    """The project's articles in one language."""
    path = DATASETS / "articles" / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return tuple(row for row in rows if row["lang"] == lang)


def front_matter(story: dict[str, Any]) -> str:
    fields = f'title: "{story["title"]}"\ndate: {story["date"]}\nsection: {story["section"]}'
    return f"---\n{fields}\n---\n"


def clean_markdown(story: dict[str, Any]) -> str:
    """The story as a tidy Markdown file with front matter."""
    body = [story["byline"], *story["paragraphs"]]
    return front_matter(story) + "\n" + "\n\n".join(body) + "\n"


def scraped_markdown(story: dict[str, Any], *, newline: str = "\n") -> str:
    """The story as a scraper leaves it: the headline twice, a share line, a stray dot and a
    newsletter box among the paragraphs."""
    paragraphs = list(story["paragraphs"])
    middle = len(paragraphs) // 2
    body = [
        f"# {story['title']}",
        story["title"],
        story["byline"],
        *paragraphs[:middle],
        SHARE,
        ".",
        *paragraphs[middle:],
        NEWSLETTER,
    ]
    text = front_matter(story) + "\n" + "\n\n".join(body) + "\n"
    return text.replace("\n", newline)
