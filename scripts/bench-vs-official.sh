#!/usr/bin/env bash
# Build + validate + serialize + sign of the seed UpdateCallback in Rust, against serialize +
# sign of the same body with the official Python SDK (volcengine==1.0.229, SignerV4), measured
# in one run on this machine. Prints both medians (ns per request) and the ratio.
#
#   scripts/bench-vs-official.sh [ROUNDS]      # default 31 rounds of ~100 ms each, per side
#
# The SDK is installed into a virtualenv under target/ (not committed); pip needs PyPI the
# first time only. The Rust side is tests/examples/bench_vs_official.rs (release build), the
# Python side scripts/bench_official.py; both time rounds of many calls and take the median.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-31}"
venv="${CARGO_TARGET_DIR:-target}/bench-official-venv"
sdk="volcengine==1.0.229"

if ! "$venv/bin/python" -c 'import volcengine' >/dev/null 2>&1; then
  echo "installing $sdk into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$sdk"
fi

echo "building the Rust side (release)" >&2
cargo build --release --quiet -p volc-tests --example bench_vs_official
rust_bin="${CARGO_TARGET_DIR:-target}/release/examples/bench_vs_official"

# Interleave the two sides twice so a change of machine load hits both; report the second
# pass (warm caches), print the first for reference.
run() {
  "$rust_bin" "$rounds" > "$1.rust"
  "$venv/bin/python" scripts/bench_official.py "$rounds" "$2" > "$1.python"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run "$tmp/warm" --minimal
run "$tmp/final" --sdk-path

value() { sed -n "s/^$2=\([0-9.]*\).*/\1/p" "$1" | head -1; }
rust=$(value "$tmp/final.rust" rust_median_ns)
python=$(value "$tmp/final.python" python_median_ns)
if [ -z "$rust" ] || [ -z "$python" ]; then
  echo "error: a side printed no median" >&2
  cat "$tmp"/final.* >&2
  exit 1
fi
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rust:   build+validate+serialize+sign  median $rust ns  ($(sed -n 2p "$tmp/final.rust"))"
echo "python: serialize+sign (SignerV4)      median $python ns  ($(sed -n 2p "$tmp/final.python"))"
echo "first pass: rust $(value "$tmp/warm.rust" rust_median_ns) ns, python $(value "$tmp/warm.python" python_median_ns) ns"
sdk=$(value "$tmp/final.python" python_sdk_path_median_ns)
awk -v r="$rust" -v p="$python" 'BEGIN { printf "ratio: %.1fx (python median / rust median)\n", p / r }'
awk -v r="$rust" -v p="$sdk" 'BEGIN { printf "python, the SDK'"'"'s whole pre-send path (prepare_request too): median %s ns, %.1fx\n", p, p / r }'
