# Sourced by scripts/check: Debian packages the tests use, installed when missing.
#   chromium        real-browser tests of the web application (never downloaded by Playwright)
#   poppler-utils   pdftoppm and pdftotext, to look at generated PDFs
#   postgresql      the team-mode tests (started by scripts/lib/postgres.sh)
ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "== Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
