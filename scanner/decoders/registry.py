"""Which decoders to use, in which order.

Order, and why:
1. zxing-cpp — most hits on every public set, no wrong reads, ≈11 ms for a 1080p frame when
   restricted to the card's formats. Not installable on Flet's phone builds.
2. pyzbar — reads QR and all three 1-D formats; fewer hits than zxing-cpp and some charset
   misreads, ≈20× slower on 1080p. Installable on phones, so it is the phone's per-frame decoder.
3. OpenCV — QR only, fewest hits; last, as a still-image fallback.

The first available decoder is the live camera's per-frame decoder (a cascade there made an empty
1080p frame cost ≈580 ms); the still-image path tries them all. `only` / `exclude` let tests and the
benchmark simulate a phone (no zxing-cpp) without patching anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scanner.decoders import Decoder, DecoderUnavailable
from scanner.decoders.opencv import OpenCvDecoder
from scanner.decoders.zbar import ZbarDecoder
from scanner.decoders.zxing import ZxingDecoder

#: name → factory, in order of preference (see the module docstring).
FACTORIES: dict[str, Callable[[], Decoder]] = {
    "zxing-cpp": ZxingDecoder,
    "pyzbar": ZbarDecoder,
    "opencv": OpenCvDecoder,
}

#: Raw decoders with their libraries' default options, for the benchmark's comparison columns.
DEFAULT_FACTORIES: dict[str, Callable[[], Decoder]] = {
    "zxing-cpp": ZxingDecoder.defaults,
    "pyzbar": ZbarDecoder.defaults,
    "opencv": OpenCvDecoder.defaults,
}

#: The phone case: what Flet's mobile wheel index can install.
PHONE = ("pyzbar", "opencv")


class NoDecoder(DecoderUnavailable):
    """None of the requested decoders is installed."""


@dataclass(frozen=True, slots=True)
class DecoderSet:
    """The decoders in use, in order, and why the others are missing."""

    decoders: tuple[Decoder, ...]
    missing: tuple[tuple[str, str], ...] = ()  # (name, reason)

    @property
    def frame_decoder(self) -> Decoder:
        """The live camera's decoder: the first (fastest, most accurate) available one."""
        return self.decoders[0]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.decoders)

    def explain(self) -> str:
        """One line for logs and `--verbose`: what is used and what is not."""
        used = " → ".join(self.names)
        gone = "; ".join(f"{n}: {why}" for n, why in self.missing)
        return f"decoders: {used}" + (f" (not available: {gone})" if gone else "")


def load_decoders(only: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> DecoderSet:
    """The installed decoders in preference order, limited to `only` and without `exclude`.

    Raises NoDecoder when nothing is left. Unknown names are an error (a typo must not silently
    leave the phone case untested)."""
    wanted = list(FACTORIES) if only is None else list(only)
    excluded = set(exclude)
    unknown = (set(wanted) | excluded) - set(FACTORIES)
    if unknown:
        raise ValueError(f"unknown decoder(s) {sorted(unknown)}; known: {list(FACTORIES)}")
    decoders: list[Decoder] = []
    missing: list[tuple[str, str]] = []
    for name in FACTORIES:  # preference order, whatever order the caller listed them in
        if name not in wanted or name in excluded:
            continue
        try:
            decoders.append(FACTORIES[name]())
        except DecoderUnavailable as exc:
            missing.append((name, str(exc)))
    if not decoders:
        raise NoDecoder("no barcode decoder available (" + "; ".join(f"{n}: {w}" for n, w in missing) + ")")
    return DecoderSet(tuple(decoders), tuple(missing))
