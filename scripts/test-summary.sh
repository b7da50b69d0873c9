#!/usr/bin/env bash
# Passes Maven's output through and ends with one line "N passed, M failed, K skipped", from the Surefire
# summaries; exits 1 when a test failed (the Makefile's pipefail carries Maven's own status).
set -uo pipefail
total=0; failed=0; skipped=0
while IFS= read -r line; do
  printf '%s\n' "$line"
  if [[ "$line" =~ ^\[(INFO|WARNING|ERROR)\]\ Tests\ run:\ ([0-9]+),\ Failures:\ ([0-9]+),\ Errors:\ ([0-9]+),\ Skipped:\ ([0-9]+)$ ]]; then
    total=$((total + BASH_REMATCH[2])); failed=$((failed + BASH_REMATCH[3] + BASH_REMATCH[4]))
    skipped=$((skipped + BASH_REMATCH[5]))
  fi
done
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
