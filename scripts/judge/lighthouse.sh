#!/usr/bin/env bash
# Lighthouse (12.8.2, npm; the last line that runs on Node 20) in Debian's Chromium, mobile
# settings (a mid-range phone, simulated slow 4G), on the main pages, signed out and signed in
# as the people who use them. Reports performance, accessibility and best practices; fails if
# accessibility or best practices is below 95 on any page. Each person has a Chromium profile
# holding their session cookie (lighthouse-profile.mjs).
#   scripts/judge/lighthouse.sh
set -euo pipefail

source "$(dirname "$0")/lib.sh"
out=${JUDGE_OUT:-$target/judge}/lighthouse
rm -rf "$out"
mkdir -p "$out"
start_kopdes sqlite "$out/server.log"

pengurus=$(sign_in pengurus)
cooperative=$(curl -fsS -H "Cookie: $pengurus" "$base/api/cooperatives" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')

# ROLE PATH: what each kind of person opens most.
pages=(
  "anonymous /"
  "anonymous /masuk"
  "anonymous /tentang"
  "member /"
  "member /saya"
  "member /belajar"
  "pengurus /koperasi/$cooperative"
  "pengurus /koperasi/$cooperative/anggota"
  "dinas /koperasi/dasbor"
)
lighthouse="$root/scripts/judge/node_modules/.bin/lighthouse"
declare -A cookies=([anonymous]="")
n=0
for entry in "${pages[@]}"; do
  role=${entry%% *}
  path=${entry#* }
  if [ -z "${cookies[$role]+set}" ]; then cookies[$role]=$(sign_in "$role"); fi
  profile="$out/profile-$role"
  if [ -n "${cookies[$role]}" ] && [ ! -d "$profile" ]; then
    node "$root/scripts/judge/lighthouse-profile.mjs" "$base" "${cookies[$role]}" "$profile"
  fi
  mkdir -p "$profile"
  n=$((n + 1))
  report="$out/$(printf '%02d' "$n")-$role.json"
  # Lighthouse now and then loses its trace of the load (NO_NAVSTART, a known flake of the
  # tool, not of the page): such a run is repeated, up to three times.
  for attempt in 1 2 3; do
    echo "==> lighthouse $role $path (attempt $attempt)"
    if CHROME_PATH=${CHROMIUM_PATH:-/usr/bin/chromium} "$lighthouse" "$base$path" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --user-data-dir=$profile" \
      --only-categories=performance,accessibility,best-practices \
      --output=json --output-path="$report" --quiet; then
      break
    fi
  done
done
node "$root/scripts/judge/lighthouse-report.mjs" "$out"
