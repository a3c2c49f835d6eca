#!/usr/bin/env bash
# Makes sure the browser the e2e tests drive is there: Debian's Chromium at /usr/bin/chromium (or
# CHROMIUM_PATH), which npm cannot install. Installs it with apt-get when missing (through sudo when
# not root, never asking for a password). Exits 0 when the browser is there, 1 with a message saying
# why not, so the caller decides whether to skip the browser tests or fail.
set -uo pipefail

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [[ -x $chromium ]]; then exit 0; fi

cannot() {
  printf '\nChromium is missing at %s and could not be installed: %s\n' "$chromium" "$*" >&2
  printf 'Install it with `sudo apt-get install -y chromium` (Debian), or set CHROMIUM_PATH.\n\n' >&2
  exit 1
}

if [[ -n ${CHROMIUM_PATH:-} ]]; then cannot "CHROMIUM_PATH names no executable"; fi
command -v apt-get >/dev/null || cannot "no apt-get on this machine (not Debian)"
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null && sudo --non-interactive true 2>/dev/null; then
  as_root=(sudo --non-interactive)
else
  cannot "not root, and sudo is missing or asks for a password"
fi

echo "Chromium is missing at $chromium; installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
# stdout goes to stderr: the caller's stdout may be a test reporter's.
"${as_root[@]}" apt-get update >&2 || cannot "apt-get update failed"
"${as_root[@]}" apt-get install -y --no-install-recommends chromium >&2 || cannot "apt-get install failed"
[[ -x $chromium ]] || cannot "the chromium package did not provide $chromium"
"$chromium" --version >&2 || true
