#!/usr/bin/env bash
# Repairs Debian's postgresql-15-pgsphere (1.2.0 SQL script) so that CREATE EXTENSION pg_sphere works
# on PostgreSQL >= 15.8 (pgSphere upstream issue #85).
#
# Near the end of pg_sphere--1.2.0.sql, two backward-compatibility operators
#   CREATE OPERATOR @ (LEFTARG = bigint, RIGHTARG = smoc, ..., COMMUTATOR = '@>', NEGATOR = '!<@', ...)
#   CREATE OPERATOR @ (LEFTARG = spoint, RIGHTARG = smoc, ..., COMMUTATOR = '@>', NEGATOR = '!<@', ...)
# declare a COMMUTATOR and NEGATOR that the <@ operators already own; newer PostgreSQL rejects that
# ("commutator operator @> is already the commutator of operator <@"). We delete exactly those two
# clauses in exactly those two operator definitions; nothing else in the file changes. A copy of the
# original is kept beside it as *.orig. Running it again changes nothing.
set -euo pipefail

check_only=false
if [ "${1:-}" = "--check" ]; then check_only=true; shift; fi
sharedir=${1:-}
if [ -z "$sharedir" ]; then
  if command -v /usr/lib/postgresql/15/bin/pg_config >/dev/null 2>&1; then
    sharedir=$(/usr/lib/postgresql/15/bin/pg_config --sharedir)
  else
    sharedir=/usr/share/postgresql/15
  fi
fi
script="$sharedir/extension/pg_sphere--1.2.0.sql"
if [ ! -f "$script" ]; then
  echo "pgsphere: $script not found; install postgresql-15-pgsphere first" >&2
  exit 1
fi

# Prints the line numbers of the offending COMMUTATOR/NEGATOR clauses: inside a "CREATE OPERATOR @ ("
# block whose LEFTARG is bigint or spoint and RIGHTARG is smoc.
offending_lines() {
  awk '
    /^[[:space:]]*CREATE OPERATOR @ \(/ { inblock = 1; left = ""; right = ""; n = 0; next }
    inblock && /LEFTARG/  { left = $0 }
    inblock && /RIGHTARG/ { right = $0 }
    inblock && /(COMMUTATOR|NEGATOR)/ { lines[n++] = NR }
    inblock && /\);/ {
      if ((left ~ /bigint/ || left ~ /spoint/) && right ~ /smoc/) for (i = 0; i < n; i++) print lines[i]
      inblock = 0
    }
  ' "$script"
}

lines=$(offending_lines)
if [ -z "$lines" ]; then
  echo "pgsphere: $script is fine (no conflicting @ operator clauses); nothing to repair"
  exit 0
fi

if $check_only; then
  echo "pgsphere: $script needs the repair (pgSphere issue #85); run scripts/repair-pgsphere.sh as root" >&2
  exit 1
fi
[ -f "$script.orig" ] || cp -p "$script" "$script.orig"
sed_expr=$(printf '%sd;' $lines)
sed -i "$sed_expr" "$script"
count=$(echo "$lines" | wc -w)
echo "pgsphere: repaired $script: removed $count COMMUTATOR/NEGATOR clauses (lines $(echo $lines | tr ' ' ',')) from the"
echo "pgsphere:   backward-compatibility operators @(bigint, smoc) and @(spoint, smoc) (pgSphere issue #85);"
echo "pgsphere:   the original is kept as $script.orig"
if [ -n "$(offending_lines)" ]; then
  echo "pgsphere: repair did not take; CREATE EXTENSION pg_sphere will still fail" >&2
  exit 1
fi
