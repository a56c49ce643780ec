#!/usr/bin/env bash
# Builds the host library and generates the Kotlin, Swift and Python bindings into bindings/out/
# (or $OUT). Usage: bindings/generate.sh [debug|release]
#
# The generator is this workspace's own `uniffi-bindgen` binary, so generator and library always
# share one uniffi version. It reads the top-level uniffi.toml (package and module names) and must run
# inside the workspace (it calls `cargo metadata`). Generate from an unstripped build: stripping
# removes the metadata uniffi reads.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-debug}
out=${OUT:-bindings/out}
case "$profile" in
  debug) cargo build -q -p citizen-wallet-ffi -p uniffi-bindgen ;;
  release) cargo build -q --release -p citizen-wallet-ffi && cargo build -q -p uniffi-bindgen ;;
  *) echo "usage: $0 [debug|release]" >&2; exit 2 ;;
esac

case "$(uname -s)" in
  Darwin) lib="target/$profile/libcitizen_wallet_ffi.dylib" ;;
  *) lib="target/$profile/libcitizen_wallet_ffi.so" ;;
esac

rm -rf "$out"
target/debug/uniffi-bindgen generate "$lib" --language kotlin --language swift --language python \
  --config uniffi.toml --out-dir "$out" --no-format
# The generated Python module loads the library from its own folder.
cp "$lib" "$out/"
echo "bindings for $lib generated in $out:"
find "$out" -type f -newer "$lib" -o -type f -name '*.py' | sort
