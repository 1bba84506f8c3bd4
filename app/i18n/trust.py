"""Strings for trust on screen (issue 10): launch gate, connection lost, repeated card, settings
that changed elsewhere, connection test, chip reads."""

STRINGS = {
    "nb": {
        "trust.gate.title": "Åpne lenken fra oppstarten",
        "trust.gate.body": (
            "Denne appen er bare for den som startet den. Åpne lenken som ble skrevet ut da appen "
            "startet (linjen «HMS-kort kontroll: …»)."
        ),
        "trust.offline.title": "Ingen forbindelse – resultatet vises ikke",
        "trust.offline.body": (
            "Appen får ikke svar fra serveren. Sjekk kortet på nytt når forbindelsen er tilbake."
        ),
        "trust.offline.reload": "Start på nytt",
        "trust.scan.same_card": "Samme kort som sist – flytt kortet bort",
        "trust.settings.changed": "Innstillingene ble endret. Sjekk kortet på nytt.",
        "trust.settings.secret_needed": (
            "Ny API-adresse eller token-adresse: skriv inn klienthemmeligheten for den nye adressen."
        ),
        "trust.settings.test_failed": "Fikk ikke kontakt med API-et: {detail}",
        "trust.settings.keep_anyway": "Behold likevel",
        "trust.settings.kept_untested": "Lagret, men forbindelsen virker ikke ennå.",
        "trust.settings.testing": "Tester forbindelsen …",
        "trust.settings.token_url": "Token-adresse (tom = API-adresse + /oauth2/token)",
        "trust.result.card_number": "Kortnummer",
    },
    "en": {
        "trust.gate.title": "Open the link from the start",
        "trust.gate.body": (
            "This app is only for the person who started it. Open the link printed when the app "
            "started (the line “HMS-kort kontroll: …”)."
        ),
        "trust.offline.title": "No connection – the result is not shown",
        "trust.offline.body": (
            "The app gets no answer from the server. Check the card again once the connection is back."
        ),
        "trust.offline.reload": "Start again",
        "trust.scan.same_card": "Same card as last time – move the card away",
        "trust.settings.changed": "The settings were changed. Check the card again.",
        "trust.settings.secret_needed": (
            "New API address or token address: type the client secret for the new address."
        ),
        "trust.settings.test_failed": "Could not reach the API: {detail}",
        "trust.settings.keep_anyway": "Keep anyway",
        "trust.settings.kept_untested": "Saved, but the connection does not work yet.",
        "trust.settings.testing": "Testing the connection …",
        "trust.settings.token_url": "Token address (empty = API address + /oauth2/token)",
        "trust.result.card_number": "Card number",
    },
}
