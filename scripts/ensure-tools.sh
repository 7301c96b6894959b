#!/usr/bin/env bash
# Installs what the build and tests need and the machine lacks, only from crates.io, npm and
# Debian's packages. Safe to run repeatedly: each step checks first and does nothing if present.
#   scripts/ensure-tools.sh            build tools (make run)
#   scripts/ensure-tools.sh --test     plus rustfmt, clippy, Chromium and Playwright (make test)
#   scripts/ensure-tools.sh --judge    plus the outside judges: schemathesis, Lighthouse, wrk,
#                                      cargo-fuzz (make judge)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
want_test=false
want_judge=false
[ "${1:-}" = "--test" ] && want_test=true
[ "${1:-}" = "--judge" ] && want_test=true && want_judge=true

say() { printf '==> %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=false
apt_install() {
  if ! $apt_updated; then
    say "apt-get update"
    sudo_if_needed apt-get update -qq
    apt_updated=true
  fi
  say "apt-get install $*"
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if $want_test; then
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "rustup component add $component"
      rustup component add "$component"
    fi
  done
fi

# wasm-bindgen's CLI must be exactly the library version in Cargo.lock, or the glue it writes
# does not match the module.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  say "cargo install wasm-bindgen-cli $wb_version (about 3 minutes, once)"
  # Not --locked: the CLI's own lockfile pins a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# The splitter that cuts the app into one chunk per lazy route (what cargo-leptos uses too).
wasm_split_version=0.2.4
# It has no --version flag; cargo's own list of installed packages says which one is there.
if ! command -v wasm-split-cli >/dev/null ||
  ! cargo install --list | grep -qx "wasm_split_cli_support v$wasm_split_version:"; then
  say "cargo install wasm_split_cli_support $wasm_split_version (about 2 minutes, once)"
  cargo install --locked wasm_split_cli_support --version "$wasm_split_version" --features build-binary --force
fi

command -v brotli >/dev/null || apt_install brotli
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi

# wasm-opt from npm's binaryen: Debian's binaryen 108 emits modules Chromium rejects.
if [ ! -x "$root/scripts/node_modules/.bin/wasm-opt" ]; then
  say "npm ci (scripts: binaryen)"
  npm ci --prefix "$root/scripts" --no-audit --no-fund --loglevel=error
fi

if $want_test; then
  command -v chromium >/dev/null || apt_install chromium
  if [ ! -d "$root/end2end/node_modules/@playwright/test" ]; then
    say "npm ci (end2end: Playwright, driving Debian's Chromium)"
    npm ci --prefix "$root/end2end" --no-audit --no-fund --loglevel=error
  fi
fi

if $want_judge; then
  # Pinned; a virtualenv under the home cache, outside the clone, reused by later runs.
  schemathesis_version=4.32.5
  venv="$HOME/.cache/kopdes/judge-venv"
  if [ "$("$venv/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$schemathesis_version" ]; then
    say "pip install schemathesis $schemathesis_version (into $venv)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==$schemathesis_version"
  fi
  if [ ! -x "$root/scripts/judge/node_modules/.bin/lighthouse" ]; then
    say "npm ci (scripts/judge: Lighthouse)"
    npm ci --prefix "$root/scripts/judge" --no-audit --no-fund --loglevel=error
  fi
  command -v wrk >/dev/null || apt_install wrk
  command -v psql >/dev/null || apt_install postgresql-client
  # Drives libFuzzer for scripts/judge/fuzz.sh; pinned, and on stable Rust with `-s none`.
  cargo_fuzz_version=0.13.2
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$cargo_fuzz_version" ]; then
    say "cargo install cargo-fuzz $cargo_fuzz_version (a few minutes, once)"
    cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked --force
  fi
fi
