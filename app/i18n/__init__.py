"""One string catalogue for the UI and the CLI: Norwegian bokmål (default) and English.

Each area keeps its strings in its own module (`verdicts`, `ui`, `nfc`, ...), each exposing
`STRINGS = {"nb": {key: template}, "en": {key: template}}`; this module merges them. Templates use
`str.format` fields. A test checks that every key exists in both languages. The worker view
(`worker.*`, see `worker.py`) also speaks Polish, Lithuanian, Latvian, Romanian and Ukrainian: those
languages hold only `worker.*` keys, and the UI itself stays in `LANGUAGES`.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for lang, strings in getattr(module, "STRINGS", {}).items():
            merged.setdefault(lang, {})
            dup = merged[lang].keys() & strings.keys()
            if dup:
                raise RuntimeError(f"string keys defined twice: {sorted(dup)}")
            merged[lang].update(strings)
    return merged


CATALOGUE: dict[str, dict[str, str]] = _load()


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for `key` in `lang` (falls back to bokmål, then to the key itself)."""
    template = CATALOGUE.get(lang, {}).get(key) or CATALOGUE[DEFAULT_LANGUAGE].get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
