#!/usr/bin/env bash
# Presentations with a portrait read by zbar (Debian zbar-tools) from PNGs at 4 px per module, at
# ECC M and L: `cwallet portrait-bench --sizes-only` writes each QR's PNG and text; zbarimg must
# return the text exactly. ZXing core 3.4.1 (Debian libzxing-core-java, the decoder the android-demo
# counter uses) must read the same PNGs, from a plain Java program run with `java -cp` only
# (scripts/ZxingReadQr.java: its detector first, as from a camera frame; a pure-barcode read when
# the detector misses or misplaces the symbol, which 3.4.1 does for about 1 in 18 of these PNGs,
# counted in the output), and the text it decodes for name + ID + age_over_18 + portrait must
# verify (`cwallet verify` on a bundle signed for the bench's issuer) with the portrait intact.
# (The rqrr decoder reads the same PNGs in tests/tests/portrait.rs.)
# Installs zbar-tools and libzxing-core-java when missing; under CI=true a missing tool fails, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."

zxing_glob='/usr/share/maven-repo/com/google/zxing/core/*/core-[0-9]*.jar'
debs=()
command -v zbarimg >/dev/null || debs+=(zbar-tools)
compgen -G "$zxing_glob" >/dev/null || debs+=(libzxing-core-java)
command -v javac >/dev/null || debs+=(default-jdk-headless)
if [ ${#debs[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debs[@]}" >/dev/null
fi
zxing=$(compgen -G "$zxing_glob" | head -n 1 || true)
for need in zbarimg java javac; do
  command -v $need >/dev/null && continue
  if [ "${CI:-false}" = true ]; then echo "test-portrait.sh: $need missing (CI=true: failing)" >&2; exit 1; fi
  echo "test-portrait.sh: SKIPPING: $need missing (apt-get install zbar-tools default-jdk-headless)" >&2
  exit 0
done
if [ -z "$zxing" ]; then
  if [ "${CI:-false}" = true ]; then echo "test-portrait.sh: ZXing core missing (CI=true: failing)" >&2; exit 1; fi
  echo "test-portrait.sh: SKIPPING: ZXing core missing (apt-get install libzxing-core-java)" >&2
  exit 0
fi

cargo build -q -p cwallet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
target/debug/cwallet portrait-bench --sizes-only --png-dir "$dir"
count=0
for png in "$dir"/case*-[ml].png; do
  case_name=$(basename "$png" .png)
  want=$(cat "$dir/${case_name%-*}.txt")
  got=$(zbarimg --quiet --raw "$png" 2>/dev/null)
  if [ "$got" != "$want" ]; then
    echo "test-portrait.sh: zbar misread $(basename "$png")" >&2
    exit 1
  fi
  count=$((count + 1))
done
[ "$count" -ge 8 ] || { echo "test-portrait.sh: expected 8 QR images, found $count" >&2; exit 1; }
echo "zbar read $count portrait-size QR PNGs (4 px/module, ECC M and L) exactly"

# ZXing: every PNG, exactly; then the portrait case (name + ID + age_over_18 + portrait, ECC M)
# verified from what ZXing decoded.
mkdir "$dir/classes"
javac -d "$dir/classes" -cp "$zxing" scripts/ZxingReadQr.java
zx=0
for png in "$dir"/case*-[ml].png; do
  case_name=$(basename "$png" .png)
  if ! java -cp "$zxing:$dir/classes" ZxingReadQr "$png" >"$dir/$case_name.zxing" 2>"$dir/$case_name.zxing-info" ||
    ! cmp -s "$dir/$case_name.zxing" "$dir/${case_name%-*}.txt"; then
    cat "$dir/$case_name.zxing-info" >&2
    echo "test-portrait.sh: ZXing misread $(basename "$png")" >&2
    exit 1
  fi
  zx=$((zx + 1))
done
pure=$(cat "$dir"/*.zxing-info | grep -c 'pure-barcode' || true)
echo "ZXing $(basename "$zxing" .jar) read $zx portrait-size QR PNGs (4 px/module, ECC M and L) exactly" \
  "($((zx - pure)) found by its detector, $pure only as a pure barcode)"
echo "  case3-m (name + ID + age_over_18 + portrait): $(sed 's/^ZXing //' "$dir/case3-m.zxing-info")"
target/debug/cwallet trust init --kid bench-root --out "$dir/anchor-key.json" --public-out "$dir/anchor.json" >/dev/null
target/debug/cwallet trust sign --key "$dir/anchor-key.json" --issuers "$dir/issuers.json" --seq 1 \
  --out "$dir/trust.cwt" >/dev/null
target/debug/cwallet verify --bundle "$dir/trust.cwt" --anchor "$dir/anchor.json" --text "$dir/case3-m.zxing" \
  --audience demo-counter --no-replay-memory --portrait-out "$dir/face.webp" >"$dir/verified.txt"
grep -q '^VALID' "$dir/verified.txt" || { cat "$dir/verified.txt" >&2; exit 1; }
cmp -s "$dir/face.webp" "$dir/portrait.webp" || { echo "test-portrait.sh: the verified portrait differs" >&2; exit 1; }
echo "  the text ZXing decoded verifies, and its portrait is the issued one ($(stat -c %s "$dir/face.webp") bytes)"
