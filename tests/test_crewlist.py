"""Reading crew lists (CSV variants, XLSX, junk rows, hostile files) and writing them back."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from app.crewlist import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    CrewListError,
    ResultCells,
    SkipReason,
    header_key,
    read_crew_list,
    write_back,
)

ROWS = [
    ("Ola Nordmann", "10000001", "123456785"),
    ("Kåre Ødegård", "10000003", ""),
    ("Zofia Wójcik", "1000 0002", "123 456 785"),
]


def _csv(delimiter: str, header=("Navn", "Kortnummer", "Orgnr"), rows=ROWS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _xlsx(rows: list[list], title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _expect_standard(crew) -> None:
    assert [(r.row, r.card_number, r.org_number) for r in crew.rows] == [
        (2, "10000001", "123456785"),
        (3, "10000003", None),
        (4, "10000002", "123456785"),
    ]
    assert [r.name for r in crew.rows] == ["Ola Nordmann", "Kåre Ødegård", "Zofia Wójcik"]
    assert crew.skipped == ()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_separators_and_encodings(delimiter, encoding):
    rows = [ROWS[0], ROWS[1], ("Zofia Wojcik", "1000 0002", "123 456 785")]  # ó is not in cp1252... it is
    data = _csv(delimiter, rows=rows).encode(encoding)
    crew = read_crew_list(data)
    assert crew.kind == "csv"
    assert crew.delimiter == delimiter
    assert crew.encoding == encoding if encoding != "utf-8-sig" else crew.encoding == "utf-8-sig"
    assert [(r.row, r.card_number, r.org_number) for r in crew.rows] == [
        (2, "10000001", "123456785"),
        (3, "10000003", None),
        (4, "10000002", "123456785"),
    ]
    assert crew.rows[1].name == "Kåre Ødegård"  # decoded right whatever the encoding


def test_utf16_with_bom_as_excel_unicode_text():
    crew = read_crew_list(_csv("\t").encode("utf-16"))
    _expect_standard(crew)
    assert crew.encoding == "utf-16"


@pytest.mark.parametrize(
    "header",
    [
        ("navn", "KORTNUMMER", "orgnr"),
        ("Name", "HMS-kort", "Organisasjonsnummer"),
        ("name", "cardNumber", "org nr"),
        ("Navn", "Card number", "Org.nr."),
        ("Navn", "Kortnúmmer", "ORGNR"),
    ],
)
def test_headers_are_case_and_accent_insensitive(header):
    crew = read_crew_list(_csv(";", header=header).encode())
    _expect_standard(crew)


def test_header_below_a_title_and_columns_in_any_order():
    text = (
        "Mannskapsliste Byggeplass X\n\nOrgnr;Fornavn;Etternavn;HMS-kort\n123456785;Ola;Nordmann;10000001\n"
    )
    crew = read_crew_list(text.encode())
    assert crew.header_row == 3
    assert [(r.row, r.card_number, r.org_number, r.name) for r in crew.rows] == [
        (4, "10000001", "123456785", "Ola Nordmann")
    ]


def test_junk_rows_are_reported_with_row_number_and_reason_and_nothing_else_is_lost():
    rows = [
        ("A", "10000001", ""),
        ("B", "", ""),  # no card number
        ("", "", ""),  # an empty line is no row at all
        ("C", "1000000", ""),  # 7 digits
        ("D", "10000O01", ""),  # letter O
        ("E", "\x1b[31m12", ""),  # an escape sequence must not reach a terminal
        ("F", "10000004", ""),
    ]
    crew = read_crew_list(_csv(",", rows=rows).encode())
    assert [(r.row, r.card_number) for r in crew.rows] == [(2, "10000001"), (8, "10000004")]
    assert [(s.row, s.reason) for s in crew.skipped] == [
        (3, SkipReason.NO_CARD_NUMBER),
        (5, SkipReason.WRONG_LENGTH),
        (6, SkipReason.NOT_DIGITS),
        (7, SkipReason.NOT_DIGITS),
    ]
    assert "\x1b" not in crew.skipped[-1].shown
    assert crew.skipped[-1].shown == "?[31m12"


def test_name_is_kept_out_of_repr():
    crew = read_crew_list(_csv(";").encode())
    assert "Ola" not in repr(crew.rows[0])
    assert "Ola" not in repr(crew)


def test_xlsx_with_numbers_as_numbers_and_a_title_row():
    data = _xlsx(
        [
            ["Navn", "Telefon", "Kortnummer", "Organisasjonsnummer"],
            ["Ola Nordmann", None, 10000001, 123456785],
            ["Kari", None, 10000003.0, None],
            [None, None, None, None],
            ["Per", None, "abc", None],
            ["Zofia Wójcik", None, " 1000 0002 ", "123 456 785"],
        ],
        title="Mannskapsliste",
    )
    crew = read_crew_list(data)
    assert crew.kind == "xlsx"
    assert [(r.row, r.card_number, r.org_number) for r in crew.rows] == [
        (3, "10000001", "123456785"),
        (4, "10000003", None),
        (7, "10000002", "123456785"),
    ]
    assert [(s.row, s.reason) for s in crew.skipped] == [(6, SkipReason.NOT_DIGITS)]
    assert crew.rows[2].name == "Zofia Wójcik"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"Navn;Telefon\nOla;12345678\n", "no_card_column"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_excel"),
        (b"PK\x03\x04 not really a zip", "xlsx"),
        (b"Kortnummer\n\x81\x8d\x8f\x90\x9d\n", "encoding"),  # bytes that are no cp1252 either
        (b"Kortnummer\n1000\x000001\n", "encoding"),  # binary
    ],
)
def test_unreadable_files_say_why(data, code):
    with pytest.raises(CrewListError) as info:
        read_crew_list(data)
    assert info.value.code == code


def test_too_large_a_file_is_refused_before_parsing():
    with pytest.raises(CrewListError) as info:
        read_crew_list(b"Kortnummer\n" + b"10000001\n" * (MAX_FILE_BYTES // 9 + 1))
    assert info.value.code == "too_large"


def test_too_many_rows_is_refused():
    data = ("Kortnummer\n" + "10000001\n" * (MAX_ROWS + 30)).encode()
    with pytest.raises(CrewListError) as info:
        read_crew_list(data)
    assert info.value.code == "too_many_rows"


def test_too_many_columns_is_refused():
    data = ("Kortnummer" + ",x" * 500 + "\n10000001\n").encode()
    with pytest.raises(CrewListError) as info:
        read_crew_list(data)
    assert info.value.code == "too_many_columns"


def test_xlsx_zip_bomb_is_refused_without_unpacking():
    # A worksheet that unpacks to 200 MB of zeros from a few hundred kB.
    sheet = _xlsx([["Kortnummer"], [10000001]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sheet)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("xl/padding.bin", "w") as pad:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                pad.write(chunk)
    data = out.getvalue()
    assert len(data) < 1_000_000
    with pytest.raises(CrewListError) as info:
        read_crew_list(data)
    assert info.value.code == "too_large"


def test_xlsx_sheet_with_a_huge_gap_is_bounded():
    # One row at the top, one a million rows down: read-only mode would yield every row between.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kortnummer"])
    sheet.append([10000001])
    sheet.cell(row=1_000_000, column=1, value=10000002)
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(CrewListError) as info:
        read_crew_list(out.getvalue())
    assert info.value.code == "too_many_rows"


def test_header_key():
    assert header_key("HMS-kort") == "hmskort"
    assert header_key(" Kort-Nummer ") == "kortnummer"
    assert header_key("Organisasjons­nummer") == "organisasjonsnummer"  # with a soft hyphen
    assert header_key(12) == ""


CELLS = {
    2: ResultCells("Gyldig", "", "Gyldig", date(2027, 1, 31), "Eksempel Bygg AS (123456785)", ""),
    3: ResultCells("Ugyldig", "Sperret – meldt tapt", "Sperret", date(2026, 5, 1), "=HYPERLINK(1)", ""),
}
HEADERS = ["Resultat", "Årsak", "Kortstatus", "Gyldig til", "Arbeidsgiver", "Advarsler"]


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8-sig"), (",", "utf-8"), ("\t", "cp1252")])
def test_csv_written_back_the_same_way_with_result_columns(delimiter, encoding):
    source = _csv(delimiter, rows=ROWS[:2]).encode(encoding)
    crew = read_crew_list(source)
    data = write_back(crew, HEADERS, CELLS)
    assert data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    text = data.decode(encoding)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == ["Navn", "Kortnummer", "Orgnr", *HEADERS]
    assert rows[1][:4] == ["Ola Nordmann", "10000001", "123456785", "Gyldig"]
    assert rows[1][6] == "31.01.2027"
    assert rows[2][0] == "Kåre Ødegård"
    assert rows[2][4] == "Sperret – meldt tapt"
    assert rows[2][7] == "'=HYPERLINK(1)"  # an answer's text never becomes a formula


def test_xlsx_written_back_as_xlsx():
    workbook = Workbook()
    for row in [["Navn", "Kortnummer"], ["Ola", 10000001], ["Kari", "=1+1"], ["Per", 10000003]]:
        workbook.active.append(row)
    workbook.active.cell(row=3, column=2).data_type = "s"  # a text cell that looks like a formula
    source = io.BytesIO()
    workbook.save(source)
    crew = read_crew_list(source.getvalue())
    data = write_back(crew, HEADERS, CELLS)
    sheet = load_workbook(io.BytesIO(data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Navn", "Kortnummer", *HEADERS]
    assert values[1][:3] == ["Ola", 10000001, "Gyldig"]
    assert values[1][5].date() == date(2027, 1, 31)
    assert values[2][1] == "=1+1" and sheet.cell(row=3, column=2).data_type == "s"  # text stays text
    assert values[3][2] is None  # a row without a result gets empty cells
