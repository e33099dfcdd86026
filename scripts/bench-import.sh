#!/usr/bin/env bash
# Cost of importing the whole Live API and of the crate it makes, against floors measured in
# the same run on this machine.
#
# 1. End to end with the release CLI: import the vendored Live model with both overlays, then
#    generate the crate (191 files), against `cp -r` of the generated crate (the floor for
#    writing those files). Medians of RUNS runs, alternating, and their ratio.
# 2. `cargo check` of the whole-Live crate alone (dependencies built), as imported (structurally
#    identical shapes merged) against the same import with `--keep-duplicates` (one shape per Go
#    struct): median wall time and peak memory of the largest process (rustc), alternating.
#
#   scripts/bench-import.sh            # RUNS=5 for (1), 3 for (2)
#   RUNS=9 scripts/bench-import.sh
#
# Works under target/bench-import (removed first). Needs GNU time (/usr/bin/time). The checks
# run without incremental compilation, so each is a whole check of the crate.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-5}
check_runs=${CHECK_RUNS:-3}
work=$root/target/bench-import
rm -rf "$work"
mkdir -p "$work"
export CARGO_TERM_COLOR=never

cargo build --release --quiet -p volc-codegen
gen=$root/target/release/volc-codegen
model=vendor/volc-sdk-golang/live-v20230101-2026-05-22
overlays=(--overlay spec/live-callback.overlay.json --overlay spec/live.overlay.json)

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f\n", b - a }'; }

end_to_end() {
  "$gen" import "$model" "${overlays[@]}" --out "$work/live.json" >/dev/null
  "$gen" generate --spec "$work/live.json" --out "$work/e2e" >/dev/null
}
copy() { rm -rf "$work/copy" && cp -r "$root/generated-live" "$work/copy"; }

end_to_end
copy
: >"$work/e2e.times"
: >"$work/copy.times"
for _ in $(seq "$runs"); do
  t=$(now); end_to_end; elapsed "$t" "$(now)" >>"$work/e2e.times"
  t=$(now); copy; elapsed "$t" "$(now)" >>"$work/copy.times"
done
e2e=$(median <"$work/e2e.times")
cp_time=$(median <"$work/copy.times")
files=$(find "$work/e2e" -type f | wc -l)
bytes=$(du -sb "$work/e2e" | cut -f1)

# Two crates outside the workspace, pointing at this runtime, sharing one target directory.
crate() {
  local name=$1
  shift
  "$gen" import "$model" "${overlays[@]}" --out "$work/$name.json" "$@" >/dev/null
  "$gen" generate --spec "$work/$name.json" --out "$work/$name" >/dev/null
  sed -i "s|path = \"../runtime\"|path = \"$root/runtime\"|" "$work/$name/Cargo.toml"
  printf '\n[workspace]\n' >>"$work/$name/Cargo.toml"
  cp "$root/Cargo.lock" "$work/$name/Cargo.lock"
}
crate merged
crate duplicates --keep-duplicates
export CARGO_TARGET_DIR=$work/target
export CARGO_INCREMENTAL=0
for name in merged duplicates; do
  cargo check --quiet --manifest-path "$work/$name/Cargo.toml" 2>/dev/null
done
check() {
  touch "$work/$1"/src/*.rs
  /usr/bin/time -f '%e %M' cargo check --quiet --manifest-path "$work/$1/Cargo.toml" 2>&1 >/dev/null | tail -1
}
: >"$work/merged.check"
: >"$work/duplicates.check"
for _ in $(seq "$check_runs"); do
  check merged >>"$work/merged.check"
  check duplicates >>"$work/duplicates.check"
done
lines() { cat "$work/$1"/src/*.rs | wc -l; }
shapes() { grep -c '"fields"' "$work/$1.json"; }

echo "whole Live API (185 actions), $(nproc) cores, medians of $runs runs"
echo "  import + generate, release CLI:  $e2e s  ($files files, $bytes bytes)"
echo "  cp -r of the generated crate:    $cp_time s"
awk -v a="$e2e" -v b="$cp_time" 'BEGIN { printf "  ratio:                           %.1fx the copy\n", a / b }'
echo "cargo check of the crate alone (dependencies built), medians of $check_runs runs"
for name in merged duplicates; do
  t=$(cut -d' ' -f1 <"$work/$name.check" | median)
  m=$(cut -d' ' -f2 <"$work/$name.check" | median)
  printf '  %-11s %6s lines, %4s shapes: %5s s, %4.0f MB\n' "$name" "$(lines "$name")" "$(shapes "$name")" "$t" "$(awk -v k="$m" 'BEGIN { print k / 1024 }')"
done
