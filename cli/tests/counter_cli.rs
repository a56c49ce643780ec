//! `cwallet` as a counter uses it: status lists, the replay database, the printed card QR, batches.
//! Exit codes are part of the interface: 0 valid, 1 rejected, 2 usage, 3 unsigned card QR.

mod common;

use std::path::Path;
use std::process::Output;

use common::code;

fn cwallet(dir: &Path, args: &[&str]) -> Output {
    common::run(Some(dir), args, &[])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    common::ok(Some(dir), args, &[])
}

/// An issuer with a status list, a holder, and a presentation of credential entry 5 in `p.txt`.
fn counter_setup(dir: &Path) {
    common::write_record(dir);
    ok(
        dir,
        &[
            "issuer",
            "init",
            "--kid",
            "k1",
            "--iss",
            "https://id.example.vn",
            "--status-uri",
            "https://id.example.vn/s/1",
            "--status-size",
            "256",
        ],
    );
    let holder = ok(dir, &["holder", "init", "--out", "holder.json"]);
    let holder_key = holder.lines().last().unwrap().trim().to_owned();
    ok(
        dir,
        &[
            "issuer",
            "issue",
            "--record",
            "record.json",
            "--test-only-holder-key",
            &holder_key,
            "--status-index",
            "5",
            "--out",
            "c.cbor",
        ],
    );
    ok(
        dir,
        &[
            "present",
            "--credential",
            "c.cbor",
            "--holder",
            "holder.json",
            "--disclose",
            "full_name",
            "--audience",
            "gate",
            "--ttl",
            "300",
            "--out",
            "p.txt",
        ],
    );
}

#[test]
fn replay_db_accepts_once_then_rejects_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    counter_setup(dir.path());
    let args = [
        "verify",
        "--dev-unsigned-trust",
        "trust.json",
        "--text",
        "p.txt",
        "--audience",
        "gate",
        "--replay-db",
        "replay.db",
    ];
    let first = cwallet(dir.path(), &args);
    assert_eq!(code(&first), 0, "{}", String::from_utf8_lossy(&first.stderr));
    let second = cwallet(dir.path(), &args);
    assert_eq!(code(&second), 1);
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(stdout.contains("REJECTED (replayed)"), "{stdout}");
}

#[test]
fn revoke_suspend_and_publish_reach_the_verifier() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    counter_setup(d);
    ok(d, &["issuer", "publish-status", "--out", "s0.cwt"]);
    let verify = |status: &str| {
        cwallet(
            d,
            &[
                "verify",
                "--dev-unsigned-trust",
                "trust.json",
                "--text",
                "p.txt",
                "--audience",
                "gate",
                "--status",
                status,
                "--json",
            ],
        )
    };
    let valid = verify("s0.cwt");
    assert_eq!(code(&valid), 0);
    let json: serde_json::Value = serde_json::from_slice(&valid.stdout).unwrap();
    assert_eq!(json["status_check"]["result"], "valid");

    ok(d, &["issuer", "suspend", "--index", "5"]);
    ok(d, &["issuer", "publish-status", "--out", "s1.cwt"]);
    let suspended = verify("s1.cwt");
    assert_eq!(code(&suspended), 1);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&suspended.stdout).unwrap()["error"], "suspended");

    ok(d, &["issuer", "reinstate", "--index", "5"]);
    ok(d, &["issuer", "revoke", "--index", "5"]);
    ok(d, &["issuer", "publish-status", "--out", "s2.cwt"]);
    let revoked = verify("s2.cwt");
    assert_eq!(code(&revoked), 1);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&revoked.stdout).unwrap()["error"], "revoked");
    // Revocation is final, and an index outside the list is a usage error.
    assert_eq!(code(&cwallet(d, &["issuer", "reinstate", "--index", "5"])), 1);
    assert_eq!(code(&cwallet(d, &["issuer", "revoke", "--index", "256"])), 2);

    // No list for the credential: rejected by default, accepted with a warning on request.
    let missing = cwallet(
        d,
        &[
            "verify",
            "--dev-unsigned-trust",
            "trust.json",
            "--text",
            "p.txt",
            "--audience",
            "gate",
            "--status-dir",
            "empty",
        ],
    );
    assert_eq!(code(&missing), 1);
    assert!(String::from_utf8_lossy(&missing.stdout).contains("status_list_missing"));
    let warned = cwallet(
        d,
        &[
            "verify",
            "--dev-unsigned-trust",
            "trust.json",
            "--text",
            "p.txt",
            "--audience",
            "gate",
            "--status-dir",
            "empty",
            "--on-missing-status",
            "warn",
        ],
    );
    assert_eq!(code(&warned), 0);
    assert!(String::from_utf8_lossy(&warned.stdout).contains("WARNING (status_list_missing)"));
    // A tampered token file is refused outright.
    let mut bytes = std::fs::read(d.join("s2.cwt")).unwrap();
    let at = bytes.len() - 80;
    bytes[at] ^= 1;
    std::fs::write(d.join("bad.cwt"), bytes).unwrap();
    assert_eq!(code(&verify("bad.cwt")), 2);
}

#[test]
fn card_qr_is_printed_as_unsigned_with_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    counter_setup(d);
    std::fs::write(d.join("card.txt"), "079190001234|025123456|Nguyễn Thị Minh Khai|15051990|Nữ|12 Lê Lợi|10042021\n")
        .unwrap();
    let out = cwallet(d, &["verify", "--dev-unsigned-trust", "trust.json", "--text", "card.txt", "--audience", "gate"]);
    assert_eq!(code(&out), 3);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("UNSIGNED — not verified"), "{stdout}");
    assert!(stdout.contains("UNSIGNED full_name        Nguyễn Thị Minh Khai"), "{stdout}");
    assert!(!stdout.contains("VALID"));
    std::fs::write(d.join("bad-card.txt"), "079190001234|025123456|X|31021990|Nữ|Y|10042021").unwrap();
    let bad =
        cwallet(d, &["verify", "--dev-unsigned-trust", "trust.json", "--text", "bad-card.txt", "--audience", "gate"]);
    assert_eq!(code(&bad), 1);
    assert!(String::from_utf8_lossy(&bad.stdout).contains("malformed_card_qr"));
}

#[test]
fn batch_file_reports_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    counter_setup(d);
    let qr = std::fs::read_to_string(d.join("p.txt")).unwrap();
    std::fs::write(d.join("batch.txt"), format!("{}\n\n{}\nCW1:AAA\n", qr.trim(), qr.trim())).unwrap();
    let out =
        cwallet(d, &["verify", "--dev-unsigned-trust", "trust.json", "--batch", "batch.txt", "--audience", "gate"]);
    assert_eq!(code(&out), 1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("line 1: VALID"), "{stdout}");
    assert!(stdout.contains("line 3: REJECTED (replayed)"), "{stdout}");
    assert!(stdout.contains("line 4: REJECTED (malformed)"), "{stdout}");
    assert!(stdout.contains("1 valid, 2 rejected"), "{stdout}");
    // Re-checking a log on purpose: without the replay memory, both copies verify.
    let args = [
        "verify",
        "--dev-unsigned-trust",
        "trust.json",
        "--batch",
        "batch.txt",
        "--audience",
        "gate",
        "--no-replay-memory",
    ];
    let stdout = String::from_utf8_lossy(&cwallet(d, &args).stdout).into_owned();
    assert!(stdout.contains("line 3: VALID") && stdout.contains("2 valid, 1 rejected"), "{stdout}");
}

/// Security review finding 9: `cwallet verify` is a counter: it must be told its audience (or the
/// explicit `--any-audience` for tooling), and a QR shown twice in one run is a replay.
#[test]
fn counter_verify_requires_an_audience_and_refuses_a_repeated_qr() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    counter_setup(d);
    let no_audience = cwallet(d, &["verify", "--dev-unsigned-trust", "trust.json", "--text", "p.txt"]);
    assert_eq!(code(&no_audience), 2, "no audience: {}", String::from_utf8_lossy(&no_audience.stdout));
    ok(d, &["verify", "--dev-unsigned-trust", "trust.json", "--text", "p.txt", "--audience", "gate"]);
    ok(d, &["verify", "--dev-unsigned-trust", "trust.json", "--text", "p.txt", "--any-audience"]);

    // The same QR twice in one batch: the second is a replay (a screenshot shown again).
    let qr = std::fs::read_to_string(d.join("p.txt")).unwrap();
    std::fs::write(d.join("twice.txt"), format!("{}\n{}\n", qr.trim(), qr.trim())).unwrap();
    let out =
        cwallet(d, &["verify", "--dev-unsigned-trust", "trust.json", "--batch", "twice.txt", "--audience", "gate"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("line 1: VALID") && stdout.contains("line 2: REJECTED (replayed)"), "{stdout}");
    assert_eq!(code(&out), 1);
    // Re-checking at another time never uses a replay database (it would prune it as of then).
    let at = cwallet(
        d,
        &[
            "verify",
            "--dev-unsigned-trust",
            "trust.json",
            "--text",
            "p.txt",
            "--any-audience",
            "--at",
            "1",
            "--replay-db",
            "r.db",
        ],
    );
    assert_eq!(code(&at), 2);
}
