"""SettingsState: validation, the masked secret, and where the secret goes."""

from __future__ import annotations

from app.state.settings_state import SettingsState, check_api_url, mask_secret, parse_hosts


class MemoryStore:
    persistent = False

    def __init__(self) -> None:
        self.secret: str | None = None

    async def load(self):
        return self.secret

    async def save(self, secret):
        self.secret = secret


def _state():
    applied = []

    async def apply(values, *, test=True):
        applied.append(values)

    return SettingsState(store=MemoryStore(), apply=apply), applied


def test_the_secret_is_never_shown_again_in_full():
    assert mask_secret("sandbox-secret") == "••••cret"
    assert mask_secret("short") == "••••"  # too short to show any of it
    assert mask_secret(None) == ""


def test_api_address_must_be_https_except_to_this_machine():
    assert check_api_url("https://api.example.no") is None
    assert check_api_url("") is None
    assert check_api_url("http://127.0.0.1:8700") is None
    assert check_api_url("http://api.example.no") == "ui.settings.url_not_https"
    assert check_api_url("api.example.no") == "ui.settings.url_invalid"


def test_qr_hosts_are_bare_host_names():
    assert parse_hosts("hmskort.no, WWW.hmskort.no") == ("hmskort.no", "www.hmskort.no")
    assert parse_hosts("https://hmskort.no") is None
    assert parse_hosts("") is None


async def test_saving_stores_the_secret_and_applies_the_values():
    state, applied = _state()
    await state.save(
        api_url="https://api.example.no/",
        client_id="me",
        secret="a-long-secret-1234",
        qr_hosts="hmskort.no",
        language="en",
    )
    assert state.error is None and state.saved
    assert state.store.secret == "a-long-secret-1234"
    assert state.secret_hint == "••••1234"
    assert applied[0].api_url == "https://api.example.no"
    assert applied[0].client_secret == "a-long-secret-1234"
    assert "a-long-secret-1234" not in repr(state)


async def test_a_bad_field_is_reported_and_nothing_is_applied_or_stored():
    state, applied = _state()
    await state.save(
        api_url="http://api.example.no", client_id="me", secret="x" * 20, qr_hosts="hmskort.no", language="nb"
    )
    assert state.error == "ui.settings.url_not_https"
    assert applied == [] and state.store.secret is None
    assert not state.saved


async def test_empty_secret_keeps_the_stored_one():
    state, applied = _state()
    state.store.secret = "stored-secret-9999"
    await state.load_secret_hint()
    assert state.secret_hint == "••••9999"
    await state.save(api_url="", client_id="", secret="", qr_hosts="hmskort.no", language="nb")
    assert applied[0].client_secret is None
    assert state.store.secret == "stored-secret-9999"


async def test_settings_that_cannot_be_applied_do_not_replace_the_stored_secret():
    async def apply(values, *, test=True):
        raise ValueError("cannot reach the new address")

    state = SettingsState(store=MemoryStore(), apply=apply)
    state.store.secret = "old-secret-0000"
    await state.save(
        api_url="https://api.example.no",
        client_id="me",
        secret="new-secret-1111",
        qr_hosts="hmskort.no",
        language="nb",
    )
    assert state.error == "ui.settings.apply_failed" and not state.saved
    assert state.store.secret == "old-secret-0000"


async def test_a_new_api_address_without_a_new_secret_discards_the_stored_one_and_asks_for_it():
    state, applied = _state()
    state.api_url, state.client_id = "https://old.example.no", "cid"
    state.store.secret, state.secret_hint = "old-secret-0000", "••••0000"
    await state.save(
        api_url="https://new.example.no", client_id="cid", secret="", qr_hosts="hmskort.no", language="nb"
    )
    assert applied == []  # nothing went to the new address
    assert state.error == "trust.settings.secret_needed"
    assert not state.store.secret and state.secret_hint == ""
    # a new token address alone counts as a new host too
    state.store.secret = "old-secret-0000"
    await state.save(
        api_url="https://old.example.no",
        token_url="https://idp.example.no/token",
        client_id="cid",
        secret="",
        qr_hosts="hmskort.no",
        language="nb",
    )
    assert applied == [] and state.error == "trust.settings.secret_needed"


async def test_a_failed_connection_test_says_so_and_the_values_can_be_kept_anyway():
    from app.state.settings_state import ConnectionTestFailed

    calls = []

    async def apply(values, *, test=True):
        calls.append(test)
        if test:
            raise ConnectionTestFailed("401 invalid_client")

    state = SettingsState(store=MemoryStore(), apply=apply)
    form = dict(
        api_url="https://api.example.no", client_id="cid", secret="s3cret-value-1", qr_hosts="hmskort.no"
    )
    await state.save(**form, language="nb")
    assert (state.error, state.detail, state.can_keep_anyway, state.saved) == (
        "trust.settings.test_failed",
        "401 invalid_client",
        True,
        False,
    )
    assert state.store.secret is None  # not kept before the settings were taken
    await state.save(**form, language="nb", keep_anyway=True)
    assert calls == [True, False]
    assert (state.saved, state.saved_untested, state.error) == (True, True, None)
    assert state.store.secret == "s3cret-value-1"
