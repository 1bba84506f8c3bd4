"""Strings of the Flet app's screens (keys "ui.*"). Verdict, reason, status, category and finding
texts live in `verdicts`; NFC reader texts in the NFC module."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        "ui.app.title": "HMS-kort kontroll",
        "ui.sandbox.banner": "TESTMODUS – dataene er ikke ekte",
        "ui.scan.title": "Skann kortet",
        "ui.scan.guide": "Hold QR-koden eller strekkoden inne i rammen",
        "ui.scan.start_camera": "Start kamera",
        "ui.scan.use_photo": "Bruk et bilde",
        "ui.scan.torch_on": "Lys på",
        "ui.scan.torch_off": "Lys av",
        "ui.scan.checking": "Sjekker …",
        "ui.scan.or_type": "eller skriv kortnummeret",
        "ui.camera.starting": "Starter kameraet …",
        "ui.camera.missing": "Fant ikke noe kamera. Bruk et bilde eller skriv kortnummeret.",
        "ui.camera.denied": (
            "Appen fikk ikke bruke kameraet. Gi tilgang til kameraet i nettleseren eller telefonens "
            "innstillinger, eller skriv kortnummeret."
        ),
        "ui.camera.unsupported": (
            "Kamera finnes ikke på denne plattformen. Bruk et bilde eller skriv kortnummeret."
        ),
        "ui.camera.failed": "Kameraet stoppet. Trykk «Start kamera» for å prøve igjen.",
        "ui.photo.no_code": "Fant ingen QR-kode eller strekkode på bildet. Prøv et skarpere bilde.",
        "ui.photo.unreadable": "Kunne ikke lese bildefilen. Velg et JPEG- eller PNG-bilde.",
        "ui.manual.label": "Kortnummer (8 siffer)",
        "ui.manual.check": "Sjekk",
        "ui.manual.empty": "Skriv kortnummeret først.",
        "ui.manual.invalid": "Et kortnummer har 8 siffer.",
        "ui.result.status": "Status",
        "ui.result.valid_to": "Gyldig til",
        "ui.result.employer": "Arbeidsgiver",
        "ui.result.org_number": "Org.nr. {org}",
        "ui.result.category": "Bransje",
        "ui.result.card_number": "Kortnummer",
        "ui.result.holder": "Kortholder",
        "ui.result.birth_date": "Født",
        "ui.result.compare_face": "Sammenlign ansiktet med personen foran deg.",
        "ui.result.no_photo": "Bilde ikke tilgjengelig",
        "ui.result.warnings": "Advarsler",
        "ui.result.notes": "Merknader",
        "ui.result.checked_at": "Sjekket hos HMS-kort {time}",
        "ui.result.suspicious_warning": (
            "Advarsel: QR-koden kan være forfalsket. Ikke åpne lenken. "
            "Be om kortet og skriv inn kortnummeret."
        ),
        "ui.result.scan_next": "Skann neste",
        "ui.result.try_again": "Prøv igjen",
        "ui.result.chip_title": "Lest fra brikken (ikke bekreftet)",
        "ui.result.chip_name": "Navn",
        "ui.result.chip_employer": "Arbeidsgiver",
        "ui.result.chip_valid_to": "Gyldig til",
        "ui.result.detail": "Teknisk: {detail}",
        "ui.settings.title": "Innstillinger",
        "ui.settings.open": "Innstillinger",
        "ui.settings.back": "Tilbake",
        "ui.settings.api_url": "API-adresse (tom = testmodus)",
        "ui.settings.client_id": "Klient-ID",
        "ui.settings.client_secret": "Klienthemmelighet",
        "ui.settings.secret_stored": "Lagret: {hint}. Skriv en ny for å bytte.",
        "ui.settings.secret_memory_only": (
            "Sikker lagring finnes ikke her: hemmeligheten holdes bare i minnet til appen lukkes."
        ),
        "ui.settings.secret_secure": "Hemmeligheten lagres i enhetens sikre lager.",
        "ui.settings.language": "Språk",
        "ui.settings.qr_hosts": "Godkjente QR-verter",
        "ui.settings.save": "Lagre",
        "ui.settings.saved": "Lagret.",
        "ui.settings.url_invalid": "API-adressen må være en https://-adresse.",
        "ui.settings.url_not_https": "Bruk https:// (http bare mot denne maskinen).",
        "ui.settings.hosts_invalid": "Skriv vertsnavn som hmskort.no, skilt med komma.",
        "ui.settings.client_id_missing": "Klient-ID mangler.",
        "ui.settings.apply_failed": "Kunne ikke ta i bruk innstillingene.",
        "ui.about.title": "Om appen",
        "ui.about.version": "Versjon {version}",
        "ui.about.sandbox": (
            "Testmodus: appen snakker med en innebygd testtjeneste med oppdiktede kort. "
            "Ingen svar her gjelder ekte personer eller kort."
        ),
        "ui.about.live": "Koblet til {url}.",
        "ui.lang.switch": "English",
        "ui.nfc.copy": "Kopier",
        "ui.fatal.title": "Appen kan ikke sjekke kort nå",
        "ui.fatal.hint": "Rett innstillingene (tannhjulet øverst) eller miljøvariablene HMSKORT_*.",
        "ui.fatal.secret_missing": (
            "Klienthemmeligheten mangler. Skriv den inn under Innstillinger (tannhjulet øverst). "
            "I nettleseren huskes den bare til appen startes på nytt."
        ),
        "ui.chip.ignored_in_settings": (
            "Et kort ble holdt mot leseren mens innstillingene var åpne og ble ikke sjekket. "
            "Hold det mot leseren igjen."
        ),
    },
    "en": {
        "ui.app.title": "HMS card check",
        "ui.sandbox.banner": "TEST MODE – the data is not real",
        "ui.scan.title": "Scan the card",
        "ui.scan.guide": "Keep the QR code or barcode inside the frame",
        "ui.scan.start_camera": "Start camera",
        "ui.scan.use_photo": "Use a photo",
        "ui.scan.torch_on": "Light on",
        "ui.scan.torch_off": "Light off",
        "ui.scan.checking": "Checking …",
        "ui.scan.or_type": "or type the card number",
        "ui.camera.starting": "Starting the camera …",
        "ui.camera.missing": "No camera found. Use a photo or type the card number.",
        "ui.camera.denied": (
            "The app may not use the camera. Allow camera access in the browser or the phone's "
            "settings, or type the card number."
        ),
        "ui.camera.unsupported": "No camera on this platform. Use a photo or type the card number.",
        "ui.camera.failed": "The camera stopped. Tap “Start camera” to try again.",
        "ui.photo.no_code": "No QR code or barcode found in the photo. Try a sharper photo.",
        "ui.photo.unreadable": "Could not read the image file. Choose a JPEG or PNG image.",
        "ui.manual.label": "Card number (8 digits)",
        "ui.manual.check": "Check",
        "ui.manual.empty": "Type the card number first.",
        "ui.manual.invalid": "A card number has 8 digits.",
        "ui.result.status": "Status",
        "ui.result.valid_to": "Valid to",
        "ui.result.employer": "Employer",
        "ui.result.org_number": "Org. no. {org}",
        "ui.result.category": "Industry",
        "ui.result.card_number": "Card number",
        "ui.result.holder": "Card holder",
        "ui.result.birth_date": "Born",
        "ui.result.compare_face": "Compare the face with the person in front of you.",
        "ui.result.no_photo": "Photo not available",
        "ui.result.warnings": "Warnings",
        "ui.result.notes": "Notes",
        "ui.result.checked_at": "Checked with HMS-kort {time}",
        "ui.result.suspicious_warning": (
            "Warning: the QR code may be forged. Do not open the link. Ask for the card and type its number."
        ),
        "ui.result.scan_next": "Scan next",
        "ui.result.try_again": "Try again",
        "ui.result.chip_title": "Read from the chip (not confirmed)",
        "ui.result.chip_name": "Name",
        "ui.result.chip_employer": "Employer",
        "ui.result.chip_valid_to": "Valid to",
        "ui.result.detail": "Technical: {detail}",
        "ui.settings.title": "Settings",
        "ui.settings.open": "Settings",
        "ui.settings.back": "Back",
        "ui.settings.api_url": "API address (empty = test mode)",
        "ui.settings.client_id": "Client ID",
        "ui.settings.client_secret": "Client secret",
        "ui.settings.secret_stored": "Stored: {hint}. Type a new one to replace it.",
        "ui.settings.secret_memory_only": (
            "No secure storage here: the secret is kept in memory only until the app closes."
        ),
        "ui.settings.secret_secure": "The secret is kept in the device's secure storage.",
        "ui.settings.language": "Language",
        "ui.settings.qr_hosts": "Allowed QR hosts",
        "ui.settings.save": "Save",
        "ui.settings.saved": "Saved.",
        "ui.settings.url_invalid": "The API address must be an https:// address.",
        "ui.settings.url_not_https": "Use https:// (http only to this machine).",
        "ui.settings.hosts_invalid": "Type host names like hmskort.no, separated by commas.",
        "ui.settings.client_id_missing": "The client ID is missing.",
        "ui.settings.apply_failed": "Could not apply the settings.",
        "ui.about.title": "About",
        "ui.about.version": "Version {version}",
        "ui.about.sandbox": (
            "Test mode: the app talks to a built-in test service with made-up cards. "
            "No answer here is about real people or cards."
        ),
        "ui.about.live": "Connected to {url}.",
        "ui.lang.switch": "Norsk",
        "ui.nfc.copy": "Copy",
        "ui.fatal.title": "The app cannot check cards now",
        "ui.fatal.hint": "Fix the settings (the gear at the top) or the HMSKORT_* environment variables.",
        "ui.fatal.secret_missing": (
            "The client secret is missing. Enter it in Settings (the gear at the top). "
            "In a browser it is only kept until the app restarts."
        ),
        "ui.chip.ignored_in_settings": (
            "A card was held to the reader while the settings were open and was not checked. "
            "Hold it to the reader again."
        ),
    },
}
