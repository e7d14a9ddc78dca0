#!/usr/bin/env bash
# What the tests need from Debian besides the Python packages (`make test` and .ci/run
# both run this, so they never drift):
#   chromium                          tests/browser (Debian's, never a download)
#   nginx, libnginx-mod-http-brotli-static
#                                     deploy/nginx in front (tests/browser/test_nginx_browser.py)
#   postgresql                        the throwaway cluster (scripts/test-postgres.sh)
#   make                              `make test` itself (.ci/run)
#   python3-venv                      the .venv `make` creates
# Nothing missing: silent. Missing and root: apt-get update and install them (Debian).
# Missing and not root: say which, and the command, and exit 1.
#
# Usage: scripts/system-deps.sh [PACKAGE…]   (only these; default: all of the above)
# SYSTEM_DEPS_ROOT prefixes the paths it looks at (tests/deploy/test_system_deps.py).
set -euo pipefail
R="${SYSTEM_DEPS_ROOT:-}"
PYTHON="${PYTHON:-python3}"

present() {
  local dir
  case "$1" in
    chromium) command -v chromium >/dev/null || [ -x "$R/usr/bin/chromium" ] ;;
    nginx) command -v nginx >/dev/null || [ -x "$R/usr/sbin/nginx" ] ;;
    libnginx-mod-http-brotli-static) [ -f "$R/usr/lib/nginx/modules/ngx_http_brotli_static_module.so" ] ;;
    postgresql)
      for dir in "$R"/usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && return 0; done
      return 1 ;;
    make) command -v make >/dev/null ;;
    # only where Python is there at all (without it, nothing here runs)
    python3-venv) ! command -v "$PYTHON" >/dev/null || "$PYTHON" -c "import ensurepip, venv" 2>/dev/null ;;
    *) echo "system-deps.sh: unknown package $1 (known: $ALL)" >&2; exit 2 ;;
  esac
}

ALL="chromium nginx libnginx-mod-http-brotli-static postgresql make python3-venv"
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || read -r -a wanted <<<"$ALL"
missing=()
for package in "${wanted[@]}"; do
  present "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing from Debian's packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
  exit 0
fi

cat >&2 <<EOF
The tests need these Debian packages, and they are not installed:

    ${missing[*]}

Install them as root, then run the tests again:

    apt-get update && apt-get install -y ${missing[*]}

(\`make test\` run as root on Debian installs them itself.)
EOF
exit 1
