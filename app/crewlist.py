"""Crew lists (issue 15): a CSV or XLSX file → the rows to check, and the same file written back
with the results added.

Reading is pure (bytes in, values out) and bounded, because the file comes from outside (a main
contractor's spreadsheet, an upload in the served app): at most `MAX_FILE_BYTES`, `MAX_ROWS` rows
and `MAX_COLUMNS` columns; an XLSX file's parts may not unpack to more than `MAX_XLSX_UNPACKED`
bytes (a zip bomb), and openpyxl parses its XML through defusedxml, in read-only (streaming) mode.

Columns are found by their header, case- and accent-insensitive: the card number (`kortnummer`,
`hms-kort`, `cardNumber`, `card number`, ...), optionally the org number (`orgnr`,
`organisasjonsnummer`) and a name. The name is only ever shown (the app's table): it is never sent
to any service, never journaled and never logged (`CrewRow`'s repr leaves it out).

A row whose card cell is not a card number is *skipped* with its row number and the reason; a row
with nothing in it at all is no row. Nothing else is dropped: `write_back` returns every row of
the file, each with its result columns.
"""

from __future__ import annotations

import csv
import enum
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_XLSX_UNPACKED = 100 * 1024 * 1024
MAX_XLSX_PARTS = 2_000
#: A header is looked for in the first rows only (a title line or two above it is common).
HEADER_SEARCH_ROWS = 20

_CARD_HEADERS = frozenset(
    {
        "kortnummer",
        "kortnr",
        "hmskort",
        "hmskortnummer",
        "hmskortnr",
        "cardnumber",
        "cardno",
        "card",
        "hmscard",
        "hmscardnumber",
    }
)
_ORG_HEADERS = frozenset(
    {
        "orgnr",
        "orgnummer",
        "organisasjonsnummer",
        "orgnumber",
        "orgno",
        "organisationnumber",
        "organizationnumber",
    }
)
_NAME_HEADERS = frozenset({"navn", "name", "fulltnavn", "fullname", "ansatt", "employee"})
_FIRST_NAME_HEADERS = frozenset({"fornavn", "firstname", "givenname"})
_LAST_NAME_HEADERS = frozenset({"etternavn", "lastname", "surname", "familyname"})

_SEPARATORS = re.compile(r"[\s\u00a0\u2007\u202f\-.]")
_DIGITS = re.compile(r"[0-9]+")
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and encrypted .xlsx)


class CrewListError(Exception):
    """The file cannot be read as a crew list. `code` names the problem (catalogue `bulk.error.<code>`),
    `params` fill its message."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = {k: str(v) for k, v in params.items()}


class SkipReason(enum.StrEnum):
    """Why a row is not checked (catalogue `bulk.skip.<value>`)."""

    NO_CARD_NUMBER = "no_card_number"
    NOT_DIGITS = "not_digits"
    WRONG_LENGTH = "wrong_length"


@dataclass(frozen=True, slots=True)
class CrewRow:
    """A row to check. `row` is its row number in the file as a spreadsheet shows it (1 = first line)."""

    row: int
    card_number: str
    org_number: str | None = None
    #: shown in the app's table only; never sent, journaled or logged
    name: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class SkippedRow:
    row: int
    reason: SkipReason
    #: the cell as found, made safe to show (no control characters, at most 40 characters)
    shown: str = ""


@dataclass(eq=False)
class CrewList:
    """A read crew list: the rows to check, the rows skipped, and what `write_back` needs."""

    kind: str  # "csv" | "xlsx"
    rows: tuple[CrewRow, ...]
    skipped: tuple[SkippedRow, ...]
    header_row: int
    #: CSV only: how the file was written, so that the copy with results is written the same way
    encoding: str = "utf-8"
    delimiter: str = ","
    #: every row of the file as read (index 0 = row 1); for write_back only
    _table: list[list[Any]] = field(default_factory=list, repr=False)

    def __repr__(self) -> str:  # the table holds names: keep them out of logs and tracebacks
        return f"CrewList(kind={self.kind!r}, rows={len(self.rows)}, skipped={len(self.skipped)})"

    def fingerprint(self) -> str:
        """Identifies the list's checks (row numbers and card numbers, no names), so that a resumed
        run can tell it is the same list."""
        import hashlib

        digest = hashlib.sha256()
        for r in self.rows:
            digest.update(f"{r.row}:{r.card_number}:{r.org_number or ''};".encode())
        return digest.hexdigest()[:32]


# --- reading -------------------------------------------------------------------------------------


def read_crew_list(data: bytes) -> CrewList:
    """Read a crew list from the file's bytes (CSV or XLSX, told apart by content)."""
    if len(data) > MAX_FILE_BYTES:
        raise CrewListError("too_large", "the file is larger than allowed", limit=MAX_FILE_BYTES // 1_000_000)
    if not data.strip():
        raise CrewListError("empty", "the file is empty")
    if data.startswith(_OLE_MAGIC):
        raise CrewListError("old_excel", "old Excel (.xls) or encrypted file: save it as .xlsx or CSV")
    if data.startswith(_XLSX_MAGIC):
        table = _xlsx_table(data)
        return _build("xlsx", table)
    text, encoding = _decode(data)
    delimiter, table = _csv_table(text)
    return _build("csv", table, encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else
    Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # a binary file, or UTF-16 without a BOM
        return text, encoding
    raise CrewListError("encoding", "the file is neither UTF-8 nor Windows-1252 text, nor an XLSX file")


def _csv_table(text: str) -> tuple[str, list[list[Any]]]:
    """The delimiter (`,` `;` or tab: the one whose split of the first lines gives a card-number
    header, else the one giving most columns) and the rows."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    best: tuple[int, int, str] | None = None
    for delimiter in (";", "\t", ","):
        try:
            rows = list(csv.reader(io.StringIO(head), delimiter=delimiter))
        except csv.Error:
            continue
        found = 1 if _find_header(rows) is not None else 0
        width = max((len(r) for r in rows), default=0)
        if best is None or (found, width) > best[:2]:
            best = (found, width, delimiter)
    delimiter = best[2] if best else ","
    table: list[list[Any]] = []
    try:
        for line_no, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if line_no > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise CrewListError("too_many_rows", "too many rows", limit=MAX_ROWS)
            if len(row) > MAX_COLUMNS:
                raise CrewListError("too_many_columns", "too many columns", row=line_no, limit=MAX_COLUMNS)
            table.append(row)
    except csv.Error as exc:
        raise CrewListError("csv", f"the CSV file is broken: {exc}") from None
    return delimiter, table


def _xlsx_table(data: bytes) -> list[list[Any]]:
    """The first worksheet's values, read in streaming mode within the bounds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_XLSX_PARTS:
                raise CrewListError("xlsx", "the XLSX file has too many parts")
            # zipfile stops at the declared size, so the declared sizes bound what is unpacked.
            if sum(i.file_size for i in infos) > MAX_XLSX_UNPACKED:
                raise CrewListError("too_large", "the XLSX file unpacks to too much", limit=100)
    except zipfile.BadZipFile:
        raise CrewListError("xlsx", "the XLSX file is damaged") from None

    from openpyxl import load_workbook  # imported here: only XLSX files need it

    table: list[list[Any]] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise CrewListError("xlsx", f"the XLSX file cannot be read ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise CrewListError("empty", "the workbook has no worksheet")
        limit = MAX_ROWS + HEADER_SEARCH_ROWS
        for row in sheet.iter_rows(max_row=limit + 1, max_col=MAX_COLUMNS + 1, values_only=True):
            if len(table) >= limit:
                raise CrewListError("too_many_rows", "too many rows", limit=MAX_ROWS)
            values = list(row)
            if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] not in (None, ""):
                raise CrewListError(
                    "too_many_columns", "too many columns", row=len(table) + 1, limit=MAX_COLUMNS
                )
            table.append(values[:MAX_COLUMNS])
    except CrewListError:
        raise
    except Exception as exc:
        raise CrewListError("xlsx", f"the XLSX file cannot be read ({type(exc).__name__})") from None
    finally:
        workbook.close()
    # Trailing empty cells and rows carry nothing; a sheet's dimension often reaches far beyond them.
    while table and all(_blank(v) for v in table[-1]):
        table.pop()
    return [_trim(r) for r in table]


def _trim(row: list[Any]) -> list[Any]:
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return row[:end]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_key(text: Any) -> str:
    """A header as compared: accents and case dropped, only letters and digits kept ("HMS-kort" →
    "hmskort", "Organisasjonsnummer" → "organisasjonsnummer", "Kortnümmer" → "kortnummer")."""
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # ø and æ do not decompose; a header like "Kortnr (HMS)" keeps only its letters
    plain = plain.replace("ø", "o").replace("Ø", "o").replace("æ", "ae").replace("Æ", "ae")
    return "".join(c for c in plain.casefold() if c.isalnum())


@dataclass(frozen=True, slots=True)
class _Header:
    row: int  # index into the table
    card: int
    org: int | None
    names: tuple[int, ...]


def _find_header(table: Sequence[Sequence[Any]]) -> _Header | None:
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        keys = [header_key(v) for v in row]
        card = next((i for i, k in enumerate(keys) if k in _CARD_HEADERS), None)
        if card is None:
            continue
        org = next((i for i, k in enumerate(keys) if k in _ORG_HEADERS), None)
        full = [i for i, k in enumerate(keys) if k in _NAME_HEADERS]
        parts = [i for i, k in enumerate(keys) if k in _FIRST_NAME_HEADERS] + [
            i for i, k in enumerate(keys) if k in _LAST_NAME_HEADERS
        ]
        return _Header(index, card, org, tuple(full[:1] or parts))
    return None


def _build(kind: str, table: list[list[Any]], **fmt: str) -> CrewList:
    header = _find_header(table)
    if header is None:
        raise CrewListError(
            "no_card_column",
            "no card-number column: the first rows need a header such as kortnummer, hms-kort, "
            "cardNumber or card number",
        )
    rows: list[CrewRow] = []
    skipped: list[SkippedRow] = []
    for index in range(header.row + 1, len(table)):
        values = table[index]
        if all(_blank(v) for v in values):
            continue
        row_no = index + 1
        cell = values[header.card] if header.card < len(values) else None
        number, reason = _card_number(cell)
        if reason is not None:
            skipped.append(SkippedRow(row_no, reason, shown_text(cell)))
            continue
        org = _org_number(values[header.org]) if header.org is not None and header.org < len(values) else None
        name = " ".join(_text(values[i]) for i in header.names if i < len(values) and not _blank(values[i]))
        rows.append(CrewRow(row_no, number, org, name or None))
    return CrewList(kind, tuple(rows), tuple(skipped), header.row + 1, _table=table, **fmt)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _card_number(cell: Any) -> tuple[str, SkipReason | None]:
    if isinstance(cell, bool):  # a TRUE/FALSE cell is not a number
        return "", SkipReason.NOT_DIGITS
    text = _SEPARATORS.sub("", _text(cell))
    if not text:
        return "", SkipReason.NO_CARD_NUMBER
    if not (text.isascii() and text.isdigit()):
        return "", SkipReason.NOT_DIGITS
    if len(text) != 8:
        return "", SkipReason.WRONG_LENGTH
    return text, None


def _org_number(cell: Any) -> str | None:
    """The row's org number as written (digits only), or None when the cell is empty. It is compared
    with the answer's employer, never used to look anything up unless it is a valid org number."""
    text = _SEPARATORS.sub("", _text(cell)).removeprefix("NO").removesuffix("MVA")
    if not text:
        return None
    return text[:20] if _DIGITS.fullmatch(text) else shown_text(cell)


def shown_text(value: Any, limit: int = 40) -> str:
    """`value` as text that is safe on a terminal or a screen: control and format characters (escape
    sequences, bidi overrides) become '?', and at most `limit` characters."""
    text = _text(value)
    safe = "".join(c if c.isprintable() else "?" for c in text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


# --- writing back --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResultCells:
    """The columns added to a row: verdict, reason, status, valid to, employer, warnings."""

    verdict: str = ""
    reason: str = ""
    status: str = ""
    valid_to: date | None = None
    employer: str = ""
    warnings: str = ""


def write_back(crew: CrewList, headers: Sequence[str], cells: Mapping[int, ResultCells]) -> bytes:
    """The file again, in its own format, with the six result columns added after its last column:
    `headers` on the header row, `cells[row]` on each row (rows without an entry get empty cells)."""
    width = max((len(r) for r in crew._table), default=0)
    if crew.kind == "xlsx":
        return _write_xlsx(crew, width, headers, cells)
    return _write_csv(crew, width, headers, cells)


def _added(cell: ResultCells | None, *, as_date: bool) -> list[Any]:
    if cell is None:
        return [""] * 6
    valid_to: Any = cell.valid_to
    if valid_to is not None and not as_date:
        valid_to = valid_to.strftime("%d.%m.%Y")
    texts = [cell.verdict, cell.reason, cell.status, cell.employer, cell.warnings]
    safe = [_formula_safe(t) for t in texts]
    return [safe[0], safe[1], safe[2], valid_to if valid_to is not None else "", safe[3], safe[4]]


def _formula_safe(text: str) -> str:
    # Text from the status API (an employer's name) must not become a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _lines(crew: CrewList, width: int, headers: Sequence[str], cells: Mapping[int, ResultCells], as_date):
    for index, values in enumerate(crew._table):
        row_no = index + 1
        padded = list(values) + [""] * (width - len(values))
        if row_no < crew.header_row:
            yield padded
        elif row_no == crew.header_row:
            yield padded + list(headers)
        else:
            blank = all(_blank(v) for v in values)
            yield padded + ([""] * 6 if blank else _added(cells.get(row_no), as_date=as_date))


def _write_csv(crew: CrewList, width: int, headers: Sequence[str], cells: Mapping[int, ResultCells]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=crew.delimiter, lineterminator="\r\n")
    for line in _lines(crew, width, headers, cells, as_date=False):
        writer.writerow(["" if v is None else v for v in line])
    encoding = "utf-16" if crew.encoding == "utf-16" else crew.encoding
    # Windows-1252 cannot hold every character an answer may carry: those become '?', never an error.
    return out.getvalue().encode(encoding, errors="replace")


def _write_xlsx(
    crew: CrewList, width: int, headers: Sequence[str], cells: Mapping[int, ResultCells]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for line in _lines(crew, width, headers, cells, as_date=True):
        row = []
        for value in line:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: "=..." from a file or an answer is no formula
            elif isinstance(value, date | datetime):
                cell.number_format = "DD.MM.YYYY"
            row.append(cell)
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        # XML 1.0 cannot hold most control characters; openpyxl would refuse the whole file.
        return "".join(c if c.isprintable() or c in "\t\n" else "?" for c in value)
    return value
