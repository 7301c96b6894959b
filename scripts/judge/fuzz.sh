#!/usr/bin/env bash
# The parsers the browser app and the server share (NIK, phone, region code, form spec and
# answers, sync push, savings month), fuzzed by libFuzzer through cargo-fuzz: every target in
# fuzz/fuzz_targets for a fixed time from its seed corpus. These parsers take whatever a phone
# sends; a panic in one is a request that kills its handler, so any crash fails the run.
#   scripts/judge/fuzz.sh [seconds per target]
# Needs `cargo fuzz` on PATH (scripts/ensure-tools.sh --judge). Runs on stable Rust without a
# sanitizer (`-s none`): the domain crate forbids unsafe code, so there is no memory error for
# AddressSanitizer to find, and panics and overflows are caught without it. Builds into its own
# target directory: instrumented builds would otherwise evict the main one's artifacts.
# Longer runs (BENCHMARKS.md): FUZZ_SEED=0 scripts/judge/fuzz.sh 3600
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-${FUZZ_SECONDS:-20}}
# A fixed seed makes a short CI run repeatable; 0 lets libFuzzer pick one (for long runs).
seed=${FUZZ_SEED:-1}
out=${JUDGE_OUT:-${CARGO_TARGET_DIR:-$HOME/.cache/kopdes/target}/judge}/fuzz
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$HOME/.cache/kopdes/fuzz-target}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$root/fuzz"

targets=$(cargo fuzz list)
echo "==> cargo fuzz build ($(echo "$targets" | wc -w) targets)"
cargo fuzz build -s none

failed=0
summary="$out/summary.txt"
: >"$summary"
for target in $targets; do
  echo "==> fuzz $target (${seconds}s, seed $seed)"
  log="$out/$target.log"
  # libFuzzer writes what it finds to the first corpus directory: a scratch one, emptied so
  # every run starts from the seeds alone and a fixed seed gives a comparable run.
  scratch="$out/corpus-$target"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  options=(-max_total_time="$seconds" -seed="$seed" -print_final_stats=1)
  # The JSON targets have a dictionary of their field names and kinds: random bytes rarely
  # spell `"kind":"multiple_choice"`, and without one they seldom get past the parser.
  [ -f "dict/$target.dict" ] && options+=(-dict="dict/$target.dict")
  if cargo fuzz run "$target" -s none "$scratch" "corpus/$target" -- "${options[@]}" \
    >"$log" 2>&1; then
    result=passed
  else
    result=CRASHED
    failed=1
    # The panic, its message and the input, without the backtrace frames (they stay in the log).
    if grep -q 'panicked at' "$log"; then
      sed -n '/panicked at/,/Test unit written/p' "$log" | grep -vE '^ +([0-9]+: | *at )'
    else
      tail -n 20 "$log"
    fi
  fi
  # libFuzzer's last line on a clean finish; after a crash only its final stats say how far it got.
  runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log" | tail -n 1)
  if [ -z "$runs" ]; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1 runs before the crash/p' "$log" | tail -n 1)
  fi
  # cargo-fuzz gives libFuzzer an absolute artifact prefix under fuzz/artifacts/<target>/.
  artifacts=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tr '\n' ' ')
  for artifact in $artifacts; do
    # Copied beside the log, which outlives a fresh clone of fuzz/.
    cp "$artifact" "$out/"
    echo "    crash input: $artifact (copied to $out/)"
  done
  printf '%-14s %-8s %s %s\n' "$target" "$result" "${runs:-no final stats}" "$artifacts" >>"$summary"
done
echo "==> fuzz"
cat "$summary"
exit "$failed"
