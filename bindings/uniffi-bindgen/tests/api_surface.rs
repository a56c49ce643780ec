//! The exported API must match the checked-in snapshot `bindings/api-surface.txt`, so that an
//! unintended change to what Kotlin, Swift and Python see shows up as a failing test and a diff.
//! After an intended change: `cargo run -p uniffi-bindgen --bin api-surface -- target/debug/libcitizen_wallet_ffi.so > bindings/api-surface.txt`.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn exported_api_matches_the_snapshot() {
    // As a dev-dependency, the cdylib is built beside this test's executable (target/<profile>/deps/).
    let deps_dir = std::env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let library = ["libcitizen_wallet_ffi.so", "libcitizen_wallet_ffi.dylib", "citizen_wallet_ffi.dll"]
        .iter()
        .map(|name| deps_dir.join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no citizen_wallet_ffi cdylib in {}", deps_dir.display()));
    let output = Command::new(env!("CARGO_BIN_EXE_api-surface")).arg(&library).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let actual = String::from_utf8(output.stdout).unwrap();
    let snapshot_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api-surface.txt");
    let snapshot = std::fs::read_to_string(&snapshot_path).unwrap_or_default();
    if actual != snapshot {
        let diff: Vec<String> = diff_lines(&snapshot, &actual);
        panic!("the exported API differs from {}:\n{}", snapshot_path.display(), diff.join("\n"));
    }
}

/// Lines only in the snapshot (-) or only in the library (+).
fn diff_lines(snapshot: &str, actual: &str) -> Vec<String> {
    let old: Vec<&str> = snapshot.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let removed = old.iter().filter(|l| !new.contains(l)).map(|l| format!("- {l}"));
    let added = new.iter().filter(|l| !old.contains(l)).map(|l| format!("+ {l}"));
    removed.chain(added).collect()
}
