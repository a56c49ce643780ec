//! Signed trust through `cwallet`: an operator creates the anchor and signs bundles from the issuer
//! and verifier lists; counters and wallets check them against the pinned anchor; a counter's trust
//! folder refuses an older bundle on a later run; the unsigned lists work only behind the
//! development flags.

mod common;

use std::path::Path;
use std::process::Output;

use common::{PIN, text};

fn run(dir: &Path, args: &[&str]) -> Output {
    common::run(Some(dir), args, &[PIN])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    common::ok(Some(dir), args, &[PIN])
}

/// Exit `code` with `needle` in stdout or stderr.
fn fails(dir: &Path, args: &[&str], code: i32, needle: &str) {
    common::fails(Some(dir), args, &[PIN], code, needle);
}

fn setup(dir: &Path) {
    common::write_record(dir);
    ok(dir, &["issuer", "init", "--kid", "k1", "--iss", "https://id.example.vn"]);
    ok(dir, &["trust", "init", "--kid", "root-1"]);
    ok(
        dir,
        &[
            "verifier",
            "init",
            "--id",
            "https://bank.example.vn",
            "--kid",
            "bank-1",
            "--name",
            "Ngân hàng Ví dụ",
            "--claims",
            "full_name,age_over_18",
        ],
    );
    let out = ok(
        dir,
        &[
            "trust",
            "sign",
            "--key",
            "anchor-key.json",
            "--issuers",
            "trust.json",
            "--verifiers",
            "verifiers.json",
            "--seq",
            "1",
        ],
    );
    assert!(out.contains("1 issuer keys, 1 verifier keys"), "{out}");
    // The next bundle drops the bank (its registration ended).
    ok(
        dir,
        &["trust", "sign", "--key", "anchor-key.json", "--issuers", "trust.json", "--seq", "2", "--out", "trust-2.cwt"],
    );
}

#[test]
fn trust_show_checks_the_bundle_against_the_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    setup(dir);
    assert!(!std::fs::read_to_string(dir.join("anchor.json")).unwrap().contains("secret"));
    let shown: serde_json::Value = serde_json::from_str(&ok(
        dir,
        &["trust", "show", "--bundle", "trust.cwt", "--anchor", "anchor.json", "--json"],
    ))
    .unwrap();
    assert_eq!((shown["seq"].as_u64(), shown["anchor"].as_str()), (Some(1), Some("root-1")));
    assert_eq!(shown["issuers"][0]["kid"], "k1");
    assert_eq!(shown["verifiers"][0]["kid"], "bank-1");
    assert_eq!(shown["expires_at"].as_i64().unwrap() - shown["issued_at"].as_i64().unwrap(), 7 * 86_400);

    ok(dir, &["trust", "init", "--kid", "root-1", "--out", "other-key.json", "--public-out", "other.json"]);
    fails(dir, &["trust", "show", "--bundle", "trust.cwt", "--anchor", "other.json"], 1, "bad_trust_bundle_signature");
    let mut tampered = std::fs::read(dir.join("trust.cwt")).unwrap();
    let at = tampered.len() - 70;
    tampered[at] ^= 0x01;
    std::fs::write(dir.join("tampered.cwt"), tampered).unwrap();
    fails(dir, &["trust", "show", "--bundle", "tampered.cwt", "--anchor", "anchor.json"], 1, "trust refused");
    fails(dir, &["trust", "show", "--bundle", "trust.cwt"], 2, "--anchor");
}

#[test]
fn a_counter_trust_folder_refuses_an_older_bundle_on_a_later_run() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    setup(dir);
    fn show(bundle: &str) -> [&str; 8] {
        ["trust", "show", "--trust-dir", "counter", "--anchor", "anchor.json", "--bundle", bundle]
    }
    assert!(ok(dir, &show("trust-2.cwt")).contains("VALID trust bundle 2"));
    // A new process (a restart) with the older bundle: refused, and the folder still holds bundle 2.
    fails(dir, &show("trust.cwt"), 1, "trust_bundle_rollback");
    let held = ok(dir, &["trust", "show", "--trust-dir", "counter", "--anchor", "anchor.json"]);
    assert!(held.contains("VALID trust bundle 2"), "{held}");
}

#[test]
fn wallet_and_counter_use_the_signed_bundle_and_the_registry_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    setup(dir);
    let signed = ["--bundle", "trust.cwt", "--anchor", "anchor.json"];
    let key = ok(dir, &["wallet", "init", "--db", "w.db", "--kdf-memory-mib", "1", "--kdf-iterations", "1"]);
    let key = key.lines().last().unwrap().trim().to_owned();
    ok(dir, &["issuer", "issue", "--record", "record.json", "--test-only-holder-key", &key, "--out", "w.cbor"]);
    ok(dir, &[&["wallet", "import", "--db", "w.db"], &signed[..], &["w.cbor"]].concat());
    // Without trust, or with a bundle but no anchor: usage errors.
    fails(dir, &["wallet", "import", "--db", "w.db", "w.cbor"], 2, "--bundle");

    ok(dir, &["request", "create", "--claims", "full_name", "--purpose", "Mở tài khoản"]);
    let show = |bundle: &str| {
        let args =
            ["request", "show", "--request", "request.txt", "--bundle", bundle, "--anchor", "anchor.json", "--json"];
        serde_json::from_str::<serde_json::Value>(&ok(dir, &args)).unwrap()
    };
    let registered = show("trust.cwt");
    assert_eq!(
        (registered["verified"].as_bool(), registered["registered_name"].as_str()),
        (Some(true), Some("Ngân hàng Ví dụ"))
    );
    // Removed from the next bundle: unverified.
    assert_eq!(show("trust-2.cwt")["verified"], false);

    let answer = [
        &[
            "wallet",
            "present",
            "--db",
            "w.db",
            "--credential",
            "1",
            "--request",
            "request.txt",
            "--approve",
            "full_name",
        ][..],
        &signed[..],
        &["--out", "answer.txt"],
    ]
    .concat();
    ok(dir, &answer);
    let verified = ok(dir, &[&["verify"], &signed[..], &["--text", "answer.txt", "--any-audience", "--json"]].concat());
    assert!(verified.contains("\"valid\": true"), "{verified}");
    // The development path still works, and says what it is.
    fails(
        dir,
        &[
            "verify",
            "--dev-unsigned-trust",
            "trust.json",
            "--text",
            "answer.txt",
            "--any-audience",
            "--bundle",
            "trust.cwt",
        ],
        2,
        "cannot be used with",
    );
    let dev = run(dir, &["verify", "--dev-unsigned-trust", "trust.json", "--text", "answer.txt", "--any-audience"]);
    assert_eq!(dev.status.code(), Some(0));
    assert!(text(&dev.stderr).contains("UNSIGNED trust lists (development only)"));
}

#[test]
fn the_demo_anchor_is_the_same_every_run_and_signs_a_bundle_the_demo_issuer_is_in() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = ok(d, &["trust", "demo-test-only", "--out-dir", "a"]);
    assert!(out.contains("TEST DATA ONLY"), "{out}");
    ok(d, &["trust", "demo-test-only", "--out-dir", "b"]);
    for f in ["demo-anchor-key.json", "demo-anchor.json", "demo-issuers.json"] {
        let (a, b) = (std::fs::read(d.join("a").join(f)).unwrap(), std::fs::read(d.join("b").join(f)).unwrap());
        assert_eq!(a, b, "{f} differs between runs");
    }
    let anchor = std::fs::read_to_string(d.join("a/demo-anchor.json")).unwrap();
    assert!(anchor.contains("\"demo-anchor-test-only\""), "{anchor}");
    assert!(!anchor.contains("secret"), "the public anchor holds no secret: {anchor}");
    let issuers = std::fs::read_to_string(d.join("a/demo-issuers.json")).unwrap();
    assert!(issuers.contains("\"demo-1\"") && issuers.contains("TEST DATA"), "{issuers}");

    let sign = ["trust", "sign", "--key", "a/demo-anchor-key.json", "--issuers", "a/demo-issuers.json", "--seq", "1"];
    ok(d, &[&sign[..], &["--at", "1793491200", "--out", "old.cwt"]].concat());
    ok(d, &[&sign[..], &["--at", "1793491200", "--out", "again.cwt"]].concat());
    assert_eq!(std::fs::read(d.join("old.cwt")).unwrap(), std::fs::read(d.join("again.cwt")).unwrap(), "reproducible");
    let shown = ok(
        d,
        &["trust", "show", "--bundle", "old.cwt", "--anchor", "b/demo-anchor.json", "--on-expired-trust", "warn"],
    );
    assert!(shown.contains("demo-anchor-test-only") && shown.contains("demo-1"), "{shown}");
    fails(d, &["trust", "show", "--bundle", "old.cwt", "--anchor", "b/demo-anchor.json"], 1, "trust_bundle_expired");
}
