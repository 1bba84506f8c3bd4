"""Plain words for the employer cross-check findings (issue 6). Templates take the Finding's params:
`who` ("Name (org)" or the org number), `org`, `register`; every finding carries the params its
template names, so a message never shows a raw `{field}`."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        "finding.EMPLOYER_BANKRUPT": "Arbeidsgiveren {who} er konkurs ifølge Enhetsregisteret.",
        "finding.EMPLOYER_LIQUIDATION": (
            "Arbeidsgiveren {who} er under avvikling eller tvangsoppløsning ifølge Enhetsregisteret."
        ),
        "finding.EMPLOYER_DELETED": "Arbeidsgiveren {who} er slettet fra Enhetsregisteret.",
        "finding.CLEANING_NOT_APPROVED": (
            "Arbeidsgiveren {who} er ikke godkjent i Renholdsregisteret. "
            "Det er ulovlig å kjøpe renholdstjenester fra den."
        ),
        "finding.STAFFING_NOT_APPROVED": (
            "Arbeidsgiveren {who} driver utleie av arbeidskraft, men er ikke godkjent "
            "i Bemanningsforetaksregisteret."
        ),
        "finding.CROSSCHECK_UNAVAILABLE": (
            "Kunne ikke kontrollere arbeidsgiveren {org} mot {register}. Kortets status er ikke påvirket."
        ),
    },
    "en": {
        "finding.EMPLOYER_BANKRUPT": "The employer {who} is bankrupt according to Enhetsregisteret.",
        "finding.EMPLOYER_LIQUIDATION": (
            "The employer {who} is being wound up or forcibly dissolved according to Enhetsregisteret."
        ),
        "finding.EMPLOYER_DELETED": "The employer {who} has been deleted from Enhetsregisteret.",
        "finding.CLEANING_NOT_APPROVED": (
            "The employer {who} is not approved in Renholdsregisteret (the cleaning register). "
            "Buying cleaning services from it is illegal."
        ),
        "finding.STAFFING_NOT_APPROVED": (
            "The employer {who} hires out workers but is not approved in "
            "Bemanningsforetaksregisteret (the staffing register)."
        ),
        "finding.CROSSCHECK_UNAVAILABLE": (
            "Could not check the employer {org} against {register}. The card's status is not affected."
        ),
    },
}
