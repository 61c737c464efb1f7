"""Site template counters: they add up across chunks, and recurrence makes a template."""

from __future__ import annotations

from detector.audit.outputs import fingerprint
from detector.audit.sites import SiteCounts, templates


def rows(*texts: str, role: str = "content") -> list[dict]:
    return [{"fingerprint": fingerprint(t), "role": role, "text": t} for t in texts]


def test_fingerprints_ignore_case_spacing_and_numbers():
    assert fingerprint("© 2023  Harbour Times") == fingerprint("© 2024 harbour times")
    assert fingerprint("Latest news") != fingerprint("Latest sport")


def test_counts_merge_to_the_counts_of_all_pages():
    pages = [rows("Latest news", f"Story {chr(97 + i)} text") for i in range(6)]
    whole, left, right = SiteCounts(), SiteCounts(), SiteCounts()
    for number, page in enumerate(pages):
        whole.add_page("a.example", page)
        (left if number % 2 else right).add_page("a.example", page)
    assert (left + right).table().equals(whole.table())


def test_a_paragraph_on_many_pages_of_a_domain_is_template():
    counts = SiteCounts()
    for i in range(10):
        counts.add_page("a.example", rows("Subscribe to our newsletter", f"Story {i} " + "x" * i))
        counts.add_page("b.example", rows(f"Other {i} " + "y" * i))
    counts.add_page("b.example", rows("Subscribe to our newsletter"))
    found = templates(counts.table()).to_pylist()
    assert [(r["domain"], r["text"], r["pages"], r["site_pages"]) for r in found] == [
        ("a.example", "Subscribe to our newsletter", 10, 10)
    ]
    assert found[0]["as_content"] == 10


def test_progress_is_drawn_on_a_terminal_and_the_last_state_returned(capsys):
    from detector.audit.progress import show_progress
    from detector.audit.run import Progress

    states = [Progress(n, n // 5, 0, 0, 2, 20) for n in range(0, 21, 5)]
    last = show_progress(iter(states), live=True)
    assert last == states[-1]
    drawn = capsys.readouterr().err
    assert "records/s" in drawn and "errors" in drawn
    assert show_progress(iter(states), live=False) == states[-1]
    assert capsys.readouterr().err == ""


def test_merging_through_bucket_files_gives_the_same_templates(tmp_path):
    import pyarrow.parquet as pq

    from detector.audit.sites import merge_templates

    whole, parts = SiteCounts(), []
    for chunk in range(6):
        counts = SiteCounts()
        for i in range(8):
            page = rows(
                "Subscribe to our newsletter",
                "Latest news",
                f"Story {chr(97 + chunk)}{chr(97 + i)} " * 3,
            )
            domain = f"{'ab'[i % 2]}.example"
            counts.add_page(domain, page)
            whole.add_page(domain, page)
        parts.append(tmp_path / f"{chunk}.sites.parquet")
        pq.write_table(counts.table(), parts[-1])
    expected = templates(whole.table())
    assert expected.num_rows == 4
    for budget in (1_000_000, 20, 1):  # in memory; 16 buckets; 256 buckets
        assert merge_templates(parts, tmp_path, budget=budget).equals(expected), budget
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in parts)
