"""Sample card images for the reference cards (contract §5) and camera-like variants of them."""

from __future__ import annotations

from pathlib import Path

#: Where the shipped sample images live (`hmskort samples` regenerates them).
SAMPLES_DIR = Path(__file__).resolve().parents[2] / "assets" / "sample_cards"
