"""`hmskort check`: every reference card by every input kind, usage errors, output and exit status.

Most tests run the CLI in-process (`app.cli.main`) against the shared sandbox fixture, pointed at it
through the environment as a real deployment would be; a few run `hmskort` as a subprocess with no
API configured, so that it starts its own embedded sandbox.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.cli.check import exit_code, result_to_json
from app.model import CheckResult, Finding, ReasonCode, Verdict, WarningCode
from sandbox.reference_cards import REFERENCE_CARDS

ROOT = Path(__file__).resolve().parent.parent
#: The installed console script, as a user runs it.
HMSKORT = Path(sys.executable).parent / "hmskort"

#: card → (verdict, reason, warning codes) by contract §4 and §5 and the sandbox registers.
EXPECTED = {
    "10000001": ("valid", None, set()),
    "10000002": ("valid_with_warnings", None, {"EXPIRES_SOON"}),
    "10000003": ("invalid", "ARBEIDSFORHOLD_OPPHORT", set()),
    "10000004": ("invalid", "TAPT", set()),
    "10000005": ("invalid", "UTLOPT", set()),
    "10000006": ("invalid", "REGISTERKRAV_IKKE_OPPFYLT", set()),
    "10000007": ("valid", None, set()),
    "10000008": ("valid_with_warnings", None, {"CLEANING_NOT_APPROVED"}),
    "10000009": ("valid_with_warnings", None, {"EMPLOYER_BANKRUPT"}),
    "10000010": ("valid_with_warnings", None, {"STAFFING_NOT_APPROVED"}),
}
EXIT = {"valid": 0, "valid_with_warnings": 10, "invalid": 20, "unverified": 30}

INPUTS = {
    "card_number": lambda c: ["check", c.card_number],
    "qr": lambda c: ["check", c.qr_text],
    "barcode": lambda c: ["check", c.barcode_text],
    "chip": lambda c: ["check", "--chip", c.chip_code],
}


def run_json(argv: list[str], capsys) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("kind", list(INPUTS))
@pytest.mark.parametrize("card", REFERENCE_CARDS, ids=[c.card_number for c in REFERENCE_CARDS])
def test_every_reference_card_by_every_input_gets_its_verdict(api_env, capsys, card, kind):
    verdict, reason, warnings = EXPECTED[card.card_number]
    code, obj = run_json(INPUTS[kind](card), capsys)
    assert obj["verdict"] == verdict
    assert obj["reason"] == reason
    assert {w["code"] for w in obj["warnings"]} == warnings
    assert code == EXIT[verdict]
    assert obj["input"]["kind"] == kind
    assert obj["card"]["cardNumber"] == card.card_number
    assert obj["card"]["employer"] == {"orgNumber": card.org_number, "name": card.employer_name}
    assert card.card_number in obj["message"]
    assert not obj["message"].startswith(("message.", "verdict.", "reason."))
    if kind in ("qr", "chip"):
        assert obj["card"]["holder"] == {
            "firstName": card.first_name,
            "lastName": card.last_name,
            "birthDate": card.birth_date.isoformat(),
        }
    else:
        assert obj["card"]["holder"] is None


def test_unknown_card_number_is_invalid_card_not_found(api_env, capsys):
    code, obj = run_json(["check", "99999999"], capsys)
    assert (obj["verdict"], obj["reason"], obj["card"]) == ("invalid", "CARD_NOT_FOUND", None)
    assert code == 20


def test_look_alike_qr_host_is_suspicious_and_never_looked_up(api_env, capsys):
    code, obj = run_json(["check", "https://hmskort.no.evil.example/k/c2LufYNuydk9sgEWl2agE4aE"], capsys)
    assert (obj["verdict"], obj["reason"]) == ("invalid", "SUSPICIOUS_QR")
    assert obj["input"]["kind"] == "qr"
    assert code == 20


def test_text_that_is_no_card_code_is_unrecognised(api_env, capsys):
    code, obj = run_json(["check", "hello world"], capsys)
    assert (obj["verdict"], obj["reason"]) == ("invalid", "UNRECOGNISED_CODE")
    assert obj["input"]["kind"] is None
    assert code == 20


def test_status_api_down_is_unverified_with_exit_30(api_env, capsys):
    api_env.inject(kind="status", status=500)
    code, obj = run_json(["check", "10000001"], capsys)
    assert (obj["verdict"], obj["reason"]) == ("unverified", "SERVER_ERROR")
    assert code == 30


def test_human_output_is_norwegian_by_default_and_english_on_request(api_env, capsys):
    from app.i18n import t

    assert main(["check", "10000004"]) == 20
    nb = capsys.readouterr().out
    assert t("verdict.invalid", "nb").upper() in nb
    assert "TAPT" in nb
    assert main(["check", "10000004", "--lang", "en"]) == 20
    en = capsys.readouterr().out
    assert t("verdict.invalid", "en").upper() in en
    assert nb != en


def test_human_output_lists_the_warnings(api_env, capsys):
    from app.i18n import t

    assert main(["check", "10000009"]) == 10
    out = capsys.readouterr().out
    assert t("ui.result.warnings", "nb") in out
    assert "Konkursbo Bygg AS" in out


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["check"], "give INPUT or --chip"),
        (["check", "10000001", "--chip", "891FEEE6"], "not both"),
        (["check", "--chip", "XYZ"], "--chip"),
        (["check", "   "], "empty"),
    ],
)
def test_usage_errors_exit_2_with_a_message(api_env, capsys, argv, mentions):
    assert main(argv) == 2
    assert mentions in capsys.readouterr().err


def test_half_configured_api_is_a_setup_error_not_the_sandbox(api_env, capsys, monkeypatch):
    monkeypatch.delenv("HMSKORT_CLIENT_SECRET")
    assert main(["check", "10000001"]) == 2
    err = capsys.readouterr().err
    assert "HMSKORT_CLIENT_SECRET" in err
    assert "sandbox" not in err


def test_an_api_marked_as_sandbox_is_announced_as_test_data(api_env, capsys):
    assert main(["check", "10000001"]) == 0
    assert f"HMSKORT_SANDBOX set — {api_env.url} is a sandbox (test data" in capsys.readouterr().err


def test_an_api_not_marked_as_sandbox_is_not_announced_and_not_probed(api_env, capsys, monkeypatch):
    monkeypatch.delenv("HMSKORT_SANDBOX")
    main(["check", "10000001"])
    assert "sandbox" not in capsys.readouterr().err


def test_plain_http_to_a_remote_api_is_refused(api_env, capsys, monkeypatch):
    monkeypatch.setenv("HMSKORT_API_URL", "http://api.hmskort.example")
    assert main(["check", "10000001"]) == 2
    assert "https" in capsys.readouterr().err


def test_exit_codes_follow_the_verdict():
    for verdict, code in [
        (Verdict.VALID, 0),
        (Verdict.VALID_WITH_WARNINGS, 10),
        (Verdict.INVALID, 20),
        (Verdict.UNVERIFIED, 30),
    ]:
        assert exit_code(CheckResult(verdict, None, None)) == code


def test_json_keeps_notes_apart_from_warnings():
    note = Finding(WarningCode.CROSSCHECK_UNAVAILABLE, (("org", "123456785"), ("register", "X")))
    result = CheckResult(Verdict.VALID, None, None, findings=(note,))
    obj = result_to_json(result, "en", text="10000001")
    assert obj["warnings"] == []
    assert [n["code"] for n in obj["notes"]] == ["CROSSCHECK_UNAVAILABLE"]
    assert obj["reason"] is None and obj["card"] is None


# --- as a subprocess, with no API configured: the embedded sandbox ----------------------------------


def _hmskort(*argv: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HMSKORT_")}
    env["HOME"] = str(tmp_path)  # no settings file in ~/.config/hmskort
    return subprocess.run(
        [str(HMSKORT), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_api_settings_it_starts_the_embedded_sandbox_and_says_so(tmp_path):
    done = _hmskort("check", "10000001", "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "HMSKORT_API_URL not set — using the embedded sandbox at http://127.0.0.1:" in done.stderr
    assert "(test data, not real cards)" in done.stderr
    assert json.loads(done.stdout)["verdict"] == "valid"


def test_subprocess_unknown_card_exits_20_with_card_not_found(tmp_path):
    done = _hmskort("check", "99999999", "--json", tmp_path=tmp_path)
    assert done.returncode == 20, done.stderr
    obj = json.loads(done.stdout)
    assert (obj["verdict"], obj["reason"]) == ("invalid", ReasonCode.CARD_NOT_FOUND.value)


def test_subprocess_usage_error_exits_2_without_starting_a_sandbox(tmp_path):
    done = _hmskort("check", tmp_path=tmp_path)
    assert done.returncode == 2
    assert "sandbox" not in done.stderr


def test_json_input_of_a_chip_lookup_names_the_chip_code_but_not_the_chip_holder():
    from app.model import ChipData, ChipRef

    ref = ChipRef("891FEEE6", ChipData(card_number="10000001", last_name="Testmann", first_names="Ola"))
    obj = result_to_json(CheckResult(Verdict.INVALID, ReasonCode.CARD_NOT_FOUND.value, ref), "nb")
    assert obj["input"] == {"kind": "chip", "chipCode": "891FEEE6"}
    assert "Testmann" not in json.dumps(obj)
