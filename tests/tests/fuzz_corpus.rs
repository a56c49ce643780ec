//! The fuzz corpora and crash reproducers, replayed under the normal `cargo test` (stable
//! toolchain): every committed input goes through the same function its fuzz target runs
//! (tests/src/fuzz.rs). None may panic, and none that the harness did not sign itself may be
//! accepted unless it is one of the known-valid seeds.

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
fn replay<T>(target: &str, mut f: impl FnMut(&Path, &[u8]) -> T) -> Vec<T> {
    let files = inputs(target);
    assert!(files.len() > seeds_of(target).len(), "fuzz/corpus/{target} is missing or empty");
    let mut panicked = Vec::new();
    let mut results = Vec::new();
    for (path, data) in &files {
        match catch_unwind(AssertUnwindSafe(|| f(path, data))) {
            Ok(r) => results.push(r),
            Err(_) => panicked.push(path.display().to_string()),
        }
    }
    assert!(panicked.is_empty(), "{target}: {} inputs panicked: {panicked:#?}", panicked.len());
    eprintln!("{target}: {} inputs replayed", files.len());
    results
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
    let valid: Vec<[u8; 32]> = seeds_of("verify_qr").iter().filter_map(|s| fuzz::verify_qr(s)).collect();
    assert_eq!(valid.len(), 10, "every seed verifies, in both modes");
    let accepted = replay("verify_qr", |path, data| fuzz::verify_qr(data).map(|id| (path.to_owned(), id)));
    for (path, id) in accepted.into_iter().flatten() {
        assert!(valid.contains(&id), "{} verified but is no known presentation", path.display());
    }
}

#[test]
fn request_corpus() {
    let valid: Vec<_> = seeds_of("request").iter().filter_map(|s| fuzz::request(s)).collect();
    assert_eq!(valid.len(), 4, "the registered seeds are accepted as registered, in both modes");
    let accepted = replay("request", |path, data| fuzz::request(data).map(|view| (path.to_owned(), view)));
    for (path, view) in accepted.into_iter().flatten() {
        assert!(valid.contains(&view), "{} was accepted as a registered request but is no known one", path.display());
    }
}

#[test]
fn status_list_corpus() {
    let valid: Vec<_> = seeds_of("status_list").iter().filter_map(|s| fuzz::status_list(s)).collect();
    assert_eq!(valid.len(), 1, "the raw token seed verifies");
    let accepted = replay("status_list", |path, data| fuzz::status_list(data).map(|list| (path.to_owned(), list)));
    for (path, list) in accepted.into_iter().flatten() {
        assert!(valid.contains(&list), "{} verified but is no known status list", path.display());
    }
}

#[test]
fn cbor_corpus() {
    replay("cbor", |_, data| fuzz::cbor(data));
}
