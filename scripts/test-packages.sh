#!/usr/bin/env bash
# The packages app developers install, tested as installed (docs/packages.md):
#  - Python wheel: built by maturin (uniffi mode) from bindings/pyproject.toml, installed with pip
#    into a fresh venv, the Python scenario tests run from a folder outside the repository;
#    `auditwheel show` reports the manylinux tag the wheel meets.
#  - JVM jar: the compiled Kotlin bindings + the host library at JNA's resource path, used by a Java
#    program run with `java -cp citizen-wallet.jar:jna.jar:kotlin-stdlib.jar` only.
# Reuses what bindings/test.sh built (the debug library, the compiled Kotlin). PROFILE=release
# builds release packages instead (what docs/packages.md publishes). Installs its tools (PyPI, npm,
# Debian); under CI=true a missing tool is an error, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
caller=scripts/test-packages.sh
MATURIN_VERSION=1.16.0
AUDITWHEEL_VERSION=6.8.2

profile=${PROFILE:-debug}
case "$profile" in
  debug) cargo_profile=dev ;;
  release) cargo_profile=release ;;
  *) echo "$caller: PROFILE must be debug or release" >&2; exit 2 ;;
esac
out=target/packages/$profile
# shellcheck source=jvm-tools.sh
source scripts/jvm-tools.sh
command -v python3 >/dev/null || missing "no python3 on PATH"

# --- tools: maturin and auditwheel in their own venv (pinned, from PyPI)
pytools=$repo/$tools/py
if [ ! -x "$pytools/bin/maturin" ] || ! "$pytools/bin/maturin" --version | grep -q " $MATURIN_VERSION\$"; then
  python3 -m venv "$pytools" || missing "python3 -m venv failed (apt-get install python3-venv)"
  note "installing maturin $MATURIN_VERSION and auditwheel $AUDITWHEEL_VERSION from PyPI"
  "$pytools/bin/pip" install -q --disable-pip-version-check "maturin==$MATURIN_VERSION" "auditwheel==$AUDITWHEEL_VERSION" \
    || missing "pip could not install maturin"
fi

rm -rf "$out" && mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "--- JVM jar (Kotlin bindings + linux-x86-64 library), used from Java"
# The generated Kotlin and the library bindings/test.sh built (a no-op build after it); done before
# the wheel, whose maturin build of uniffi-bindgen alone resolves features differently and would
# make this build recompile uniffi_bindgen.
OUT=target/packages/generated bash bindings/generate.sh "$profile" >/dev/null
compile_ffi_kotlin target/packages/generated/org/citizenwallet/citizen_wallet.kt
stage=$scratch/jar
mkdir -p "$stage/linux-x86-64"
cp -r "$ffi_classes"/. "$stage/"
rm -f "$stage/.source-sha256"
cp "target/$profile/libcitizen_wallet_ffi.so" "$stage/linux-x86-64/"
[ "$profile" = release ] && strip "$stage/linux-x86-64/libcitizen_wallet_ffi.so"
# The licences of the crates compiled into the library, which their terms ask binary copies to carry.
mkdir -p "$stage/META-INF"
python3 scripts/third-party-licenses.py citizen-wallet-ffi >"$stage/META-INF/THIRD_PARTY_LICENSES.txt"
jar --create --file "$out/citizen-wallet.jar" -C "$stage" .
grep -q "META-INF/THIRD_PARTY_LICENSES.txt" <<<"$(unzip -l "$out/citizen-wallet.jar")" ||
  { echo "$caller: the jar lacks META-INF/THIRD_PARTY_LICENSES.txt" >&2; exit 1; }
note "built citizen-wallet.jar ($(du -k "$out/citizen-wallet.jar" | cut -f1) KB)"

cargo build -q -p cwallet
target/debug/cwallet demo --dir "$scratch/demo" >/dev/null
# The demo trusts its issuer through a signed bundle; the Java program takes the issuer list as the
# trust-list JSON, written here from what the bundle says after its anchor check.
target/debug/cwallet trust show --bundle "$scratch/demo/trust.cwt" --anchor "$scratch/demo/anchor.json" --json |
  python3 -c '
import base64, json, sys
shown = json.load(sys.stdin)
assert shown["valid"], "the demo bundle must verify against its anchor"
issuers = [{"kid": i["kid"], "iss": i["iss"], "name": i["name"],
            "key": {"kty": "OKP", "crv": "Ed25519",
                    "x": base64.urlsafe_b64encode(bytes.fromhex(i["x"])).rstrip(b"=").decode()}}
           for i in shown["issuers"] if i["key_type"] == "Ed25519"]
json.dump({"version": 1, "issuers": issuers}, sys.stdout)
' > "$scratch/demo/trust.json"
cp "$out/citizen-wallet.jar" "$jna" "$klib/kotlin-stdlib.jar" "$scratch/"
javac -d "$scratch/classes" -cp "$scratch/citizen-wallet.jar:$scratch/kotlin-stdlib.jar" bindings/tests/java/VerifyQr.java
(
  cd "$scratch"
  env -u LD_LIBRARY_PATH java -cp "citizen-wallet.jar:jna.jar:kotlin-stdlib.jar:classes" VerifyQr \
    demo/trust.json demo/presentation.txt demo-counter
)
echo "--- Python wheel (maturin, uniffi mode, cargo profile $cargo_profile)"
# pyproject.toml's license-files: the licences of the compiled crates, into the wheel's .dist-info.
python3 scripts/third-party-licenses.py citizen-wallet-ffi >bindings/THIRD_PARTY_LICENSES.txt
if ! ( cd bindings && "$pytools/bin/maturin" build --profile "$cargo_profile" --out "$repo/$out" ) >"$scratch/maturin.log" 2>&1; then
  cat "$scratch/maturin.log" >&2; exit 1
fi
wheel=$(ls "$out"/citizen_wallet-*.whl)
note "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KB)"
"$pytools/bin/auditwheel" show "$wheel" | tr -s ' \n' ' ' | sed 's/^/  /' && echo
unzip -l "$wheel" | awk 'NR > 3 && $4 != "" {print "  " $4}' | grep -v -- '^  ----' || true
grep -q "dist-info/licenses/THIRD_PARTY_LICENSES.txt" <<<"$(unzip -l "$wheel")" ||
  { echo "$caller: the wheel lacks THIRD_PARTY_LICENSES.txt in its .dist-info" >&2; exit 1; }

python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install -q --disable-pip-version-check --no-index "$wheel"
cp bindings/tests/python/test_bindings.py "$scratch/"
# From outside the repository, with no PYTHONPATH or LD_LIBRARY_PATH: only the installed package.
(
  cd "$scratch"
  env -u PYTHONPATH -u LD_LIBRARY_PATH -u CW_BENCH "$scratch/venv/bin/python" - <<'PY'
import citizen_wallet, sys
assert citizen_wallet.__file__.startswith(sys.prefix), citizen_wallet.__file__
print("  citizen_wallet imported from", citizen_wallet.__file__)
PY
  env -u PYTHONPATH -u LD_LIBRARY_PATH -u CW_BENCH "$scratch/venv/bin/python" test_bindings.py 2>&1 | tail -n 3
)

echo "package tests passed"
