#!/usr/bin/env bash
# Prints each package's time from a `go test` log beside its budget and a WARNING line
# for every package over budget. Usage: test-budget-table.sh BUDGETS LOG
# Always exits 0: budgets are a signal, not a gate.
set -euo pipefail
awk '
  NR == FNR {
    if ($0 ~ /^[[:space:]]*(#|$)/) next
    budget[$1] = $2 + 0
    next
  }
  ($1 == "ok" || $1 == "FAIL") && $3 ~ /^[0-9.]+s$/ {
    t = $3; sub(/s$/, "", t)
    pkg[++n] = $2; took[n] = t + 0; res[n] = $1
  }
  END {
    for (i = 1; i <= n; i++) {
      b = (pkg[i] in budget) ? budget[pkg[i]] : budget["*"]
      mark = (b > 0 && took[i] > b) ? "OVER" : ""
      printf "%9.1fs  budget %5ss  %-4s %-4s %s\n", took[i], b, res[i], mark, pkg[i] | "sort -rn"
      if (mark != "") warn[++w] = sprintf("WARNING: %s took %.1fs, over its budget of %ss", pkg[i], took[i], b)
    }
    close("sort -rn")
    for (i = 1; i <= w; i++) print warn[i]
  }
' "$1" "$2"
