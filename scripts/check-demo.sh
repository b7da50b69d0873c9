#!/usr/bin/env bash
# Checks a running demo (make demo, in another terminal) the way make test checks its own services:
# STILTS taplint over every stage, every notebook executed with nbclient, and the web page driven in
# headless Chromium (WebPageTest against the demo; screenshot in server/target/web-page.png).
#
#   DEMO_TAP_PORT            the demo's TAP port (default 8080)
#   DEMO_PG_DIR              the demo's cluster, for the operator notebook (default var/pg)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
port=${DEMO_TAP_PORT:-8080}
base="http://localhost:$port"
failed=()

say() { printf 'check-demo: %s\n' "$*"; }

if ! /usr/bin/python3 -c "import sys, urllib.request; sys.exit(0 if b'<vosi:available>true' in urllib.request.urlopen('$base/tap/availability', timeout=10).read() else 1)" 2>/dev/null; then
  say "no available TAP service at $base/tap; start the demo first (make demo)"; exit 1
fi

say "taplint (the ObsCore stages, as make test runs them) against $base/tap ..."
# the stages of TaplintTest: LOC (ObsLocTAP) and EPN (EPN-TAP) are other data models than ObsCore
report=$(stilts taplint tapurl="$base/tap" report=EWF stages="TMV TME TMS TMC CPV CAP AVV QGE QPO QAS UWS MDQ OBS UPL EXA" 2>&1 || true)
printf '%s\n' "$report" | grep -E '^(E|W|F)-' | sed 's/^/  /' || true
# the one error explained in docs/conformance.md: this STILTS predates ADQL 2.1's conditional-function key
unexplained=$(printf '%s\n' "$report" | grep -E '^(E|W|F)-' | grep -v '^E-CAP-KEYX' || true)
if [ -n "$unexplained" ] || ! printf '%s\n' "$report" | grep -q '^Totals:'; then failed+=(taplint); fi

say "notebooks against $base/tap ..."
dsn=$(./rucio-ivoa pg url --dir "${DEMO_PG_DIR:-var/pg}" | tail -n 1)
for nb in notebooks/*.ipynb; do
  if TAP_URL="$base/tap" RUCIO_DB_DSN="$dsn" /usr/bin/python3 server/src/test/resources/clients/run_notebook.py "$nb" 120; then
    say "  $nb: ok"
  else
    failed+=("$nb")
  fi
done

say "the web page in headless Chromium against $base ..."
if mvn -B -q verify -pl server -am -Dtest=WebPageTest -Dsurefire.failIfNoSpecifiedTests=false \
     -Dwebpage.url="$base" >var/check-demo-webpage.log 2>&1; then
  say "  web page: ok (screenshot server/target/web-page.png)"
else
  tail -n 30 var/check-demo-webpage.log >&2; failed+=(web-page)
fi

if [ ${#failed[@]} -gt 0 ]; then say "FAILED: ${failed[*]}"; exit 1; fi
say "all checks passed"
