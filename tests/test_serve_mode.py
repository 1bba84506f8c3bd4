"""Local or served mode (issue 13): served mode is chosen by a non-loopback bind or a public URL, and
never starts without sign-in and an https public address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import SettingsError
from app.serve_mode import ServeMode, choose_mode, served_mode_problem
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FULL = dict(
    public_url="https://hmskort.example.no",
    oidc_issuer="https://login.example.no/realms/x",
    oidc_client_id="hmskort",
    oidc_client_secret="s3cret-value",
)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_without_a_public_url_is_local_mode(host):
    assert choose_mode(host, Settings()) is ServeMode.LOCAL


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "hmskort.example.no"])
def test_any_other_bind_address_is_served_mode(host):
    assert choose_mode(host, Settings()) is ServeMode.SERVED


def test_a_public_url_makes_even_a_loopback_bind_served_mode():
    assert choose_mode("127.0.0.1", Settings(public_url="https://hmskort.example.no")) is ServeMode.SERVED


def test_served_mode_names_every_missing_setting_on_one_line():
    line = served_mode_problem("0.0.0.0", Settings())
    assert line is not None and "\n" not in line
    for name in ("PUBLIC_URL", "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"):
        assert f"HMSKORT_{name}" in line
    line = served_mode_problem("0.0.0.0", Settings(**{**FULL, "oidc_client_secret": None}))
    assert "HMSKORT_OIDC_CLIENT_SECRET" in line and "HMSKORT_OIDC_ISSUER" not in line


def test_served_mode_needs_an_https_public_url():
    line = served_mode_problem("127.0.0.1", Settings(**{**FULL, "public_url": "http://127.0.0.1:8443"}))
    assert line is not None and "https://" in line
    assert served_mode_problem("0.0.0.0", Settings(**FULL)) is None


def test_a_public_url_with_a_path_or_plain_http_elsewhere_is_refused():
    with pytest.raises(SettingsError, match="root"):
        Settings(public_url="https://example.no/app")
    with pytest.raises(SettingsError, match="https"):
        Settings(public_url="http://example.no")


def test_the_sign_in_secret_is_never_shown_nor_saved(tmp_path):
    s = Settings(**FULL)
    assert "s3cret-value" not in repr(s) and "s3cret-value" not in str(s)
    saved = s.save(tmp_path / "settings.toml").read_text()
    assert "s3cret-value" not in saved and "oidc_client_secret" not in saved
    assert "public_url" in saved


def test_served_settings_from_the_environment(tmp_path):
    env = {f"HMSKORT_{k.upper()}": v for k, v in FULL.items()} | {
        "HMSKORT_OIDC_ROLES_CLAIM": "realm_access.roles",
        "HMSKORT_LOOKUPS_PER_10_MIN": "5",
        "HMSKORT_IDLE_TIMEOUT": "600",
        "HMSKORT_CREW_ROWS_PER_DAY": "0",
    }
    (tmp_path / "settings.toml").write_text("")
    s = Settings.load(env=env, path=tmp_path / "settings.toml")
    assert (s.oidc_roles_claim, s.lookups_per_10_min, s.idle_timeout) == ("realm_access.roles", 5, 600.0)
    assert s.oidc_client_secret.reveal() == "s3cret-value"
    assert s.crew_rows_per_day == 0  # crew lists off
    assert Settings().lookups_per_10_min == 60 and Settings().idle_timeout == 1800.0
    assert Settings().crew_rows_per_day == 5000


@pytest.mark.parametrize(
    "bad",
    [{"lookups_per_10_min": 0}, {"idle_timeout": 5}, {"oidc_roles_claim": "a b"}, {"crew_rows_per_day": -1}],
)
def test_served_settings_are_validated(bad):
    with pytest.raises(SettingsError):
        Settings(**bad)


def _run_main(tmp_path, **env) -> subprocess.CompletedProcess:
    settings = tmp_path / "settings.toml"
    settings.write_text("")
    full = {k: v for k, v in os.environ.items() if not k.startswith(("HMSKORT_", "FLET_"))}
    full |= {"HMSKORT_SETTINGS_FILE": str(settings), "FLET_SERVER_PORT": "1", **env}
    args = [sys.executable, str(ROOT / "main.py")]
    return subprocess.run(args, env=full, capture_output=True, text=True, timeout=60, cwd=ROOT)


def test_main_bound_to_all_addresses_without_sign_in_exits_with_one_clear_line(tmp_path):
    done = _run_main(tmp_path, FLET_SERVER_IP="0.0.0.0")
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("hmskort:")]
    assert len(lines) == 1, done.stderr
    assert "0.0.0.0" in lines[0] and "HMSKORT_OIDC_ISSUER" in lines[0] and "HMSKORT_PUBLIC_URL" in lines[0]


def test_main_with_a_public_url_over_http_exits_naming_https(tmp_path):
    env = {f"HMSKORT_{k.upper()}": v for k, v in FULL.items()} | {"HMSKORT_PUBLIC_URL": "http://127.0.0.1:9"}
    done = _run_main(tmp_path, FLET_SERVER_IP="127.0.0.1", **env)
    assert done.returncode != 0
    assert "https://" in done.stderr and "HMSKORT_PUBLIC_URL" in done.stderr
