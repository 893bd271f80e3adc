#!/usr/bin/env bash
# Set-up for `make site` and `make test`, safe to run again and again:
#   - the Debian packages the tests need (chromium for the browser tests, a Java runtime for the
#     HTML checker, bubblewrap for grading each submission in a sandbox), installed with apt-get
#     as root or through sudo, otherwise the command to run;
#   - .venv, made with Python 3.11 when missing, and `pip install -r requirements.txt` whenever
#     requirements.txt differs from the last install (its SHA-256 is kept in .venv);
#   - `npm ci` when package.json exists and package-lock.json differs from the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
VENV=.venv
DEBIAN_PACKAGES=(chromium default-jre-headless bubblewrap)

say() { printf 'setup: %s\n' "$*"; }

sha() { sha256sum "$1" | cut -d' ' -f1; }

debian_packages() {
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        say "not Debian or Ubuntu: install Chromium (or set CHROMIUM to a browser) and a Java runtime yourself"
        return
    fi
    local missing=()
    for package in "${DEBIAN_PACKAGES[@]}"; do
        if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo)
        else
            say "missing Debian packages: ${missing[*]}; install them with:"
            say "    sudo apt-get update && sudo apt-get install -y ${missing[*]}"
            say "(on Ubuntu, Chromium comes as a snap: sudo snap install chromium)"
            return
        fi
    fi
    say "installing ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
}

is_python_311() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

python_environment() {
    if ! is_python_311 "$VENV/bin/python"; then
        if ! is_python_311 "$PYTHON"; then
            say "$PYTHON is not Python 3.11: install it (Debian 12: sudo apt-get install python3.11-venv)"
            say "or name it: make site PYTHON=/path/to/python3.11"
            exit 1
        fi
        say "creating $VENV with $PYTHON"
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    local wanted
    wanted="$(sha requirements.txt)"
    if [ "$(cat "$VENV/requirements.sha256" 2>/dev/null)" != "$wanted" ]; then
        say "installing requirements.txt into $VENV"
        "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r requirements.txt
        echo "$wanted" > "$VENV/requirements.sha256"
    fi
}

node_packages() {
    [ -f package.json ] || return 0
    if ! command -v npm >/dev/null; then
        say "npm not found: install Node.js and npm (sudo apt-get install nodejs npm)"
        exit 1
    fi
    local wanted
    wanted="$(sha package-lock.json)"
    if [ "$(cat node_modules/.package-lock.sha256 2>/dev/null)" != "$wanted" ]; then
        say "installing node packages (npm ci)"
        npm ci --ignore-scripts --no-audit --no-fund
        echo "$wanted" > node_modules/.package-lock.sha256
    fi
}

debian_packages
python_environment
node_packages
