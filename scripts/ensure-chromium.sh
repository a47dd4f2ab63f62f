#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core never downloads a browser of its own).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "[test] installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "[test] /usr/bin/chromium is missing: install Debian's chromium package (apt-get install chromium)" >&2
  exit 1
fi
