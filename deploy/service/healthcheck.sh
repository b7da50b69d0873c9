#!/usr/bin/env bash
# Healthy when the service's VOSI availability says <vosi:available>true</vosi:available>. The HTTP status
# alone does not tell: /tap/availability answers 200 with available=false when the database is unreachable.
# Plain bash (/dev/tcp), so the runtime image needs no curl. Used by the image's HEALTHCHECK and by the Helm
# chart's readiness probe. Port: $1, else RUCIO_IVOA_PORT, else 8080.
set -eu
port=${1:-${RUCIO_IVOA_PORT:-8080}}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /tap/availability HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
body=$(timeout 12 cat <&3) || { echo "no answer from /tap/availability within 12 s" >&2; exit 1; }
exec 3<&-
case "$body" in
  *"<vosi:available>true</vosi:available>"*) exit 0 ;;
  *) echo "not available: $(printf '%s' "$body" | sed -n 's:.*<vosi\:note>\(.*\)</vosi\:note>.*:\1:p' | head -n 1)" >&2; exit 1 ;;
esac
