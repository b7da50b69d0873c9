#!/usr/bin/env bash
# Prints the home of a JDK >= 21 (we compile with --release 21): $JAVA_HOME if it qualifies, else the newest
# one under /usr/lib/jvm. Exits 1 with advice when there is none.
set -euo pipefail

major_of() {  # $1 = JDK home; prints its major version, or nothing
  local release="$1/release"
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p'
  fi
}

if [ -n "${JAVA_HOME:-}" ] && [ "$(major_of "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
  echo "$JAVA_HOME"; exit 0
fi
best=""; best_major=0
for home in /usr/lib/jvm/*; do
  [ -d "$home" ] || continue
  m=$(major_of "$home")
  if [ -n "$m" ] && [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best=$home; best_major=$m; fi
done
if [ -z "$best" ]; then
  echo "rucio-ivoa needs a JDK 21 or newer (the default java here is $(java -version 2>&1 | head -1))." >&2
  echo "Install one (e.g. Temurin 21 or 25 into /usr/lib/jvm, or 'apt-get install openjdk-21-jdk' where your" >&2
  echo "distribution has it) or point JAVA_HOME at one." >&2
  exit 1
fi
echo "$best"
