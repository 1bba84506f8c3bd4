"""Settings: env and TOML file (env wins), validation messages, the secret never shown or saved."""

from __future__ import annotations

import logging
import pickle
import tomllib

import pytest

from app.settings import SETTINGS_ENV_HINT, Secret, Settings, SettingsError

SECRET = "s3cr3t-value-xyz"


def test_defaults_are_the_sandbox_and_the_documented_values():
    s = Settings()
    assert s.sandbox_mode
    assert s.api_url is None
    assert s.token_url is None
    assert (s.connect_timeout, s.read_timeout, s.max_retries) == (3.0, 8.0, 2)
    assert s.qr_hosts == ("hmskort.no", "www.hmskort.no")
    assert s.language == "nb"
    assert s.register_cache_ttl == 43200
    assert not hasattr(s, "keep_personal_data")  # removed until a feature reads it


def test_load_with_an_empty_file_and_no_env_gives_defaults(tmp_path):
    file = tmp_path / "empty.toml"
    file.write_text("")
    assert Settings.load(env={}, path=file) == Settings()


def test_env_values_are_typed(tmp_path):
    env = {
        "HMSKORT_SETTINGS_FILE": str(tmp_path / "none.toml"),
        "HMSKORT_API_URL": "https://api.example.no/",
        "HMSKORT_CLIENT_ID": "field-app",
        "HMSKORT_CLIENT_SECRET": SECRET,
        "HMSKORT_READ_TIMEOUT": "12.5",
        "HMSKORT_MAX_RETRIES": "4",
        "HMSKORT_QR_HOSTS": "HMSKORT.no, kort.example.no",
        "HMSKORT_LANGUAGE": "EN",
        "HMSKORT_NFC_KEY": "5a:4e:42:58:4b:31",
    }
    (tmp_path / "none.toml").write_text("")
    s = Settings.load(env=env)
    assert s.api_url == "https://api.example.no"
    assert s.token_url is None  # the API's own endpoint (api_client.oauth.TOKEN_PATH)
    assert not s.sandbox_mode
    assert s.client_id == "field-app"
    assert s.client_secret.reveal() == SECRET
    assert (s.read_timeout, s.max_retries) == (12.5, 4)
    assert s.qr_hosts == ("hmskort.no", "kort.example.no")
    assert s.language == "en"
    assert s.nfc_key == "5A4E42584B31"


def test_env_wins_over_the_file(tmp_path):
    file = tmp_path / "settings.toml"
    file.write_text('api_url = "https://file.example.no"\nclient_id = "from-file"\nmax_retries = 5\n')
    s = Settings.load(env={"HMSKORT_CLIENT_ID": "from-env"}, path=file)
    assert s.api_url == "https://file.example.no"
    assert s.client_id == "from-env"
    assert s.max_retries == 5
    assert s.settings_file == file


def test_settings_file_path_comes_from_the_environment(tmp_path):
    file = tmp_path / "x.toml"
    file.write_text('language = "en"\n')
    assert Settings.load(env={"HMSKORT_SETTINGS_FILE": str(file)}).language == "en"


def test_a_named_settings_file_that_is_missing_is_an_error(tmp_path):
    with pytest.raises(SettingsError, match="does not exist"):
        Settings.load(env={"HMSKORT_SETTINGS_FILE": str(tmp_path / "missing.toml")})


def test_bad_toml_and_unknown_keys_are_named(tmp_path):
    file = tmp_path / "s.toml"
    file.write_text("api_url = \n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        Settings.load(env={}, path=file)
    file.write_text('api_ulr = "https://x.no"\n')
    with pytest.raises(SettingsError, match=r"unknown setting.*api_ulr"):
        Settings.load(env={}, path=file)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8700",
        "http://127.8.9.1",
        "http://localhost:1234/",
        "http://[::1]:8000",
        "https://a.no",
    ],
)
def test_api_url_may_be_http_only_on_loopback(url):
    assert Settings(api_url=url).api_url == url.rstrip("/")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://api.example.no", "must use https://"),
        ("http://10.0.0.1", "must use https://"),
        ("http://localhost.evil.com", "must use https://"),
        ("ftp://api.example.no", "https:// URL with a host"),
        ("api.example.no", "https:// URL with a host"),
        ("https://user:pw@api.example.no", "user name or password"),
        ("https://api.example.no/?x=1", "query or fragment"),
        ("https://api.example.no:99999", "not a valid URL"),
    ],
)
def test_bad_api_urls_are_refused_with_the_reason(url, fragment):
    with pytest.raises(SettingsError, match=f"api_url.*{fragment}"):
        Settings(api_url=url)


def test_empty_api_url_means_sandbox():
    assert Settings(api_url="  ").sandbox_mode


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"connect_timeout": 0}, "connect_timeout must be between"),
        ({"read_timeout": "soon"}, "read_timeout must be a number"),
        ({"max_retries": 50}, "max_retries must be between"),
        ({"max_retries": True}, "max_retries must be between"),
        ({"qr_hosts": ()}, "at least one host"),
        ({"qr_hosts": ("*.hmskort.no",)}, "not a plain ASCII host name"),
        ({"qr_hosts": ("hmskort.no:443",)}, "not a plain ASCII host name"),
        ({"qr_hosts": ("xn--hmskrt-3ye.no",)}, "not a plain ASCII host name"),
        ({"language": "sv"}, "language must be one of nb, en"),
        ({"nfc_key": "ABC"}, "nfc_key must be 6 bytes"),
        ({"renhold_url": "http://renhold.example.no"}, "renhold_url must use https"),
        ({"user_agent": "a\r\nX-Evil: 1"}, "user_agent"),
    ],
)
def test_invalid_values_are_refused_with_clear_messages(changes, fragment):
    with pytest.raises(SettingsError, match=fragment):
        Settings().with_changes(**changes)


def test_settings_errors_are_value_errors_for_callers_that_catch_those():
    assert issubclass(SettingsError, ValueError)


def test_with_changes_validates_and_rejects_unknown_fields():
    s = Settings().with_changes(api_url="https://api.example.no", client_secret=SECRET)
    assert isinstance(s.client_secret, Secret)
    assert s.client_secret.reveal() == SECRET
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings().with_changes(api="https://x.no")


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().api_url = "https://x.no"  # type: ignore[misc]


# --- the secret ----------------------------------------------------------------------------------


def test_secret_never_appears_in_repr_str_or_format():
    s = Settings(api_url="https://api.example.no", client_id="id", client_secret=SECRET)
    for text in (repr(s), str(s), f"{s}", repr(s.client_secret), str(s.client_secret), f"{s.client_secret}"):
        assert SECRET not in text
    assert str(s.client_secret) == "***"
    assert repr(s.client_secret) == "***"


def test_secret_stays_out_of_logs(caplog):
    s = Settings(client_secret=SECRET)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").warning("settings: %s %r", s, s.client_secret)
    assert SECRET not in caplog.text


def test_secret_cannot_be_pickled():
    with pytest.raises(TypeError):
        pickle.dumps(Secret(SECRET))


def test_secrets_compare_by_value():
    assert Secret("a") == Secret("a")
    assert Secret("a") != Secret("b")
    assert not Secret("")


def test_save_writes_toml_without_the_secret_and_loads_back(tmp_path):
    s = Settings(
        api_url="https://api.example.no",
        client_id="felt-app-æøå",
        client_secret=SECRET,
        qr_hosts=("hmskort.no", "kort.example.no"),
        language="en",
        read_timeout=9.5,
        user_agent='agent "quoted" \\ back',
        nfc_device="tty:USB0:pn532",
    )
    path = s.save(tmp_path / "sub" / "settings.toml")
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text
    assert "client_secret" not in text
    assert (path.stat().st_mode & 0o777) == 0o600
    data = tomllib.loads(text)
    assert data["qr_hosts"] == ["hmskort.no", "kort.example.no"]
    loaded = Settings.load(env={}, path=path)
    assert loaded.with_changes(client_secret=SECRET) == s
    assert loaded.client_secret is None


def test_save_defaults_to_the_file_it_was_loaded_from(tmp_path):
    file = tmp_path / "s.toml"
    file.write_text('language = "en"\n')
    s = Settings.load(env={}, path=file).with_changes(language="nb")
    assert s.save() == file
    assert Settings.load(env={}, path=file).language == "nb"


def test_env_hint_names_every_setting():
    from dataclasses import fields

    for f in fields(Settings):
        if f.name != "settings_file":
            assert "HMSKORT_" + f.name.upper() in SETTINGS_ENV_HINT, f.name
    assert "HMSKORT_SETTINGS_FILE" in SETTINGS_ENV_HINT
