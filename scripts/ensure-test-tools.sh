#!/usr/bin/env bash
# What the tests need from Debian: Chromium for the browser tests (playwright-core never downloads a browser of its
# own) and faketime, which runs the unit and integration tests a second time with the clock 400 days ahead.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v faketime >/dev/null || missing+=(faketime)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "[test] installing Debian's ${missing[*]} for the tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "[test] missing: ${missing[*]} — install Debian's packages (apt-get install ${missing[*]})" >&2
  exit 1
fi
