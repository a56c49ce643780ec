#!/usr/bin/env bash
# The android-demo logic tests on the JVM, without Gradle or an Android SDK:
#  1. generate the Kotlin bindings (JVM flavour) from the host library (bindings/generate.sh);
#  2. run android-demo/scripts/check-static.sh (the Android build's checks that need no SDK,
#     including: no android.* in logic);
#  3. compile the bindings, then android-demo/logic/src/main (warnings are errors), then
#     android-demo/logic/src/test, with kotlinc (npm `kotlin-compiler`);
#  4. run every *Test class with JUnit 4 against the real host cdylib in target/debug.
# Same set-up as bindings/test.sh: kotlinc from npm, JNA from Debian, plus Debian's JUnit 4 and ZXing
# core. Installs what it needs; under CI=true a missing tool fails the run instead of skipping it.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=target/android-demo-test
logic=android-demo/logic
caller=android-demo/scripts/test-logic.sh
# shellcheck source=../../scripts/jvm-tools.sh
source scripts/jvm-tools.sh

start=$(date +%s)
# --- bindings (JVM flavour) and the host library
OUT=$out/generated bash bindings/generate.sh debug >/dev/null
bindings=$out/generated/org/citizenwallet/citizen_wallet.kt
[ -f "$bindings" ] || { echo "no generated Kotlin at $bindings" >&2; exit 1; }

# --- what can be checked of the Android build without the SDK (wrapper, cargo lookup, ABIs, R8
# rules, the Android-flavour bindings, logic's freedom from android.*): see check-static.sh
bash android-demo/scripts/check-static.sh

# --- compile: bindings, then logic main (as Gradle does: the bindings are compileOnly for main), then tests
compile_ffi_kotlin "$bindings"
rm -rf "$out/main" "$out/test"
mapfile -t main_sources < <(find "$logic/src/main/kotlin" -name '*.kt' | sort)
"$kotlinc" -Werror -cp "$ffi_classes:$jna:$zxing:$coroutines" "${main_sources[@]}" -d "$out/main"
mapfile -t test_sources < <(find "$logic/src/test/kotlin" -name '*.kt' | sort)
test_cp="$out/main:$ffi_classes:$jna:$zxing:$coroutines:$junit:$hamcrest:$klib/kotlin-test.jar:$klib/kotlin-test-junit.jar"
# -Xfriend-paths: tests see internal members of main, as Gradle arranges.
"$kotlinc" -Werror -Xfriend-paths="$out/main" -cp "$test_cp" "${test_sources[@]}" android-demo/scripts/RunLogicTests.kt -d "$out/test"
compiled=$(date +%s)
note "compiled ${#main_sources[@]} main + ${#test_sources[@]} test sources in $((compiled - start)) s (bindings generation included)"

# --- run
mapfile -t classes < <(cd "$out/test" && find . -name '*Test.class' | sed 's|^\./||; s|\.class$||; s|/|.|g' | sort)
[ ${#classes[@]} -gt 0 ] || { echo "no test classes found" >&2; exit 1; }
java -Djna.library.path=target/debug \
  -Dcitizenwallet.assetsDir=android-demo/app/src/main/assets \
  -cp "$out/test:$test_cp:$klib/kotlin-stdlib.jar" RunLogicTestsKt "${classes[@]}"
note "ran in $(($(date +%s) - compiled)) s"
