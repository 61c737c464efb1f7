"""The public surface: what ``import detector`` offers, and that every module imports alone."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys

import pytest

import detector

PUBLIC = [
    "Article",
    "ConfigError",
    "DetectorError",
    "Finding",
    "LoadError",
    "ModelError",
    "Paragraph",
    "Report",
    "Rule",
    "Severity",
    "Verdict",
    "__version__",
    "analyze",
    "analyze_path",
    "load_model",
    "read",
]

#: Modules that ``import detector`` must not load: they pull in pandas, scikit-learn, lxml, rich.
HEAVY = ("detector.loaders", "detector.model", "detector.checks", "detector.cli", "detector.render")


def all_modules() -> list[str]:
    names = ["detector"]
    for info in pkgutil.walk_packages(detector.__path__, prefix="detector."):
        names.append(info.name)
    return sorted(names)


@pytest.fixture
def fresh_detector():
    """Forget every detector module for the test, then put the originals back."""
    logger = logging.getLogger("detector")
    handlers = list(logger.handlers)
    saved = {
        name: module for name, module in sys.modules.items() if name.split(".")[0] == "detector"
    }
    for name in saved:
        del sys.modules[name]
    yield
    for name in [n for n in sys.modules if n.split(".")[0] == "detector"]:
        del sys.modules[name]
    sys.modules.update(saved)
    logger.handlers[:] = handlers


def test_all_is_pinned() -> None:
    assert sorted(detector.__all__) == PUBLIC


def test_every_public_name_resolves() -> None:
    for name in detector.__all__:
        assert getattr(detector, name) is not None, name
    assert set(detector.__all__) <= set(dir(detector))


def test_errors_form_one_tree() -> None:
    for error in (detector.ConfigError, detector.LoadError, detector.ModelError):
        assert issubclass(error, detector.DetectorError)


def test_version_is_a_string() -> None:
    assert isinstance(detector.__version__, str) and detector.__version__.count(".") >= 1


def test_unknown_attribute_raises() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        detector.nope  # noqa: B018


@pytest.mark.parametrize("name", all_modules())
def test_module_imports_alone(name: str, fresh_detector) -> None:
    module = importlib.import_module(name)
    assert module.__name__ == name


def test_import_detector_stays_light(fresh_detector) -> None:
    importlib.import_module("detector")
    loaded = {name for name in sys.modules if name.split(".")[0] == "detector"}
    assert not {name for name in loaded if name.startswith(HEAVY)}


def test_library_logger_has_only_a_null_handler() -> None:
    handlers = logging.getLogger("detector").handlers
    assert [type(h) for h in handlers] == [logging.NullHandler]


def test_lazy_names_come_from_their_modules(fresh_detector) -> None:
    package = importlib.import_module("detector")
    assert package.load_model is importlib.import_module("detector.model").load_model
