#!/usr/bin/env bash
# Install the system packages Biên bản needs, and only those that are missing.
#
#   scripts/system-deps.sh          what `make setup` needs (run, test)
#   scripts/system-deps.sh --bench  also LibreOffice Writer (`make bench-pdf`) and wrk (`make loadtest`)
#
# Debian/Ubuntu only (apt-get). Runs apt-get update once, and only when
# something has to be installed; uses sudo only when not already root.
set -euo pipefail

want_bench=false
for arg in "$@"; do
    case "$arg" in
        --bench) want_bench=true ;;
        *) echo "usage: $0 [--bench]" >&2; exit 2 ;;
    esac
done

# Package                  why
#   libpango-1.0-0         WeasyPrint text layout
#   libpangoft2-1.0-0      WeasyPrint font loading
#   fonts-liberation2      Liberation Serif, the document font (Vietnamese glyphs)
#   fonts-dejavu-core      fallback fonts
#   poppler-utils          pdftotext, pdffonts, pdfsig, pdftoppm for PDF tests
#   chromium               browser tests (Playwright drives /usr/bin/chromium)
#   postgresql             initdb/pg_ctl/postgres + contrib (unaccent) for the PostgreSQL test pass
#   gettext                msgfmt, for `manage.py compilemessages`
packages=(
    libpango-1.0-0
    libpangoft2-1.0-0
    fonts-liberation2
    fonts-dejavu-core
    poppler-utils
    chromium
    postgresql
    gettext
)
if $want_bench; then
    packages+=(libreoffice-writer-nogui wrk)
fi

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

missing=()
for pkg in "${packages[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done

# Things that are not a single package name to check with dpkg.
command -v chromium >/dev/null 2>&1 || [[ " ${missing[*]-} " == *" chromium "* ]] || missing+=(chromium)
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    [[ " ${missing[*]-} " == *" postgresql "* ]] || missing+=(postgresql)
fi
if ! compgen -G '/usr/share/postgresql/*/extension/unaccent.control' >/dev/null; then
    missing+=(postgresql-contrib)
fi
command -v npm >/dev/null 2>&1 || missing+=(npm)
# `python3 -m venv` needs ensurepip, which Debian ships separately.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=(python3-venv)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: missing ${missing[*]}, and there is no apt-get here; install them by hand" >&2
    exit 1
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
