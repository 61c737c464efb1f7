"""Fuzz the text, HTML and Markdown loaders and every check behind them.

The first byte of an input picks the loader (0 text, 1 HTML, 2 Markdown, by its value modulo
3), the rest is the file. An input passes when reading and analysing it raises nothing but
detector's own errors and the report is sound (score in range, JSON serialisable). The paragraph
model is a stand-in that deals roles out by a hash of the text: the model is not fuzzed here.

With atheris (``pip install -e ".[fuzz]"``), coverage-guided, libFuzzer flags apply::

    python fuzz/fuzz_loaders.py -max_total_time=60 -timeout=30 "$(mktemp -d)" fuzz/corpus

Without atheris, or with ``--hypothesis``, hypothesis generates inputs for a given time::

    python fuzz/fuzz_loaders.py --hypothesis --seconds 60

New inputs go to the first folder (a scratch one here, so the checked-in seeds stay as they are).
A crash prints the input's traceback and leaves it in ``crash-*`` (atheris) or prints the
falsifying example (hypothesis); exit code 1 either way. detector's own time limit is switched
off so that libFuzzer's ``-timeout`` reports slow inputs instead of detector absorbing them.
"""

from __future__ import annotations

import json
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

FORMATS = (("text", "fuzz.txt"), ("html", "fuzz.html"), ("markdown", "fuzz.md"))
ROLES = ("content", "title", "dateline", "byline", "boilerplate")


def _setup() -> None:
    """Import detector (instrumented when atheris runs) and build what each input shares."""
    global analyze, read, DetectorError, CONFIG, MODEL
    # Imported here, inside atheris' instrumentation, what the engine would import lazily.
    import detector.checks  # noqa: F401
    import detector.loaders.html  # noqa: F401
    import detector.loaders.markdown  # noqa: F401
    import detector.loaders.text  # noqa: F401
    from detector.config import Config
    from detector.engine import analyze
    from detector.errors import DetectorError
    from detector.findings import Verdict
    from detector.limits import Limits
    from detector.loaders import read

    class HashModel:
        name = "fuzz-hash-model/1"

        def predict(self, article):
            verdicts = []
            for paragraph in article.paragraphs:
                code = zlib.crc32(paragraph.text.encode("utf-8", "surrogatepass"))
                verdicts.append(Verdict(ROLES[code % len(ROLES)], 0.75, None, ()))
            return tuple(verdicts)

    CONFIG = Config(limits=Limits(time_limit=0, max_input_bytes=1_000_000))
    MODEL = HashModel()


def test_one_input(data: bytes) -> None:
    """Read and analyse one fuzz input; raise AssertionError or the crash when it is unsound."""
    fmt, name = FORMATS[data[0] % len(FORMATS)] if data else FORMATS[0]
    try:
        articles = list(read(name, data=data[1:], input_format=fmt, limits=CONFIG.limits))
    except DetectorError:
        return
    for article in articles:
        try:
            report = analyze(article, model=MODEL, config=CONFIG)
        except DetectorError:
            continue
        assert 0 <= report.score <= 100, report.score
        assert not [e for e in report.errors if not e.skipped], report.errors
        json.dumps(report.to_dict(), allow_nan=False)


def _atheris(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["detector"]):
        _setup()
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def _hypothesis(seconds: float) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    _setup()
    seeds = [p.read_bytes() for p in sorted((ROOT / "fuzz" / "corpus").glob("*"))]
    for seed in seeds:
        test_one_input(seed)
    markup = st.sampled_from(
        list("<>/=\"'&;#-!\n ")
        + ["<p>", "</p>", "<div>", "</div>", "<a href=x>", "<script>", "---\n", "# ", "<!--"]
    )
    pieces = st.one_of(
        st.text(max_size=20), markup, st.sampled_from([s.decode("utf-8", "replace") for s in seeds])
    )
    inputs = st.one_of(
        st.binary(max_size=2000),
        st.tuples(st.integers(0, 2), st.lists(pieces, max_size=40)).map(
            lambda t: bytes([t[0]]) + "".join(t[1]).encode("utf-8", "surrogatepass")
        ),
    )
    run = settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(given(inputs)(test_one_input))
    end = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < end:
        run()
        rounds += 1
    print(f"fuzz: {rounds * 200 + len(seeds)} inputs in {seconds:g} s, no failure")
    return 0


def main(argv: list[str]) -> int:
    """Run atheris with libFuzzer flags, or hypothesis with ``--hypothesis --seconds N``."""
    if "--hypothesis" in argv or "--seconds" in argv:
        seconds = float(argv[argv.index("--seconds") + 1]) if "--seconds" in argv else 60.0
        return _hypothesis(seconds)
    try:
        import atheris  # noqa: F401
    except ImportError:
        flag = next((a for a in argv if a.startswith("-max_total_time=")), "=60")
        seconds = float(flag.split("=", 1)[1])
        print(f"fuzz: atheris is not installed; hypothesis for {seconds:g} s", file=sys.stderr)
        return _hypothesis(seconds)
    _atheris(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
