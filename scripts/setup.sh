#!/usr/bin/env bash
# Creates .venv and installs everything the app and the tests need, system packages too where we can.
# Idempotent and quiet when nothing changed; `make` only calls it when pyproject.toml is newer.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
ldconfig -p 2>/dev/null | grep -q libzbar.so.0 || need_apt+=(libzbar0)
[ "${HMSKORT_SKIP_BROWSER:-}" = "1" ] || command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# served mode's e2e test and bench (issue 13): nginx with brotli, and node for the test OpenID provider
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] ||
    need_apt+=(libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# The journal's tests start a throwaway PostgreSQL 15 cluster (tests/pg.py) with the Debian package's
# initdb/pg_ctl; the app itself only needs it when HMSKORT_DATABASE_URL points at PostgreSQL.
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing system packages: ${need_apt[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        # Other installs may hold the dpkg lock (parallel worktrees, CI): wait for it instead of failing.
        apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
        apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "setup: please install these system packages: ${need_apt[*]} (pyzbar needs libzbar0; UI tests need chromium; journal tests need postgresql)" >&2
    fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]"
# The test OpenID provider (npm `oidc-provider`, pinned by tests/oidc/package-lock.json).
if command -v npm >/dev/null 2>&1; then
    lock=tests/oidc/package-lock.json
    if [ ! -f tests/oidc/node_modules/.installed ] || [ "$lock" -nt tests/oidc/node_modules/.installed ]; then
        (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules/.installed)
    fi
fi
touch .venv/.installed
