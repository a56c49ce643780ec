#!/usr/bin/env bash
# Builds the counter page into counter-web/dist: its static files, the verifier package
# (bindings/wasm/build.sh, skipped with SKIP_WASM_BUILD=1 when it was just built) and a service
# worker that caches exactly these files under a version derived from their contents.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "${SKIP_WASM_BUILD:-0}" = 1 ] || bash bindings/wasm/build.sh
dist=counter-web/dist
rm -rf "$dist"
mkdir -p "$dist/verifier/web"
cp counter-web/src/index.html counter-web/src/app.js counter-web/src/decoder.js counter-web/src/i18n.js counter-web/src/style.css "$dist/"
cp target/wasm-pkg/index.js target/wasm-pkg/THIRD_PARTY_LICENSES.txt "$dist/verifier/"
cp target/wasm-pkg/web/citizen_wallet_verifier.js target/wasm-pkg/web/citizen_wallet_verifier_bg.wasm "$dist/verifier/web/"

files=$(cd "$dist" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
version=$(cd "$dist" && cat $files | sha256sum | cut -c1-16)
list=$(printf '"./",'; for f in $files; do printf '"%s",' "$f"; done)
sed -e "s|__VERSION__|$version|" -e "s|__FILES__|[${list%,}]|" counter-web/src/sw.js >"$dist/sw.js"
echo "counter page built in $dist (cache $version)"
