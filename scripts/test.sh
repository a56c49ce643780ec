#!/usr/bin/env bash
# The whole test suite (README "Set-up"). Installs what it needs; with CI=true nothing may be skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

# A clean CI clone builds everything once: incremental-compilation caches would only cost time there.
[ "${CI:-false}" = true ] && export CARGO_INCREMENTAL=0

started=$(date +%s)
# Each step prints the time since the start, so a slow CI run shows where its minutes went.
step() { printf '\n==> [%4d s] %s\n' "$(($(date +%s) - started))" "$*"; }

step "rustfmt and clippy components"
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "layers: no module of core/src imports one above it (check-layers.py, with its self-test)"
python3 scripts/check-layers.py --self-test
python3 scripts/check-layers.py

step "dependency policy: licences, bans, sources (cargo deny, deny.toml)"
bash scripts/check-deps.sh

step "core features alone, and the verifier-only build for wasm32 (check-features.sh)"
bash scripts/check-features.sh

step "cargo test (unit, end-to-end, hostile input, vectors, doctests)"
cargo test --workspace

step "bindings: Kotlin on the JVM, Python, Swift drift check (installs kotlinc and JNA)"
bash bindings/test.sh

step "android-demo: the app's logic module on the JVM (kotlinc, JUnit 4, real bindings and host library)"
bash android-demo/scripts/test-logic.sh

step "browser verifier: npm package in Node, counter page in Chromium (test-web.sh; installs chromium, npm ci)"
bash scripts/test-web.sh
step "hardware holder keys: HolderSigner from Kotlin (java.security P-256) and Python (cryptography)"; bash bindings/test-hardware-keys.sh

step "portrait QR codes read by zbar at 4 px/module (installs zbar-tools)"; bash scripts/test-portrait.sh

step "packages: the wheel installed in a fresh venv, the jar used from Java (test-packages.sh)"; bash scripts/test-packages.sh

step "all tests passed"
