#!/usr/bin/env bash
# The binding tests: generate Kotlin/Swift/Python from the host library, then
#  - Kotlin: compile with kotlinc (npm `kotlin-compiler`) against JNA (Debian `libjna-java`), run on the JVM;
#  - Python: run the same scenario with the generated module (stdlib only);
#  - Swift: no Swift compiler here, so compare the generated sources with the checked-in copy in
#    bindings/swift/ (API drift shows as a diff) and compile its C header with the C compiler;
#  - Android: check that uniffi's config switch produces the Android flavour of the Kotlin.
# Installs what it needs. Under CI=true a missing tool is an error, never a skip.
# CW_BENCH=1 also prints binding-call medians for present and verify.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/bindings-test
caller=bindings/test.sh
# shellcheck source=../scripts/jvm-tools.sh
source scripts/jvm-tools.sh
command -v python3 >/dev/null || missing "no python3 on PATH"

# --- generate
OUT=$out/generated bash bindings/generate.sh debug >/dev/null
gen=$out/generated
lib=target/debug/libcitizen_wallet_ffi.so

echo "--- Kotlin on the JVM"
compile_ffi_kotlin "$gen/org/citizenwallet/citizen_wallet.kt"
classes=$out/kotlin-classes
rm -rf "$classes"
"$kotlinc" -nowarn -cp "$ffi_classes:$jna" bindings/tests/kotlin/BindingsTest.kt bindings/tests/kotlin/Checks.kt -d "$classes"
run_cp="$classes:$ffi_classes:$klib/kotlin-stdlib.jar:$jna"
env -u CW_BENCH java -Djna.library.path=target/debug -cp "$run_cp" BindingsTestKt

echo "--- Python"
env -u CW_BENCH PYTHONPATH=$gen python3 bindings/tests/python/test_bindings.py

echo "--- Issuance against the real local issuer service (Kotlin java.net.http, Python urllib)"
cargo build -q -p cwallet
svc=$out/issuer-service
rm -rf "$svc" && mkdir -p "$svc"
cwallet=target/debug/cwallet
$cwallet issuer init --kid svc-1 --iss https://id.example.vn --status-uri https://id.example.vn/status/1 \
  --out "$svc/issuer.json" --trust-out "$svc/trust.json" >/dev/null
$cwallet issuer serve --issuer "$svc/issuer.json" --state "$svc/state.db" --listen 127.0.0.1:0 >"$svc/serve.log" &
svc_pid=$!
trap 'kill $svc_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "listening on" "$svc/serve.log" && break; sleep 0.2; done
grep -q "listening on" "$svc/serve.log" || { echo "bindings/test.sh: the issuer service did not start" >&2; exit 1; }
cat >"$svc/record.json" <<'JSON'
{"id_number": "079190001234", "full_name": "Trần Văn An", "date_of_birth": "1985-02-01", "sex": "male", "nationality": "VNM"}
JSON
offer() { $cwallet issuer offer --state "$svc/state.db" --record "$svc/record.json" "$@" 2>/dev/null; }
"$kotlinc" -nowarn -cp "$ffi_classes:$jna" bindings/tests/kotlin/IssuanceTest.kt bindings/tests/kotlin/Checks.kt -d "$out/kotlin-issuance"
CW_TRUST=$svc/trust.json CW_OFFER=$(offer) CW_OFFER_TX=$(offer --tx-code 493817) CW_TX_CODE=493817 \
  java -Djna.library.path=target/debug -cp "$out/kotlin-issuance:$ffi_classes:$klib/kotlin-stdlib.jar:$jna" IssuanceTestKt
CW_TRUST=$svc/trust.json CW_OFFER=$(offer) CW_OFFER_TX=$(offer --tx-code 493817) CW_TX_CODE=493817 \
  PYTHONPATH=$gen python3 bindings/tests/python/test_issuance.py
kill $svc_pid 2>/dev/null || true
trap - EXIT

echo "--- Swift (generated sources vs bindings/swift/, C header)"
for f in CitizenWallet.swift CitizenWalletFFI.h CitizenWalletFFI.modulemap; do
  if ! diff -u "bindings/swift/$f" "$gen/$f" >/dev/null; then
    diff -u "bindings/swift/$f" "$gen/$f" | head -40 >&2
    echo "bindings/test.sh: the Swift bindings changed: review, then copy $gen/$f to bindings/swift/" >&2
    exit 1
  fi
done
note "Swift sources match the checked-in copy"
cc -D_Nonnull= -D_Nullable= -I "$gen" bindings/tests/c/header_check.c -L target/debug -lcitizen_wallet_ffi -o "$out/header_check"
LD_LIBRARY_PATH=target/debug "$out/header_check"

echo "--- Android flavour of the Kotlin bindings"
sed 's/^android = false$/android = true/' uniffi.toml >"$out/android.toml"
target/debug/uniffi-bindgen generate "$lib" --language kotlin --config "$out/android.toml" --out-dir "$out/android" --no-format >/dev/null
if grep -q "import android.os.Build" "$out/android/org/citizenwallet/citizen_wallet.kt" \
  && ! grep -q "import android" "$gen/org/citizenwallet/citizen_wallet.kt"; then
  note "android = true adds the android.* imports; the JVM flavour has none"
else
  echo "bindings/test.sh: the Android config switch did not change the generated Kotlin" >&2; exit 1
fi

if [ -n "${CW_BENCH:-}" ]; then
  echo "--- binding call medians (release library; Rust without FFI as the baseline)"
  OUT=$out/generated-release bash bindings/generate.sh release >/dev/null
  CW_BENCH=1 java -Djna.library.path=target/release -cp "$run_cp" BindingsTestKt | grep BENCH
  CW_BENCH=1 PYTHONPATH=$out/generated-release python3 bindings/tests/python/test_bindings.py | grep BENCH
  cargo run -q --release -p citizen-wallet-ffi --example overhead
fi
echo "binding tests passed"
