#!/usr/bin/env bash
# Builds CitizenWallet.xcframework (device + simulator) with the Swift bindings.
#
# Needs macOS with Xcode and
# `rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios`.
# NOT RUN in this repository's CI: the build machine has no Swift compiler or Xcode.
#
# Phone feature set (as build-android.sh): --no-default-features leaves out PNG rendering and image
# decoding; the app draws the QR from `qrMatrix` and scans with AVFoundation. The Swift is generated
# from a host build with the same features. docs/packages.md has the Package.swift that wraps the
# xcframework as a binary target.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-target/ios}

for target in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios; do
  cargo build --profile mobile --target "$target" -p citizen-wallet-ffi --no-default-features
done
mkdir -p "$out/sim"
lipo -create target/aarch64-apple-ios-sim/mobile/libcitizen_wallet_ffi.a \
  target/x86_64-apple-ios/mobile/libcitizen_wallet_ffi.a -output "$out/sim/libcitizen_wallet_ffi.a"

cargo build -q -p uniffi-bindgen
cargo build -q -p citizen-wallet-ffi --no-default-features
target/debug/uniffi-bindgen generate target/debug/libcitizen_wallet_ffi.dylib --language swift --config uniffi.toml \
  --out-dir "$out/swift" --no-format
mkdir -p "$out/headers"
cp "$out/swift/CitizenWalletFFI.h" "$out/headers/"
cp "$out/swift/CitizenWalletFFI.modulemap" "$out/headers/module.modulemap"

rm -rf "$out/CitizenWallet.xcframework"
xcodebuild -create-xcframework \
  -library target/aarch64-apple-ios/mobile/libcitizen_wallet_ffi.a -headers "$out/headers" \
  -library "$out/sim/libcitizen_wallet_ffi.a" -headers "$out/headers" \
  -output "$out/CitizenWallet.xcframework"
echo "add $out/CitizenWallet.xcframework and $out/swift/CitizenWallet.swift to the Xcode project"
