//! The fuzz corpora and crash reproducers, replayed under the normal `cargo test` (stable
//! toolchain): every committed input goes through the same function its fuzz target runs
//! (tests/src/fuzz.rs). None may panic, and none that the harness did not sign itself may be
//! accepted unless it is one of the known-valid seeds (the harness panics on such an input).

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use cwallet_tests::fuzz::{self, TARGETS};

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Every file under `fuzz/{seeds,corpus,regressions}/<target>/`.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for kind in ["seeds", "corpus", "regressions"] {
        let dir = fuzz_dir().join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                let data = std::fs::read(&path).unwrap();
                out.push((path, data));
            }
        }
    }
    out.sort();
    out
}

fn seeds_of(target: &str) -> Vec<Vec<u8>> {
    fuzz::seeds().into_iter().filter(|s| s.target == target).map(|s| s.data).collect()
}

/// Runs `f` on every input of `target`, collecting panics by file name instead of stopping at the first.
fn replay(target: &str, mut f: impl FnMut(&Path, &[u8])) {
    let files = inputs(target);
    assert!(files.len() > seeds_of(target).len(), "fuzz/corpus/{target} is missing or empty");
    let mut panicked = Vec::new();
    for (path, data) in &files {
        if catch_unwind(AssertUnwindSafe(|| f(path, data))).is_err() {
            panicked.push(path.display().to_string());
        }
    }
    assert!(panicked.is_empty(), "{target}: {} inputs panicked: {panicked:#?}", panicked.len());
    eprintln!("{target}: {} inputs replayed", files.len());
}

#[test]
fn committed_seeds_are_up_to_date() {
    let expected: BTreeMap<(String, String), Vec<u8>> =
        fuzz::seeds().into_iter().map(|s| ((s.target.to_owned(), s.name), s.data)).collect();
    for ((target, name), data) in &expected {
        let path = fuzz_dir().join("seeds").join(target).join(name);
        let found = std::fs::read(&path).unwrap_or_default();
        assert!(
            found == *data,
            "{} is missing or stale: run `cargo run -p cwallet-tests --bin fuzz_seeds -- fuzz/seeds`",
            path.display()
        );
    }
    for target in TARGETS {
        let count = std::fs::read_dir(fuzz_dir().join("seeds").join(target)).unwrap().count();
        let want = expected.keys().filter(|(t, _)| t == target).count();
        assert_eq!(count, want, "fuzz/seeds/{target} holds files that are not seeds");
    }
}

#[test]
fn verify_qr_corpus() {
    let valid: Vec<_> = seeds_of("verify_qr").iter().filter_map(|s| fuzz::verify_qr_outcome(s)).collect();
    assert_eq!(valid.len(), 11, "every seed verifies, in both modes (the ES256-holder seed in text mode)");
    // fuzz::verify_qr panics when an input it did not sign verifies and is no seed.
    replay("verify_qr", |_, data| fuzz::verify_qr(data));
}

#[test]
fn request_corpus() {
    let valid: Vec<_> = seeds_of("request").iter().filter_map(|s| fuzz::request_outcome(s)).collect();
    assert_eq!(valid.len(), 4, "the registered seeds are accepted as registered, in both modes");
    replay("request", |_, data| fuzz::request(data));
}

#[test]
fn status_list_corpus() {
    let valid: Vec<_> = seeds_of("status_list").iter().filter_map(|s| fuzz::status_list_outcome(s)).collect();
    assert_eq!(valid.len(), 1, "the raw token seed verifies");
    replay("status_list", |_, data| fuzz::status_list(data));
}

#[test]
fn trust_bundle_corpus() {
    let valid: Vec<_> = seeds_of("trust_bundle").iter().filter_map(|s| fuzz::trust_bundle_outcome(s)).collect();
    assert_eq!(valid.len(), 2, "both raw bundle seeds are accepted");
    replay("trust_bundle", |_, data| fuzz::trust_bundle(data));
}

#[test]
fn qr_frame_corpus() {
    for (name, text, px) in fuzz::QR_FRAME_SEEDS {
        let seed = fuzz::qr_frame_seed(text, px);
        assert_eq!(fuzz::qr_frame(&seed).as_deref(), Some(text), "seed {name} decodes to its text");
    }
    replay("qr_frame", |_, data| {
        fuzz::qr_frame(data);
    });
}

#[test]
fn cbor_corpus() {
    replay("cbor", |_, data| fuzz::cbor(data));
}

/// The harness's own check must fire: an input accepted that is no seed is reported.
#[test]
fn the_harness_reports_an_accepted_input_that_is_no_seed() {
    let w = fuzz::world();
    // A presentation made now, by the real holder, is valid but not a seed: exactly what the
    // harness must refuse to let pass unnoticed (as it would a forgery).
    let request = citizen_wallet::PresentationRequest::new(fuzz::AUDIENCE, &[citizen_wallet::ClaimName::Sex]);
    let p = citizen_wallet::present(&w.identity, &w.holder, &request, fuzz::PRESENTED_AT).unwrap();
    let input = [&[0u8][..], p.qr_text.as_bytes()].concat();
    assert!(fuzz::verify_qr_outcome(&input).is_some());
    assert!(catch_unwind(|| fuzz::verify_qr(&input)).is_err());
}
