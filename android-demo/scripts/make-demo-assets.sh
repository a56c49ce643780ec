#!/usr/bin/env bash
# Makes the android-demo's trust and TEST-portrait assets with `cwallet`, reproducibly (same bytes every run):
#   app/src/main/assets/trust-anchor.json  the demo trust anchor the app pins (public key)
#   app/src/main/assets/trust-bundle.cwt   bundle seq 1 signed by that anchor, listing the demo issuer
#   app/src/main/assets/demo-portrait.webp the TEST citizen's portrait: a drawn synthetic face (no real
#                                          person), 64x86 grayscale WebP, 400 bytes (`cwallet portrait-bench`)
# The demo anchor key is derived from a published seed (core/src/demo.rs, like the demo issuer key):
# TEST DATA, anyone can sign with it, never pin it in a real app. The bundle's issue time is fixed
# (2026-11-01, lifetime 7 days), so the committed bundle is always expired: the app accepts it only
# under its demo policy (allow expired, warning on every verdict).
# Usage: make-demo-assets.sh          write the assets
#        make-demo-assets.sh --check  fail if the committed assets differ from a fresh run
set -euo pipefail
cd "$(dirname "$0")/../.."

assets=android-demo/app/src/main/assets
# 2026-11-01T00:00:00Z. Raise SEQ (and the time) to publish a newer demo bundle.
ISSUED_AT=1793491200
SEQ=1

cargo build -q -p cwallet
cwallet=target/debug/cwallet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$cwallet" trust demo-test-only --out-dir "$tmp" >/dev/null
"$cwallet" trust sign --key "$tmp/demo-anchor-key.json" --issuers "$tmp/demo-issuers.json" \
  --seq "$SEQ" --at "$ISSUED_AT" --lifetime-days 7 --out "$tmp/trust-bundle.cwt" >/dev/null
cp "$tmp/demo-anchor.json" "$tmp/trust-anchor.json"
"$cwallet" portrait-bench --sizes-only --png-dir "$tmp/bench" >/dev/null
cp "$tmp/bench/portrait.webp" "$tmp/demo-portrait.webp"

made=(trust-anchor.json trust-bundle.cwt demo-portrait.webp)
if [ "${1:-}" = --check ]; then
  for f in "${made[@]}"; do
    if ! cmp -s "$tmp/$f" "$assets/$f"; then
      echo "make-demo-assets.sh: $assets/$f is not what the script makes: run android-demo/scripts/make-demo-assets.sh" >&2
      exit 1
    fi
  done
  echo "demo assets match a fresh run (${made[*]})"
else
  mkdir -p "$assets"
  for f in "${made[@]}"; do cp "$tmp/$f" "$assets/$f"; done
  echo "wrote ${made[*]} into $assets"
fi
