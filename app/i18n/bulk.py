"""Strings of the crew-list check (issue 15): `hmskort bulk` and the app's "Sjekk mannskapsliste"
screen. `bulk.error.<code>` names what is wrong with a file (`app.crewlist.CrewListError.code`),
`bulk.skip.<reason>` why a row was not checked (`app.crewlist.SkipReason`)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        "finding.EMPLOYER_MISMATCH.list": (
            "Arbeidsgiveren i listen ({printed}) er ikke den samme som i registeret: {name} ({registry})."
        ),
        "bulk.error.too_large": "Filen er for stor (grensen er {limit} MB).",
        "bulk.error.empty": "Filen er tom.",
        "bulk.error.old_excel": (
            "Dette er en gammel Excel-fil (.xls) eller en passordbeskyttet fil. "
            "Lagre den som .xlsx eller CSV."
        ),
        "bulk.error.encoding": "Filen er verken en Excel-fil (.xlsx) eller tekst i UTF-8 eller Windows-1252.",
        "bulk.error.csv": "CSV-filen er ødelagt og kan ikke leses.",
        "bulk.error.xlsx": "Excel-filen er skadet og kan ikke leses.",
        "bulk.error.too_many_rows": "Listen har for mange rader (høyst {limit}).",
        "bulk.error.too_many_columns": "Rad {row} har for mange kolonner (høyst {limit}).",
        "bulk.error.no_card_column": (
            "Fant ingen kolonne med kortnummer. Første rad må ha en overskrift som «Kortnummer», "
            "«HMS-kort» eller «Card number»."
        ),
        "bulk.error.unreadable": "Kunne ikke åpne filen: {detail}",
        "bulk.error.list_changed": (
            "Listen er endret siden forrige kjøring. Kjør uten --resume for å sjekke den på nytt."
        ),
        "bulk.skip.no_card_number": "mangler kortnummer",
        "bulk.skip.not_digits": "kortnummeret har andre tegn enn siffer",
        "bulk.skip.wrong_length": "et kortnummer har 8 siffer",
        "bulk.skipped": "Rad {row} hoppet over: {reason} ({text})",
        "bulk.verdict.skipped": "Hoppet over",
        "bulk.col.verdict": "Resultat",
        "bulk.col.reason": "Årsak",
        "bulk.col.status": "Kortstatus",
        "bulk.col.valid_to": "Gyldig til",
        "bulk.col.employer": "Arbeidsgiver (register)",
        "bulk.col.warnings": "Advarsler",
        "bulk.col.row": "Rad",
        "bulk.col.card": "Kort",
        "bulk.col.name": "Navn",
        "bulk.summary": (
            "{rows} rader: {valid} gyldige, {warnings} gyldige med merknader, {invalid} ugyldige, "
            "{unverified} ikke bekreftet, {skipped} hoppet over."
        ),
        "bulk.resumed": "Fortsetter forrige kjøring: {done} rader var allerede sjekket.",
        "bulk.nothing_to_resume": "Fant ingen avbrutt kjøring av denne listen; sjekker hele listen.",
        "bulk.unverified_left": "{count} rader kunne ikke bekreftes. Kjør på nytt senere.",
        "bulk.written": "Resultatene er skrevet til {path}.",
        "bulk.title": "Sjekk mannskapsliste",
        "bulk.open": "Sjekk mannskapsliste",
        "bulk.intro": (
            "Velg en CSV- eller Excel-fil med en kolonne «Kortnummer» (og gjerne «Orgnr»). "
            "Navn i listen vises bare her og sendes aldri videre."
        ),
        "bulk.pick": "Velg fil",
        "bulk.reading": "Leser filen …",
        "bulk.progress": "{done} av {total} sjekket",
        "bulk.done": "Ferdig: {done} sjekket",
        "bulk.export": "Eksporter resultat",
        "bulk.exported": "Eksportert: {name}",
        "bulk.back": "Tilbake",
        "bulk.again": "Ny liste",
        "bulk.cancel": "Avbryt",
        "bulk.cancelled": "Avbrutt. {done} av {total} rader ble sjekket.",
        "bulk.skipped_title": "Hoppet over ({count})",
        "bulk.failed": "Sjekken stoppet: {detail}",
        "bulk.over_allowance": (
            "Listen ble ikke sjekket: den har {rows} rader, og du kan sjekke {left} til i dag "
            "(grensen er {limit} rader per bruker per døgn). Del listen, eller be administratoren "
            "om en høyere grense."
        ),
        "bulk.allowance": "Du kan sjekke {left} rader til i dag (grensen er {limit} per bruker per døgn).",
        "bulk.served_off": (
            "Mannskapslister er slått av på denne serveren (administratoren har satt grensen til 0 "
            "rader). Sjekk kortene ett og ett, eller be administratoren slå dem på."
        ),
        "bulk.export_suffix": "resultat",
        "bulk.hidden": "… og {count} gyldige rader til. Alle radene er med i eksporten.",
        "bulk.row": "Rad {row}",
        "bulk.counts": (
            "{invalid} ugyldige · {unverified} ikke bekreftet · {warnings} med merknader · {valid} gyldige"
        ),
    },
    "en": {
        "finding.EMPLOYER_MISMATCH.list": (
            "The employer in the list ({printed}) is not the one in the register: {name} ({registry})."
        ),
        "bulk.error.too_large": "The file is too large (the limit is {limit} MB).",
        "bulk.error.empty": "The file is empty.",
        "bulk.error.old_excel": (
            "This is an old Excel file (.xls) or a password-protected file. Save it as .xlsx or CSV."
        ),
        "bulk.error.encoding": "The file is neither an Excel file (.xlsx) nor text in UTF-8 or Windows-1252.",
        "bulk.error.csv": "The CSV file is broken and cannot be read.",
        "bulk.error.xlsx": "The Excel file is damaged and cannot be read.",
        "bulk.error.too_many_rows": "The list has too many rows (at most {limit}).",
        "bulk.error.too_many_columns": "Row {row} has too many columns (at most {limit}).",
        "bulk.error.no_card_column": (
            "No card-number column found. The first row needs a header such as "
            "“Kortnummer”, “HMS-kort” or “Card number”."
        ),
        "bulk.error.unreadable": "Could not open the file: {detail}",
        "bulk.error.list_changed": (
            "The list has changed since the last run. Run without --resume to check it again."
        ),
        "bulk.skip.no_card_number": "no card number",
        "bulk.skip.not_digits": "the card number has characters other than digits",
        "bulk.skip.wrong_length": "a card number has 8 digits",
        "bulk.skipped": "Row {row} skipped: {reason} ({text})",
        "bulk.verdict.skipped": "Skipped",
        "bulk.col.verdict": "Result",
        "bulk.col.reason": "Reason",
        "bulk.col.status": "Card status",
        "bulk.col.valid_to": "Valid to",
        "bulk.col.employer": "Employer (register)",
        "bulk.col.warnings": "Warnings",
        "bulk.col.row": "Row",
        "bulk.col.card": "Card",
        "bulk.col.name": "Name",
        "bulk.summary": (
            "{rows} rows: {valid} valid, {warnings} valid with warnings, {invalid} invalid, "
            "{unverified} not confirmed, {skipped} skipped."
        ),
        "bulk.resumed": "Resuming the previous run: {done} rows were already checked.",
        "bulk.nothing_to_resume": "No interrupted run of this list found; checking the whole list.",
        "bulk.unverified_left": "{count} rows could not be confirmed. Run again later.",
        "bulk.written": "Results written to {path}.",
        "bulk.title": "Check crew list",
        "bulk.open": "Check crew list",
        "bulk.intro": (
            "Choose a CSV or Excel file with a “Card number” column (and ideally “Org no”). "
            "Names in the list are only shown here and never sent anywhere."
        ),
        "bulk.pick": "Choose file",
        "bulk.reading": "Reading the file …",
        "bulk.progress": "{done} of {total} checked",
        "bulk.done": "Done: {done} checked",
        "bulk.export": "Export results",
        "bulk.exported": "Exported: {name}",
        "bulk.back": "Back",
        "bulk.again": "New list",
        "bulk.cancel": "Cancel",
        "bulk.cancelled": "Cancelled. {done} of {total} rows were checked.",
        "bulk.skipped_title": "Skipped ({count})",
        "bulk.failed": "The check stopped: {detail}",
        "bulk.over_allowance": (
            "The list was not checked: it has {rows} rows, and you can check {left} more today "
            "(the limit is {limit} rows per user per 24 hours). Split the list, or ask the "
            "administrator for a higher limit."
        ),
        "bulk.allowance": (
            "You can check {left} more rows today (the limit is {limit} per user per 24 hours)."
        ),
        "bulk.served_off": (
            "Crew lists are turned off on this server (the administrator set the limit to 0 rows). "
            "Check the cards one by one, or ask the administrator to turn them on."
        ),
        "bulk.export_suffix": "results",
        "bulk.hidden": "… and {count} more valid rows. Every row is in the export.",
        "bulk.row": "Row {row}",
        "bulk.counts": (
            "{invalid} invalid · {unverified} not confirmed · {warnings} with warnings · {valid} valid"
        ),
    },
}
