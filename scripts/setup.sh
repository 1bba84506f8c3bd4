#!/usr/bin/env bash
# Creates .venv and installs everything the app and the tests need, system packages too where we can.
# Idempotent and quiet when nothing changed; `make` only calls it when pyproject.toml is newer.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
ldconfig -p 2>/dev/null | grep -q libzbar.so.0 || need_apt+=(libzbar0)
[ "${HMSKORT_SKIP_BROWSER:-}" = "1" ] || command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing system packages: ${need_apt[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "setup: please install these system packages: ${need_apt[*]} (pyzbar needs libzbar0; UI tests need chromium)" >&2
    fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]"
touch .venv/.installed
