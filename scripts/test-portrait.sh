#!/usr/bin/env bash
# Presentations with a portrait read by zbar (Debian zbar-tools) from PNGs at 4 px per module, at
# ECC M and L: `cwallet portrait-bench --sizes-only` writes each QR's PNG and text; zbarimg must
# return the text exactly. (The rqrr decoder reads the same PNGs in tests/tests/portrait.rs.)
# Installs zbar-tools when missing; under CI=true a missing tool fails, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v zbarimg >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zbar-tools >/dev/null
  fi
fi
if ! command -v zbarimg >/dev/null; then
  if [ "${CI:-false}" = true ]; then echo "test-portrait.sh: zbarimg missing (CI=true: failing)" >&2; exit 1; fi
  echo "test-portrait.sh: SKIPPING: zbarimg missing (apt-get install zbar-tools)" >&2
  exit 0
fi

cargo build -q -p cwallet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/debug/cwallet portrait-bench --sizes-only --png-dir "$dir"
count=0
for png in "$dir"/case*-[ml].png; do
  case_name=$(basename "$png" .png)
  want=$(cat "$dir/${case_name%-*}.txt")
  got=$(zbarimg --quiet --raw "$png" 2>/dev/null)
  if [ "$got" != "$want" ]; then
    echo "test-portrait.sh: zbar misread $(basename "$png")" >&2
    exit 1
  fi
  count=$((count + 1))
done
[ "$count" -ge 8 ] || { echo "test-portrait.sh: expected 8 QR images, found $count" >&2; exit 1; }
echo "zbar read $count portrait-size QR PNGs (4 px/module, ECC M and L) exactly"
