"""The suspicious-card report (`report.*` in the PDF, `ui.report.*` on its screen) and the worker
view's controls (`ui.worker.*`)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        "report.title": "Melding om mistenkelig HMS-kort",
        "report.card_number": "Kortnummer",
        "report.scanned": "Hva som ble skannet",
        "report.scanned.qr": "QR-kode",
        "report.scanned.barcode": "Strekkode",
        "report.scanned.chip": "Brikke (NFC)",
        "report.scanned.card_number": "Kortnummer skrevet inn",
        "report.scanned.code": "En kode som ikke er et HMS-kort",
        "report.verdict": "Resultat og årsak",
        "report.time": "Tidspunkt for meldingen",
        "report.checked_at": "Sjekket hos HMS-kortregisteret",
        "report.employer": "Arbeidsgiver i registeret",
        "report.site": "Byggeplass",
        "report.not_given": "Ikke oppgitt",
        "report.note": "Kontrollørens merknad",
        "report.photo_front": "Kortets forside (tatt av kontrolløren)",
        "report.photo_back": "Kortets bakside (tatt av kontrolløren)",
        "report.no_photos": "Ingen bilder av kortet er lagt ved.",
        "report.privacy": (
            "Meldingen inneholder ingen opplysninger om kortholderen fra registeret (navn, fødselsdato, "
            "bilde). Personopplysninger i den er lagt inn av kontrolløren selv."
        ),
        "ui.report.open": "Meld mistenkelig kort",
        "ui.report.title": "Meld mistenkelig kort",
        "ui.report.intro": (
            "Meldingen får kortnummer, hva som ble skannet, resultat og tidspunkt. Ta bilde av begge "
            "sidene av kortet. Ingen opplysninger om kortholderen tas med med mindre du skriver dem selv."
        ),
        "ui.report.photo_front": "Ta bilde av forsiden",
        "ui.report.photo_back": "Ta bilde av baksiden",
        "ui.report.photo_taken": "Bilde lagt ved",
        "ui.report.remove_photo": "Fjern bildet",
        "ui.report.site": "Byggeplass (valgfritt)",
        "ui.report.note": "Merknad (valgfritt, f.eks. navn fra legitimasjon)",
        "ui.report.save": "Lagre melding (PDF)",
        "ui.report.saved": "Lagret som {name}. Send filen til mottakeren.",
        "ui.report.photo_too_big": "Bildet er for stort (over 12 MB). Ta et nytt bilde.",
        "ui.report.photo_unreadable": "Et av bildene kunne ikke leses. Ta bildet på nytt.",
        "ui.report.failed": "Meldingen kunne ikke lagres. Prøv igjen.",
        "ui.report.back": "Tilbake til resultatet",
        "ui.worker.open": "Vis til arbeider",
        "ui.worker.back": "Tilbake til resultatet",
        "ui.worker.language": "Språk for arbeideren",
    },
    "en": {
        "report.title": "Report of a suspicious HMS card",
        "report.card_number": "Card number",
        "report.scanned": "What was scanned",
        "report.scanned.qr": "QR code",
        "report.scanned.barcode": "Barcode",
        "report.scanned.chip": "Chip (NFC)",
        "report.scanned.card_number": "Card number typed in",
        "report.scanned.code": "A code that is not an HMS card",
        "report.verdict": "Result and reason",
        "report.time": "Time of the report",
        "report.checked_at": "Checked with the HMS card register",
        "report.employer": "Employer in the register",
        "report.site": "Site",
        "report.not_given": "Not given",
        "report.note": "Inspector's note",
        "report.photo_front": "Front of the card (taken by the inspector)",
        "report.photo_back": "Back of the card (taken by the inspector)",
        "report.no_photos": "No photos of the card are attached.",
        "report.privacy": (
            "This report holds no data about the card holder from the register (name, birth date, "
            "photo). Any personal data in it was added by the inspector."
        ),
        "ui.report.open": "Report suspicious card",
        "ui.report.title": "Report suspicious card",
        "ui.report.intro": (
            "The report gets the card number, what was scanned, the result and the time. Take photos "
            "of both sides of the card. No data about the holder goes in unless you type it yourself."
        ),
        "ui.report.photo_front": "Photograph the front",
        "ui.report.photo_back": "Photograph the back",
        "ui.report.photo_taken": "Photo attached",
        "ui.report.remove_photo": "Remove the photo",
        "ui.report.site": "Site (optional)",
        "ui.report.note": "Note (optional, e.g. the name on the photo ID)",
        "ui.report.save": "Save report (PDF)",
        "ui.report.saved": "Saved as {name}. Send the file on.",
        "ui.report.photo_too_big": "The photo is too large (over 12 MB). Take a new one.",
        "ui.report.photo_unreadable": "One of the photos could not be read. Take it again.",
        "ui.report.failed": "The report could not be saved. Try again.",
        "ui.report.back": "Back to the result",
        "ui.worker.open": "Show to the worker",
        "ui.worker.back": "Back to the result",
        "ui.worker.language": "Language for the worker",
    },
}
