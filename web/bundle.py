"""The web bundle: Flet's web client, prepared once for fast, CDN-free first loads (issue 13).

Flet's client (Flutter web) is ~14 MB uncompressed and hard-codes one CDN script (Rive's
`rive_native.js` from jsDelivr). `prepare()` copies the client into `<root>/<version>/`, points that
one URL at this server (where it is answered 404: the app uses no Rive animation, so nothing is
lost and no request leaves for a CDN), and writes `.br` (quality 11) and `.gz` (level 9) beside
every file a browser loads, so nginx can send them as they are (`brotli_static`, `gzip_static`)
without compressing on each request.

The Material icon font (1.26 MB, 0.41 MB as brotli, and fetched on the first load's critical path:
Flutter loads the fonts of its manifest before the first frame) is cut down to the icons the app
draws (`APP_ICONS`, kept in step with views/ by tests/test_web_bundle.py) and those Flutter's own
widgets draw (`FRAMEWORK_ICONS`, all four styles): a few kilobytes. Flutter's build tree-shakes
icons the same way in a `flutter build web`; Flet ships its client untrimmed because a Flet app may
name any icon at run time.

The version is a hash of the client's files and of this module's patch: a new Flet release gives a
new directory, so the bundle's URLs (`/_v/<version>/...`) can be cached by browsers for a year.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

#: bump when the patch or the compression below changes: a new version directory, new URLs
PATCH_LEVEL = "3"
#: the CDN URL baked into main.dart.js and main.dart.wasm, and the same-origin path that replaces it:
#: of the same length, because in the WebAssembly build it is a length-prefixed string constant
RIVE_CDN = b"https://cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm@44.0.0/"
RIVE_LOCAL = (b"/_no_cdn/rive/" + b"_" * len(RIVE_CDN))[: len(RIVE_CDN) - 1] + b"/"
PATCHED = ("main.dart.js", "main.dart.wasm")
#: font families Flutter would download at every start that this app never draws (KaTeX for math,
#: Cupertino icons): dropped from the font manifest, ~20 requests fewer on the first load
UNUSED_FONTS = ("packages/flutter_math_fork/", "packages/cupertino_icons/")
ICON_FONT = "assets/fonts/MaterialIcons-Regular.otf"
#: the `ft.Icons` names the app's own code uses (tests/test_web_bundle.py checks views/, main.py, app/)
APP_ICONS = frozenset(
    [
        "ARROW_BACK",
        "BOOK",
        "CAMERA_ALT",
        "CHECK_CIRCLE",
        "CLOUD_OFF",
        "CONTENT_COPY",
        "DANGEROUS",
        "DELETE_OUTLINE",
        "DOWNLOAD",
        "ERROR_OUTLINE",
        "FACE",
        "FLAG",
        "FLASHLIGHT_OFF",
        "FLASHLIGHT_ON",
        "GPP_BAD",
        "GROUPS",
        "INFO_OUTLINE",
        "LIST_ALT",
        "MENU_BOOK",
        "NFC",
        "NO_PHOTOGRAPHY",
        "PERSON",
        "PHOTO_CAMERA",
        "PHOTO_LIBRARY",
        "PICTURE_AS_PDF",
        "PLAY_CIRCLE",
        "QR_CODE_SCANNER",
        "REFRESH",
        "SAVE",
        "SCIENCE",
        "SEARCH",
        "SETTINGS",
        "STOP_CIRCLE",
        "TABLE_VIEW",
        "TRANSLATE",
        "UPLOAD_FILE",
        "USB_OFF",
        "WARNING_ROUNDED",
    ]
)
#: icons Flutter's and Flet's own widgets draw (back buttons on every platform, dropdowns, menus,
#: text fields, pickers, tables, snack bars, check boxes), kept in every style
FRAMEWORK_ICONS = frozenset(
    [
        "arrow_back",
        "arrow_back_ios",
        "arrow_back_ios_new",
        "arrow_forward",
        "arrow_forward_ios",
        "close",
        "cancel",
        "clear",
        "arrow_drop_down",
        "arrow_drop_up",
        "expand_more",
        "expand_less",
        "more_vert",
        "more_horiz",
        "menu",
        "search",
        "check",
        "done",
        "keyboard_arrow_down",
        "keyboard_arrow_up",
        "keyboard_arrow_left",
        "keyboard_arrow_right",
        "chevron_left",
        "chevron_right",
        "arrow_upward",
        "arrow_downward",
        "edit",
        "calendar_today",
        "access_time",
        "keyboard",
        "visibility",
        "visibility_off",
        "error",
        "error_outline",
        "info",
        "info_outline",
        "warning",
        "remove",
        "add",
        "date_range",
        "schedule",
        "first_page",
        "last_page",
        "drag_handle",
        "check_box",
        "check_box_outline_blank",
        "indeterminate_check_box",
        "radio_button_checked",
        "radio_button_unchecked",
        "star",
        "star_border",
        "refresh",
    ]
)
ICON_STYLES = ("baseline", "outlined", "rounded", "sharp")
#: files a browser never loads (debug symbols, source maps, the in-browser Python runtime)
SKIP_SUFFIXES = (".symbols", ".map")
SKIP_DIRS = ("pyodide",)
COMPRESS_SUFFIXES = (".js", ".mjs", ".wasm", ".json", ".otf", ".ttf", ".html", ".bin", ".frag", ".txt")
MIN_COMPRESS = 1024
#: the big files a phone's Chrome or Safari actually loads get brotli's best (slow) quality; the
#: renderer variants few browsers pick get a faster one, so preparing takes about a minute
HOT_FILES = frozenset(
    {
        "main.dart.js",
        "main.dart.wasm",
        "canvaskit/canvaskit.wasm",
        "canvaskit/chromium/canvaskit.wasm",
        "canvaskit/skwasm.wasm",
        "assets/fonts/MaterialIcons-Regular.otf",
    }
)
DEFAULT_ROOT = Path("~/.cache/hmskort/web")
PREFIX = "/_v/"


@dataclass(frozen=True, slots=True)
class Bundle:
    path: Path  # the directory with the client's files (what FLET_WEB_PATH names)
    version: str

    @property
    def url_prefix(self) -> str:
        """Where the bundle's files are served: `/_v/<version>/`."""
        return f"{PREFIX}{self.version}/"


def flet_web_dir() -> Path:
    import flet_web

    return Path(flet_web.__file__).parent / "web"


def _files(source: Path):
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir() or rel.parts[0] in SKIP_DIRS or path.name.endswith(SKIP_SUFFIXES):
            continue
        yield path, rel


def version_of(source: Path, *, plain: bool = False) -> str:
    """A hash of the client's file names, sizes and the bundle's patch level (cheap: no reading)."""
    digest = hashlib.sha256(PATCH_LEVEL.encode() + (b"plain" if plain else b""))
    for path, rel in _files(source):
        digest.update(f"{rel.as_posix()}\0{path.stat().st_size}\0".encode())
    import flet_web.version

    digest.update(str(getattr(flet_web.version, "version", "")).encode())
    return digest.hexdigest()[:12]


def prepare(
    root: str | Path | None = None, *, compress: bool | None = None, source: Path | None = None
) -> Bundle:
    """The bundle under `root` (default ~/.cache/hmskort/web), made if missing. Safe when several
    processes start at once: each builds in its own temporary directory and renames it into place.

    `compress` False (or HMSKORT_WEB_BUNDLE_PLAIN=1, for tests on a busy machine) skips the
    precompressed copies (nginx then compresses on the fly); it is a bundle of its own version."""
    if compress is None:
        compress = os.environ.get("HMSKORT_WEB_BUNDLE_PLAIN", "") not in ("1", "true")
    source = source or flet_web_dir()
    root = Path(root or os.environ.get("HMSKORT_WEB_BUNDLE") or DEFAULT_ROOT).expanduser()
    version = version_of(source, plain=not compress)
    target = root / version
    if (target / ".complete").is_file():
        return Bundle(target, version)
    root.mkdir(parents=True, exist_ok=True)
    work = root / f".{version}.{os.getpid()}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    for path, rel in _files(source):
        dest = work / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if rel.as_posix() in PATCHED:
            data = data.replace(RIVE_CDN, RIVE_LOCAL)
        elif rel.as_posix() == "assets/FontManifest.json":
            data = _used_fonts(data)
        elif rel.as_posix() == ICON_FONT:
            data = icon_subset(data)
        dest.write_bytes(data)
        if compress and path.suffix in COMPRESS_SUFFIXES and len(data) >= MIN_COMPRESS:
            _compress(dest, data, best=rel.as_posix() in HOT_FILES or len(data) < 200_000)
    (work / ".complete").write_text(version + "\n")
    try:
        work.rename(target)
    except OSError:  # another process finished first: use theirs
        shutil.rmtree(work, ignore_errors=True)
    return Bundle(target, version)


def glyph_name(icon: str) -> str:
    """The icon font's glyph for an `ft.Icons` name: CHECK_CIRCLE -> check_circle_baseline,
    WARNING_ROUNDED -> warning_rounded, _10K -> _10k_baseline."""
    name = icon.lower()
    if name[:1].isdigit():
        name = "_" + name
    return name if name.rsplit("_", 1)[-1] in ICON_STYLES[1:] else name + "_baseline"


def icon_names() -> set[str]:
    """The glyphs the web client keeps: the app's icons and the framework's in every style."""
    return {glyph_name(i) for i in APP_ICONS} | {f"{i}_{s}" for i in FRAMEWORK_ICONS for s in ICON_STYLES}


def icon_subset(font: bytes) -> bytes:
    """The icon font with only `icon_names()` (same code points, so Flutter's IconData still match)."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    ttf = TTFont(io.BytesIO(font))
    wanted = icon_names()
    codepoints = [cp for cp, glyph in ttf.getBestCmap().items() if glyph in wanted or cp == 0x20]
    options = subset.Options()
    options.layout_features = []  # the icon font's ligatures are not used by Flutter (code points are)
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(ttf)
    out = io.BytesIO()
    ttf.save(out)
    return out.getvalue()


def _used_fonts(manifest: bytes) -> bytes:
    import json

    families = [f for f in json.loads(manifest) if not str(f.get("family", "")).startswith(UNUSED_FONTS)]
    return json.dumps(families, indent=1).encode()


def _compress(dest: Path, data: bytes, *, best: bool) -> None:
    import brotli

    dest.with_name(dest.name + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    quality = 11 if best else 9
    dest.with_name(dest.name + ".br").write_bytes(brotli.compress(data, quality=quality, lgwin=24))
