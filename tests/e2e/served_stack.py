"""Served mode end to end, for the e2e test and the bench: nginx (the Debian package, the project's
deploy/nginx.conf) on loopback with a self-signed certificate, in front of two app processes in
served mode, and a real OpenID provider (npm `oidc-provider`, tests/oidc/) on loopback.

Everything runs on free loopback ports with its own files under one directory; `stop()` ends what
it started (each by its own process group).
"""

from __future__ import annotations

import os
import re
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.procs import stop_group

ROOT = Path(__file__).resolve().parents[2]
OIDC_DIR = ROOT / "tests" / "oidc"
NGINX = "/usr/sbin/nginx"
BROTLI_MODULES = (
    "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so",
    "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so",
)
START_TIMEOUT_S = 90
OIDC_CLIENT_SECRET = "e2e-oidc-client-secret-not-for-production"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _insecure() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    return ctx


def wait_http(
    url: str, procs: list[tuple[subprocess.Popen, Path]], ok=(200,), timeout: float = START_TIMEOUT_S
):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc, log in procs:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{proc.args[0]} exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
                )
        try:
            with urllib.request.urlopen(url, timeout=2, context=_insecure()) as r:
                if r.status in ok:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code in ok:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def site_conf(*, https_port: int, http_port: int, app_ports: list[int], cert: Path, key: Path,
              bundle_root: Path, log_dir: Path, compress: bool = True) -> str:  # fmt: skip
    """deploy/nginx.conf with this machine's ports and paths (and, for the bench's baseline, with
    every kind of compression switched off)."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    conf = re.sub(r"\n\s*listen \[::\]:\d+[^\n]*", "", conf)
    conf = conf.replace("server_name hmskort.example.no;", "server_name 127.0.0.1;")
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in app_ports)
    conf = re.sub(r"(    server 127\.0\.0\.1:855\d;\n)+", servers, conf)
    conf = conf.replace("/etc/ssl/hmskort/fullchain.pem", str(cert)).replace(
        "/etc/ssl/hmskort/privkey.pem", str(key)
    )
    conf = conf.replace("/var/lib/hmskort/web", str(bundle_root))
    conf = conf.replace("/var/log/nginx/hmskort.access.log", str(log_dir / "access.log"))
    if not compress:
        conf = re.sub(r"\b(gzip|brotli|gzip_static|brotli_static) on;", r"\1 off;", conf)
    return conf


def main_conf(directory: Path, site: Path) -> str:
    modules = "".join(f"load_module {m};\n" for m in BROTLI_MODULES)
    temp = "".join(
        f"    {kind}_temp_path {directory / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{modules}daemon off;\nuser root;\nworker_processes 1;\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\nevents {{ worker_connections 512; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n{temp}"
        f"    access_log off;\n    include {site};\n}}\n"
    )


class ServedStack:
    """`start()` everything; `url` is nginx's https address; `stop()` ends it all."""

    def __init__(
        self,
        workdir: Path,
        *,
        sandbox_url: str,
        client_id: str,
        client_secret: str,
        bundle_root: Path,
        apps: int = 2,
        compress: bool = True,
        extra_env: dict | None = None,
    ) -> None:
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.sandbox = (sandbox_url, client_id, client_secret)
        self.bundle_root = bundle_root
        self.https_port = free_port()
        self.http_port = free_port()
        self.oidc_port = free_port()
        self.app_ports = [free_port() for _ in range(apps)]
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.issuer = f"http://127.0.0.1:{self.oidc_port}"
        self.compress = compress
        self.extra_env = extra_env or {}
        self.procs: list[tuple[subprocess.Popen, Path]] = []

    def _spawn(
        self, name: str, args: list[str], env: dict | None = None, cwd: Path = ROOT
    ) -> subprocess.Popen:
        log = self.dir / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                args, cwd=cwd, env=env or os.environ.copy(), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        self.procs.append((proc, log))
        return proc

    def start(self) -> ServedStack:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self._spawn(
            "oidc",
            ["node", "provider.mjs", str(self.oidc_port), f"{self.url}/auth/callback",
             f"{self.url}/auth/signed-out", OIDC_CLIENT_SECRET],
            cwd=OIDC_DIR,
        )  # fmt: skip
        sandbox_url, client_id, client_secret = self.sandbox
        for i, port in enumerate(self.app_ports):
            settings_file = self.dir / f"app{i}-settings.toml"
            settings_file.write_text("# written by the served-mode tests\n")
            env = {
                **os.environ,
                "HMSKORT_API_URL": sandbox_url,
                "HMSKORT_CLIENT_ID": client_id,
                "HMSKORT_CLIENT_SECRET": client_secret,
                "HMSKORT_SANDBOX": "true",  # test data: every screen says so
                "HMSKORT_LANGUAGE": "nb",
                "HMSKORT_SETTINGS_FILE": str(settings_file),
                "HMSKORT_PUBLIC_URL": self.url,
                "HMSKORT_OIDC_ISSUER": self.issuer,
                "HMSKORT_OIDC_CLIENT_ID": "hmskort",
                "HMSKORT_OIDC_CLIENT_SECRET": OIDC_CLIENT_SECRET,
                "HMSKORT_WEB_BUNDLE": str(self.bundle_root),
                "FLET_SERVER_IP": "127.0.0.1",
                "FLET_SERVER_PORT": str(port),
                **self.extra_env,
            }
            self._spawn(f"app{i}", [sys.executable, str(ROOT / "main.py")], env=env)
        cert, key = self_signed_cert(self.dir)
        site = self.dir / "site.conf"
        site.write_text(
            site_conf(
                https_port=self.https_port, http_port=self.http_port, app_ports=self.app_ports, cert=cert,
                key=key, bundle_root=self.bundle_root, log_dir=self.dir, compress=self.compress,
            )
        )  # fmt: skip
        conf = self.dir / "nginx.conf"
        conf.write_text(main_conf(self.dir, site))
        check = subprocess.run(
            [NGINX, "-t", "-p", str(self.dir), "-c", str(conf)], capture_output=True, text=True
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        self._spawn("nginx", [NGINX, "-p", str(self.dir), "-c", str(conf)])
        wait_http(f"{self.issuer}/.well-known/openid-configuration", self.procs)
        for port in self.app_ports:
            # not signed in, the app answers its own sign-in check with 401: it is up
            wait_http(f"http://127.0.0.1:{port}/auth/check", self.procs, ok=(401,))
        wait_http(f"{self.url}/auth/check", self.procs, ok=(401,))

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text()[-2000:]}" for _p, log in self.procs if log.exists()
        )

    def stop(self) -> None:
        for proc, _log in reversed(self.procs):
            stop_group(proc)
        self.procs.clear()
