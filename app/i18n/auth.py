"""Strings for served mode (issue 13): the sign-in pages, the sign-out button, the read-only settings."""

from __future__ import annotations

STRINGS = {
    "nb": {
        "auth.title": "HMS-kort kontroll",
        "auth.sign_in": "Logg inn",
        "auth.sign_in_again": "Logg inn igjen",
        "auth.signed_out": "Du er logget ut.",
        "auth.idle": "Du ble logget ut fordi appen ikke ble brukt på en stund.",
        "auth.no_role": (
            "Du er logget inn som {name}, men har ikke tilgang til HMS-kort kontroll. "
            "Be administratoren om rollen hmskort-inspector eller hmskort-admin."
        ),
        "auth.failed": "Innloggingen mislyktes: {why}. Prøv igjen.",
        "auth.expired": "Innloggingen tok for lang tid eller ble startet i en annen fane. Prøv igjen.",
        "auth.provider_sign_out": "Logg også ut hos innloggingstjenesten",
        "auth.sign_out": "Logg ut",
        "auth.signed_in_as": "Innlogget: {name}",
        "auth.server_settings": "Innstillingene eies av serveren og kan bare endres der.",
        "auth.secret_set": "satt (vises ikke)",
        "auth.secret_unset": "ikke satt",
        "auth.lookups_limit": "Oppslag per bruker per 10 minutter",
        "auth.crew_rows_limit": "Rader i mannskapslister per bruker per døgn",
        "auth.sandbox": "testmodus (innebygd sandkasse)",
        "next.LOOKUP_LIMIT": "Vent noen minutter, eller kontroller kortet med øynene og noter det.",
        "next.LIMIT_UNAVAILABLE": "Si fra til den som drifter appen, eller kontroller kortet med øynene.",
    },
    "en": {
        "auth.title": "HMS-kort check",
        "auth.sign_in": "Sign in",
        "auth.sign_in_again": "Sign in again",
        "auth.signed_out": "You are signed out.",
        "auth.idle": "You were signed out because the app was not used for a while.",
        "auth.no_role": (
            "You are signed in as {name}, but you have no access to HMS-kort check. "
            "Ask the administrator for the role hmskort-inspector or hmskort-admin."
        ),
        "auth.failed": "Sign-in failed: {why}. Try again.",
        "auth.expired": "Sign-in took too long or was started in another tab. Try again.",
        "auth.provider_sign_out": "Also sign out at the sign-in service",
        "auth.sign_out": "Sign out",
        "auth.signed_in_as": "Signed in: {name}",
        "auth.server_settings": "The settings belong to the server and can only be changed there.",
        "auth.secret_set": "set (not shown)",
        "auth.secret_unset": "not set",
        "auth.lookups_limit": "Lookups per user per 10 minutes",
        "auth.crew_rows_limit": "Crew-list rows per user per 24 hours",
        "auth.sandbox": "test mode (embedded sandbox)",
        "next.LOOKUP_LIMIT": "Wait a few minutes, or check the card by eye and note it down.",
        "next.LIMIT_UNAVAILABLE": "Tell whoever runs the app, or check the card by eye.",
    },
}
