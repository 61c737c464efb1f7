"""Labels for corpus pages whose gold is snippets rather than a whole body."""

from __future__ import annotations

from training.tables import label_roles, snippet_labels

BLOCKS = [
    "Home",
    "Share on Twitter",
    "Harbour lanterns return after five years",
    "Hundreds of lanterns drifted across the harbour on Saturday night.",
    "Organisers said the festival would return next spring as well.",
    "Twitter",
    "Read our privacy policy and the terms of use of this site.",
]


def test_a_snippet_that_must_appear_marks_its_one_block_content() -> None:
    labels = snippet_labels(BLOCKS, ["drifted across the harbour on Saturday"], [])
    assert labels == [None, None, None, True, None, None, None]


def test_a_short_snippet_must_be_the_whole_block() -> None:
    labels = snippet_labels(BLOCKS, [], ["Twitter", "Home"])
    assert labels == [False, None, None, None, None, False, None]


def test_a_snippet_that_must_not_appear_marks_every_block_holding_it() -> None:
    blocks = BLOCKS + ["Read our privacy policy and the terms of use of this site."]
    labels = snippet_labels(blocks, [], ["privacy policy and the terms of use"])
    assert labels[6] is False and labels[7] is False


def test_ambiguous_and_contradicted_snippets_decide_nothing() -> None:
    blocks = BLOCKS + ["Hundreds of lanterns drifted across the harbour on Saturday night."]
    assert snippet_labels(blocks, ["lanterns drifted across the harbour"], []) == [None] * 8
    labels = snippet_labels(
        BLOCKS, ["festival would return next spring"], ["return next spring as well"]
    )
    assert labels[4] is None


def test_snippet_labels_feed_the_role_labeller() -> None:
    labels = snippet_labels(BLOCKS, ["lanterns drifted across the harbour"], ["Twitter"])
    roles = label_roles(
        BLOCKS,
        [label is True for label in labels],
        title="Harbour lanterns return after five years",
        byline=None,
    )
    assert roles[2] == "title" and roles[3] == "content"


def test_snippet_pages_become_weighted_rows(tmp_path) -> None:
    import gzip

    from training.corpora import CorpusPage
    from training.tables import snippet_rows

    story = (
        "Hundreds of lanterns drifted across the harbour on Saturday night, and the crowd on "
        "the quay fell silent as the first boats pushed off."
    )
    comment = (
        "What a lovely evening it was, we brought the whole family and stayed until the very "
        "last lantern had gone out."
    )
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><h1>Harbour lanterns return</h1>"
        f"<p>{story}</p><p>Organisers thanked the volunteers.</p>"
        f"<div class='comments'><p>{comment}</p></div><footer>Imprint</footer></body></html>"
    )
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(html.encode()))
    page = CorpusPage(
        "trafilatura_eval",
        "p1",
        "example.org",
        path,
        title="Harbour lanterns return",
        with_snippets=("lanterns drifted across the harbour",),
        without_snippets=("Imprint",),
        comment_snippets=("we brought the whole family",),
    )
    rows = list(snippet_rows(page))
    html_rows = [r for r in rows if r["format"] == "html"]
    assert [r["format"] for r in rows].count("text") == len(html_rows)
    labelled = {r["text"][:20]: (r["role"], r["weight"]) for r in html_rows}
    assert labelled["Home"] == ("boilerplate", 0.0)  # no snippet says anything: context only
    assert labelled["Harbour lanterns ret"] == ("title", 1.0)
    assert labelled[story[:20]] == ("content", 1.0)
    assert labelled["Organisers thanked t"][1] == 0.0
    assert labelled[comment[:20]] == ("boilerplate", 1.0)
    assert labelled["Imprint"] == ("boilerplate", 1.0)
