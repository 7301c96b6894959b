#!/usr/bin/env bash
# The API contract, judged by schemathesis: the real server with demo data, fuzzed from its own
# /api/openapi.json once per kind of caller (no session, member, pengurus, pengawas, dinas,
# ministry). Fails on any server error, any answer the description does not allow (status,
# content type, headers, body), and any bad input that is not refused with a 4xx.
#   scripts/judge/contract.sh [sqlite|postgres] [examples per operation]
set -euo pipefail

backend=${1:-sqlite}
examples=${2:-${JUDGE_EXAMPLES:-25}}
source "$(dirname "$0")/lib.sh"
out=${JUDGE_OUT:-$target/judge}/contract-$backend
st=${SCHEMATHESIS:-$HOME/.cache/kopdes/judge-venv/bin/st}
mkdir -p "$out"
start_kopdes "$backend" "$out/server.log"
curl -fsS "$base/api/openapi.json" -o "$out/openapi.json"

# Signed in before any fuzzing: the fuzzer's wrong sign-ins would soon lock this address out
# (throttling is per address).
declare -A cookies=([anonymous]="")
for role in "${!demo_phones[@]}"; do
  cookies[$role]=$(sign_in "$role")
done

# positive_data_acceptance is left out: the schemas say what shape a field has, not every rule
# of the domain (a NIK's birth date, a deadline in the future), so valid-looking data may be
# refused with 422 and must be. Every other check runs.
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,unsupported_method,ignored_auth
failed=0
summary="$out/summary.txt"
: >"$summary"
for role in anonymous member pengurus pengawas dinas ministry; do
  args=()
  if [ -n "${cookies[$role]}" ]; then
    args+=(-H "Cookie: ${cookies[$role]}")
    # Signing out would end the session the rest of the run uses.
    args+=(--exclude-name "DELETE /api/session")
  fi
  echo "==> schemathesis as $role ($backend, $examples examples per operation)"
  if "$st" run "$base/api/openapi.json" --url "$base" "${args[@]}" \
    --checks "$checks" --max-examples "$examples" --seed 20261129 \
    --phases examples,coverage,fuzzing --workers 2 --request-timeout 30 \
    --generation-with-security-parameters false --generation-database none --no-color \
    --report junit --report-junit-path "$out/$role.xml" >"$out/$role.txt" 2>&1; then
    result=passed
  else
    result=FAILED
    failed=1
  fi
  tail -n 12 "$out/$role.txt"
  printf '%-10s %-7s %s\n' "$role" "$result" \
    "$(awk '/^Test cases:/ { getline; sub(/^ +/, ""); print }' "$out/$role.txt")" >>"$summary"
done
echo "==> contract ($backend)"
cat "$summary"
if grep -qiE 'panicked|ERROR' "$out/server.log"; then
  echo "the server logged errors during the run (see $out/server.log)" >&2
  failed=1
fi
exit "$failed"
