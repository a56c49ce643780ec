#!/usr/bin/env bash
# The browser verifier: builds the npm package (bindings/wasm/build.sh) and the counter page
# (counter-web/build.sh), makes fresh QR fixtures (tests/src/bin/web_fixtures.rs, with portrait QRs
# that cwallet makes: scripts/web-portrait-qr.sh), runs the Node
# tests against the packed tarball and the page's tests in Debian's Chromium (playwright-core).
# Installs chromium (apt) and the page's npm dependencies (npm ci) itself; with CI=true a tool that
# is missing fails the run. `--screenshots` also refreshes docs/counter-web-{green,red,amber}.png.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null && return 0
  echo "scripts/test-web.sh: $1 is missing${2:+ ($2)}" >&2
  exit 1
}
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x /usr/bin/chromium ] || { echo "scripts/test-web.sh: /usr/bin/chromium is missing (apt-get install chromium)" >&2; exit 1; }
fi
need node "Debian: apt-get install nodejs npm"
need npm

bash counter-web/build.sh
fixtures=$(mktemp -d)
trap 'rm -rf "$fixtures"' EXIT
# Portrait QRs made by cwallet (issuer with --portrait, then the holder presents), for the fixtures.
cargo build -q -p cwallet -p cwallet-tests --bin cwallet --bin web_fixtures
mkdir "$fixtures/portrait"
bash scripts/web-portrait-qr.sh "$fixtures/portrait" counter-7 3
target/debug/web_fixtures "$fixtures" --extra-issuers "$fixtures/portrait/trust.json" \
  $(for f in "$fixtures"/portrait/portrait-*.txt; do printf -- '--portrait-qr %s ' "$f"; done)
tgz=$(ls -t "$PWD"/target/citizen-wallet-verifier-*.tgz | head -1)

echo "--- Node: the npm package from its tarball ($(basename "$tgz"))"
VERIFIER_TGZ="$tgz" WEB_FIXTURES="$fixtures" node --test bindings/wasm/tests/

echo "--- Chromium: the counter page"
(cd counter-web && npm ci --no-audit --no-fund --silent)
shots=()
[ "${1:-}" = --screenshots ] && shots=(SCREENSHOT_DIR="$PWD/docs")
env "${shots[@]}" WEB_FIXTURES="$fixtures" node --test counter-web/tests/
