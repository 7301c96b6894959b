#!/usr/bin/env bash
# Prints raw, gzip and brotli bytes of every file the first screen loads (index.html and
# everything it references) and their total, against the budget a first visit over a satellite
# link may cost. Fails above the budget, unless --report: the test suite reports sizes and
# never fails on them.
set -euo pipefail

report_only=false
if [ "${1:-}" = "--report" ]; then
  report_only=true
  shift
fi
dist=${1:-dist}
budget=${KOPDES_FIRST_LOAD_BUDGET:-150000}

[ -f "$dist/index.html" ] || { echo "no build in $dist: run make app" >&2; exit 1; }

files=(index.html)
while read -r ref; do
  files+=("${ref#/}")
done < <(grep -oE '(href|src)="/[^"]+"' "$dist/index.html" | sed -E 's/^(href|src)="(.*)"$/\2/' | sort -u)

size_of() { if [ -f "$1" ]; then stat -c %s "$1"; else echo 0; fi; }

total_raw=0 total_gz=0 total_br=0
printf '%-44s %10s %10s %10s\n' file raw gzip brotli
for f in "${files[@]}"; do
  raw=$(size_of "$dist/$f")
  [ "$raw" -gt 0 ] || { echo "missing: $f" >&2; exit 1; }
  gz=$(size_of "$dist/$f.gz"); br=$(size_of "$dist/$f.br")
  # Files without siblings (PNG) go over the wire as they are.
  [ "$gz" -gt 0 ] || gz=$raw
  [ "$br" -gt 0 ] || br=$raw
  printf '%-44s %10d %10d %10d\n' "$f" "$raw" "$gz" "$br"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
done
printf '%-44s %10d %10d %10d\n' TOTAL "$total_raw" "$total_gz" "$total_br"
# Route chunks: fetched the first time their page opens (and precached for offline use).
while read -r chunk; do
  [ -n "$chunk" ] || continue
  f=${chunk#"$dist/"}
  printf '%-44s %10d %10d %10d  (on demand)\n' "${f:0:44}" "$(size_of "$chunk")" "$(size_of "$chunk.gz")" "$(size_of "$chunk.br")"
done < <(find "$dist/assets" -name '*.wasm' ! -name 'k_bg.wasm' | sort)
if [ "$total_br" -gt "$budget" ]; then
  echo "OVER BUDGET: first load is $total_br bytes brotli, $((total_br - budget)) over the budget of $budget" >&2
  $report_only || exit 1
  exit 0
fi
echo "first load: $total_br bytes brotli, budget $budget"
