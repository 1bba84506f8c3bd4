"""The reference cards of contract §5, as data. Dates are offsets from the day the sandbox starts.

Shared by the sandbox's seed, the sample card generator, the NFC card simulator and the tests, so
that there is one copy of the table. Holders are fictitious; birth dates are as the contract gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class ReferenceCard:
    card_number: str
    qr_token: str
    chip_code: str
    status: str
    reason: str | None
    category: str
    org_number: str
    employer_name: str
    first_name: str
    last_name: str
    birth_date: date
    valid_to_days: int
    #: cards are valid for two years, so valid_from is valid_to − 730 days
    valid_years: int = 2

    def valid_to(self, today: date) -> date:
        return today + timedelta(days=self.valid_to_days)

    def valid_from(self, today: date) -> date:
        return self.valid_to(today) - timedelta(days=365 * self.valid_years)

    @property
    def qr_text(self) -> str:
        return f"https://hmskort.no/k/{self.qr_token}"

    @property
    def barcode_text(self) -> str:
        return f"{self.org_number}{self.card_number}"


def _card(num, token, chip, status, reason, cat, org, emp, first, last, born, days) -> ReferenceCard:
    return ReferenceCard(
        num, token, chip, status, reason, cat, org, emp, first, last, date.fromisoformat(born), days
    )


REFERENCE_CARDS: tuple[ReferenceCard, ...] = (
    _card(
        "10000001",
        "c2LufYNuydk9sgEWl2agE4aE",
        "891FEEE6",
        "GYLDIG",
        None,
        "BYGG",
        "123456785",
        "Eksempel Bygg AS",
        "Ola",
        "Testmann",
        "1985-03-14",
        400,
    ),
    _card(
        "10000002",
        "-Yhc3a-LcBfS83Cedu3QlYJJ",
        "D89A416D",
        "GYLDIG",
        None,
        "BYGG",
        "123456785",
        "Eksempel Bygg AS",
        "Kari",
        "Prøve",
        "1991-11-02",
        10,
    ),
    _card(
        "10000003",
        "JbgIQrBc5O_x2A7CzMp1GAaw",
        "1CFB7BDB",
        "UGYLDIG",
        "ARBEIDSFORHOLD_OPPHORT",
        "BYGG",
        "135792462",
        "Fjellstøtt Entreprenør AS",
        "Jonas",
        "Eksempel",
        "1979-06-30",
        200,
    ),
    _card(
        "10000004",
        "TCEe6OQxLdU-ZOxyR2MwqIZu",
        "943AF063",
        "SPERRET",
        "TAPT",
        "BYGG",
        "135792462",
        "Fjellstøtt Entreprenør AS",
        "Piotr",
        "Testowy",
        "1988-01-20",
        300,
    ),
    _card(
        "10000005",
        "29XoqgHXN7RGKNLI5MP2rdfq",
        "B0668AEE",
        "SPERRET",
        "UTLOPT",
        "BYGG",
        "147025831",
        "Vestland Betong AS",
        "Ingrid",
        "Demo",
        "1970-09-09",
        -5,
    ),
    _card(
        "10000006",
        "r6R7wIH3qS3205ZxauEKa4Ca",
        "CD15DAA2",
        "UGYLDIG",
        "REGISTERKRAV_IKKE_OPPFYLT",
        "BYGG",
        "159753646",
        "Nordkyst Stillas AS",
        "Lukas",
        "Bandymas",
        "1995-04-12",
        500,
    ),
    _card(
        "10000007",
        "9_3r4cXeU7DpGDBaFXx6sDYZ",
        "0B279FFA",
        "GYLDIG",
        None,
        "RENHOLD",
        "162738496",
        "Rent & Pent Renhold AS",
        "Anna",
        "Vask",
        "1983-12-24",
        365,
    ),
    _card(
        "10000008",
        "fyXI8q6keblhnInXpYsPQQgd",
        "A48B9927",
        "GYLDIG",
        None,
        "RENHOLD",
        "173849508",
        "Glans Renhold AS",
        "Maria",
        "Test",
        "1990-02-28",
        365,
    ),
    _card(
        "10000009",
        "-1OWUyTC_BbE88rijjE2FdKm",
        "7AA801B9",
        "GYLDIG",
        None,
        "BYGG",
        "184950618",
        "Konkursbo Bygg AS",
        "Erik",
        "Prøvesen",
        "1975-07-07",
        365,
    ),
    _card(
        "10000010",
        "pSx5b_p7CXJ4rcChlSxNAVPL",
        "D06197A8",
        "GYLDIG",
        None,
        "BYGG",
        "195061726",
        "Bemanning Nord AS",
        "Olga",
        "Przykład",
        "1993-05-05",
        365,
    ),
)

BY_NUMBER: dict[str, ReferenceCard] = {c.card_number: c for c in REFERENCE_CARDS}

#: The sandbox's read key A for every sector of the HMSSBX v1 chip layout (contract §6).
SANDBOX_CHIP_KEY = bytes.fromhex("5A4E42584B31")
