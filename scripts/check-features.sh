#!/usr/bin/env bash
# The core's Cargo features build on their own: the verifier alone (no SQLite, no KDF/AEAD, no image
# codecs, no NFC tables) for the host and for wasm32-unknown-unknown (the browser counter), and each
# feature alone.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

for features in "" nfc sqlite qr-encode qr-decode qr-image wallet "wallet qr-image"; do
  echo "--- citizen-wallet --no-default-features --features '$features'"
  cargo clippy -q -p citizen-wallet --no-default-features --features "$features" -- -D warnings
done
echo "--- citizen-wallet --no-default-features: unit tests without NFC tables (text must come in NFC)"
cargo test -q -p citizen-wallet --no-default-features --lib
echo "--- citizen-wallet verifier-only for wasm32-unknown-unknown, and with the page's QR decoder"
cargo clippy -q -p citizen-wallet --no-default-features --target wasm32-unknown-unknown -- -D warnings
cargo clippy -q -p citizen-wallet --no-default-features --features qr-decode --target wasm32-unknown-unknown -- -D warnings
# The verifier-only build must not pull in what phones and browsers should not carry.
tree=$(cargo tree -q -p citizen-wallet --no-default-features --target wasm32-unknown-unknown -e normal --prefix none)
for heavy in rusqlite argon2 aes-gcm image rqrr rxing fast_qr qrcode; do
  if grep -q "^$heavy v" <<<"$tree"; then
    echo "scripts/check-features.sh: the verifier-only build depends on $heavy" >&2
    exit 1
  fi
done
# The phone feature set of the bindings (build-android.sh, build-ios.sh): no image codecs or decoder.
echo "--- citizen-wallet-ffi --no-default-features (phone libraries)"
cargo clippy -q -p citizen-wallet-ffi --no-default-features -- -D warnings
tree=$(cargo tree -q -p citizen-wallet-ffi --no-default-features -e normal --prefix none)
for heavy in image png zune-jpeg rqrr rxing qrcode; do
  if grep -q "^$heavy v" <<<"$tree"; then
    echo "scripts/check-features.sh: the phone bindings depend on $heavy" >&2
    exit 1
  fi
done
echo "features build alone; the verifier-only build carries no store, KDF, AEAD or image code; the phone bindings carry no image codec"
