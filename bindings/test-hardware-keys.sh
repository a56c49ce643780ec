#!/usr/bin/env bash
# The HolderSigner foreign trait from Kotlin (java.security P-256) and Python (the `cryptography`
# package), against the real host library: create a hardware holder key, issue, import, present,
# verify ES256, typed platform failures. Reuses the JVM tools of bindings/test.sh; installs
# `cryptography` from PyPI when missing. Under CI=true a missing tool is an error, never a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/bindings-hw-test
caller=bindings/test-hardware-keys.sh
# shellcheck source=../scripts/jvm-tools.sh
source scripts/jvm-tools.sh
command -v python3 >/dev/null || missing "no python3 on PATH"

OUT=$out/generated bash bindings/generate.sh debug >/dev/null
gen=$out/generated

echo "--- Kotlin: HolderSigner with java.security P-256"
compile_ffi_kotlin "$gen/org/citizenwallet/citizen_wallet.kt"
classes=$out/kotlin-classes
rm -rf "$classes"
"$kotlinc" -nowarn -cp "$ffi_classes:$jna" bindings/tests/kotlin/HardwareKeyTest.kt bindings/tests/kotlin/Checks.kt -d "$classes"
java -Djna.library.path=target/debug -cp "$classes:$ffi_classes:$klib/kotlin-stdlib.jar:$jna" HardwareKeyTestKt

echo "--- Python: HolderSigner with the cryptography package"
if ! python3 -c "import cryptography.hazmat.primitives.asymmetric.ec" 2>/dev/null; then
  note "installing cryptography from PyPI"
  python3 -m pip install -q cryptography 2>/dev/null || python3 -m pip install -q --break-system-packages cryptography \
    || missing "the cryptography package could not be installed (pip install cryptography)"
fi
python3 -c "import cryptography.hazmat.primitives.asymmetric.ec" 2>/dev/null || missing "cryptography not importable"
PYTHONPATH=$gen python3 bindings/tests/python/test_hardware_keys.py
echo "hardware key binding tests passed"
