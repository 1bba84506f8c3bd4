"""The "Vis til arbeider" view (`worker.*`): verdict, why, and what the worker must do, in the languages
workers on Norwegian sites read most: Polish, Lithuanian, Latvian, Romanian, Ukrainian and English
(and bokmål, the app's own). A test checks that every reason and warning has a text in each.

The worker is addressed politely and plainly; no text blames them for a technical fault, and none
names a phone number.
"""

from __future__ import annotations

#: language code → the language's own name (shown on the language buttons, never translated)
WORKER_LANGUAGE_NAMES: dict[str, str] = {
    "pl": "Polski",
    "lt": "Lietuvių",
    "lv": "Latviešu",
    "ro": "Română",
    "uk": "Українська",
    "en": "English",
    "nb": "Norsk",
}
WORKER_LANGUAGES: tuple[str, ...] = tuple(WORKER_LANGUAGE_NAMES)

#: the reasons a status could not be confirmed: the worker gets one text for all of them
_UNVERIFIED_REASONS = (
    "NETWORK",
    "TIMEOUT",
    "SERVER_ERROR",
    "RATE_LIMITED",
    "AUTH_FAILED",
    "BAD_RESPONSE",
    "LOOKUP_LIMIT",
    "LIMIT_UNAVAILABLE",
)


def _texts(base: dict[str, str], *, unverified: str, lost: str, stolen: str, fake: str) -> dict[str, str]:
    out = {f"worker.{k}": v for k, v in base.items()}
    out["worker.reason.TAPT"] = lost
    out["worker.reason.STJALET"] = stolen
    out["worker.reason.SUSPICIOUS_QR"] = fake
    for reason in _UNVERIFIED_REASONS:
        out[f"worker.reason.{reason}"] = unverified
    return out


_NB = {
    "title": "Kontroll av HMS-kortet ditt",
    "verdict.valid": "Gyldig",
    "verdict.valid_with_warnings": "Gyldig – les merknaden",
    "verdict.invalid": "Ikke gyldig",
    "verdict.unverified": "Ikke kontrollert ennå",
    "reason.valid": "HMS-kortet ditt er gyldig.",
    "reason.ARBEIDSFORHOLD_OPPHORT": (
        "HMS-kortet ditt er ikke gyldig: ifølge registeret er arbeidsforholdet ditt hos arbeidsgiveren "
        "på kortet avsluttet. Snakk med arbeidsgiveren din. En ny arbeidsgiver må bestille nytt kort til "
        "deg på hmskort.no."
    ),
    "reason.REGISTERKRAV_IKKE_OPPFYLT": (
        "HMS-kortet ditt er ikke gyldig: arbeidsgiveren din oppfyller ikke registreringskravene. "
        "Snakk med arbeidsgiveren din."
    ),
    "reason.DNUMMER_INAKTIVT": (
        "HMS-kortet ditt er ikke gyldig: D-nummeret ditt er ikke lenger aktivt. Kontakt Skatteetaten for "
        "å fornye det, og snakk deretter med arbeidsgiveren din."
    ),
    "reason.UTLOPT": (
        "Dette kortet er utløpt og sperret. Arbeidsgiveren din må bestille nytt kort på hmskort.no."
    ),
    "reason.INNDRATT": (
        "Dette kortet er inndratt av myndighetene og kan ikke brukes. Snakk med arbeidsgiveren din."
    ),
    "reason.UNRECOGNISED_CODE": "Koden som ble skannet, er ikke et HMS-kort. Vis fram HMS-kortet ditt.",
    "reason.INVALID_CARD_NUMBER": "Kortnummeret kunne ikke leses. Vis fram HMS-kortet ditt en gang til.",
    "reason.CARD_NOT_FOUND": (
        "Dette kortnummeret finnes ikke i HMS-kortregisteret. Kontrolløren sjekker nummeret en gang til. "
        "Finnes det fortsatt ikke, snakk med arbeidsgiveren din."
    ),
    "reason.EXPIRED": (
        "Kortets gyldighetstid er ute. Arbeidsgiveren din må bestille nytt kort på hmskort.no."
    ),
    "reason.NOT_YET_VALID": (
        "Kortet gjelder ikke ennå. Vent til det blir gyldig, eller snakk med arbeidsgiveren din."
    ),
    "reason.CODES_DISAGREE": (
        "QR-koden og strekkoden på dette kortet hører til forskjellige kort. Kortet er kanskje ikke ekte. "
        "Vis legitimasjon med bilde, og snakk med arbeidsgiveren din."
    ),
    "warning.EXPIRES_SOON": (
        "Kortet ditt går snart ut. Be arbeidsgiveren din bestille nytt kort på hmskort.no i god tid."
    ),
    "warning.EMPLOYER_MISMATCH": (
        "Arbeidsgiveren på kortet ditt er ikke den samme som i registeret. Snakk med arbeidsgiveren din."
    ),
    "warning.CARD_NUMBER_MISMATCH": (
        "Kortnummeret i strekkoden stemmer ikke med registeret. Snakk med arbeidsgiveren din."
    ),
    "warning.EMPLOYER_BANKRUPT": (
        "Arbeidsgiveren din er registrert som konkurs. Snakk med arbeidsgiveren eller hovedentreprenøren "
        "om arbeidet og lønnen din."
    ),
    "warning.EMPLOYER_LIQUIDATION": (
        "Arbeidsgiveren din er under avvikling. Snakk med arbeidsgiveren eller hovedentreprenøren."
    ),
    "warning.EMPLOYER_DELETED": (
        "Arbeidsgiveren din er slettet fra Enhetsregisteret. Snakk med arbeidsgiveren din."
    ),
    "warning.CLEANING_NOT_APPROVED": (
        "Arbeidsgiveren din er ikke en godkjent renholdsvirksomhet. Snakk med arbeidsgiveren din."
    ),
    "warning.STAFFING_NOT_APPROVED": (
        "Arbeidsgiveren din er ikke et registrert bemanningsforetak. Snakk med arbeidsgiveren din."
    ),
    "warning.CHIP_MISMATCH": (
        "Dataene på kortets brikke stemmer ikke med registeret. Snakk med arbeidsgiveren din."
    ),
    "warning.CROSSCHECK_UNAVAILABLE": (
        "Noen registre kunne ikke sjekkes akkurat nå. Det endrer ikke resultatet."
    ),
}

_EN = {
    "title": "Check of your HMS card",
    "verdict.valid": "Valid",
    "verdict.valid_with_warnings": "Valid – read the note",
    "verdict.invalid": "Not valid",
    "verdict.unverified": "Not checked yet",
    "reason.valid": "Your HMS card is valid.",
    "reason.ARBEIDSFORHOLD_OPPHORT": (
        "Your HMS card is not valid: the register says your employment with the employer on the card has "
        "ended. Talk to your employer. A new employer must order a new card for you at hmskort.no."
    ),
    "reason.REGISTERKRAV_IKKE_OPPFYLT": (
        "Your HMS card is not valid: your employer does not meet the registration requirements. "
        "Talk to your employer."
    ),
    "reason.DNUMMER_INAKTIVT": (
        "Your HMS card is not valid: your D number is no longer active. Contact the Norwegian Tax "
        "Administration (Skatteetaten) to renew it, then talk to your employer."
    ),
    "reason.UTLOPT": (
        "This card has expired and is blocked. Your employer must order a new card at hmskort.no."
    ),
    "reason.INNDRATT": "This card was taken in by the authorities and cannot be used. Talk to your employer.",
    "reason.UNRECOGNISED_CODE": "The code that was scanned is not an HMS card. Please show your HMS card.",
    "reason.INVALID_CARD_NUMBER": "The card number could not be read. Please show your HMS card again.",
    "reason.CARD_NOT_FOUND": (
        "This card number is not in the HMS card register. The inspector will check the number again. "
        "If it is still not found, talk to your employer."
    ),
    "reason.EXPIRED": (
        "The card's validity period is over. Your employer must order a new card at hmskort.no."
    ),
    "reason.NOT_YET_VALID": "The card is not valid yet. Wait until it is valid, or talk to your employer.",
    "reason.CODES_DISAGREE": (
        "The QR code and the barcode on this card belong to different cards. The card may not be genuine. "
        "Show photo ID and talk to your employer."
    ),
    "warning.EXPIRES_SOON": (
        "Your card expires soon. Ask your employer to order a new card at hmskort.no in good time."
    ),
    "warning.EMPLOYER_MISMATCH": (
        "The employer on your card is not the one in the register. Talk to your employer."
    ),
    "warning.CARD_NUMBER_MISMATCH": (
        "The card number in the barcode does not match the register. Talk to your employer."
    ),
    "warning.EMPLOYER_BANKRUPT": (
        "Your employer is registered as bankrupt. Talk to your employer or the main contractor about "
        "your work and your pay."
    ),
    "warning.EMPLOYER_LIQUIDATION": (
        "Your employer is being wound up (in liquidation). Talk to your employer or the main contractor."
    ),
    "warning.EMPLOYER_DELETED": (
        "Your employer has been deleted from the Register of Business Enterprises. Talk to your employer."
    ),
    "warning.CLEANING_NOT_APPROVED": (
        "Your employer is not an approved cleaning company. Talk to your employer."
    ),
    "warning.STAFFING_NOT_APPROVED": (
        "Your employer is not a registered staffing agency. Talk to your employer."
    ),
    "warning.CHIP_MISMATCH": (
        "The data on the card's chip does not match the register. Talk to your employer."
    ),
    "warning.CROSSCHECK_UNAVAILABLE": (
        "Some registers could not be checked right now. This does not change the result."
    ),
}

_PL = {
    "title": "Kontrola Twojej karty HMS",
    "verdict.valid": "Ważna",
    "verdict.valid_with_warnings": "Ważna – przeczytaj uwagę",
    "verdict.invalid": "Nieważna",
    "verdict.unverified": "Jeszcze niesprawdzona",
    "reason.valid": "Twoja karta HMS jest ważna.",
    "reason.ARBEIDSFORHOLD_OPPHORT": (
        "Twoja karta HMS jest nieważna: według rejestru Twoje zatrudnienie u pracodawcy podanego na karcie "
        "zakończyło się. Porozmawiaj z pracodawcą. Nowy pracodawca musi zamówić dla Ciebie nową kartę "
        "na stronie hmskort.no."
    ),
    "reason.REGISTERKRAV_IKKE_OPPFYLT": (
        "Twoja karta HMS jest nieważna: Twój pracodawca nie spełnia wymogów rejestracyjnych. "
        "Porozmawiaj z pracodawcą."
    ),
    "reason.DNUMMER_INAKTIVT": (
        "Twoja karta HMS jest nieważna: Twój numer D (D-nummer) nie jest już aktywny. Skontaktuj się "
        "z norweskim urzędem skarbowym (Skatteetaten), aby go odnowić, a potem porozmawiaj z pracodawcą."
    ),
    "reason.UTLOPT": (
        "Ta karta straciła ważność i jest zablokowana. Pracodawca musi zamówić nową kartę na stronie "
        "hmskort.no."
    ),
    "reason.INNDRATT": (
        "Ta karta została odebrana przez władze i nie można jej używać. Porozmawiaj z pracodawcą."
    ),
    "reason.UNRECOGNISED_CODE": "Zeskanowany kod nie jest kartą HMS. Pokaż swoją kartę HMS.",
    "reason.INVALID_CARD_NUMBER": "Nie udało się odczytać numeru karty. Pokaż jeszcze raz swoją kartę HMS.",
    "reason.CARD_NOT_FOUND": (
        "Tego numeru karty nie ma w rejestrze kart HMS. Kontroler sprawdzi numer jeszcze raz. "
        "Jeśli nadal nie zostanie znaleziony, porozmawiaj z pracodawcą."
    ),
    "reason.EXPIRED": (
        "Okres ważności karty minął. Pracodawca musi zamówić nową kartę na stronie hmskort.no."
    ),
    "reason.NOT_YET_VALID": (
        "Karta nie jest jeszcze ważna. Poczekaj, aż zacznie obowiązywać, albo porozmawiaj z pracodawcą."
    ),
    "reason.CODES_DISAGREE": (
        "Kod QR i kod kreskowy na tej karcie należą do różnych kart. Karta może być nieprawdziwa. "
        "Pokaż dokument tożsamości ze zdjęciem i porozmawiaj z pracodawcą."
    ),
    "warning.EXPIRES_SOON": (
        "Twoja karta wkrótce straci ważność. Poproś pracodawcę, aby z wyprzedzeniem zamówił nową kartę "
        "na stronie hmskort.no."
    ),
    "warning.EMPLOYER_MISMATCH": (
        "Pracodawca na Twojej karcie nie jest tym samym, który figuruje w rejestrze. Porozmawiaj z "
        "pracodawcą."
    ),
    "warning.CARD_NUMBER_MISMATCH": (
        "Numer karty w kodzie kreskowym nie zgadza się z rejestrem. Porozmawiaj z pracodawcą."
    ),
    "warning.EMPLOYER_BANKRUPT": (
        "Twój pracodawca jest zarejestrowany jako upadły. Porozmawiaj z pracodawcą lub z generalnym "
        "wykonawcą o swojej pracy i wynagrodzeniu."
    ),
    "warning.EMPLOYER_LIQUIDATION": (
        "Twój pracodawca jest w likwidacji. Porozmawiaj z pracodawcą lub z generalnym wykonawcą."
    ),
    "warning.EMPLOYER_DELETED": (
        "Twój pracodawca został wykreślony z norweskiego rejestru przedsiębiorstw. Porozmawiaj z pracodawcą."
    ),
    "warning.CLEANING_NOT_APPROVED": (
        "Twój pracodawca nie jest zatwierdzoną firmą sprzątającą. Porozmawiaj z pracodawcą."
    ),
    "warning.STAFFING_NOT_APPROVED": (
        "Twój pracodawca nie jest zarejestrowaną agencją pracy tymczasowej. Porozmawiaj z pracodawcą."
    ),
    "warning.CHIP_MISMATCH": "Dane w chipie karty nie zgadzają się z rejestrem. Porozmawiaj z pracodawcą.",
    "warning.CROSSCHECK_UNAVAILABLE": (
        "Niektórych rejestrów nie udało się teraz sprawdzić. Nie zmienia to wyniku."
    ),
}

_LT = {
    "title": "Jūsų HMS kortelės patikra",
    "verdict.valid": "Galioja",
    "verdict.valid_with_warnings": "Galioja – perskaitykite pastabą",
    "verdict.invalid": "Negalioja",
    "verdict.unverified": "Dar nepatikrinta",
    "reason.valid": "Jūsų HMS kortelė galioja.",
    "reason.ARBEIDSFORHOLD_OPPHORT": (
        "Jūsų HMS kortelė negalioja: pagal registrą Jūsų darbo santykiai su kortelėje nurodytu darbdaviu "
        "pasibaigė. Pasikalbėkite su savo darbdaviu. Naujasis darbdavys turi užsakyti Jums naują kortelę "
        "svetainėje hmskort.no."
    ),
    "reason.REGISTERKRAV_IKKE_OPPFYLT": (
        "Jūsų HMS kortelė negalioja: Jūsų darbdavys neatitinka registracijos reikalavimų. "
        "Pasikalbėkite su savo darbdaviu."
    ),
    "reason.DNUMMER_INAKTIVT": (
        "Jūsų HMS kortelė negalioja: Jūsų D numeris (D-nummer) nebėra aktyvus. Kreipkitės į Norvegijos "
        "mokesčių administraciją (Skatteetaten), kad jį atnaujintumėte, tada pasikalbėkite su savo darbdaviu."
    ),
    "reason.UTLOPT": (
        "Šios kortelės galiojimo laikas baigėsi, ir ji užblokuota. Darbdavys turi užsakyti naują kortelę "
        "svetainėje hmskort.no."
    ),
    "reason.INNDRATT": (
        "Šią kortelę paėmė valdžios institucijos, todėl jos naudoti negalima. Pasikalbėkite su savo "
        "darbdaviu."
    ),
    "reason.UNRECOGNISED_CODE": "Nuskaitytas kodas nėra HMS kortelė. Parodykite savo HMS kortelę.",
    "reason.INVALID_CARD_NUMBER": (
        "Nepavyko perskaityti kortelės numerio. Dar kartą parodykite savo HMS kortelę."
    ),
    "reason.CARD_NOT_FOUND": (
        "Šio kortelės numerio nėra HMS kortelių registre. Inspektorius dar kartą patikrins numerį. "
        "Jei jis vis tiek nebus rastas, pasikalbėkite su savo darbdaviu."
    ),
    "reason.EXPIRED": (
        "Kortelės galiojimo laikas baigėsi. Darbdavys turi užsakyti naują kortelę svetainėje hmskort.no."
    ),
    "reason.NOT_YET_VALID": (
        "Kortelė dar negalioja. Palaukite, kol ji įsigalios, arba pasikalbėkite su savo darbdaviu."
    ),
    "reason.CODES_DISAGREE": (
        "Šios kortelės QR kodas ir brūkšninis kodas priklauso skirtingoms kortelėms. Kortelė gali būti "
        "netikra. Parodykite asmens dokumentą su nuotrauka ir pasikalbėkite su savo darbdaviu."
    ),
    "warning.EXPIRES_SOON": (
        "Jūsų kortelės galiojimas netrukus baigsis. Paprašykite darbdavio laiku užsakyti naują kortelę "
        "svetainėje hmskort.no."
    ),
    "warning.EMPLOYER_MISMATCH": (
        "Kortelėje nurodytas darbdavys nesutampa su nurodytuoju registre. Pasikalbėkite su savo darbdaviu."
    ),
    "warning.CARD_NUMBER_MISMATCH": (
        "Kortelės numeris brūkšniniame kode nesutampa su registru. Pasikalbėkite su savo darbdaviu."
    ),
    "warning.EMPLOYER_BANKRUPT": (
        "Jūsų darbdavys įregistruotas kaip bankrutavęs. Pasikalbėkite su darbdaviu arba generaliniu "
        "rangovu apie savo darbą ir atlyginimą."
    ),
    "warning.EMPLOYER_LIQUIDATION": (
        "Jūsų darbdavys likviduojamas. Pasikalbėkite su darbdaviu arba generaliniu rangovu."
    ),
    "warning.EMPLOYER_DELETED": (
        "Jūsų darbdavys išbrauktas iš Norvegijos įmonių registro. Pasikalbėkite su savo darbdaviu."
    ),
    "warning.CLEANING_NOT_APPROVED": (
        "Jūsų darbdavys nėra patvirtinta valymo įmonė. Pasikalbėkite su savo darbdaviu."
    ),
    "warning.STAFFING_NOT_APPROVED": (
        "Jūsų darbdavys nėra įregistruota laikinojo įdarbinimo agentūra. Pasikalbėkite su savo darbdaviu."
    ),
    "warning.CHIP_MISMATCH": (
        "Kortelės luste esantys duomenys nesutampa su registru. Pasikalbėkite su savo darbdaviu."
    ),
    "warning.CROSSCHECK_UNAVAILABLE": (
        "Kai kurių registrų šiuo metu patikrinti nepavyko. Tai rezultato nekeičia."
    ),
}

_LV = {
    "title": "Jūsu HMS kartes pārbaude",
    "verdict.valid": "Derīga",
    "verdict.valid_with_warnings": "Derīga – izlasiet piezīmi",
    "verdict.invalid": "Nederīga",
    "verdict.unverified": "Vēl nav pārbaudīta",
    "reason.valid": "Jūsu HMS karte ir derīga.",
    "reason.ARBEIDSFORHOLD_OPPHORT": (
        "Jūsu HMS karte nav derīga: saskaņā ar reģistru Jūsu darba attiecības ar kartē norādīto darba "
        "devēju ir beigušās. Runājiet ar savu darba devēju. Jaunajam darba devējam ir jāpasūta Jums jauna "
        "karte vietnē hmskort.no."
    ),
    "reason.REGISTERKRAV_IKKE_OPPFYLT": (
        "Jūsu HMS karte nav derīga: Jūsu darba devējs neatbilst reģistrācijas prasībām. "
        "Runājiet ar savu darba devēju."
    ),
    "reason.DNUMMER_INAKTIVT": (
        "Jūsu HMS karte nav derīga: Jūsu D numurs (D-nummer) vairs nav aktīvs. Sazinieties ar Norvēģijas "
        "nodokļu administrāciju (Skatteetaten), lai to atjaunotu, un pēc tam runājiet ar savu darba devēju."
    ),
    "reason.UTLOPT": (
        "Šīs kartes derīguma termiņš ir beidzies, un tā ir bloķēta. Darba devējam ir jāpasūta jauna karte "
        "vietnē hmskort.no."
    ),
    "reason.INNDRATT": (
        "Iestādes šo karti ir atsaukušas, un to nevar izmantot. Runājiet ar savu darba devēju."
    ),
    "reason.UNRECOGNISED_CODE": "Noskenētais kods nav HMS karte. Lūdzu, uzrādiet savu HMS karti.",
    "reason.INVALID_CARD_NUMBER": "Kartes numuru neizdevās nolasīt. Lūdzu, uzrādiet savu HMS karti vēlreiz.",
    "reason.CARD_NOT_FOUND": (
        "Šāda kartes numura nav HMS karšu reģistrā. Inspektors pārbaudīs numuru vēlreiz. "
        "Ja tas joprojām netiks atrasts, runājiet ar savu darba devēju."
    ),
    "reason.EXPIRED": (
        "Kartes derīguma termiņš ir beidzies. Darba devējam ir jāpasūta jauna karte vietnē hmskort.no."
    ),
    "reason.NOT_YET_VALID": (
        "Karte vēl nav derīga. Pagaidiet, līdz tā kļūst derīga, vai runājiet ar savu darba devēju."
    ),
    "reason.CODES_DISAGREE": (
        "QR kods un svītrkods uz šīs kartes pieder dažādām kartēm. Karte var būt viltota. "
        "Uzrādiet personu apliecinošu dokumentu ar fotogrāfiju un runājiet ar savu darba devēju."
    ),
    "warning.EXPIRES_SOON": (
        "Jūsu kartes derīguma termiņš drīz beigsies. Palūdziet darba devējam laikus pasūtīt jaunu karti "
        "vietnē hmskort.no."
    ),
    "warning.EMPLOYER_MISMATCH": (
        "Kartē norādītais darba devējs nesakrīt ar reģistrā norādīto. Runājiet ar savu darba devēju."
    ),
    "warning.CARD_NUMBER_MISMATCH": (
        "Kartes numurs svītrkodā nesakrīt ar reģistru. Runājiet ar savu darba devēju."
    ),
    "warning.EMPLOYER_BANKRUPT": (
        "Jūsu darba devējs ir reģistrēts kā bankrotējis. Runājiet ar darba devēju vai ģenerāluzņēmēju "
        "par savu darbu un algu."
    ),
    "warning.EMPLOYER_LIQUIDATION": (
        "Jūsu darba devējs tiek likvidēts. Runājiet ar darba devēju vai ģenerāluzņēmēju."
    ),
    "warning.EMPLOYER_DELETED": (
        "Jūsu darba devējs ir izslēgts no Norvēģijas uzņēmumu reģistra. Runājiet ar savu darba devēju."
    ),
    "warning.CLEANING_NOT_APPROVED": (
        "Jūsu darba devējs nav apstiprināts uzkopšanas uzņēmums. Runājiet ar savu darba devēju."
    ),
    "warning.STAFFING_NOT_APPROVED": (
        "Jūsu darba devējs nav reģistrēta personāla nomas aģentūra. Runājiet ar savu darba devēju."
    ),
    "warning.CHIP_MISMATCH": "Kartes mikroshēmas dati nesakrīt ar reģistru. Runājiet ar savu darba devēju.",
    "warning.CROSSCHECK_UNAVAILABLE": "Dažus reģistrus pašlaik neizdevās pārbaudīt. Tas nemaina rezultātu.",
}

_RO = {
    "title": "Verificarea cardului dumneavoastră HMS",
    "verdict.valid": "Valabil",
    "verdict.valid_with_warnings": "Valabil – citiți observația",
    "verdict.invalid": "Nevalabil",
    "verdict.unverified": "Încă neverificat",
    "reason.valid": "Cardul dumneavoastră HMS este valabil.",
    "reason.ARBEIDSFORHOLD_OPPHORT": (
        "Cardul dumneavoastră HMS nu este valabil: potrivit registrului, raportul de muncă cu angajatorul "
        "de pe card a încetat. Discutați cu angajatorul. Un nou angajator trebuie să vă comande un card "
        "nou pe hmskort.no."
    ),
    "reason.REGISTERKRAV_IKKE_OPPFYLT": (
        "Cardul dumneavoastră HMS nu este valabil: angajatorul nu îndeplinește cerințele de înregistrare. "
        "Discutați cu angajatorul."
    ),
    "reason.DNUMMER_INAKTIVT": (
        "Cardul dumneavoastră HMS nu este valabil: numărul D (D-nummer) nu mai este activ. Contactați "
        "administrația fiscală norvegiană (Skatteetaten) pentru a-l reînnoi, apoi discutați cu angajatorul."
    ),
    "reason.UTLOPT": (
        "Acest card a expirat și este blocat. Angajatorul trebuie să comande un card nou pe hmskort.no."
    ),
    "reason.INNDRATT": (
        "Acest card a fost retras de autorități și nu mai poate fi folosit. Discutați cu angajatorul."
    ),
    "reason.UNRECOGNISED_CODE": "Codul scanat nu este un card HMS. Vă rugăm să arătați cardul HMS.",
    "reason.INVALID_CARD_NUMBER": (
        "Numărul cardului nu a putut fi citit. Vă rugăm să arătați din nou cardul HMS."
    ),
    "reason.CARD_NOT_FOUND": (
        "Acest număr de card nu există în registrul cardurilor HMS. Inspectorul va verifica din nou "
        "numărul. Dacă tot nu este găsit, discutați cu angajatorul."
    ),
    "reason.EXPIRED": (
        "Perioada de valabilitate a cardului s-a încheiat. Angajatorul trebuie să comande un card nou "
        "pe hmskort.no."
    ),
    "reason.NOT_YET_VALID": (
        "Cardul nu este încă valabil. Așteptați până devine valabil sau discutați cu angajatorul."
    ),
    "reason.CODES_DISAGREE": (
        "Codul QR și codul de bare de pe acest card aparțin unor carduri diferite. Este posibil ca "
        "cardul să nu fie autentic. Arătați un act de identitate cu fotografie și discutați cu angajatorul."
    ),
    "warning.EXPIRES_SOON": (
        "Cardul dumneavoastră expiră în curând. Rugați-l pe angajator să comande din timp un card nou "
        "pe hmskort.no."
    ),
    "warning.EMPLOYER_MISMATCH": (
        "Angajatorul de pe card nu este cel din registru. Discutați cu angajatorul."
    ),
    "warning.CARD_NUMBER_MISMATCH": (
        "Numărul cardului din codul de bare nu corespunde registrului. Discutați cu angajatorul."
    ),
    "warning.EMPLOYER_BANKRUPT": (
        "Angajatorul dumneavoastră este înregistrat în faliment. Discutați cu angajatorul sau cu "
        "antreprenorul general despre munca și salariul dumneavoastră."
    ),
    "warning.EMPLOYER_LIQUIDATION": (
        "Angajatorul dumneavoastră este în lichidare. Discutați cu angajatorul sau cu antreprenorul general."
    ),
    "warning.EMPLOYER_DELETED": (
        "Angajatorul dumneavoastră a fost radiat din registrul norvegian al întreprinderilor. "
        "Discutați cu angajatorul."
    ),
    "warning.CLEANING_NOT_APPROVED": (
        "Angajatorul dumneavoastră nu este o firmă de curățenie autorizată. Discutați cu angajatorul."
    ),
    "warning.STAFFING_NOT_APPROVED": (
        "Angajatorul dumneavoastră nu este o agenție de muncă temporară înregistrată. "
        "Discutați cu angajatorul."
    ),
    "warning.CHIP_MISMATCH": "Datele din cipul cardului nu corespund registrului. Discutați cu angajatorul.",
    "warning.CROSSCHECK_UNAVAILABLE": (
        "Unele registre nu au putut fi verificate acum. Acest lucru nu schimbă rezultatul."
    ),
}

_UK = {
    "title": "Перевірка вашої картки HMS",
    "verdict.valid": "Дійсна",
    "verdict.valid_with_warnings": "Дійсна – прочитайте зауваження",
    "verdict.invalid": "Недійсна",
    "verdict.unverified": "Ще не перевірена",
    "reason.valid": "Ваша картка HMS дійсна.",
    "reason.ARBEIDSFORHOLD_OPPHORT": (
        "Ваша картка HMS недійсна: за даними реєстру, ваші трудові відносини з роботодавцем, зазначеним "
        "на картці, припинено. Зверніться до свого роботодавця. Новий роботодавець має замовити для вас "
        "нову картку на hmskort.no."
    ),
    "reason.REGISTERKRAV_IKKE_OPPFYLT": (
        "Ваша картка HMS недійсна: ваш роботодавець не відповідає вимогам реєстрації. "
        "Зверніться до свого роботодавця."
    ),
    "reason.DNUMMER_INAKTIVT": (
        "Ваша картка HMS недійсна: ваш D-номер (D-nummer) більше не активний. Зверніться до податкової "
        "служби Норвегії (Skatteetaten), щоб поновити його, а потім — до свого роботодавця."
    ),
    "reason.UTLOPT": (
        "Строк дії цієї картки минув, і її заблоковано. Роботодавець має замовити нову картку на hmskort.no."
    ),
    "reason.INNDRATT": (
        "Цю картку вилучили органи влади, і користуватися нею не можна. Зверніться до свого роботодавця."
    ),
    "reason.UNRECOGNISED_CODE": "Відсканований код не є карткою HMS. Будь ласка, покажіть свою картку HMS.",
    "reason.INVALID_CARD_NUMBER": (
        "Не вдалося прочитати номер картки. Будь ласка, покажіть свою картку HMS ще раз."
    ),
    "reason.CARD_NOT_FOUND": (
        "Цього номера картки немає в реєстрі карток HMS. Інспектор перевірить номер ще раз. "
        "Якщо його так і не буде знайдено, зверніться до свого роботодавця."
    ),
    "reason.EXPIRED": "Строк дії картки минув. Роботодавець має замовити нову картку на hmskort.no.",
    "reason.NOT_YET_VALID": (
        "Картка ще не дійсна. Зачекайте, доки вона почне діяти, або зверніться до свого роботодавця."
    ),
    "reason.CODES_DISAGREE": (
        "QR-код і штрихкод на цій картці належать різним карткам. Картка може бути несправжньою. "
        "Покажіть документ, що посвідчує особу, з фотографією та зверніться до свого роботодавця."
    ),
    "warning.EXPIRES_SOON": (
        "Строк дії вашої картки скоро закінчується. Попросіть роботодавця завчасно замовити нову картку "
        "на hmskort.no."
    ),
    "warning.EMPLOYER_MISMATCH": (
        "Роботодавець на вашій картці не збігається з роботодавцем у реєстрі. Зверніться до свого "
        "роботодавця."
    ),
    "warning.CARD_NUMBER_MISMATCH": (
        "Номер картки у штрихкоді не збігається з реєстром. Зверніться до свого роботодавця."
    ),
    "warning.EMPLOYER_BANKRUPT": (
        "Ваш роботодавець зареєстрований як банкрут. Поговоріть із роботодавцем або генеральним "
        "підрядником про вашу роботу та заробітну плату."
    ),
    "warning.EMPLOYER_LIQUIDATION": (
        "Ваш роботодавець перебуває в процесі ліквідації. Зверніться до роботодавця або генерального "
        "підрядника."
    ),
    "warning.EMPLOYER_DELETED": (
        "Вашого роботодавця вилучено з реєстру підприємств Норвегії. Зверніться до свого роботодавця."
    ),
    "warning.CLEANING_NOT_APPROVED": (
        "Ваш роботодавець не є схваленою клінінговою компанією. Зверніться до свого роботодавця."
    ),
    "warning.STAFFING_NOT_APPROVED": (
        "Ваш роботодавець не є зареєстрованим кадровим агентством. Зверніться до свого роботодавця."
    ),
    "warning.CHIP_MISMATCH": "Дані в чипі картки не збігаються з реєстром. Зверніться до свого роботодавця.",
    "warning.CROSSCHECK_UNAVAILABLE": "Деякі реєстри зараз не вдалося перевірити. Це не змінює результату.",
}

STRINGS: dict[str, dict[str, str]] = {
    "nb": _texts(
        _NB,
        unverified=(
            "Kortet kunne ikke sjekkes på grunn av et teknisk problem. Det er ikke din feil. "
            "Vent mens kontrolløren prøver igjen."
        ),
        lost=(
            "Dette kortet er meldt tapt og er sperret. Det kan ikke brukes. Snakk med arbeidsgiveren din "
            "om nytt kort (hmskort.no)."
        ),
        stolen=(
            "Dette kortet er meldt stjålet og er sperret. Det kan ikke brukes. Snakk med arbeidsgiveren "
            "din om nytt kort (hmskort.no)."
        ),
        fake=(
            "QR-koden på dette kortet fører ikke til HMS-kortregisteret. Kortet er kanskje ikke ekte. "
            "Vis legitimasjon med bilde, og snakk med arbeidsgiveren din."
        ),
    ),
    "en": _texts(
        _EN,
        unverified=(
            "The card could not be checked because of a technical problem. This is not your fault. "
            "Please wait while the inspector tries again."
        ),
        lost=(
            "This card has been reported lost and is blocked. It cannot be used. Talk to your employer "
            "about a new card (hmskort.no)."
        ),
        stolen=(
            "This card has been reported stolen and is blocked. It cannot be used. Talk to your employer "
            "about a new card (hmskort.no)."
        ),
        fake=(
            "The QR code on this card does not lead to the HMS card register. The card may not be genuine. "
            "Show photo ID and talk to your employer."
        ),
    ),
    "pl": _texts(
        _PL,
        unverified=(
            "Nie udało się sprawdzić karty z powodu problemu technicznego. To nie Twoja wina. "
            "Poczekaj, aż kontroler spróbuje ponownie."
        ),
        lost=(
            "Ta karta została zgłoszona jako zgubiona i jest zablokowana. Nie można jej używać. "
            "Porozmawiaj z pracodawcą o nowej karcie (hmskort.no)."
        ),
        stolen=(
            "Ta karta została zgłoszona jako skradziona i jest zablokowana. Nie można jej używać. "
            "Porozmawiaj z pracodawcą o nowej karcie (hmskort.no)."
        ),
        fake=(
            "Kod QR na tej karcie nie prowadzi do rejestru kart HMS. Karta może być nieprawdziwa. "
            "Pokaż dokument tożsamości ze zdjęciem i porozmawiaj z pracodawcą."
        ),
    ),
    "lt": _texts(
        _LT,
        unverified=(
            "Kortelės nepavyko patikrinti dėl techninės problemos. Tai ne Jūsų kaltė. "
            "Palaukite, kol inspektorius bandys dar kartą."
        ),
        lost=(
            "Pranešta, kad ši kortelė pamesta, todėl ji užblokuota. Jos naudoti negalima. "
            "Pasikalbėkite su darbdaviu dėl naujos kortelės (hmskort.no)."
        ),
        stolen=(
            "Pranešta, kad ši kortelė pavogta, todėl ji užblokuota. Jos naudoti negalima. "
            "Pasikalbėkite su darbdaviu dėl naujos kortelės (hmskort.no)."
        ),
        fake=(
            "Šios kortelės QR kodas neveda į HMS kortelių registrą. Kortelė gali būti netikra. "
            "Parodykite asmens dokumentą su nuotrauka ir pasikalbėkite su savo darbdaviu."
        ),
    ),
    "lv": _texts(
        _LV,
        unverified=(
            "Karti neizdevās pārbaudīt tehniskas problēmas dēļ. Tā nav Jūsu vaina. "
            "Lūdzu, uzgaidiet, kamēr inspektors mēģinās vēlreiz."
        ),
        lost=(
            "Par šo karti ir ziņots, ka tā ir nozaudēta, tāpēc tā ir bloķēta. To nevar izmantot. "
            "Runājiet ar darba devēju par jaunu karti (hmskort.no)."
        ),
        stolen=(
            "Par šo karti ir ziņots, ka tā ir nozagta, tāpēc tā ir bloķēta. To nevar izmantot. "
            "Runājiet ar darba devēju par jaunu karti (hmskort.no)."
        ),
        fake=(
            "QR kods uz šīs kartes neved uz HMS karšu reģistru. Karte var būt viltota. Uzrādiet personu "
            "apliecinošu dokumentu ar fotogrāfiju un runājiet ar savu darba devēju."
        ),
    ),
    "ro": _texts(
        _RO,
        unverified=(
            "Cardul nu a putut fi verificat din cauza unei probleme tehnice. Nu este vina dumneavoastră. "
            "Vă rugăm să așteptați până când inspectorul încearcă din nou."
        ),
        lost=(
            "Acest card a fost declarat pierdut și este blocat. Nu mai poate fi folosit. Discutați cu "
            "angajatorul despre un card nou (hmskort.no)."
        ),
        stolen=(
            "Acest card a fost declarat furat și este blocat. Nu mai poate fi folosit. Discutați cu "
            "angajatorul despre un card nou (hmskort.no)."
        ),
        fake=(
            "Codul QR de pe acest card nu duce la registrul cardurilor HMS. Este posibil ca cardul să nu "
            "fie autentic. Arătați un act de identitate cu fotografie și discutați cu angajatorul."
        ),
    ),
    "uk": _texts(
        _UK,
        unverified=(
            "Картку не вдалося перевірити через технічну проблему. Ви в цьому не винні. "
            "Будь ласка, зачекайте, поки інспектор спробує ще раз."
        ),
        lost=(
            "Цю картку заявлено як загублену, і її заблоковано. Користуватися нею не можна. "
            "Поговоріть із роботодавцем про нову картку (hmskort.no)."
        ),
        stolen=(
            "Цю картку заявлено як викрадену, і її заблоковано. Користуватися нею не можна. "
            "Поговоріть із роботодавцем про нову картку (hmskort.no)."
        ),
        fake=(
            "QR-код на цій картці не веде до реєстру карток HMS. Картка може бути несправжньою. "
            "Покажіть документ, що посвідчує особу, з фотографією та зверніться до свого роботодавця."
        ),
    ),
}
