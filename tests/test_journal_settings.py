"""The journal's settings: data folder, database URL (a password never in repr or the settings file),
retention days."""

from __future__ import annotations

import pytest

from app.errors import SettingsError
from app.settings import Settings

URL = "postgresql+psycopg://inspector:s3cret-pw@127.0.0.1:5432/journal"


def test_the_database_url_is_read_from_the_environment_and_never_shown_or_saved(tmp_path):
    env = {"HMSKORT_DATABASE_URL": URL, "HMSKORT_DATA_DIR": str(tmp_path / "d"), "HOME": str(tmp_path)}
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    settings = Settings.load(env=env, path=empty)
    assert settings.database_url == URL
    assert settings.effective_data_dir == tmp_path / "d"
    assert "s3cret-pw" not in repr(settings)
    saved = settings.save(tmp_path / "settings.toml").read_text()
    assert "s3cret-pw" not in saved
    assert not any(line.startswith("database_url") for line in saved.splitlines())
    assert "journal_retention_days = 180" in saved


@pytest.mark.parametrize("bad", ["mysql://u:p@h/db", "just text", "http://host/db"])
def test_a_database_url_of_another_kind_is_refused_without_echoing_it(bad):
    with pytest.raises(SettingsError) as err:
        Settings(database_url=bad)
    assert bad not in str(err.value)


@pytest.mark.parametrize("days", ["0", "-5", "abc", "40000"])
def test_retention_days_must_be_a_sensible_number(days):
    with pytest.raises(SettingsError, match="journal_retention_days"):
        Settings(journal_retention_days=days)


def test_without_a_data_dir_the_journal_lives_in_the_platforms_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert Settings().effective_data_dir == tmp_path / ".local" / "share" / "hmskort"
