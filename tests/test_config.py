"""Settings come from the environment, with safe defaults and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_app.config import ConfigError
from calendar_app.config import Settings
from calendar_app.config import describe

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_need_no_environment() -> None:
    settings = Settings.from_env({})
    assert settings.port == 8000
    assert settings.timezone == "Europe/Amsterdam"
    assert settings.mail_backend == "file"
    assert settings.instance_path == Path("instance").resolve()


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    settings = Settings.from_env({"INSTANCE_PATH": str(tmp_path)})
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path.resolve()}/calendar.sqlite3"


def test_database_url_overrides_the_default() -> None:
    url = "postgresql+psycopg://u@db/calendar"
    assert Settings.from_env({"DATABASE_URL": url}).sqlalchemy_url == url


@pytest.mark.parametrize(("name", "value", "fragment"), [
    ("PORT", "eighty", "PORT='eighty'"),
    ("PORT", "70000", "port number"),
    ("MAIL_BACKEND", "pigeon", "one of file, smtp"),
    ("MAIL_SECURITY", "tls", "one of none, starttls, ssl"),
    ("TIMEZONE", "Mars/Olympus", "time zone"),
    ("BASE_URL", "calendar.example", "http://"),
    ("FEED_GZIP", "maybe", "true or false"),
    ("DIGEST_AT", "someday 8", "monday 08:00"),
])
def test_a_bad_value_names_the_variable(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as error:
        Settings.from_env({name: value})
    assert name in str(error.value)
    assert fragment in str(error.value)


def test_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = Settings.from_env({"INSTANCE_PATH": str(tmp_path)}).ensure_instance()
    second = Settings.from_env({"INSTANCE_PATH": str(tmp_path)}).ensure_instance()
    assert len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_an_explicit_secret_key_is_used_as_given(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "s3cret"}).ensure_instance()
    assert settings.secret_key == "s3cret"
    assert not (tmp_path / "secret_key").exists()


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [name for name, _default, _doc in describe() if f"`{name}`" not in readme]
    assert missing == []


def test_base_url_follows_port_unless_set() -> None:
    assert Settings.from_env({"PORT": "18100"}).base_url == "http://127.0.0.1:18100"
    assert Settings.from_env({}).base_url == "http://127.0.0.1:8000"
    assert Settings.from_env({"PORT": "18100", "BASE_URL": "https://kalender.example"}) \
        .base_url == "https://kalender.example"


def test_a_relative_instance_path_is_made_absolute(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({"INSTANCE_PATH": "instance"})
    assert settings.instance_path == tmp_path / "instance"
    assert Settings.from_env({}).instance_path == tmp_path / "instance"
