#!/usr/bin/env bash
# Builds the Android libraries (arm64-v8a, armeabi-v7a, x86_64) into $JNI_LIBS (default
# android-demo/app/src/main/jniLibs) and generates the Kotlin bindings with android = true into
# $KOTLIN_OUT. The android-demo Gradle build runs this with both pointing into app/build/.
#
# Needs the Android NDK (r27 or later, ANDROID_NDK_HOME set), `cargo install cargo-ndk`, and
# `rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android`.
# NOT RUN in this repository's CI: the build machine has no Android SDK/NDK.
#
# Phone feature set: --no-default-features leaves out the bindings' `qr-image` feature (PNG
# rendering `qrPng`, image decoding `Verifier.verifyImage`, and with them the image/PNG/JPEG codecs
# and rqrr): the app draws the QR from `qrMatrix` and scans with CameraX + ML Kit/ZXing. The Kotlin
# is generated from a host build with the same features, so both sides agree on the API (uniffi
# checks every function's checksum when the library loads). docs/packages.md has the AAR layout.
set -euo pipefail
cd "$(dirname "$0")/.."
jni=${JNI_LIBS:-android-demo/app/src/main/jniLibs}

# 16 KB page alignment, required for apps targeting Android 15+ devices with 16 KB pages. Set for
# the Android build only: the host build below must not get it (macOS's linker has no -z).
RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384" cargo ndk --platform 24 -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$jni" \
  build --profile mobile -p citizen-wallet-ffi --no-default-features

# Bindings come from a host build (same sources, unstripped, so the metadata is there).
cargo build -q -p uniffi-bindgen
cargo build -q -p citizen-wallet-ffi --no-default-features
case "$(uname -s)" in
  Darwin) host_lib=target/debug/libcitizen_wallet_ffi.dylib ;; # most Android Studio machines are Macs
  *) host_lib=target/debug/libcitizen_wallet_ffi.so ;;
esac
# The top-level uniffi.toml with the Android flavour switched on (android.* imports, Android's Cleaner).
sed 's/^android = false$/android = true/' uniffi.toml >target/uniffi-android.toml
target/debug/uniffi-bindgen generate "$host_lib" --language kotlin \
  --config target/uniffi-android.toml --out-dir "${KOTLIN_OUT:-android-demo/app/build/generated/uniffi}" --no-format
