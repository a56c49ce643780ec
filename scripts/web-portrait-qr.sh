#!/usr/bin/env bash
# Presentation QR texts with a portrait, made by `cwallet` as an issuer and a holder would (for
# scripts/test-web.sh): a drawn synthetic face (no real person; `portrait-bench --synthetic-photo`)
# → `issuer issue --portrait` → `present --disclose full_name,id_number,age_over_18,portrait`.
# Usage: scripts/web-portrait-qr.sh DIR AUDIENCE COUNT. Writes DIR/trust.json (the issuer, for the
# fixtures' bundles) and DIR/portrait-N.txt; each a second apart, so no two are the same QR.
set -euo pipefail
dir=$1 audience=$2 count=${3:-3}
cw=$PWD/target/debug/cwallet
cd "$dir"
"$cw" portrait-bench --synthetic-photo photo.png >/dev/null
"$cw" issuer init --kid portrait-1 --iss https://id.example.vn --name "Bộ Công an (portrait test)" >/dev/null
holder=$("$cw" holder init --out holder.json | grep -o '[0-9a-f]\{64\}' | head -1)
cat >record.json <<'JSON'
{"id_number": "079190001234", "full_name": "Nguyễn Thị Minh Khai", "date_of_birth": "1990-05-15",
 "sex": "female", "nationality": "VNM"}
JSON
"$cw" issuer issue --record record.json --test-only-holder-key "$holder" --out id.cbor --portrait photo.png
for i in $(seq 1 "$count"); do
  [ "$i" = 1 ] || sleep 1
  "$cw" present --credential id.cbor --holder holder.json --disclose full_name,id_number,age_over_18,portrait \
    --audience "$audience" --ttl 900 --out "portrait-$i.txt" >/dev/null
done
