//! Helpers shared by the cross-crate tests in tests/*.rs.

use std::path::{Path, PathBuf};

/// The third-party test vectors folder: `$CWALLET_VECTORS` if set, else `<workspace>/../shared/vectors`.
///
/// When it is missing the caller should skip (this prints why), except under `CI=true`, where a
/// missing folder is a failure: CI must never pass by skipping conformance tests.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("CWALLET_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..").join("shared").join("vectors"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("test vectors not found at {} and CI=true: refusing to skip", dir.display());
    }
    eprintln!("skipping: test vectors not found at {} (set CWALLET_VECTORS)", dir.display());
    None
}

/// The hex digits of a vector file that holds hex, optionally after an `encoded:` line.
pub fn vector_hex(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = text.split_once("encoded:").map_or(text.as_str(), |(_, after)| after);
    body.chars().filter(|c| !c.is_whitespace()).collect()
}
