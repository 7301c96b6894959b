# Shared by the judge scripts: one real kopdes server with demo data on a database of its own,
# and sessions for the demo accounts. Source it, then call `start_kopdes BACKEND LOG`.
# Sets: base (the server's URL). Cleans up (server, database, work dir) on exit.

root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
target=${CARGO_TARGET_DIR:-$HOME/.cache/kopdes/target}
server=${KOPDES_SERVER_BIN:-$target/debug/kopdes-server}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_up() {
  for _ in $(seq 1 300); do curl -fsS "$1" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "not up: $1" >&2
  exit 1
}

_kopdes_pid=
_kopdes_db=
_kopdes_work=$(mktemp -d)
_kopdes_cleanup() {
  if [ -n "$_kopdes_pid" ]; then kill "$_kopdes_pid" 2>/dev/null && wait "$_kopdes_pid" 2>/dev/null; fi
  if [ -n "$_kopdes_db" ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $_kopdes_db WITH (FORCE)" >/dev/null
  fi
  rm -rf "$_kopdes_work"
}
trap _kopdes_cleanup EXIT

# start_kopdes sqlite|postgres LOGFILE
start_kopdes() {
  local backend=$1 log=$2 url port
  case "$backend" in
    sqlite) url="sqlite://$_kopdes_work/kopdes.db" ;;
    postgres)
      _kopdes_db="kopdes_judge_$$"
      psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $_kopdes_db" >/dev/null
      url="postgres://postgres@127.0.0.1:5432/$_kopdes_db"
      ;;
    *) echo "backend is sqlite or postgres" >&2; exit 2 ;;
  esac
  port=$(free_port)
  base="http://127.0.0.1:$port"
  KOPDES_DATA_KEY=$(openssl rand -hex 32) RUST_LOG=warn NO_COLOR=1 "$server" \
    --port "$port" --database-url "$url" --seed-demo --static-dir "$root/dist" >"$log" 2>&1 &
  _kopdes_pid=$!
  wait_up "$base/api/health"
}

# Demo accounts (README); all have the password kopdes-demo-2026.
declare -A demo_phones=(
  [member]=0813-2004-1201
  [pengurus]=0812-3204-1201
  [pengawas]=0812-3204-1203
  [dinas]=0811-3204-0001
  [ministry]=0811-0000-0001
)

# sign_in ROLE: prints the session cookie (kopdes_session=...).
sign_in() {
  local cookie
  cookie=$(curl -fsS -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"phone\":\"${demo_phones[$1]}\",\"password\":\"kopdes-demo-2026\"}" "$base/api/session" |
    sed -n 's/^set-cookie: \(kopdes_session=[0-9a-f]*\).*/\1/ip')
  [ -n "$cookie" ] || { echo "cannot sign in as $1" >&2; exit 1; }
  printf '%s' "$cookie"
}
