#!/usr/bin/env bash
# Builds the npm package @citizen-wallet/verifier: the verifier in WebAssembly (wasm32-unknown-unknown,
# profile `wasm`), JavaScript glue from wasm-bindgen-cli of exactly the `wasm-bindgen` crate's version
# (installed from crates.io into target/wasm-tools, only when missing), then `npm pack`.
# Output: target/wasm-pkg/ (the package folder) and target/citizen-wallet-verifier-<version>.tgz.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' bindings/wasm/Cargo.toml)
tools=target/wasm-tools
if ! "$tools/bin/wasm-bindgen" --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
  echo "installing wasm-bindgen-cli $version into $tools"
  # --locked first; the registry copy reachable here lacks one crate of its lockfile (webpki-roots
  # 1.0.11, used only by its downloader, not by the code generator), so fall back to resolving.
  cargo install -q --locked --root "$tools" wasm-bindgen-cli --version "=$version" ||
    cargo install -q --root "$tools" wasm-bindgen-cli --version "=$version"
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

# WebAssembly SIMD (simd128): about 10 % faster verification, measured (docs/counter-web.md);
# every current browser and Node ≥ 16.4 run it. The 64-bit curve25519 backend
# (curve25519_dalek_bits="64") was measured 1.6-1.9× slower on wasm32 and is not used.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128" \
  cargo build -q -p citizen-wallet-wasm --target wasm32-unknown-unknown --profile wasm
pkg=target/wasm-pkg
rm -rf "$pkg"
mkdir -p "$pkg"
# Without the function-name section (79 KB, only for debugging) and the producers section.
"$tools/bin/wasm-bindgen" --target web --remove-name-section --remove-producers-section \
  --out-dir "$pkg/web" --out-name citizen_wallet_verifier \
  target/wasm32-unknown-unknown/wasm/citizen_wallet_verifier.wasm
# No wasm-opt: Debian bookworm's binaryen (version 108) rewrites wasm-bindgen 0.2.130's function
# table into a module that fails to instantiate ("WebAssembly.Table.set(): Argument 1 is
# invalid"); the size target is met without it (docs/counter-web.md).
cp bindings/wasm/npm/* "$pkg/"
# The licences of the ~90 crates compiled into the WebAssembly, which their terms ask to ship.
python3 scripts/third-party-licenses.py citizen-wallet-wasm --target wasm32-unknown-unknown >"$pkg/THIRD_PARTY_LICENSES.txt"
crate_version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
sed -i "s/\"version\": \"0.0.0\"/\"version\": \"$crate_version\"/" "$pkg/package.json"
(cd "$pkg" && npm pack --silent --pack-destination .. >/dev/null)
echo "built $pkg and target/citizen-wallet-verifier-$crate_version.tgz ($(wc -c <"$pkg/web/citizen_wallet_verifier_bg.wasm") bytes of wasm)"
