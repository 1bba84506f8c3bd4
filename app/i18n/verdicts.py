"""Plain words for verdicts, reasons, statuses, categories, the card's own cross-check findings, payload
problems and the one-sentence messages of the CLI.

`reason.<StatusReason>` is written to follow "<status> – " (the result screen shows
"Sperret – meldt tapt"); `reason.<ReasonCode>` stands alone. `finding.CHIP_MISMATCH` takes the raw
field code; `app.services.messages.finding_text` puts the `field.*` word in its place.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        "verdict.valid": "Gyldig",
        "verdict.valid_with_warnings": "Gyldig med merknader",
        "verdict.invalid": "Ugyldig",
        "verdict.unverified": "Ikke bekreftet",
        "status.GYLDIG": "Gyldig",
        "status.UGYLDIG": "Ugyldig",
        "status.SPERRET": "Sperret",
        "reason.ARBEIDSFORHOLD_OPPHORT": "arbeidsforholdet er avsluttet",
        "reason.REGISTERKRAV_IKKE_OPPFYLT": "arbeidsgiveren oppfyller ikke registreringskravene",
        "reason.DNUMMER_INAKTIVT": "D-nummeret er ikke lenger aktivt",
        "reason.TAPT": "meldt tapt",
        "reason.STJALET": "meldt stjålet",
        "reason.UTLOPT": "utløpt",
        "reason.INNDRATT": "inndratt",
        "reason.SUSPICIOUS_QR": "Mistenkelig QR-kode – den peker ikke til HMS-kortregisteret",
        "reason.UNRECOGNISED_CODE": "Koden er ikke et HMS-kort",
        "reason.INVALID_CARD_NUMBER": "Ugyldig kortnummer",
        "reason.CARD_NOT_FOUND": "Kortet finnes ikke i HMS-kortregisteret",
        "reason.EXPIRED": "Kortet er utenfor gyldighetsperioden",
        "reason.NOT_YET_VALID": "Kortet er ikke gyldig ennå",
        "reason.CODES_DISAGREE": "QR-koden og strekkoden viser til forskjellige kort",
        "reason.NETWORK": "Ingen forbindelse med HMS-kortregisteret",
        "reason.TIMEOUT": "HMS-kortregisteret svarte ikke i tide",
        "reason.SERVER_ERROR": "Feil hos HMS-kortregisteret",
        "reason.RATE_LIMITED": "For mange oppslag akkurat nå – prøv igjen om litt",
        "reason.LOOKUP_LIMIT": (
            "Du har gjort mange oppslag de siste 10 minuttene. Grensen hindrer masseinnhenting av "
            "personopplysninger. Vent noen minutter og prøv igjen."
        ),
        "reason.LIMIT_UNAVAILABLE": (
            "Serveren kan ikke telle oppslagene dine akkurat nå (databasen svarer ikke), så ingen "
            "oppslag ble gjort. Prøv igjen om litt."
        ),
        "reason.AUTH_FAILED": "Appen fikk ikke logge inn hos HMS-kortregisteret",
        "reason.BAD_RESPONSE": "Uforståelig svar fra HMS-kortregisteret",
        "category.BYGG": "Bygg og anlegg",
        "category.RENHOLD": "Renhold",
        "category.BILPLEIE": "Bilpleie",
        "category.TRANSPORT": "Transport",
        "finding.EXPIRES_SOON": "Kortet utløper om {days} dager.",
        "finding.EXPIRES_SOON.1": "Kortet utløper i morgen.",
        "finding.EXPIRES_SOON.0": "Kortet utløper i dag.",
        "finding.EMPLOYER_MISMATCH": (
            "Arbeidsgiveren på kortet ({printed}) er ikke den samme som i registeret: {name} ({registry})."
        ),
        "finding.CARD_NUMBER_MISMATCH": (
            "Kortnummeret i strekkoden ({printed}) er ikke det samme som i registeret ({registry})."
        ),
        "finding.CHIP_MISMATCH": "Data på brikken stemmer ikke med registeret: {field}.",
        "field.card_number": "kortnummer",
        "field.name": "navn",
        "field.employer": "arbeidsgiver",
        "field.valid_to": "gyldig til",
        "message.valid": "Kortet {card} er gyldig til {valid_to}.",
        "message.valid_with_warnings": "Kortet {card} er gyldig til {valid_to}, men: {warnings}",
        "message.invalid": "Kortet {card} er ugyldig: {reason}.",
        "message.invalid_code": "Ikke godkjent: {reason}.",
        "message.not_yet_valid": "Kortet {card} er ikke gyldig før {valid_from}.",
        "message.unverified": (
            "Statusen kunne ikke bekreftes: {reason}. Kortet er ikke kontrollert – ikke godta det ennå."
        ),
        "payload.too_long": "QR-koden er altfor lang ({length} tegn) til å være et HMS-kort.",
        "payload.hidden_chars": "QR-koden inneholder skjulte tegn ({char}).",
        "payload.lookalike_host": "QR-koden peker til en adresse med forvekslbare tegn ({host}).",
        "payload.non_ascii": "QR-koden inneholder tegn som ikke hører hjemme i en HMS-kort-adresse.",
        "payload.backslash": "QR-koden inneholder en omvendt skråstrek, et kjent triks.",
        "payload.no_scheme": "QR-koden er en adresse uten https:// ({text}).",
        "payload.not_https": "QR-koden bruker http:// i stedet for https://.",
        "payload.other_scheme": "QR-koden er en {scheme}:-lenke, ikke et HMS-kort.",
        "payload.malformed": "QR-koden er en ødelagt adresse.",
        "payload.percent_encoding": "QR-koden skjuler deler av adressen med %-koding.",
        "payload.user_info": "QR-koden later som den er hmskort.no, men går til {host}.",
        "payload.port": "QR-koden peker til et portnummer (:{port}), det gjør aldri et HMS-kort.",
        "payload.trailing_dot": "QR-koden peker til en adresse med punktum til slutt ({host}).",
        "payload.punycode": "QR-koden peker til en kodet adresse ({host}) som kan ligne på hmskort.no.",
        "payload.other_host": "QR-koden peker til en annen adresse ({host}), ikke HMS-kortregisteret.",
        "payload.query": "QR-koden har ekstra parametere etter kortkoden.",
        "payload.fragment": "QR-koden har et ekstra #-ledd etter kortkoden.",
        "payload.unexpected_path": "QR-koden har en ukjent sti på hmskort.no ({path}).",
        "payload.extra_path": "QR-koden har ekstra ledd etter kortkoden.",
        "payload.bad_token": "Kortkoden i QR-koden har feil lengde eller ugyldige tegn.",
        "payload.not_text": "Koden kunne ikke leses som tekst.",
        "payload.empty": "Koden er tom.",
        "payload.too_long_text": "Koden er altfor lang til å være et HMS-kort.",
        "payload.not_a_url": "QR-koden inneholder tekst, ikke en HMS-kort-adresse.",
        "payload.unsupported_symbology": "En {symbology}-kode brukes ikke på HMS-kort.",
        "payload.barcode_format": (
            "Strekkoden er ikke et HMS-kort: den skal ha 9 siffer organisasjonsnummer og 8 siffer kortnummer."
        ),
        "payload.barcode_org": "Organisasjonsnummeret {org} i strekkoden er ikke gyldig.",
        "payload.card_number": "Et kortnummer har 8 siffer.",
        "payload.unrecognised": "Dette er ikke en HMS-kort-kode, et kortnummer eller en strekkode.",
    },
    "en": {
        "verdict.valid": "Valid",
        "verdict.valid_with_warnings": "Valid with warnings",
        "verdict.invalid": "Invalid",
        "verdict.unverified": "Not confirmed",
        "status.GYLDIG": "Valid",
        "status.UGYLDIG": "Invalid",
        "status.SPERRET": "Blocked",
        "reason.ARBEIDSFORHOLD_OPPHORT": "the employment has ended",
        "reason.REGISTERKRAV_IKKE_OPPFYLT": "the employer does not meet the registration requirements",
        "reason.DNUMMER_INAKTIVT": "the D number is no longer active",
        "reason.TAPT": "reported lost",
        "reason.STJALET": "reported stolen",
        "reason.UTLOPT": "expired",
        "reason.INNDRATT": "withdrawn",
        "reason.SUSPICIOUS_QR": "Suspicious QR code – it does not point to the HMS card register",
        "reason.UNRECOGNISED_CODE": "This code is not an HMS card",
        "reason.INVALID_CARD_NUMBER": "Invalid card number",
        "reason.CARD_NOT_FOUND": "The card does not exist in the HMS card register",
        "reason.EXPIRED": "The card is outside its validity period",
        "reason.NOT_YET_VALID": "The card is not valid yet",
        "reason.CODES_DISAGREE": "The QR code and the barcode name different cards",
        "reason.NETWORK": "No connection to the HMS card register",
        "reason.TIMEOUT": "The HMS card register did not answer in time",
        "reason.SERVER_ERROR": "Error at the HMS card register",
        "reason.RATE_LIMITED": "Too many lookups right now – try again shortly",
        "reason.LOOKUP_LIMIT": (
            "You have made many lookups in the last 10 minutes. The limit stops mass collection of "
            "personal data. Wait a few minutes and try again."
        ),
        "reason.LIMIT_UNAVAILABLE": (
            "The server cannot count your lookups right now (its database does not answer), so no "
            "lookup was made. Try again shortly."
        ),
        "reason.AUTH_FAILED": "The app could not log in to the HMS card register",
        "reason.BAD_RESPONSE": "Unintelligible answer from the HMS card register",
        "category.BYGG": "Construction",
        "category.RENHOLD": "Cleaning",
        "category.BILPLEIE": "Car care",
        "category.TRANSPORT": "Transport",
        "finding.EXPIRES_SOON": "The card expires in {days} days.",
        "finding.EXPIRES_SOON.1": "The card expires tomorrow.",
        "finding.EXPIRES_SOON.0": "The card expires today.",
        "finding.EMPLOYER_MISMATCH": (
            "The employer on the card ({printed}) is not the one in the register: {name} ({registry})."
        ),
        "finding.CARD_NUMBER_MISMATCH": (
            "The card number in the barcode ({printed}) is not the one in the register ({registry})."
        ),
        "finding.CHIP_MISMATCH": "The data on the chip does not match the register: {field}.",
        "field.card_number": "card number",
        "field.name": "name",
        "field.employer": "employer",
        "field.valid_to": "valid to",
        "message.valid": "Card {card} is valid until {valid_to}.",
        "message.valid_with_warnings": "Card {card} is valid until {valid_to}, but: {warnings}",
        "message.invalid": "Card {card} is invalid: {reason}.",
        "message.invalid_code": "Not accepted: {reason}.",
        "message.not_yet_valid": "Card {card} is not valid until {valid_from}.",
        "message.unverified": (
            "The status could not be confirmed: {reason}. "
            "The card has not been checked – do not accept it yet."
        ),
        "payload.too_long": "The QR code is far too long ({length} characters) to be an HMS card.",
        "payload.hidden_chars": "The QR code contains hidden characters ({char}).",
        "payload.lookalike_host": "The QR code points to an address with look-alike characters ({host}).",
        "payload.non_ascii": "The QR code contains characters that do not belong in an HMS card address.",
        "payload.backslash": "The QR code contains a backslash, a known trick.",
        "payload.no_scheme": "The QR code is an address without https:// ({text}).",
        "payload.not_https": "The QR code uses http:// instead of https://.",
        "payload.other_scheme": "The QR code is a {scheme}: link, not an HMS card.",
        "payload.malformed": "The QR code is a broken address.",
        "payload.percent_encoding": "The QR code hides part of the address with %-encoding.",
        "payload.user_info": "The QR code pretends to be hmskort.no but goes to {host}.",
        "payload.port": "The QR code points to a port number (:{port}); an HMS card never does.",
        "payload.trailing_dot": "The QR code points to an address ending in a dot ({host}).",
        "payload.punycode": (
            "The QR code points to an encoded address ({host}) that may look like hmskort.no."
        ),
        "payload.other_host": "The QR code points to another address ({host}), not the HMS card register.",
        "payload.query": "The QR code has extra parameters after the card code.",
        "payload.fragment": "The QR code has an extra #-part after the card code.",
        "payload.unexpected_path": "The QR code has an unknown path on hmskort.no ({path}).",
        "payload.extra_path": "The QR code has extra parts after the card code.",
        "payload.bad_token": "The card code in the QR code has the wrong length or invalid characters.",
        "payload.not_text": "The code could not be read as text.",
        "payload.empty": "The code is empty.",
        "payload.too_long_text": "The code is far too long to be an HMS card.",
        "payload.not_a_url": "The QR code holds text, not an HMS card address.",
        "payload.unsupported_symbology": "A {symbology} code is not used on HMS cards.",
        "payload.barcode_format": (
            "The barcode is not an HMS card: it should hold a 9-digit organisation number "
            "and an 8-digit card number."
        ),
        "payload.barcode_org": "The organisation number {org} in the barcode is not valid.",
        "payload.card_number": "A card number has 8 digits.",
        "payload.unrecognised": "This is not an HMS card code, a card number or a barcode.",
    },
}
