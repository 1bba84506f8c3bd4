"""Placeholder portraits: a drawn silhouette, never a real face, deterministic per card number."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw

_BACKGROUNDS = ((214, 226, 240), (226, 236, 218), (240, 228, 214), (232, 220, 238), (220, 234, 236))
_SHIRTS = ((40, 70, 120), (120, 50, 40), (50, 100, 60), (90, 90, 90), (200, 120, 20))
_SKIN = ((241, 209, 180), (224, 172, 135), (198, 134, 94), (141, 85, 54), (255, 224, 196))


def render_portrait(seed: str, size: tuple[int, int] = (300, 400)) -> Image.Image:
    """A passport-style placeholder: head and shoulders on a plain background, chosen by `seed`."""
    h = hashlib.sha256(seed.encode()).digest()
    w, ht = size
    img = Image.new("RGB", size, _BACKGROUNDS[h[0] % len(_BACKGROUNDS)])
    d = ImageDraw.Draw(img)
    shirt, skin = _SHIRTS[h[1] % len(_SHIRTS)], _SKIN[h[2] % len(_SKIN)]
    cx = w // 2
    d.ellipse((cx - w * 0.45, ht * 0.70, cx + w * 0.45, ht * 1.25), fill=shirt)
    d.rectangle((cx - w * 0.08, ht * 0.55, cx + w * 0.08, ht * 0.74), fill=skin)
    d.ellipse((cx - w * 0.22, ht * 0.22, cx + w * 0.22, ht * 0.62), fill=skin)
    hair = (40 + h[3] % 80, 30 + h[4] % 50, 20 + h[5] % 40)
    d.chord((cx - w * 0.23, ht * 0.18, cx + w * 0.23, ht * 0.50), 180, 360, fill=hair)
    # A visible mark so nobody takes it for a photo of a person.
    d.text((8, ht - 18), "SANDBOX", fill=(90, 90, 90))
    return img


def portrait_jpeg(seed: str, size: tuple[int, int] = (300, 400), quality: int = 85) -> bytes:
    buf = io.BytesIO()
    render_portrait(seed, size).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()
