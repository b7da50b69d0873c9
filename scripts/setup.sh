#!/usr/bin/env bash
# Installs what rucio-ivoa needs on a Debian 12 machine and is idempotent: PostgreSQL 15 with pgSphere
# (repaired, see scripts/repair-pgsphere.sh); the clients the tests drive the service with (pyvo and
# astropy for Debian's /usr/bin/python3, STILTS for taplint, Jupyter and nbclient for the notebooks,
# Chromium for the web page's test); and checks for a JDK >= 21 and Maven.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

need=()
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || need+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/pg_sphere.control ] || need+=(postgresql-15-pgsphere)
command -v runuser >/dev/null || need+=(util-linux)
/usr/bin/python3 -c 'import pyvo' 2>/dev/null || need+=(python3-pyvo)
/usr/bin/python3 -c 'import astropy' 2>/dev/null || need+=(python3-astropy)
[ -x /usr/bin/stilts ] || need+=(stilts)
# the demo's Jupyter server, the notebooks' plots and their execution in make test
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || need+=(python3-matplotlib)
/usr/bin/python3 -c 'import nbclient' 2>/dev/null || need+=(python3-nbclient)
/usr/bin/python3 -c 'import ipykernel' 2>/dev/null || need+=(python3-ipykernel)
# the operator notebook talks to the database as Rucio's plugin does
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || need+=(python3-psycopg2)
[ -x /usr/bin/jupyter-notebook ] || need+=(jupyter-notebook)
# the web page's end-to-end test drives headless Chromium
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing ${need[*]}; run 'make setup' as root (or apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts a default cluster on port 5432; rucio-ivoa runs its own clusters and does not need it
  if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q '^15 *main .*online'; then
    pg_ctlcluster 15 main stop || true
  fi
fi

if [ "$(id -u)" -eq 0 ]; then
  "$root/scripts/repair-pgsphere.sh"
else
  echo "setup: not root; checking pgSphere without repairing it"
  "$root/scripts/repair-pgsphere.sh" --check || true
fi

command -v mvn >/dev/null || { echo "setup: Maven is missing: apt-get install maven" >&2; exit 1; }
"$root/scripts/java-home.sh" >/dev/null
echo "setup: ready (PostgreSQL $(/usr/lib/postgresql/15/bin/postgres --version | awk '{print $3}'), JDK at $("$root/scripts/java-home.sh"))"
