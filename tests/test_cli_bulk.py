"""`hmskort bulk`: JSON Lines, the list written back (CSV and XLSX), exit statuses, usage errors."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main
from sandbox.reference_cards import REFERENCE_CARDS

CARDS = [c.card_number for c in REFERENCE_CARDS]


def _write_csv(path, rows, header="Navn;Kortnummer;Orgnr", encoding="utf-8-sig"):
    lines = [header] + [";".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def test_json_lines_one_object_per_row_with_its_row_number(api_env, tmp_path, capsys):
    source = _write_csv(
        tmp_path / "mannskap.csv",
        [
            ("Ola Nordmann", "10000001", ""),
            ("Kari", "10000004", ""),
            ("Per", "bad", ""),
            ("Eva", "99999999", ""),
        ],
    )
    assert main(["bulk", str(source), "--json"]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    skipped = [o for o in lines if "skipped" in o]
    checked = {o["row"]: o for o in lines if "verdict" in o}
    assert [(o["row"], o["skipped"]["code"]) for o in skipped] == [(4, "not_digits")]
    assert sorted(checked) == [2, 3, 5]
    assert checked[2]["verdict"] == "valid" and checked[2]["input"]["cardNumber"] == "10000001"
    assert checked[3]["verdict"] == "invalid" and checked[3]["reason"] == "TAPT"
    assert checked[5]["reason"] == "CARD_NOT_FOUND"
    assert "Ola" not in out and "Nordmann" not in out  # names are never sent anywhere, nor echoed
    assert "Rad 4" in err and "4 rader" in err
    assert "\r" not in err  # no progress bar when stderr is not a terminal


def test_text_output_lists_the_non_valid_rows_first(api_env, tmp_path, capsys):
    source = _write_csv(tmp_path / "l.csv", [("A", c, "") for c in ("10000001", "10000002", "10000003")])
    assert main(["bulk", str(source), "--lang", "en"]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("Row 4  10000003  INVALID")
    assert lines[1].startswith("Row 3  10000002  VALID WITH WARNINGS")
    assert len(lines) == 2  # the plainly valid row needs no attention


def test_output_csv_keeps_separator_and_encoding_and_adds_the_result_columns(api_env, tmp_path):
    source = _write_csv(
        tmp_path / "liste.csv",
        [("Kåre", "10000001", ""), ("Søren", "10000003", ""), ("X", "", "")],
        header="Navn,Kortnummer,Orgnr",
        encoding="cp1252",
    )
    source.write_bytes(source.read_bytes().replace(b";", b","))
    out_path = tmp_path / "resultat.csv"
    assert main(["bulk", str(source), "-o", str(out_path)]) == 0
    text = out_path.read_bytes().decode("cp1252")
    rows = [line.split(",") for line in text.splitlines()]
    assert rows[0] == [
        "Navn",
        "Kortnummer",
        "Orgnr",
        "Resultat",
        "Årsak",
        "Kortstatus",
        "Gyldig til",
        "Arbeidsgiver (register)",
        "Advarsler",
    ]
    assert rows[1][:4] == ["Kåre", "10000001", "", "Gyldig"]
    assert rows[2][3] == "Ugyldig" and "arbeidsforholdet" in rows[2][4]
    assert rows[3][3] == "Hoppet over"


def test_output_xlsx_for_xlsx_input_with_an_employer_mismatch(api_env, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Card number", "Org no"])
    sheet.append(["Ola", 10000001, 123456785])
    sheet.append(["Kari", 10000001, 974760673])  # another employer than the card's
    source = tmp_path / "crew.xlsx"
    workbook.save(source)
    out_path = tmp_path / "checked.xlsx"
    assert main(["bulk", str(source), "-o", str(out_path), "--lang", "en"]) == 0
    sheet = load_workbook(io.BytesIO(out_path.read_bytes())).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][3:] == ["Result", "Reason", "Card status", "Valid to", "Employer (register)", "Warnings"]
    assert values[1][3] == "Valid" and values[1][8] is None
    assert values[2][3] == "Valid with warnings" and values[2][8] == "EMPLOYER_MISMATCH"


def test_any_unverified_row_exits_30(api_env, tmp_path):
    api_env.inject(kind="status", status=500, count=None, path="/v1/cards")
    source = _write_csv(tmp_path / "l.csv", [("A", "10000001", "")])
    assert main(["bulk", str(source), "--json"]) == 30


def test_unreadable_file_exits_1(api_env, tmp_path, capsys):
    assert main(["bulk", str(tmp_path / "missing.csv")]) == 1
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    assert main(["bulk", str(tmp_path / "old.xls")]) == 1
    (tmp_path / "nocol.csv").write_text("Navn;Telefon\nOla;1\n")
    assert main(["bulk", str(tmp_path / "nocol.csv")]) == 1
    err = capsys.readouterr().err
    assert ".xls" in err and "Kortnummer" in err


@pytest.mark.parametrize("args", [["--concurrency", "0"], ["--concurrency", "99"], ["--concurrency", "x"]])
def test_usage_errors_exit_2(api_env, tmp_path, args):
    source = _write_csv(tmp_path / "l.csv", [("A", "10000001", "")])
    try:
        code = main(["bulk", str(source), *args])
    except SystemExit as exc:  # argparse's own type errors
        code = exc.code
    assert code == 2


def test_output_over_the_input_is_a_usage_error(api_env, tmp_path):
    source = _write_csv(tmp_path / "l.csv", [("A", "10000001", "")])
    before = source.read_bytes()
    assert main(["bulk", str(source), "-o", str(source)]) == 2
    assert source.read_bytes() == before
