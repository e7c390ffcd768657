#!/usr/bin/env bash
# Headless Chromium for the coach web app's browser tests, from Debian's packages.
# Idempotent: does nothing when /usr/bin/chromium is already there. (Never `playwright install`:
# Playwright for Python drives this Debian chromium through executable_path.)
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium
