#!/usr/bin/env bash
# The demo: the managed PostgreSQL + pgSphere with demo DIDs, the TAP service, and Jupyter with the
# notebooks, until Ctrl-C. Run by `make demo` after `make build`; can be run again at any time.
#
#   DEMO_COUNT               demo DIDs to load when the database has fewer (default 20000; a second run reuses them)
#   DEMO_TAP_PORT            the TAP service's port (default 8080)
#   DEMO_JUPYTER_PORT        Jupyter's port (default 8888)
#   DEMO_PG_DIR, DEMO_PG_PORT  the managed cluster (default var/pg on 127.0.0.1:15432)
#   JUPYTER_SERVER_PASSWORD  Jupyter's password; without it, a random token is generated and printed in the URL
#   JUPYTER_SERVER_BASE_URL  Jupyter's base URL path, e.g. /jupyter/ behind a proxy (default /)
#   RUCIO_IVOA_BASE_URL      the TAP service's public URL, when it is reached through a proxy
#
# Ctrl-C (or SIGTERM) stops Jupyter and the TAP service, and the database too when this script started it
# (a cluster that was already running is left running).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

count=${DEMO_COUNT:-20000}
tap_port=${DEMO_TAP_PORT:-8080}
jupyter_port=${DEMO_JUPYTER_PORT:-8888}
pg_dir=${DEMO_PG_DIR:-var/pg}
pg_port=${DEMO_PG_PORT:-15432}
base_url=${JUPYTER_SERVER_BASE_URL:-/}
base_url="/${base_url#/}"; base_url="${base_url%/}/"   # exactly one leading and one trailing slash
run_dir=var/demo
python=/usr/bin/python3

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

"$python" -c 'import notebook, pyvo, matplotlib' 2>/dev/null \
  || die "Jupyter, pyvo or matplotlib is missing for $python: run 'make setup' as root"
"$python" -c 'import psycopg2' 2>/dev/null \
  || say "note: python3-psycopg2 is missing; the operator notebook needs it (apt-get install python3-psycopg2)"
for port in "$tap_port" "$jupyter_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use (another demo?); choose others with DEMO_TAP_PORT / DEMO_JUPYTER_PORT"
  fi
done
mkdir -p "$run_dir"

serve_pid= jupyter_pid= started_pg=
cleanup() {
  trap - INT TERM EXIT
  echo
  [ -n "$jupyter_pid" ] && kill -TERM "$jupyter_pid" 2>/dev/null && say "stopping Jupyter"
  [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null && say "stopping the TAP service"
  for pid in $jupyter_pid $serve_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "$started_pg" ]; then
    ./rucio-ivoa pg stop --dir "$pg_dir" | sed 's/^/demo: /'
  elif [ -n "$pg_url" ]; then
    say "the database was already running before the demo and keeps running (./rucio-ivoa pg stop --dir $pg_dir stops it)"
  fi
}
pg_url=
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

# 1. the database: started here unless it already runs, migrated, loaded once
out=$(./rucio-ivoa pg start --dir "$pg_dir" --port "$pg_port")
case "$out" in started:*) started_pg=yes ;; esac
pg_url=$(printf '%s\n' "$out" | tail -n 1)
printf '%s\n' "$out" | head -n 1 | sed 's/^/demo: database /'
export RUCIO_IVOA_DB_URL="$pg_url"   # for every command below; in the environment, not in `ps`
./rucio-ivoa db migrate | sed 's/^/demo: /'
have=$(./rucio-ivoa db status | sed -n 's/^DIDs in .*: //p' | tr -d ,)
if [ "${have:-0}" -lt "$count" ]; then
  say "loading $count demo DIDs (DEMO_COUNT) ..."
  ./rucio-ivoa demo-data --count "$count"
else
  say "demo data already loaded ($have DIDs)"
fi
./rucio-ivoa db status --reasons 5

# 2. the TAP service, in its own session so that Ctrl-C reaches this script only, which then stops it
tap_url="http://localhost:$tap_port/tap"
setsid ./rucio-ivoa serve --port "$tap_port" \
  >"$run_dir/serve.log" 2>&1 </dev/null &
serve_pid=$!
say "TAP service starting (log $run_dir/serve.log) ..."
for i in $(seq 120); do
  if ! kill -0 "$serve_pid" 2>/dev/null; then
    tail -n 20 "$run_dir/serve.log" >&2; serve_pid=; die "the TAP service did not start"
  fi
  # VOSI availability answers 200 also when the service is not available: read the body
  if "$python" - "http://127.0.0.1:$tap_port/tap/availability" <<'EOF' 2>/dev/null; then break; fi
import sys, urllib.request
body = urllib.request.urlopen(sys.argv[1], timeout=5).read().decode()
sys.exit(0 if "<vosi:available>true</vosi:available>" in body else 1)
EOF
  [ "$i" -eq 120 ] && { tail -n 20 "$run_dir/serve.log" >&2; die "the TAP service is not available after 60 s"; }
  sleep 0.5
done

# 3. Jupyter (classic notebook 6) on the notebooks, with the service's and the database's addresses.
# It works on copies in var/demo/notebooks: Jupyter saves outputs into the files it serves, and the
# notebooks in the repository stay clean (NotebooksTest checks it). A copy is replaced only by a newer
# original (cp -u), so your own changes stay until the repository's notebook changes.
mkdir -p "$run_dir/notebooks"
cp -u notebooks/*.ipynb "$run_dir/notebooks/"
config="$run_dir/jupyter_notebook_config.py"
(umask 077; "$python" - "$config" <<'EOF'
import os, secrets, sys
from notebook.auth import passwd
password = os.environ.get("JUPYTER_SERVER_PASSWORD", "")
with open(sys.argv[1], "w") as f:
    f.write("# written by scripts/demo.sh for this run\n")
    if password:
        f.write(f"c.NotebookApp.password = {passwd(password)!r}\n")
        f.write("c.NotebookApp.token = ''\n")
    else:
        f.write(f"c.NotebookApp.token = {secrets.token_hex(24)!r}\n")
        f.write("c.NotebookApp.password = ''\n")
EOF
)
token=$(sed -n "s/^c.NotebookApp.token = '\(.\+\)'$/\1/p" "$config")
root_flag=(); [ "$(id -u)" -eq 0 ] && root_flag=(--allow-root)
TAP_URL="$tap_url" RUCIO_DB_DSN="$pg_url" \
  setsid "$python" -m notebook --config="$config" --no-browser "${root_flag[@]}" \
  --ip=0.0.0.0 --port="$jupyter_port" --port-retries=0 --notebook-dir="$root/$run_dir/notebooks" \
  --NotebookApp.base_url="$base_url" >"$run_dir/jupyter.log" 2>&1 </dev/null &
jupyter_pid=$!
for i in $(seq 60); do
  kill -0 "$jupyter_pid" 2>/dev/null || { tail -n 20 "$run_dir/jupyter.log" >&2; jupyter_pid=; die "Jupyter did not start"; }
  grep -q "http://.*:$jupyter_port" "$run_dir/jupyter.log" && break
  [ "$i" -eq 60 ] && { tail -n 20 "$run_dir/jupyter.log" >&2; die "Jupyter did not start within 30 s"; }
  sleep 0.5
done

jupyter_url="http://localhost:$jupyter_port$base_url"
echo
say "TAP service: $tap_url  (log $run_dir/serve.log)"
if [ -n "$token" ]; then
  say "Jupyter:     $jupyter_url?token=$token  (log $run_dir/jupyter.log)"
else
  say "Jupyter:     $jupyter_url  (password from JUPYTER_SERVER_PASSWORD; log $run_dir/jupyter.log)"
fi
say "notebooks:   $(cd "$run_dir/notebooks" && echo *.ipynb) in $run_dir/notebooks (copies of notebooks/)"
say "Ctrl-C stops Jupyter and the TAP service$([ -n "$started_pg" ] && echo ", and the database this demo started")"

# until Ctrl-C, or until one of the two stops by itself
set +e
wait -n "$serve_pid" "$jupyter_pid"
if kill -0 "$serve_pid" 2>/dev/null; then
  say "Jupyter stopped unexpectedly (see $run_dir/jupyter.log)"; jupyter_pid=
else
  say "the TAP service stopped unexpectedly (see $run_dir/serve.log)"; serve_pid=
fi
exit 1
