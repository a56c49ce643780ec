#!/usr/bin/env bash
# What can be checked about the android-demo's build without an Android SDK, Gradle or network
# (called by test-logic.sh, after it has generated the JVM bindings):
#   1. the Gradle wrapper: scripts present, distribution pinned by checksum, and gradlew's
#      download-check-run path exercised against local fake distributions (good and tampered);
#   2. finding cargo (android-demo/scripts/cargo-build.sh): cargo.dir, ~/.cargo/bin, PATH, and the
#      error that names what is missing (cargo, cargo-ndk, Rust targets, NDK);
#   3. ABIs: the app packages exactly the ABIs bindings/build-android.sh builds, each with a Rust target;
#   4. R8: the ProGuard rules keep the bindings' package (from the top-level uniffi.toml), not the whole app;
#   5. the Android-flavour bindings generate with the config build-android.sh gives the app, with
#      the same public API as the JVM flavour the logic tests use;
#   6. `logic` uses nothing from android.* / androidx.*; the app's icons are its own resources;
#   7. assets: the signed trust bundle and the demo anchor (no unsigned trust list), named as the
#      code names them, and byte-identical to what scripts/make-demo-assets.sh makes.
# Usage: bash android-demo/scripts/check-static.sh (from anywhere; needs target/debug/uniffi-bindgen
# and the host library, which bindings/generate.sh builds).
set -euo pipefail
cd "$(dirname "$0")/../.."
demo=android-demo
failures=0
ok() { printf '  ok   %s\n' "$*"; }
bad() {
  printf '  FAIL %s\n' "$*" >&2
  failures=$((failures + 1))
}
check() { # check "description" command...
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Gradle's published checksums (gradle.org/release-checksums, as quoted by the gradle-update bot
# in many projects' wrapper-update pull requests; see README "The Gradle wrapper").
GRADLE_VERSION=9.5.0
GRADLE_BIN_SHA256=553c78f50dafcd54d65b9a444649057857469edf836431389695608536d6b746
GRADLE_WRAPPER_JAR_SHA256=497c8c2a7e5031f6aa847f88104aa80a93532ec32ee17bdb8d1d2f67a194a9c7 # 9.5.0 and 9.5.1

echo "android-demo static checks"

# --- 1. wrapper
props=$demo/gradle/wrapper/gradle-wrapper.properties
prop() { sed -n "s/^$1=//p" "$props" | tail -n 1 | sed 's/\\:/:/g'; }
check "gradlew and gradlew.bat exist" test -f $demo/gradlew -a -f $demo/gradlew.bat -a -f $demo/gradle/wrapper/bootstrap.ps1
check "gradlew is executable in git" bash -c "git ls-files -s $demo/gradlew | grep -q '^100755' || { ! git ls-files --error-unmatch $demo/gradlew >/dev/null 2>&1 && test -x $demo/gradlew; }"
check "the wrapper names Gradle $GRADLE_VERSION (bin)" test "$(prop distributionUrl)" = "https://services.gradle.org/distributions/gradle-$GRADLE_VERSION-bin.zip"
check "the distribution is pinned to Gradle's published SHA-256" test "$(prop distributionSha256Sum)" = "$GRADLE_BIN_SHA256"
jar=$demo/gradle/wrapper/gradle-wrapper.jar
if [ -f "$jar" ]; then
  check "gradle-wrapper.jar is Gradle's official $GRADLE_VERSION jar" test "$(sha256sum "$jar" | cut -d' ' -f1)" = "$GRADLE_WRAPPER_JAR_SHA256"
else
  ok "no gradle-wrapper.jar (gradlew needs none; an added one must be the official jar)"
fi

# gradlew against fake distributions served from file:// URLs (curl reads them; no network).
fake_dist() { # fake_dist DIR VERSION: a zip shaped like a Gradle distribution whose bin/gradle echoes
  mkdir -p "$1/gradle-$2/bin"
  printf '#!/bin/sh\necho "fake gradle %s: $*"\n' "$2" >"$1/gradle-$2/bin/gradle"
  chmod +x "$1/gradle-$2/bin/gradle"
  (cd "$1" && zip -qr "gradle-$2-bin.zip" "gradle-$2")
}
wrapper_project() { # wrapper_project DIR URL SUM
  mkdir -p "$1/gradle/wrapper"
  cp $demo/gradlew "$1/"
  { echo "distributionUrl=${2/:/\\:}"; [ -z "$3" ] || echo "distributionSha256Sum=$3"; } >"$1/gradle/wrapper/gradle-wrapper.properties"
}
if ! command -v zip >/dev/null || ! command -v unzip >/dev/null || ! command -v curl >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zip unzip curl >/dev/null
  fi
fi
gradlew_in() { # gradlew_in PROJECT ARGS...: runs that copy of gradlew with a private Gradle home
  local project=$1
  shift
  GRADLE_USER_HOME="$tmp/home" "$project/gradlew" "$@" >"$tmp/gw.out" 2>"$tmp/gw.err"
}
gradlew_runs_a_checked_distribution() {
  gradlew_in "$tmp/p-good" tasks --all && grep -qx 'fake gradle 1.0: tasks --all' "$tmp/gw.out"
}
gradlew_reuses_it() {
  rm "$tmp/dist/gradle-1.0-bin.zip" && gradlew_in "$tmp/p-good" help && grep -qx 'fake gradle 1.0: help' "$tmp/gw.out"
}
gradlew_refuses_a_tampered_one() {
  ! gradlew_in "$tmp/p-bad" help && grep -q 'checksum mismatch' "$tmp/gw.err" && ! grep -q 'fake gradle' "$tmp/gw.out" &&
    ! ls "$tmp"/home/wrapper/dists/gradle-2.0-bin/*/unpacked >/dev/null 2>&1
}
gradlew_refuses_an_unpinned_one() {
  ! gradlew_in "$tmp/p-nosum" help && grep -q 'distributionSha256Sum' "$tmp/gw.err" && ! grep -q 'fake gradle' "$tmp/gw.out"
}
if [ ! -f $demo/gradlew ]; then
  bad "gradlew cannot be run: it is missing"
elif command -v zip >/dev/null && command -v unzip >/dev/null && command -v curl >/dev/null; then
  fake_dist "$tmp/dist" 1.0
  wrapper_project "$tmp/p-good" "file://$tmp/dist/gradle-1.0-bin.zip" "$(sha256sum "$tmp/dist/gradle-1.0-bin.zip" | cut -d' ' -f1)"
  fake_dist "$tmp/dist2" 2.0
  # Pinned to 1.0's checksum, but the URL serves 2.0: a swapped download.
  wrapper_project "$tmp/p-bad" "file://$tmp/dist2/gradle-2.0-bin.zip" "$(sha256sum "$tmp/dist/gradle-1.0-bin.zip" | cut -d' ' -f1)"
  wrapper_project "$tmp/p-nosum" "file://$tmp/dist2/gradle-2.0-bin.zip" ""
  check "gradlew downloads a distribution whose SHA-256 matches and runs it with the arguments" gradlew_runs_a_checked_distribution
  check "gradlew reuses the checked distribution (a second run downloads nothing)" gradlew_reuses_it
  check "gradlew refuses a distribution whose SHA-256 differs, and runs nothing" gradlew_refuses_a_tampered_one
  check "gradlew refuses to run without distributionSha256Sum" gradlew_refuses_an_unpinned_one
else
  if [ "${CI:-false}" = true ]; then bad "zip, unzip and curl are needed to test gradlew (CI=true)"; else echo "  SKIP gradlew run checks: zip/unzip/curl missing"; fi
fi

# --- 2. finding cargo
bash_bin=$(command -v bash)
mkdir -p "$tmp/sysbin" "$tmp/emptyhome"
for tool in dirname grep awk sed cat; do ln -sf "$(command -v $tool)" "$tmp/sysbin/$tool"; done
fake_tool() { # fake_tool DIR NAME [WORDS]: an executable printing WORDS one a line, or its name and arguments
  mkdir -p "$1"
  if [ -n "${3:-}" ]; then printf '#!/bin/sh\nprintf "%%s\\n" %s\n' "$3" >"$1/$2"; else printf '#!/bin/sh\necho "%s $*"\n' "$2" >"$1/$2"; fi
  chmod +x "$1/$2"
}
cargo_build() { # cargo_build MODE [VAR=value...]: a clean environment whose PATH has no cargo
  local mode=$1
  shift
  env -i HOME="$tmp/emptyhome" PATH="$tmp/sysbin" "$@" "$bash_bin" $demo/scripts/cargo-build.sh "$mode" >"$tmp/cb.out" 2>"$tmp/cb.err"
}
no_cargo_anywhere() {
  ! cargo_build host && grep -q 'cargo not found' "$tmp/cb.err" && grep -q 'cargo.dir' "$tmp/cb.err" && grep -q '\.cargo/bin' "$tmp/cb.err"
}
wrong_cargo_dir() {
  ! cargo_build host CARGO_DIR=/nonexistent && grep -q "cargo.dir in local.properties is '/nonexistent'" "$tmp/cb.err"
}
builds_host_with() { # builds_host_with [VAR=value...]
  cargo_build host "$@" && grep -qx 'cargo build -p citizen-wallet-ffi -p uniffi-bindgen' "$tmp/cb.out"
}
android_names_what_is_missing() {
  ! cargo_build check CARGO_DIR="$tmp/cargo-dir" && grep -q 'cargo install cargo-ndk' "$tmp/cb.err" &&
    grep -q 'aarch64-linux-android' "$tmp/cb.err" && grep -q 'armv7-linux-androideabi' "$tmp/cb.err" &&
    grep -q 'x86_64-linux-android' "$tmp/cb.err" && grep -q 'NDK' "$tmp/cb.err"
}
android_ready() {
  cargo_build check CARGO_DIR="$tmp/cargo-dir" ANDROID_NDK_HOME="$tmp/ndk" && grep -q 'ready to build arm64-v8a armeabi-v7a x86_64' "$tmp/cb.out"
}
one_target_missing() {
  ! cargo_build check CARGO_DIR="$tmp/cargo-dir" ANDROID_NDK_HOME="$tmp/ndk" && grep -q 'rustup target add armv7-linux-androideabi$' "$tmp/cb.err" &&
    ! grep -q 'cargo-ndk' "$tmp/cb.err"
}
check "no cargo anywhere: a clear error naming each place looked at" no_cargo_anywhere
check "a wrong cargo.dir is named in the error" wrong_cargo_dir
fake_tool "$tmp/cargo-dir" cargo
check "cargo.dir from local.properties is used" builds_host_with CARGO_DIR="$tmp/cargo-dir"
fake_tool "$tmp/emptyhome/.cargo/bin" cargo
check "without cargo.dir, ~/.cargo/bin (the daemon's PATH has no cargo)" builds_host_with
rm -rf "$tmp/emptyhome/.cargo"
check "the Android build names cargo-ndk, the missing Rust targets and the NDK" android_names_what_is_missing
fake_tool "$tmp/cargo-dir" cargo-ndk
fake_tool "$tmp/cargo-dir" rustup "aarch64-linux-android armv7-linux-androideabi x86_64-linux-android x86_64-unknown-linux-gnu"
mkdir -p "$tmp/ndk"
check "with cargo-ndk, the targets and an NDK, the Android build may start" android_ready
fake_tool "$tmp/cargo-dir" rustup "aarch64-linux-android x86_64-linux-android"
check "one missing target is named with the command that adds it" one_target_missing

# --- 3. ABIs
built=$(grep -oE -- '-t [A-Za-z0-9_-]+' bindings/build-android.sh | awk '{print $2}' | sort | xargs)
packaged=$(grep -E 'abiFilters' $demo/app/build.gradle.kts | grep -oE '"[A-Za-z0-9_-]+"' | tr -d '"' | sort | xargs || true)
check "the app packages exactly the ABIs the Rust library is built for ($built)" test -n "$built" -a "$built" = "$packaged"
for abi in $packaged; do
  check "ABI $abi has a Rust target in cargo-build.sh" grep -qE "^ +$abi\) echo [a-z0-9_]+-linux-android" $demo/scripts/cargo-build.sh
done

# --- 4. R8 rules
pkg=$(sed -n '/^\[crates.citizen_wallet_ffi.bindings.kotlin\]/,/^\[/s/^package_name = "\(.*\)"/\1/p' uniffi.toml)
rules=$demo/app/proguard-rules.pro
check "the bindings' package ($pkg) is kept for JNA" grep -qxF -- "-keep class $pkg.* { *; }" $rules
check "the ProGuard rules do not keep the whole app ($pkg.**)" bash -c "! grep -E '^-keep[a-z]* .*${pkg//./\\.}\\.\\*\\*' $rules"
check "JNA is kept" grep -qxF -- '-keep class com.sun.jna.** { *; }' $rules

# --- 5. the Android flavour of the bindings, generated with the app's config
lib=target/debug/libcitizen_wallet_ffi.so
[ "$(uname -s)" = Darwin ] && lib=target/debug/libcitizen_wallet_ffi.dylib
if [ -x target/debug/uniffi-bindgen ] && [ -f "$lib" ]; then
  android_sed=$(sed -n "s/^sed '\(.*\)' uniffi.toml >target\/uniffi-android.toml$/\1/p" bindings/build-android.sh)
  sed "$android_sed" uniffi.toml >"$tmp/uniffi-android.toml"
  check "build-android.sh gives the app a config with android = true" grep -qx 'android = true' "$tmp/uniffi-android.toml"
  generate() { target/debug/uniffi-bindgen generate "$lib" --language kotlin --no-format "$@" >"$tmp/gen.log" 2>&1 || { head -3 "$tmp/gen.log" >&2; false; }; }
  check "the Android-flavour bindings generate with that config" generate --config "$tmp/uniffi-android.toml" --out-dir "$tmp/android-kt"
  check "the JVM-flavour bindings generate with the workspace config" generate --config uniffi.toml --out-dir "$tmp/jvm-kt"
  android_kt=$tmp/android-kt/${pkg//.//}/citizen_wallet.kt
  jvm_kt=$tmp/jvm-kt/${pkg//.//}/citizen_wallet.kt
  check "the Android flavour generates into package $pkg" grep -qsx "package $pkg" "$android_kt"
  check "it is the Android flavour (android.* APIs), the JVM one is not" \
    bash -c "grep -q '^import android\\.' '$android_kt' && ! grep -q '^import android\\.' '$jvm_kt'"
  # The public surface both flavours declare: top-level and member declarations, annotations aside.
  surface() { grep -E '^\s*(public |open |abstract |sealed |data |enum |override )*(class|interface|object|fun|val|var) ' "$1" | grep -v -E '^\s*(private|internal)' | sed -E 's/^\s+//' | sort -u; }
  surface "$android_kt" >"$tmp/android.api" 2>/dev/null || true
  surface "$jvm_kt" >"$tmp/jvm.api" 2>/dev/null || true
  check "the Android and JVM flavours declare the same API ($(wc -l <"$tmp/jvm.api") declarations)" \
    bash -c "test -s '$tmp/jvm.api' && diff <(grep -v -E 'Cleaner|cleaner' '$tmp/android.api') <(grep -v -E 'Cleaner|cleaner' '$tmp/jvm.api') >'$tmp/api.diff'"
  [ -s "$tmp/api.diff" ] && head -20 "$tmp/api.diff" >&2
else
  bad "no $lib / target/debug/uniffi-bindgen: run bindings/generate.sh first (test-logic.sh does)"
fi

# --- 6. logic stays plain Kotlin; the app draws its own icons
check "logic imports nothing from android.* / androidx.*" bash -c "! grep -rnE '^import (android|androidx)\\.' $demo/logic/src"
check "logic names no android.* / androidx.* class outside comments" \
  bash -c "! grep -rnE '^[^/*]*\\b(android|androidx)\\.[a-z]+\\.[A-Z]' $demo/logic/src"
code_lines() { grep -rhE "$1" $demo/app/src/main/kotlin | grep -vE '^\s*(//|\*)' || true; }
check "no android.R.drawable icons in the app's code" test -z "$(code_lines 'android\.R\.drawable')"
for icon in $(code_lines 'R\.drawable\.' | grep -oE 'R\.drawable\.[a-z0-9_]+' | sed 's/R\.drawable\.//' | sort -u); do
  check "R.drawable.$icon is a vector drawable in res/drawable" grep -q '<vector' "$demo/app/src/main/res/drawable/$icon.xml"
done
check "the manifest asks for USE_BIOMETRIC, which the screen-lock prompt needs" \
  grep -q 'android.permission.USE_BIOMETRIC' $demo/app/src/main/AndroidManifest.xml

# --- 7. assets: signed trust only, reproducible from the script
assets=$demo/app/src/main/assets
check "no unsigned trust list shipped (assets/*.json holds only the anchor)" \
  test "$(cd $assets && ls -- *.json)" = trust-anchor.json
for name in TRUST_BUNDLE_ASSET TRUST_ANCHOR_ASSET; do
  file=$(grep -oE "$name = \"[^\"]+\"" $demo/logic/src/main/kotlin/org/citizenwallet/demo/logic/DemoConfig.kt | cut -d'"' -f2)
  check "DemoConfig.$name (${file:-unset}) is an asset" test -n "$file" -a -f "$assets/$file"
done
check "the pinned anchor is the clearly named demo anchor" grep -q '"kid": "demo-anchor-test-only"' $assets/trust-anchor.json
check "the assets are what make-demo-assets.sh makes (cwallet trust sign, fixed date)" \
  bash $demo/scripts/make-demo-assets.sh --check

if [ "$failures" -gt 0 ]; then
  echo "android-demo static checks: $failures failed" >&2
  exit 1
fi
echo "android-demo static checks: all passed"
