"""Security and cache headers on every HTTP answer of the app, served and local mode (issue 13).

- A Content-Security-Policy as strict as Flet's web client allows: scripts only from this origin
  plus the hashes of index.html's own inline scripts (computed from the page as sent) and
  `'wasm-unsafe-eval'` (CanvasKit / skwasm are WebAssembly); styles need `'unsafe-inline'`
  (Flutter writes style elements at run time); workers from blob: (skwasm's thread helper);
  `frame-ancestors 'none'`, `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`.
- `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`, a `Permissions-Policy` that
  gives the camera to this origin only, `Cross-Origin-Resource-Policy: same-origin`; HSTS in served mode
  only (local mode is plain http on loopback).
- Local mode once left these headers off because e2e typing lost characters with them; measured
  since: typing at full speed into a Flet field loses characters at the same rate with and without
  them (9 vs 10 of 40 tries at load 10): the server's echo of the field races the next key, which
  tests/e2e/conftest.py `type_into` allows for. The renderer is the same either way (Flet itself
  sends COOP/COEP, so both pages are cross-origin isolated and load skwasm).
- Flet's `Access-Control-Allow-Origin: *` is removed: no other site may read these answers.
- Cache: pages `no-store`; the bundle's versioned files (`/_v/<version>/...`) a year, immutable;
  everything else revalidated (`no-cache`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

from web.bundle import PREFIX, Bundle

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
HSTS = "max-age=31536000; includeSubDomains"
IMMUTABLE = "public, max-age=31536000, immutable"
PERMISSIONS = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def csp(script_hashes: tuple[str, ...] = ()) -> str:
    hashes = " ".join(f"'sha256-{h}'" for h in script_hashes)
    return (
        "default-src 'self'; "
        f"script-src 'self' 'wasm-unsafe-eval'{' ' + hashes if hashes else ''}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data:; "
        "worker-src 'self' blob:; media-src 'self' blob:; manifest-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def script_hashes(html: bytes) -> tuple[str, ...]:
    return tuple(
        base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode() for m in _INLINE_SCRIPT.finditer(html)
    )


#: Run first in the page's head, long before Flutter's loader (flutter_bootstrap.js, loaded at the end of
#: the body, then its own requests) would ask for them: the first load's two big files and the fonts
#: the engine waits for before its first frame. The big files only where the loader will take them:
#: skwasm is Chromium's renderer when WebAssembly GC is there (the loader's own test: the engine by
#: `navigator.vendor`, then a WasmGC module validated); other browsers (Safari, Firefox) load
#: CanvasKit and main.dart.js instead, and must not pay for both. `as="fetch"` + crossorigin is what
#: the loader's own `fetch(url)` asks for, so the browser reuses the preloaded answer.
PRELOAD_SCRIPT = """<script>(function(){var n=navigator,d=document,p=__PREFIX__;
function l(r,u,a){var e=d.createElement("link");e.rel=r;e.href=u;
if(a){e.as=a;e.crossOrigin="anonymous"}d.head.appendChild(e)}
var b=n.vendor==="Google Inc."||n.userAgent.indexOf("Edg/")>=0;
try{b=b&&WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,95,1,120,0]))}catch(e){b=false}
if(b){l("preload",p+"main.dart.wasm","fetch");l("preload",p+"canvaskit/skwasm.wasm","fetch");l("modulepreload",p+"main.dart.mjs")}
l("preload","/assets/FontManifest.json","fetch");l("preload","/assets/fonts/MaterialIcons-Regular.otf","fetch");
l("preload","/assets/fonts/roboto.woff2","fetch");
})()</script>"""


def patch_index(html: bytes, bundle: Bundle | None) -> bytes:
    """Point Flet's loader at the versioned bundle URLs (long-cached; nginx serves them itself), and
    start the first load's big downloads from the page's head (`PRELOAD_SCRIPT`)."""
    if bundle is None:
        return html
    prefix = bundle.url_prefix.encode()
    html = re.sub(rb'flet\.entrypointBaseUrl="[^"]*";', b'flet.entrypointBaseUrl="' + prefix + b'";', html)
    html = re.sub(
        rb'flet\.canvasKitBaseUrl="[^"]*";', b'flet.canvasKitBaseUrl="' + prefix + b'canvaskit/";', html
    )
    preload = PRELOAD_SCRIPT.replace("__PREFIX__", json.dumps(bundle.url_prefix)).encode()
    # first in the head: before the (parser-blocking) guard and python.js scripts
    return re.sub(rb"<head>", lambda m: m.group(0) + preload, html, count=1, flags=re.IGNORECASE)


class SecurityHeaders:
    """ASGI middleware; `bundle` (web/bundle.py) is served under its versioned prefix."""

    def __init__(self, app, *, hsts: bool, bundle: Bundle | None = None) -> None:
        self.app = app
        self.hsts = hsts
        self.bundle = bundle

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        versioned = False
        if path.startswith(PREFIX):
            if self.bundle is None or not path.startswith(self.bundle.url_prefix):
                await self._not_found(scope, send)
                return
            rest = "/" + path[len(self.bundle.url_prefix) :]
            scope = dict(scope, path=rest, raw_path=rest.encode())
            versioned = True
        state: dict = {}
        auth = path.startswith("/auth/")

        async def send_wrapper(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _DROPPED]
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                html = ctype.startswith(b"text/html")
                state.update(start=dict(message, headers=headers), html=html, body=[])
                if not html:
                    await send(self._finish_start(state["start"], html=auth, versioned=versioned))
                return
            if message["type"] == "http.response.body" and state.get("html"):
                state["body"].append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = patch_index(b"".join(state["body"]), self.bundle)
                start = self._finish_start(state["start"], html=True, versioned=False, body=body)
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _finish_start(self, start: dict, *, html: bool, versioned: bool, body: bytes | None = None) -> dict:
        kept_no_store = any(k.lower() == b"cache-control" and b"no-store" in v for k, v in start["headers"])
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"cache-control"]
        if body is not None:
            headers = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"etag")]
            headers.append((b"content-length", str(len(body)).encode()))
        status = start.get("status", 200)
        if html or kept_no_store:  # pages, and whatever the app itself marked no-store
            cache = "no-store"
        elif versioned and status == 200:
            cache = IMMUTABLE
        else:
            cache = "no-cache"
        headers += [
            (b"cache-control", cache.encode()),
            (b"content-security-policy", csp(script_hashes(body) if body else ()).encode()),
            (b"referrer-policy", b"no-referrer"),
            (b"x-content-type-options", b"nosniff"),
            (b"permissions-policy", PERMISSIONS.encode()),
            (b"cross-origin-resource-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-embedder-policy", b"require-corp"),
            (b"x-frame-options", b"DENY"),
        ]
        if self.hsts:
            headers.append((b"strict-transport-security", HSTS.encode()))
        return dict(start, headers=headers)

    async def _not_found(self, scope, send) -> None:
        start = {"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]}
        await send(self._finish_start(start, html=False, versioned=False))
        await send({"type": "http.response.body", "body": b"Not found"})


#: headers this middleware owns (set once, here), and Flet's `Access-Control-Allow-Origin: *`
_DROPPED = frozenset(
    {
        b"access-control-allow-origin",
        b"content-security-policy",
        b"referrer-policy",
        b"x-content-type-options",
        b"permissions-policy",
        b"cross-origin-resource-policy",
        b"cross-origin-opener-policy",
        b"cross-origin-embedder-policy",
        b"x-frame-options",
        b"strict-transport-security",
    }
)
