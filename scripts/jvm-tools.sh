# Sourced by bindings/test.sh and android-demo/scripts/test-logic.sh: the JVM tools both need, installed
# once (Debian packages in one apt-get call, kotlinc from npm), and the generated Kotlin bindings
# compiled once for both. The caller sets `caller` (its name, for messages) and runs from the repo root.
# Under CI=true a missing tool is an error, never a skip.

KOTLIN_COMPILER_VERSION=2.4.20
tools=target/tools

note() { printf '  %s\n' "$*"; }
missing() {
  if [ "${CI:-false}" = true ]; then echo "$caller: $* (CI=true: failing instead of skipping)" >&2; exit 1; fi
  echo "$caller: SKIPPING: $*" >&2; exit 0
}

jna=/usr/share/java/jna.jar
junit=/usr/share/java/junit4.jar
hamcrest=/usr/share/java/hamcrest-core.jar
zxing_glob='/usr/share/maven-repo/com/google/zxing/core/*/core-[0-9]*.jar'

debs=()
[ -f "$jna" ] || debs+=(libjna-java)
[ -f "$junit" ] || debs+=(junit4)
compgen -G "$zxing_glob" >/dev/null || debs+=(libzxing-core-java)
if [ ${#debs[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  note "installing ${debs[*]} (Debian)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debs[@]}" >/dev/null
fi
for f in "$jna" "$junit" "$hamcrest"; do
  [ -f "$f" ] || missing "$f not found (apt-get install libjna-java junit4)"
done
zxing=$(compgen -G "$zxing_glob" | head -n 1 || true)
[ -n "$zxing" ] && [ -f "$zxing" ] || missing "ZXing core not found (apt-get install libzxing-core-java)"
command -v java >/dev/null || missing "no java on PATH"

kotlin_home=$tools/node_modules/kotlin-compiler
if [ ! -x "$kotlin_home/bin/kotlinc" ]; then
  command -v npm >/dev/null || missing "no npm to install the Kotlin compiler"
  note "installing kotlin-compiler@$KOTLIN_COMPILER_VERSION from npm"
  npm install --silent --no-audit --no-fund --prefix "$tools" "kotlin-compiler@$KOTLIN_COMPILER_VERSION" >/dev/null
fi
[ -x "$kotlin_home/bin/kotlinc" ] || missing "kotlinc not installed"
kotlinc=$kotlin_home/bin/kotlinc
klib=$kotlin_home/lib
coroutines=$klib/kotlinx-coroutines-core-jvm.jar
[ -f "$coroutines" ] || missing "$coroutines not found"

# Compiles the generated bindings ($1) into target/kotlin-ffi, unless the classes there were compiled
# from identical sources (the file is large: compiling it is most of a kotlinc run).
ffi_classes=target/kotlin-ffi
compile_ffi_kotlin() {
  local source=$1 sum
  sum=$(sha256sum "$source" | cut -d' ' -f1)
  if [ "$(cat "$ffi_classes/.source-sha256" 2>/dev/null)" = "$sum" ]; then
    note "generated Kotlin unchanged: reusing $ffi_classes"
    return
  fi
  rm -rf "$ffi_classes"
  "$kotlinc" -nowarn -cp "$jna" "$source" -d "$ffi_classes"
  echo "$sum" > "$ffi_classes/.source-sha256"
}
