# Sourced by the scripts: builds .venv with the pinned packages when it is missing or stale.
# Everything Docket needs comes from PyPI by package name; nothing is downloaded at run time.
# pip, without the warnings some machines' pip configuration prints for absent local indexes.
_pip() {
  .venv/bin/python -m pip "$@" 2> >(grep -v '^WARNING: Location' >&2)
}

ensure_venv() {
  local root stamp want
  root=$(pwd)
  stamp=.venv/.docket-installed
  want=$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)
  if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "== Building the Python environment in $root/.venv (first run takes a few minutes)"
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Docket needs Python 3.11 or newer; this python3 is $(python3 --version)." >&2
    return 1
  fi
  python3 -m venv .venv
  _pip install --quiet --upgrade "pip==25.3"
  _pip install --quiet -c requirements.lock -e '.[dev]'
  echo "$want" > "$stamp"
}
