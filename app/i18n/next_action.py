"""What the inspector does next (`next.*`, chosen by `app.next_action`) and the "Jeg kontrollerer
som" role (`ui.role.*`). Plain words, one instruction per sentence; no phone numbers."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        "ui.next.title": "Gjør dette",
        "next.valid": "Godta kortet når personen foran deg er den samme som på kortet.",
        "next.valid_with_warnings": "Kortet kan godtas, men følg opp merknadene.",
        "next.ARBEIDSFORHOLD_OPPHORT": (
            "Spør hvem personen jobber for nå: den nye arbeidsgiveren må bestille nytt kort."
        ),
        "next.REGISTERKRAV_IKKE_OPPFYLT": (
            "Kortet gjelder ikke før arbeidsgiveren har rettet registreringen. Spør arbeidsgiveren."
        ),
        "next.DNUMMER_INAKTIVT": (
            "Be om legitimasjon med bilde. Arbeidstakeren må fornye D-nummeret hos Skatteetaten."
        ),
        "next.lost_or_stolen": (
            "Kortet kan være i feil hender. Be om legitimasjon med bilde og noter navnet."
        ),
        "next.tell_issuer": "Meld fra til kortutstederen (hmskort.no) at kortet er i bruk.",
        "next.expired": "Kortet kan ikke brukes. Arbeidsgiveren må bestille nytt kort på hmskort.no.",
        "next.INNDRATT": (
            "Kortet er inndratt av myndighetene og skal ikke være i bruk. "
            "Be om legitimasjon med bilde og noter navnet."
        ),
        "next.tell_arbeidstilsynet": "Meld fra til Arbeidstilsynet med «Meld mistenkelig kort».",
        "next.NOT_YET_VALID": (
            "Kortet gjelder ikke ennå. Ikke godta det før startdatoen; spør arbeidsgiveren."
        ),
        "next.suspected_fake": (
            "Kortet kan være forfalsket. Ikke åpne lenken. Be om legitimasjon med bilde, noter navnet "
            "og skriv inn nummeret som står på kortet."
        ),
        "next.CARD_NOT_FOUND": (
            "Sjekket nummer: {number}. Stemmer det med kortet? Skriv det inn på nytt, eller skann QR-koden."
        ),
        "next.CARD_NOT_FOUND_QR": (
            "Skriv inn nummeret som står på kortet. Finnes heller ikke det, meld kortet som mistenkelig."
        ),
        "next.INVALID_CARD_NUMBER": "Les av kortnummeret på nytt (8 siffer), eller skann QR-koden.",
        "next.UNRECOGNISED_CODE": "Skann QR-koden på HMS-kortet, eller skriv inn kortnummeret.",
        "next.unverified": "Ikke godta kortet ennå. Prøv igjen, eller sjekk kortet senere.",
        "next.RATE_LIMITED": "Vent et halvt minutt før du prøver igjen.",
        "next.AUTH_FAILED": (
            "Appen får ikke logge inn: be IT sjekke klient-ID og hemmelighet i Innstillinger."
        ),
        "next.invalid_other": "Ikke godta kortet. Be om legitimasjon med bilde.",
        "next.role.take_in": "Du kan inndra kortet.",
        "next.role.deny_access": (
            "Ikke gi adgang til byggeplassen. Si fra til arbeidsgiveren eller hovedentreprenøren."
        ),
        "next.no_photo": (
            "Et kortnummer gir ikke navn eller bilde. Skann QR-koden, eller be om legitimasjon med bilde."
        ),
        "next.warning.EXPIRES_SOON": "Be arbeidstakeren få arbeidsgiveren til å bestille nytt kort i tide.",
        "next.warning.EMPLOYER_MISMATCH": (
            "Spør hvem personen jobber for nå. Stemmer det ikke, si fra til arbeidsgiveren eller "
            "hovedentreprenøren."
        ),
        "next.warning.CARD_NUMBER_MISMATCH": (
            "Be om legitimasjon med bilde, og skriv inn nummeret som står på kortet."
        ),
        "next.warning.EMPLOYER_BANKRUPT": (
            "Spør hvem personen jobber for nå, og si fra til hovedentreprenøren."
        ),
        "next.warning.EMPLOYER_LIQUIDATION": "Si fra til hovedentreprenøren.",
        "next.warning.EMPLOYER_DELETED": (
            "Spør hvem personen jobber for nå, og si fra til hovedentreprenøren."
        ),
        "next.warning.CLEANING_NOT_APPROVED": (
            "Det er ulovlig å kjøpe renhold fra en virksomhet som ikke er godkjent: si fra til "
            "oppdragsgiveren."
        ),
        "next.warning.STAFFING_NOT_APPROVED": (
            "Innleie fra et bemanningsforetak som ikke er registrert, er ulovlig: si fra til innleieren "
            "eller hovedentreprenøren."
        ),
        "next.warning.CHIP_MISMATCH": (
            "Be om legitimasjon med bilde. Brikken kan være endret: meld kortet som mistenkelig."
        ),
        "next.warning.CROSSCHECK_UNAVAILABLE": "Arbeidsgiveren kunne ikke sjekkes nå: sjekk igjen senere.",
        "ui.role.title": "Jeg kontrollerer som",
        "ui.role.ask": (
            "Velg hvem du kontrollerer for: det avgjør hva appen ber deg gjøre med et ugyldig kort. "
            "Du kan endre det i Innstillinger."
        ),
        "ui.role.arbeidstilsynet": "Arbeidstilsynet",
        "ui.role.havtil": "Havindustritilsynet (Ptil)",
        "ui.role.politi": "Politiet",
        "ui.role.skatteetaten": "Skatteetaten",
        "ui.role.byggherre": "Byggherre",
        "ui.role.sha_koordinator": "SHA-koordinator",
        "ui.role.verneombud": "Verneombud",
    },
    "en": {
        "ui.next.title": "What to do",
        "next.valid": "Accept the card when the person in front of you is the one on the card.",
        "next.valid_with_warnings": "The card can be accepted, but follow up the warnings.",
        "next.ARBEIDSFORHOLD_OPPHORT": (
            "Ask who the person works for now: the new employer must order a new card."
        ),
        "next.REGISTERKRAV_IKKE_OPPFYLT": (
            "The card is not valid until the employer has put its registration right. Ask the employer."
        ),
        "next.DNUMMER_INAKTIVT": (
            "Ask for photo ID. The worker must renew the D number with the Tax Administration (Skatteetaten)."
        ),
        "next.lost_or_stolen": "The card may be in the wrong hands. Ask for photo ID and note the name.",
        "next.tell_issuer": "Tell the card issuer (hmskort.no) that the card is in use.",
        "next.expired": "The card cannot be used. The employer must order a new card at hmskort.no.",
        "next.INNDRATT": (
            "The card was taken in by the authorities and must not be in use. "
            "Ask for photo ID and note the name."
        ),
        "next.tell_arbeidstilsynet": "Report it to Arbeidstilsynet with “Report suspicious card”.",
        "next.NOT_YET_VALID": (
            "The card is not valid yet. Do not accept it before its start date; ask the employer."
        ),
        "next.suspected_fake": (
            "The card may be forged. Do not open the link. Ask for photo ID, note the name "
            "and type in the number printed on the card."
        ),
        "next.CARD_NOT_FOUND": (
            "Number checked: {number}. Does it match the card? Type it again, or scan the QR code."
        ),
        "next.CARD_NOT_FOUND_QR": (
            "Type in the number printed on the card. If that is not found either, report the card as "
            "suspicious."
        ),
        "next.INVALID_CARD_NUMBER": "Read the card number again (8 digits), or scan the QR code.",
        "next.UNRECOGNISED_CODE": "Scan the QR code on the HMS card, or type in the card number.",
        "next.unverified": "Do not accept the card yet. Try again, or check the card later.",
        "next.RATE_LIMITED": "Wait half a minute before you try again.",
        "next.AUTH_FAILED": "The app cannot log in: ask IT to check the client ID and secret in Settings.",
        "next.invalid_other": "Do not accept the card. Ask for photo ID.",
        "next.role.take_in": "You may take the card in.",
        "next.role.deny_access": "Do not give access to the site. Tell the employer or the main contractor.",
        "next.no_photo": "A card number gives no name or photo. Scan the QR code, or ask for photo ID.",
        "next.warning.EXPIRES_SOON": "Ask the worker to have the employer order a new card in time.",
        "next.warning.EMPLOYER_MISMATCH": (
            "Ask who the person works for now. If it does not match, tell the employer or the main "
            "contractor."
        ),
        "next.warning.CARD_NUMBER_MISMATCH": "Ask for photo ID, and type in the number printed on the card.",
        "next.warning.EMPLOYER_BANKRUPT": "Ask who the person works for now, and tell the main contractor.",
        "next.warning.EMPLOYER_LIQUIDATION": "Tell the main contractor.",
        "next.warning.EMPLOYER_DELETED": "Ask who the person works for now, and tell the main contractor.",
        "next.warning.CLEANING_NOT_APPROVED": (
            "Buying cleaning from a company that is not approved is illegal: tell whoever ordered it."
        ),
        "next.warning.STAFFING_NOT_APPROVED": (
            "Hiring from a staffing agency that is not registered is illegal: tell the hiring company "
            "or the main contractor."
        ),
        "next.warning.CHIP_MISMATCH": (
            "Ask for photo ID. The chip may have been altered: report the card as suspicious."
        ),
        "next.warning.CROSSCHECK_UNAVAILABLE": "The employer could not be checked now: check again later.",
        "ui.role.title": "I am checking as",
        "ui.role.ask": (
            "Choose whom you check for: it decides what the app tells you to do with an invalid card. "
            "You can change it in Settings."
        ),
        "ui.role.arbeidstilsynet": "Labour Inspection (Arbeidstilsynet)",
        "ui.role.havtil": "Havindustritilsynet (Ptil)",
        "ui.role.politi": "Police",
        "ui.role.skatteetaten": "Tax Administration (Skatteetaten)",
        "ui.role.byggherre": "Client (byggherre)",
        "ui.role.sha_koordinator": "SHA coordinator",
        "ui.role.verneombud": "Safety representative (verneombud)",
    },
}
