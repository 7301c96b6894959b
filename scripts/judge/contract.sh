#!/usr/bin/env bash
# The API contract, judged by schemathesis: the real server with demo data, fuzzed from its own
# /api/openapi.json once per kind of caller (no session, member, pengurus, pengawas, dinas,
# ministry). Fails on any server error, any answer the description does not allow (status,
# content type, headers, body), and any bad input that is not refused with a 4xx.
#   scripts/judge/contract.sh [sqlite|postgres] [examples per operation]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
backend=${1:-sqlite}
examples=${2:-${JUDGE_EXAMPLES:-25}}
target=${CARGO_TARGET_DIR:-$HOME/.cache/kopdes/target}
server=${KOPDES_SERVER_BIN:-$target/debug/kopdes-server}
out=${JUDGE_OUT:-$target/judge}/contract-$backend
st=${SCHEMATHESIS:-$HOME/.cache/kopdes/judge-venv/bin/st}
mkdir -p "$out"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

case "$backend" in
  sqlite) url="sqlite://$work/kopdes.db" ;;
  postgres)
    name="kopdes_judge_$$"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name" >/dev/null
    url="postgres://postgres@127.0.0.1:5432/$name"
    ;;
  *) echo "backend is sqlite or postgres" >&2; exit 2 ;;
esac

cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ "$backend" = postgres ] && psql -q -h 127.0.0.1 -U postgres -d postgres \
    -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

KOPDES_DATA_KEY=$(openssl rand -hex 32) RUST_LOG=warn NO_COLOR=1 "$server" \
  --port "$port" --database-url "$url" --seed-demo --static-dir "$root/dist" \
  >"$out/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -fsS "$base/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/api/openapi.json" -o "$out/openapi.json"

# Demo accounts (README); all have the password kopdes-demo-2026. Signed in before any fuzzing:
# the fuzzer's wrong sign-ins would soon lock this address out (throttling is per address).
declare -A phones=(
  [member]=0813-2004-1201
  [pengurus]=0812-3204-1201
  [pengawas]=0812-3204-1203
  [dinas]=0811-3204-0001
  [ministry]=0811-0000-0001
)
declare -A cookies=([anonymous]="")
for role in "${!phones[@]}"; do
  cookie=$(curl -fsS -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"phone\":\"${phones[$role]}\",\"password\":\"kopdes-demo-2026\"}" "$base/api/session" |
    sed -n 's/^set-cookie: \(kopdes_session=[0-9a-f]*\).*/\1/ip')
  [ -n "$cookie" ] || { echo "cannot sign in as $role" >&2; exit 1; }
  cookies[$role]=$cookie
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
