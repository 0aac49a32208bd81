#!/usr/bin/env bash
# Sourced by scripts/test: install the Debian packages the checks need, when they are missing.
#
# - chromium: the browser Playwright drives for the web tests (`playwright install` cannot
#   download browsers on a machine without internet, so the tests launch Debian's build).
# - poppler-utils: `pdftotext` and `pdftoppm`, to read back and look at the PDFs we make.
# Needs root to install; without root, a missing package is reported and its tests are skipped.
_bl_debian_main() {
  local wanted=() command package
  for pair in chromium:chromium pdftotext:poppler-utils pdftoppm:poppler-utils; do
    command="${pair%%:*}"
    package="${pair##*:}"
    if ! command -v "$command" >/dev/null 2>&1; then
      case " ${wanted[*]} " in *" $package "*) ;; *) wanted+=("$package") ;; esac
    fi
  done
  [ "${#wanted[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" != "0" ]; then
    echo "debian: missing ${wanted[*]} and not root to install them; their tests will be skipped" >&2
    return 0
  fi
  echo "debian: installing ${wanted[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
}
_bl_debian_main
unset -f _bl_debian_main
