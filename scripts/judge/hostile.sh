#!/usr/bin/env bash
# What an anonymous caller can make one server spend (BENCHMARKS.md, "Hostile callers"):
# bursts of 64 concurrent sign-ins (resident memory before, at peak and after; every answer
# 401 or 429 with Retry-After, never 5xx), then 70 connections trickling request bodies while
# the health check and a signed-in read are timed.
#   scripts/judge/hostile.sh
set -euo pipefail

source "$(dirname "$0")/lib.sh"
out=${JUDGE_OUT:-$target/judge}/hostile
mkdir -p "$out"
start_kopdes sqlite "$out/server.log"
cookie=$(sign_in member)
python3 "$root/scripts/judge/hostile.py" "$base" "$_kopdes_pid" "$cookie" | tee "$out/report.md"
