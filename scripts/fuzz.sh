#!/usr/bin/env bash
# Runs the fuzz targets one after another (one core each, never in parallel), then minimises each
# corpus. Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 600 s, every target
#
# New corpus entries go to fuzz/corpus/<target>/ (seeds in fuzz/seeds/<target>/ are read only);
# crashes to fuzz/artifacts/<target>/. Copy a crash worth keeping to fuzz/regressions/<target>/
# once fixed: tests/tests/fuzz_corpus.rs replays all three folders on stable.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(verify_qr request status_list cbor trust_bundle qr_frame)

failed=0
for target in "${targets[@]}"; do
    case "$target" in
        cbor | trust_bundle) max_len=8192 ;;
        qr_frame) max_len=20000 ;; # a 140×140 frame
        *) max_len=4400 ;;
    esac
    mkdir -p "fuzz/corpus/$target" "fuzz/seeds/$target"
    printf '\n==> %s for %s s\n' "$target" "$seconds"
    if ! cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -dict=fuzz/cbor.dict; then
        printf '\n==> %s FAILED: see fuzz/artifacts/%s/\n' "$target" "$target"
        failed=1
        continue
    fi
    printf '\n==> minimising the %s corpus\n' "$target"
    cargo +nightly fuzz cmin "$target" "fuzz/corpus/$target" -- -max_len="$max_len"
done
exit "$failed"
