#!/usr/bin/env bash
# Measures the browser verifier for docs/counter-web.md (not part of the test command):
# native vs WASM (Node, Chromium) verify medians on the same QR (native measured in the same run),
# the page's gzipped wasm + JS, and the camera decode rate at 1280×720 (decoder in a Web Worker).
# Needs what scripts/test-web.sh installs. `bash scripts/bench-web.sh [ITERATIONS]`.
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-300}

bash counter-web/build.sh >/dev/null
(cd counter-web && npm ci --no-audit --no-fund --silent)
fx=$(mktemp -d)
cargo run -q -p cwallet-tests --bin web_fixtures -- "$fx" 2>/dev/null
node -e 'const f=require(process.argv[1]); process.stdout.write(f.valid[0])' "$fx/fixtures.json" >"$fx/qr.txt"
audience=$(node -e 'process.stdout.write(require(process.argv[1]).audience)' "$fx/fixtures.json")

native_run() {
  cargo run -q --release -p citizen-wallet-wasm --example native_verify -- \
    "$fx/anchor.json" "$fx/trust.cwt" "$fx/status.cwt" "$fx/qr.txt" "$audience" "$iterations"
}
# The same, with curve25519-dalek's portable backend, the one WebAssembly runs (native picks AVX2
# on this CPU): what is left of the ratio is WebAssembly itself. Its own target folder.
portable_run() {
  RUSTFLAGS='--cfg curve25519_dalek_backend="serial"' CARGO_TARGET_DIR=target/bench-portable native_run
}
portable_run >/dev/null # build it before anything is timed
# Native is measured before and after the WebAssembly runs (the machine's load drifts); the ratio
# uses the mean of the two.
native_before=$(native_run)

node counter-web/serve.mjs --port 0 --demo "$fx" >"$fx/serve.log" &
server=$!
trap 'kill $server; rm -rf "$fx"' EXIT
until grep -qs http "$fx/serve.log"; do sleep 0.2; done
base=$(grep -o 'http://localhost:[0-9]*/' "$fx/serve.log")
web=$(node counter-web/bench.mjs "$fx" "$base" "$iterations")
native_after=$(native_run)
portable=$(portable_run)
native=$(node -e 'console.log(((Number(process.argv[1]) + Number(process.argv[2])) / 2).toFixed(1))' "$native_before" "$native_after")

gz() { gzip -9c "$1" | wc -c; }
dist=counter-web/dist
wasm_gz=$(gz $dist/verifier/web/citizen_wallet_verifier_bg.wasm)
js_gz=0
for f in $dist/verifier/index.js $dist/verifier/web/citizen_wallet_verifier.js $dist/app.js $dist/decoder.js $dist/i18n.js; do
  js_gz=$((js_gz + $(gz "$f")))
done
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1); node: $(node --version)"
echo "native verify median: $native us (before $native_before, after $native_after; $iterations calls, cargo --release)"
echo "native verify, portable curve25519 backend: $portable us"
echo "web: $web"
node -e 'const w = JSON.parse(process.argv[1]), n = Number(process.argv[2]);
  const r = (x) => (typeof x === "number" ? (x / n).toFixed(2) + "x native" : "n/a");
  const p = Number(process.argv[3]);
  console.log(`ratios: Node ${r(w.nodeVerifyMedianUs)}, Chromium ${r(w.chromiumVerifyMedianUs)}; ` +
    `against the portable backend: Node ${(w.nodeVerifyMedianUs / p).toFixed(2)}x, Chromium ${(w.chromiumVerifyMedianUs / p).toFixed(2)}x`)' "$web" "$native" "$portable"
echo "page transfer, gzip -9: wasm $wasm_gz B + JS $js_gz B = $((wasm_gz + js_gz)) B (raw wasm $(wc -c <$dist/verifier/web/citizen_wallet_verifier_bg.wasm) B)"
