#!/usr/bin/env bash
# The android-demo logic tests on the JVM, without Gradle or an Android SDK:
#  1. generate the Kotlin bindings (JVM flavour) from the host library (bindings/generate.sh);
#  2. compile them, then android-demo/logic/src/main (warnings are errors; no android.* imports
#     allowed), then android-demo/logic/src/test, with kotlinc (npm `kotlin-compiler`);
#  3. run every *Test class with JUnit 4 against the real host cdylib in target/debug.
# Same set-up as bindings/test.sh: kotlinc from npm, JNA from Debian, plus Debian's JUnit 4 and ZXing
# core. Installs what it needs; under CI=true a missing tool fails the run instead of skipping it.
set -euo pipefail
cd "$(dirname "$0")/../.."

KOTLIN_COMPILER_VERSION=2.4.20
tools=target/tools
out=target/android-demo-test
ci=${CI:-false}
logic=android-demo/logic

note() { printf '  %s\n' "$*"; }
missing() {
  if [ "$ci" = true ]; then echo "android-demo/scripts/test-logic.sh: $* (CI=true: failing instead of skipping)" >&2; exit 1; fi
  echo "android-demo/scripts/test-logic.sh: SKIPPING the android-demo logic tests: $*" >&2; exit 0
}

# --- tools
debs=()
[ -f /usr/share/java/jna.jar ] || debs+=(libjna-java)
[ -f /usr/share/java/junit4.jar ] || debs+=(junit4)
compgen -G '/usr/share/maven-repo/com/google/zxing/core/*/core-[0-9]*.jar' >/dev/null || debs+=(libzxing-core-java)
if [ ${#debs[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  note "installing ${debs[*]} (Debian)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debs[@]}" >/dev/null
fi
jna=/usr/share/java/jna.jar
junit=/usr/share/java/junit4.jar
hamcrest=/usr/share/java/hamcrest-core.jar
zxing=$(compgen -G '/usr/share/maven-repo/com/google/zxing/core/*/core-[0-9]*.jar' | head -n 1 || true)
for f in "$jna" "$junit" "$hamcrest"; do [ -f "$f" ] || missing "$f not found (apt-get install libjna-java junit4)"; done
[ -n "$zxing" ] && [ -f "$zxing" ] || missing "ZXing core not found (apt-get install libzxing-core-java)"
command -v java >/dev/null || missing "no java on PATH"
kotlin_home=$tools/node_modules/kotlin-compiler
if [ ! -x "$kotlin_home/bin/kotlinc" ]; then
  command -v npm >/dev/null || missing "no npm to install the Kotlin compiler"
  note "installing kotlin-compiler@$KOTLIN_COMPILER_VERSION from npm"
  npm install --silent --no-audit --no-fund --prefix "$tools" "kotlin-compiler@$KOTLIN_COMPILER_VERSION" >/dev/null
fi
[ -x "$kotlin_home/bin/kotlinc" ] || missing "kotlinc not installed"
klib=$kotlin_home/lib
coroutines=$klib/kotlinx-coroutines-core-jvm.jar
[ -f "$coroutines" ] || missing "$coroutines not found"

# --- the module's promise: plain Kotlin/JVM, nothing from the Android SDK
if grep -rnE '^import (android|androidx)\.' "$logic/src"; then
  echo "android-demo/scripts/test-logic.sh: the logic module must not import android.* / androidx.*" >&2
  exit 1
fi

start=$(date +%s)
# --- bindings (JVM flavour) and the host library
OUT=$out/generated bash bindings/generate.sh debug >/dev/null
bindings=$out/generated/org/citizenwallet/citizen_wallet.kt
[ -f "$bindings" ] || { echo "no generated Kotlin at $bindings" >&2; exit 1; }

# --- compile: bindings, then logic main (as Gradle does: the bindings are compileOnly for main), then tests
kotlinc=$kotlin_home/bin/kotlinc
rm -rf "$out/ffi" "$out/main" "$out/test"
"$kotlinc" -nowarn -cp "$jna" "$bindings" -d "$out/ffi"
mapfile -t main_sources < <(find "$logic/src/main/kotlin" -name '*.kt' | sort)
"$kotlinc" -Werror -cp "$out/ffi:$jna:$zxing:$coroutines" "${main_sources[@]}" -d "$out/main"
mapfile -t test_sources < <(find "$logic/src/test/kotlin" -name '*.kt' | sort)
test_cp="$out/main:$out/ffi:$jna:$zxing:$coroutines:$junit:$hamcrest:$klib/kotlin-test.jar:$klib/kotlin-test-junit.jar"
# -Xfriend-paths: tests see internal members of main, as Gradle arranges.
"$kotlinc" -Werror -Xfriend-paths="$out/main" -cp "$test_cp" "${test_sources[@]}" android-demo/scripts/RunLogicTests.kt -d "$out/test"
compiled=$(date +%s)
note "compiled ${#main_sources[@]} main + ${#test_sources[@]} test sources in $((compiled - start)) s (bindings generation included)"

# --- run
mapfile -t classes < <(cd "$out/test" && find . -name '*Test.class' | sed 's|^\./||; s|\.class$||; s|/|.|g' | sort)
[ ${#classes[@]} -gt 0 ] || { echo "no test classes found" >&2; exit 1; }
java -Djna.library.path=target/debug \
  -Dcitizenwallet.trustListAsset=android-demo/app/src/main/assets/trust-list.json \
  -cp "$out/test:$test_cp:$klib/kotlin-stdlib.jar" RunLogicTestsKt "${classes[@]}"
note "ran in $(($(date +%s) - compiled)) s"
