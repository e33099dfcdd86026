#!/usr/bin/env bash
# Compile cost of the generated client crate (volc-live-callback).
#
# Prints:
#   - the clean `cargo build` time of the crate with all its dependencies (a fresh target
#     directory, dependencies already downloaded; dev profile, as `cargo build`);
#   - the rebuild of the crate alone after its sources change (regenerating an unchanged spec
#     leaves the files untouched, so the script touches them; its dependencies are not rebuilt);
#   - the number of crates compiled by the clean build;
#   - `cargo check` of the crate alone once its dependencies are built (wall time and the peak
#     memory of the largest process, rustc: GNU time's %M);
#   - generated lines of Rust per action.
#
# Usage:
#   scripts/compile-cost.sh                        # the committed crate, from spec/live-callback.json
#   scripts/compile-cost.sh --actions 1000         # a synthetic spec of 1000 actions
#   scripts/compile-cost.sh --actions 1000 --clone-scalars
#   scripts/compile-cost.sh --actions 185 --base spec/examples/live-streams.json   # service-sized
#
# Everything is built under target/compile-cost (or $COMPILE_COST_DIR), which is removed first,
# so the figures are those of a clean build on this machine. Needs cargo, GNU time
# (/usr/bin/time, for the cargo check figure) and network access to crates.io the first time,
# to download the dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${COMPILE_COST_DIR:-$root/target/compile-cost}
actions=""
synth_flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --actions) actions="$2"; shift 2 ;;
    --clone-scalars) synth_flags+=(--clone-scalars); shift ;;
    --base) synth_flags+=(--spec "$2"); shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
export CARGO_TERM_COLOR=never

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# The generator itself is built in the workspace's usual target directory (not timed).
cargo build --release --quiet -p volc-codegen
gen="$root/target/release/volc-codegen"

rm -rf "$work"
mkdir -p "$work"
export CARGO_TARGET_DIR="$work/target"

if [ -n "$actions" ]; then
  spec="$work/synth-$actions.json"
  crate="$work/crate"
  "$gen" synth --actions "$actions" "${synth_flags[@]}" >"$spec"
  # The generated crate lives outside the workspace: point it at this runtime, make it its own
  # workspace, and pin the workspace's dependency versions.
  generate() {
    "$gen" generate --spec "$spec" --out "$crate" >/dev/null
    sed -i "s|path = \"../runtime\"|path = \"$root/runtime\"|" "$crate/Cargo.toml"
    printf '\n[workspace]\n' >>"$crate/Cargo.toml"
    cp "$root/Cargo.lock" "$crate/Cargo.lock"
  }
  generate
  build=(cargo build --manifest-path "$crate/Cargo.toml")
  label="synthetic spec, $actions actions${synth_flags[*]:+ (${synth_flags[*]})}"
else
  spec="spec/live-callback.json"
  crate="$root/generated-client"
  generate() { "$gen" generate >/dev/null; }
  build=(cargo build -p volc-live-callback)
  label="spec/live-callback.json"
fi

# Download (not timed).
if [ -n "$actions" ]; then
  cargo fetch --quiet --manifest-path "$crate/Cargo.toml"
else
  cargo fetch --quiet
fi

start=$(now)
"${build[@]}" 2>"$work/clean.log"
clean=$(seconds "$start" "$(now)")
crates=$(grep -c '^ *Compiling ' "$work/clean.log" || true)

generate
touch "$crate"/src/*.rs
start=$(now)
"${build[@]}" 2>"$work/incremental.log"
incremental=$(seconds "$start" "$(now)")
rebuilt=$(grep -c '^ *Compiling ' "$work/incremental.log" || true)

# cargo check of the crate alone: its dependencies are built by now; touch its sources so that
# it is checked again.
if [ -n "$actions" ]; then
  check=(cargo check --manifest-path "$crate/Cargo.toml")
else
  check=(cargo check -p volc-live-callback)
fi
"${check[@]}" 2>/dev/null
touch "$crate"/src/*.rs
check_cost=$( { /usr/bin/time -f '%e s, %M KiB' "${check[@]}" 2>&1 >/dev/null; } | tail -1)

count=$(grep -c 'pub async fn' "$crate/src/client.rs")
lines=$(cat "$crate"/src/*.rs | wc -l)
per_action=$(awk -v l="$lines" -v n="$count" 'BEGIN { printf "%.0f", l / n }')

echo "compile cost of the generated crate ($label), $(nproc) cores"
echo "  clean cargo build, with dependencies:   ${clean} s  ($crates crates compiled)"
echo "  rebuild after its sources change:       ${incremental} s  ($rebuilt crate(s) compiled)"
echo "  cargo check of the crate alone:         ${check_cost} (peak RSS of rustc)"
echo "  generated Rust:                         $lines lines, $count actions, $per_action lines per action"
