from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from detector.article import Article, Origin
from detector.findings import Verdict
from detector.loaders.text import line_blocks


class FakeModel:
    """A stand-in paragraph model: roles looked up by exact paragraph text, content otherwise."""

    def __init__(self, roles: Mapping[str, str] | None = None, name: str = "fake-model/1") -> None:
        self.roles = dict(roles or {})
        self.name = name
        self.calls = 0

    def predict(self, article: Article) -> tuple[Verdict, ...]:
        self.calls += 1
        verdicts = []
        for paragraph in article.paragraphs:
            role = self.roles.get(paragraph.text, "content")
            kind = "navigation" if role == "boilerplate" else None
            verdicts.append(Verdict(role, 0.9, kind, (f"fake cue for {role}",)))
        return tuple(verdicts)


def text_article(
    text: str, *, source: str = "story.txt", fmt: str = "text", **fields: object
) -> Article:
    """Build an article as the plain-text loader does: one paragraph per non-blank line, and
    the suppression directives among the lines."""
    paragraphs, directives = line_blocks(text)
    return Article(
        source=source,
        paragraphs=paragraphs,
        format=fmt,
        origin=Origin(source),
        directives=directives,
        **fields,
    )


@pytest.fixture
def fake_model() -> Callable[..., FakeModel]:
    """Return the FakeModel class, to build models with chosen roles."""
    return FakeModel


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """Return a builder of plain-text articles (one paragraph per non-blank line)."""
    return text_article


@pytest.fixture(scope="session")
def small_table():
    """Forty pages of the project's own labelled table, plain text and HTML."""
    from pathlib import Path

    import pandas as pd

    from training.data import validate

    table = pd.read_json(
        Path(__file__).resolve().parents[1] / "datasets" / "paragraphs.jsonl", lines=True
    )
    docs = table["doc"].drop_duplicates().iloc[::6].head(40)
    return validate(table[table["doc"].isin(docs)], "small table")


@pytest.fixture(scope="session")
def small_models(small_table):
    """The text, HTML and kind models fitted once on :func:`small_table`, for every test that
    needs fitted estimators without testing the fit itself."""
    from training.train import fit_models

    return fit_models(small_table)
