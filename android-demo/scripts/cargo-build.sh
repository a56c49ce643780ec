#!/usr/bin/env bash
# Runs the Rust side of the android-demo Gradle build, after finding cargo the way a Gradle daemon
# started by Android Studio can (it often lacks ~/.cargo/bin on PATH, macOS especially):
#   1. CARGO_DIR: the `cargo.dir` line of android-demo/local.properties (Gradle passes it),
#   2. ~/.cargo/bin (rustup's default),
#   3. PATH.
# Then checks what the mode needs and says exactly what is missing:
#   host     cargo build of the host library and uniffi-bindgen (the :logic tests, the bindings)
#   android  also cargo-ndk, the Rust targets of every ABI bindings/build-android.sh builds, and the
#            NDK (ANDROID_NDK_HOME); then runs bindings/build-android.sh
#   check    the android checks only, building nothing (also what the static checks run here)
# Usage: bash android-demo/scripts/cargo-build.sh host|android|check
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-}
case "$mode" in host | android | check) ;; *)
  echo "usage: $0 host|android|check" >&2
  exit 2
  ;;
esac

fail() {
  echo "android-demo: $*" >&2
  exit 1
}

# --- cargo
tried=()
cargo=
if [ -n "${CARGO_DIR:-}" ]; then
  [ -x "$CARGO_DIR/cargo" ] || fail "cargo.dir in local.properties is '$CARGO_DIR', but there is no executable '$CARGO_DIR/cargo'. Fix the line (rustup puts cargo in ~/.cargo/bin) or remove it."
  cargo=$CARGO_DIR/cargo
else
  tried+=("cargo.dir in android-demo/local.properties (not set)")
  if [ -n "${HOME:-}" ] && [ -x "$HOME/.cargo/bin/cargo" ]; then
    cargo=$HOME/.cargo/bin/cargo
  else
    tried+=("${HOME:-~}/.cargo/bin/cargo (not there)")
    if command -v cargo >/dev/null 2>&1; then
      cargo=$(command -v cargo)
    else
      tried+=("cargo on PATH (not found; PATH=$PATH)")
    fi
  fi
fi
if [ -z "$cargo" ]; then
  printf 'android-demo: cargo not found. Looked at:\n' >&2
  printf '  - %s\n' "${tried[@]}" >&2
  fail "install Rust with rustup (https://rustup.rs), or add 'cargo.dir=/path/to/dir/with/cargo' to android-demo/local.properties."
fi
cargo_dir=$(cd "$(dirname "$cargo")" && pwd)
# cargo-ndk, rustup and rustc live next to cargo: let the tools below find them too.
export PATH="$cargo_dir:$PATH"

if [ "$mode" = host ]; then
  exec "$cargo" build -p citizen-wallet-ffi -p uniffi-bindgen
fi

# --- android: the ABIs come from bindings/build-android.sh (its `-t ABI` flags), the one list
abi_target() {
  case "$1" in
    arm64-v8a) echo aarch64-linux-android ;;
    armeabi-v7a) echo armv7-linux-androideabi ;;
    x86_64) echo x86_64-linux-android ;;
    x86) echo i686-linux-android ;;
    *) return 1 ;;
  esac
}
mapfile -t abis < <(grep -oE -- '-t [A-Za-z0-9_-]+' bindings/build-android.sh | awk '{print $2}')
[ ${#abis[@]} -gt 0 ] || fail "no '-t ABI' flags found in bindings/build-android.sh"
targets=()
for abi in "${abis[@]}"; do
  t=$(abi_target "$abi") || fail "bindings/build-android.sh builds ABI '$abi', which has no known Rust target"
  targets+=("$t")
done

problems=()
command -v cargo-ndk >/dev/null 2>&1 || problems+=("cargo-ndk is not installed next to cargo or on PATH: cargo install cargo-ndk")
if command -v rustup >/dev/null 2>&1; then
  installed=$(rustup target list --installed 2>/dev/null || true)
  missing=()
  for t in "${targets[@]}"; do grep -qx "$t" <<<"$installed" || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] || problems+=("Rust targets missing: rustup target add ${missing[*]}")
else
  sysroot=$(rustc --print sysroot 2>/dev/null || true)
  missing=()
  for t in "${targets[@]}"; do [ -n "$sysroot" ] && [ -d "$sysroot/lib/rustlib/$t" ] || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] || problems+=("Rust standard library missing for: ${missing[*]} (no rustup found to add them)")
fi
if [ -z "${ANDROID_NDK_HOME:-}" ]; then
  problems+=("no NDK: ANDROID_NDK_HOME is not set (Gradle sets it from the SDK; install the NDK version in app/build.gradle.kts with the SDK Manager)")
elif [ ! -d "$ANDROID_NDK_HOME" ]; then
  problems+=("no NDK at ANDROID_NDK_HOME=$ANDROID_NDK_HOME: install that NDK version with the SDK Manager (SDK Tools > NDK (Side by side))")
fi
if [ ${#problems[@]} -gt 0 ]; then
  printf 'android-demo: cannot build the Rust library for %s (cargo: %s):\n' "${abis[*]}" "$cargo" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
[ "$mode" = check ] && {
  echo "android-demo: ready to build ${abis[*]} with $cargo"
  exit 0
}
exec bash bindings/build-android.sh
