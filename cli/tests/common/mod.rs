//! What every CLI test file shares: running `cwallet` as a user would (nothing inherited from the
//! environment's `CWALLET_*` variables, stdin closed), reading its output, checking exit codes.
//! Exit codes are part of the interface: 0 valid, 1 rejected, 2 usage, 3 unsigned card QR.
#![allow(dead_code)] // each test file uses a part

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The PIN of every test wallet, as the variable `cwallet` reads it from.
pub const PIN: (&str, &str) = ("CWALLET_PIN", "482915");

/// Runs `cwallet args` in `dir` (the current folder when `None`) with `env` set.
pub fn run(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cwallet"));
    cmd.args(args).stdin(Stdio::null());
    for var in ["CWALLET_PIN", "CWALLET_NEW_PIN", "CWALLET_TX_CODE"] {
        cmd.env_remove(var);
    }
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.envs(env.iter().copied()).output().expect("cwallet runs")
}

/// Output bytes as text (lossy: a test failure message must never panic itself).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The exit code; a death by signal (a crash) fails the test.
pub fn code(out: &Output) -> i32 {
    out.status.code().expect("cwallet exited normally, not by a signal")
}

/// Runs and expects exit 0; returns stdout.
pub fn ok(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = run(dir, args, env);
    assert_eq!(code(&out), 0, "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// Runs and expects exit `expected` with `needle` in stdout or stderr; returns both.
pub fn fails(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)], expected: i32, needle: &str) -> String {
    let out = run(dir, args, env);
    let all = text(&out.stdout) + &text(&out.stderr);
    assert_eq!(code(&out), expected, "{args:?}: {all}");
    assert!(all.contains(needle), "{args:?}: expected {needle:?} in {all}");
    all
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// Writes the test citizen's record (`issuer issue --record record.json`) into `dir`.
pub fn write_record(dir: &Path) {
    let record = r#"{"id_number": "079190001234", "full_name": "Nguyễn Thị Minh Khai", "date_of_birth": "1990-05-15",
        "sex": "female", "nationality": "VNM"}"#;
    std::fs::write(dir.join("record.json"), record).expect("write record.json");
}

/// A fresh temporary folder, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}
