#!/usr/bin/env bash
# Prints the median of every criterion benchmark that has run, from target/criterion
# (or $CARGO_TARGET_DIR/criterion), one line each: benchmark id, median, unit.
#   cargo bench -p volc-codegen --bench generate && scripts/bench-medians.sh
#   scripts/bench-medians.sh stages/        # only ids containing "stages/"
set -euo pipefail
cd "$(dirname "$0")/.."
root="${CARGO_TARGET_DIR:-target}/criterion"
filter="${1:-}"
[ -d "$root" ] || { echo "no $root: run cargo bench first" >&2; exit 1; }
find "$root" -path '*/new/estimates.json' | sort | while read -r file; do
  id="${file#"$root"/}"
  id="${id%/new/estimates.json}"
  case "$id" in *"$filter"*) ;; *) continue ;; esac
  ns=$(sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.eE+-]+).*/\1/' "$file")
  # A group with a throughput also gets elements per second.
  elements=""
  bench="${file%/estimates.json}/benchmark.json"
  if [ -f "$bench" ] && grep -q '"throughput":{"Elements"' "$bench"; then
    elements=$(sed -E 's/.*"throughput":\{"Elements":([0-9]+)\}.*/\1/' "$bench")
  fi
  awk -v id="$id" -v ns="$ns" -v el="$elements" 'BEGIN {
    if (ns >= 1e9) { v = ns / 1e9; u = "s" } else if (ns >= 1e6) { v = ns / 1e6; u = "ms" }
    else if (ns >= 1e3) { v = ns / 1e3; u = "µs" } else { v = ns; u = "ns" }
    line = sprintf("%-45s %10.3f %s", id, v, u)
    if (el != "") line = line sprintf("   (%.0f elements/s)", el * 1e9 / ns)
    print line
  }'
done
