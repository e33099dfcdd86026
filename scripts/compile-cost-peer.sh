#!/usr/bin/env bash
# What a whole-service crate costs to compile, what a user who calls three actions pays, and the
# same for progenitor's client of the same API, in one run.
#
# Builds, each outside the workspace (a workspace of its own, pinned to this Cargo.lock):
#   - volc-live, the whole Live API (spec/live.json);
#   - the three callback actions of it, by allow-list (`generate --only`) and by features
#     (volc-live with default-features = false and the three action features);
#   - the ImageX crate, imported from vendor/volc-sdk-golang/imagex-v2;
#   - progenitor 0.15's client of the same APIs, from `volc-codegen export openapi` (see
#     bench/progenitor-peer/README.md), whole and for the three actions.
# For each crate, once its dependencies are built, it touches the crate's sources and times
# `cargo check`, `cargo build` and `cargo build --release` of the crate alone, RUNS times
# (default 3), alternating ours and the peer's, and prints the median and the ratio to the peer.
# CARGO_INCREMENTAL=0, as Cargo builds a crate that is a dependency.
#
# Usage: scripts/compile-cost-peer.sh            # everything (about 15 minutes on 2 cores)
#        RUNS=5 scripts/compile-cost-peer.sh
# Needs network access to crates.io the first time (progenitor and its dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${COMPILE_COST_DIR:-$root/target/compile-cost-peer}
runs=${RUNS:-3}
three=UpdateCallback,DescribeCallback,DeleteCallback
three_features=rustls,update-callback,describe-callback,delete-callback
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

cargo build --release --quiet -p volc-codegen
gen="$root/target/release/volc-codegen"
rm -rf "$work"
mkdir -p "$work"

# A generated crate outside the workspace: this runtime by absolute path, its own workspace,
# this repository's lock file.
outside() {
  sed -i "s|path = \"../runtime\"|path = \"$root/runtime\"|" "$1/Cargo.toml"
  printf '\n[workspace]\n' >>"$1/Cargo.toml"
  cp "$root/Cargo.lock" "$1/Cargo.lock"
}

echo "generating the crates" >&2
"$gen" generate --spec spec/live.json --out "$work/live" >/dev/null
outside "$work/live"
"$gen" generate --spec spec/live.json --only "$three" --out "$work/live-three" >/dev/null
outside "$work/live-three"
"$gen" import vendor/volc-sdk-golang/imagex-v2 --out "$work/imagex.json" >/dev/null
"$gen" generate --spec "$work/imagex.json" --out "$work/imagex" >/dev/null
outside "$work/imagex"

echo "generating the peer crates (progenitor)" >&2
"$gen" export openapi --spec spec/live.json --out "$work/live-openapi.json"
"$gen" export openapi --spec "$work/imagex.json" --out "$work/imagex-openapi.json"
# The generator of the peer is kept between runs (it takes minutes to build once).
peer_gen=(cargo run --release -q --manifest-path "$root/bench/progenitor-peer/gen/Cargo.toml" --)
export_peer() { CARGO_TARGET_DIR="$root/target/peer-gen" "${peer_gen[@]}" "$@" >&2; }
export_peer "$work/live-openapi.json" "$work/peer-live"
export_peer "$work/live-openapi.json" "$work/peer-three" --only "$three"
export_peer "$work/imagex-openapi.json" "$work/peer-imagex"

now() { date +%s.%N; }

# One target directory per crate: two crates of one name (volc-live whole and by allow-list,
# the progenitor crates), each the root of its own workspace, would share artifacts in one.
target_of() { echo "$work/target-$1"; }

# run DIR CMD [ARGS...]: cargo CMD on the crate at DIR, quietly, in its side's target directory.
run() {
  local dir=$1 cmd=$2
  shift 2
  CARGO_TARGET_DIR=$(target_of "$dir") cargo "$cmd" -q --manifest-path "$work/$dir/Cargo.toml" "$@" >/dev/null 2>"$work/last.log" || {
    cat "$work/last.log" >&2
    return 1
  }
}

# once DIR CMD [ARGS...]: the wall time of one run after touching DIR's sources.
once() {
  local dir=$1
  touch "$work/$dir"/src/*.rs
  local start
  start=$(now)
  run "$@"
  awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.2f\n", b - a }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# compare LABEL "OURS_DIR CMD ARGS" "PEER_DIR CMD ARGS": warm both (dependencies built), then
# RUNS alternating timed runs of each; prints the medians and the ratio.
compare() {
  local label=$1 ours=$2 peer=$3
  # shellcheck disable=SC2086 # the argument lists are meant to split
  run $ours && run $peer
  local a=() b=()
  for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086
    a+=("$(once $ours)")
    # shellcheck disable=SC2086
    b+=("$(once $peer)")
  done
  local ma mb
  ma=$(printf '%s\n' "${a[@]}" | median)
  mb=$(printf '%s\n' "${b[@]}" | median)
  printf '  %-44s %7.2f s   progenitor %7.2f s   ratio %.2f   (ours: %s; peer: %s)\n' \
    "$label" "$ma" "$mb" "$(awk -v a="$ma" -v b="$mb" 'BEGIN { print a / b }')" "${a[*]}" "${b[*]}"
}

lines() { cat "$work/$1"/src/*.rs | wc -l; }

echo "compile cost, the crate alone with its dependencies built (median of $runs, $(nproc) cores)"
echo "generated lines: volc-live $(lines live), three by allow-list $(lines live-three), ImageX $(lines imagex);" \
  "progenitor: Live $(lines peer-live), three $(lines peer-three), ImageX $(lines peer-imagex)"
compare "whole Live (185 actions): cargo check" "live check" "peer-live check"
compare "whole Live: cargo build" "live build" "peer-live build"
compare "whole Live: cargo build --release" "live build --release" "peer-live build --release"
compare "three actions, allow-list: cargo build" "live-three build" "peer-three build"
compare "three actions, features: cargo build" \
  "live build --no-default-features --features $three_features" "peer-three build"
compare "ImageX (277 actions): cargo check" "imagex check" "peer-imagex check"
