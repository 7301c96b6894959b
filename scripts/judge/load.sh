#!/usr/bin/env bash
# Load on loopback with wrk (Debian's): sync pull and push at 64 and 256 concurrent clients on
# SQLite and PostgreSQL, 500 clients reconnecting at once, and a bare axum JSON endpoint on the
# same machine as the yardstick. Release builds. Prints a table and writes load.jsonl.
#   scripts/judge/load.sh [seconds per run]
# Fails if any answer is neither 2xx nor 429-with-Retry-After, or any socket errored.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
seconds=${1:-${LOAD_SECONDS:-10}}
server="$target/release/kopdes-server"
yardstick="$target/release/examples/yardstick"
out=${JUDGE_OUT:-$target/judge}/load
mkdir -p "$out"
results="$out/load.jsonl"
: >"$results"
work=$(mktemp -d)
report="$root/scripts/judge/wrk-report.lua"
cat "$report" "$root/scripts/judge/wrk-push.lua" >"$work/push.lua"
pids=()
databases=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for name in "${databases[@]}"; do
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  done
  rm -rf "$work"
  _kopdes_cleanup
}
# Replaces lib.sh's trap, which runs from here instead.
trap cleanup EXIT

# run LABEL CONNECTIONS SCRIPT URL [wrk args...]
run() {
  local label=$1 connections=$2 script=$3 url=$4
  shift 4
  local line
  line=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s "$script" "$@" "$url" | tail -n 1)
  printf '{"run":"%s","clients":%d,%s\n' "$label" "$connections" "${line#\{}" | tee -a "$results"
}

port=$(free_port)
"$yardstick" "$port" &
pids+=($!)
wait_up "http://127.0.0.1:$port/json"
run "yardstick GET /json" 64 "$report" "http://127.0.0.1:$port/json"
run "yardstick GET /json" 256 "$report" "http://127.0.0.1:$port/json"

for backend in sqlite postgres; do
  port=$(free_port)
  base="http://127.0.0.1:$port"
  case "$backend" in
    sqlite) url="sqlite://$work/kopdes.db" ;;
    postgres)
      name="kopdes_load_$$"
      psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name" >/dev/null
      databases+=("$name")
      url="postgres://postgres@127.0.0.1:5432/$name"
      ;;
  esac
  KOPDES_DATA_KEY=$(openssl rand -hex 32) RUST_LOG=warn NO_COLOR=1 "$server" --port "$port" \
    --database-url "$url" --seed-demo --static-dir "$root/dist" >"$out/server-$backend.log" 2>&1 &
  pids+=($!)
  wait_up "$base/api/health"

  # The chair of Cangkuang Wetan (README): a real scope to pull, real members to pay for.
  cookie=$(curl -fsS -D - -o /dev/null -H 'content-type: application/json' \
    -d '{"phone":"0812-3204-1201","password":"kopdes-demo-2026"}' "$base/api/session" |
    sed -n 's/^set-cookie: \(kopdes_session=[0-9a-f]*\).*/\1/ip')
  cooperative=$(curl -fsS -H "cookie: $cookie" "$base/api/cooperatives" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  members=$(curl -fsS -H "cookie: $cookie" "$base/api/cooperatives/$cooperative/members" |
    python3 -c 'import json,sys; print(",".join(m["id"] for m in json.load(sys.stdin)["members"] if m["status"] == "active"))')

  run "$backend pull" 64 "$report" "$base/api/sync/pull" -H "cookie: $cookie"
  run "$backend pull" 256 "$report" "$base/api/sync/pull" -H "cookie: $cookie"
  for clients in 64 256; do
    WRK_COOKIE=$cookie WRK_COOPERATIVE=$cooperative WRK_MEMBERS=$members WRK_TODAY=$(date -u +%F) \
      WRK_RUN="$backend-$clients-$$" WRK_CLIENTS=$clients run "$backend push" "$clients" "$work/push.lua" "$base"
  done
  # A district back from an outage: 500 phones open their connections and pull at once.
  run "$backend 500 reconnecting" 500 "$report" "$base/api/sync/pull" -H "cookie: $cookie"
done

echo
python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| run | clients | requests/s | p50 ms | p99 ms | answers |")
print("|---|---:|---:|---:|---:|---|")
bad = False
for r in rows:
    statuses = r["statuses"]
    shown = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
    print(f"| {r['run']} | {r['clients']} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {shown} |")
    for status, n in statuses.items():
        if not (status.startswith("2") or status in ("429", "applied")):
            bad = True
    if "push" in r["run"] and statuses.get("applied", 0) != statuses.get("200", 0):
        bad = True
        print(f"  not every push in {r['run']} ({r['clients']}) was applied")
    if any(r["socket_errors"].values()):
        bad = True
        print(f"  socket errors in {r['run']} ({r['clients']}): {r['socket_errors']}")
sys.exit(1 if bad else 0)
PY
