#!/usr/bin/env bash
# The throttled load test (throttled-load.mjs) against the real server with demo data.
#   scripts/judge/throttled.sh
set -euo pipefail

source "$(dirname "$0")/lib.sh"
out=${JUDGE_OUT:-$target/judge}/throttled
mkdir -p "$out"
start_kopdes sqlite "$out/server.log"
node --experimental-websocket "$root/scripts/judge/throttled-load.mjs" "$base" "$out"
