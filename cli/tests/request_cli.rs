//! The verifier request flow through `cwallet`, as a counter and a citizen would run it: the counter
//! registers and shows a request QR, the wallet reads it and answers only what the citizen
//! approved, the counter verifies the answer with the request's nonce and audience.

mod common;

use std::path::Path;
use std::process::Output;

use common::{PIN, text};

const COUNTER: &str = "https://bank.example.vn/hn-07";
fn run(dir: &Path, args: &[&str]) -> Output {
    common::run(Some(dir), args, &[PIN])
}

fn ok(dir: &Path, args: &[&str]) -> String {
    common::ok(Some(dir), args, &[PIN])
}

/// Exit 1 with `needle` in stdout or stderr.
fn rejected(dir: &Path, args: &[&str], needle: &str) {
    common::fails(Some(dir), args, &[PIN], 1, needle);
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// An issuer, an encrypted wallet holding an identity credential, a file-based holder with one too,
/// and a registered bank counter.
fn setup(dir: &Path) {
    common::write_record(dir);
    ok(dir, &["issuer", "init", "--kid", "k1", "--iss", "https://id.example.vn"]);
    let wallet_key = ok(dir, &["wallet", "init", "--db", "w.db", "--kdf-memory-mib", "1", "--kdf-iterations", "1"]);
    let holder_key = ok(dir, &["holder", "init", "--out", "holder.json"]);
    for (key, out) in [(&wallet_key, "w.cbor"), (&holder_key, "h.cbor")] {
        let key = key.lines().last().unwrap().trim();
        ok(dir, &["issuer", "issue", "--record", "record.json", "--test-only-holder-key", key, "--out", out]);
    }
    ok(dir, &["wallet", "import", "--db", "w.db", "--dev-unsigned-trust", "trust.json", "w.cbor"]);
    let init = ok(
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
            "--purpose",
            "Mở tài khoản",
        ],
    );
    assert!(init.contains("verifiers.json"), "{init}");
}

#[test]
fn request_round_trip_through_the_wallet_and_the_counter() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    setup(dir);
    let registry: serde_json::Value = json(&std::fs::read_to_string(dir.join("verifiers.json")).unwrap());
    assert_eq!(registry["verifiers"][0]["claims"][1], "age_over_18");
    assert!(!std::fs::read_to_string(dir.join("verifiers.json")).unwrap().contains("secret"));

    // The counter asks for three claims, one of which it is not registered for.
    let nonce = ok(
        dir,
        &[
            "request",
            "create",
            "--claims",
            "full_name,age_over_18,date_of_birth",
            "--purpose",
            "Mở tài khoản",
            "--audience",
            COUNTER,
            "--png",
            "request.png",
        ],
    );
    let nonce = nonce.trim().to_owned();
    assert_eq!(nonce.len(), 32, "16 bytes of hex: {nonce}");
    assert!(std::fs::read_to_string(dir.join("request.txt")).unwrap().starts_with("CWR1:"));
    assert!(dir.join("request.png").is_file());

    // What the wallet shows.
    let shown = json(&ok(
        dir,
        &["request", "show", "--request", "request.txt", "--dev-unsigned-registry", "verifiers.json", "--json"],
    ));
    assert_eq!(shown["verified"], true);
    assert_eq!(shown["registered_name"], "Ngân hàng Ví dụ");
    assert_eq!(shown["over_asking"], serde_json::json!(["date_of_birth"]));
    assert_eq!(shown["purpose_registered"], true);
    assert_eq!((shown["nonce"].as_str(), shown["audience"].as_str()), (Some(nonce.as_str()), Some(COUNTER)));
    let human = ok(dir, &["request", "show", "--request", "request.txt", "--dev-unsigned-registry", "verifiers.json"]);
    assert!(human.contains("OVER-ASKING") && human.contains("date_of_birth"), "{human}");

    // The citizen approves the name only.
    let answer = [
        "wallet",
        "present",
        "--db",
        "w.db",
        "--doc",
        "identity",
        "--request",
        "request.txt",
        "--dev-unsigned-registry",
        "verifiers.json",
        "--approve",
        "full_name",
        "--out",
        "answer.txt",
    ];
    let out = run(dir, &answer);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("REQUEST from Ngân hàng Ví dụ"), "{}", text(&out.stderr));

    // The counter verifies the answer against its own request.
    let verified = json(&ok(
        dir,
        &[
            "verify",
            "--dev-unsigned-trust",
            "trust.json",
            "--text",
            "answer.txt",
            "--audience",
            COUNTER,
            "--nonce",
            &nonce,
            "--json",
        ],
    ));
    assert_eq!(verified["valid"], true);
    assert_eq!(verified["claims"].as_object().unwrap().keys().collect::<Vec<_>>(), ["full_name"]);
    let other_nonce = "00".repeat(16);
    rejected(
        dir,
        &[
            "verify",
            "--dev-unsigned-trust",
            "trust.json",
            "--text",
            "answer.txt",
            "--audience",
            COUNTER,
            "--nonce",
            &other_nonce,
        ],
        "wrong_nonce",
    );
    rejected(
        dir,
        &[
            "verify",
            "--dev-unsigned-trust",
            "trust.json",
            "--text",
            "answer.txt",
            "--audience",
            "https://bank.example.vn",
            "--nonce",
            &nonce,
        ],
        "wrong_audience",
    );
    let log = ok(dir, &["wallet", "log", "--db", "w.db"]);
    assert!(log.contains(COUNTER) && log.contains("full_name"), "{log}");

    // Approving what was not requested is refused, and nothing is presented or logged.
    let mut unrequested = answer;
    unrequested[11] = "full_name,id_number";
    unrequested[13] = "refused.txt";
    rejected(dir, &unrequested, "not_requested");
    assert!(!dir.join("refused.txt").exists());
    assert_eq!(ok(dir, &["wallet", "log", "--db", "w.db"]).lines().count(), 1);

    // The file-based holder answers the same way.
    ok(
        dir,
        &[
            "present",
            "--credential",
            "h.cbor",
            "--holder",
            "holder.json",
            "--request",
            "request.txt",
            "--dev-unsigned-registry",
            "verifiers.json",
            "--approve",
            "age_over_18",
            "--out",
            "answer2.txt",
        ],
    );
    let verified = json(&ok(
        dir,
        &[
            "verify",
            "--dev-unsigned-trust",
            "trust.json",
            "--text",
            "answer2.txt",
            "--audience",
            COUNTER,
            "--nonce",
            &nonce,
            "--json",
        ],
    ));
    assert_eq!(verified["claims"]["age_over_18"], "true");
}

#[test]
fn unverified_and_forged_requests() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    setup(dir);
    ok(dir, &["request", "create", "--claims", "full_name", "--purpose", "Mở tài khoản"]);

    // No registry: the wallet shows the request as unverified and does not answer it unless told to.
    let shown = json(&ok(dir, &["request", "show", "--request", "request.txt", "--json"]));
    assert_eq!((shown["verified"].as_bool(), shown["registered_name"].is_null()), (Some(false), true));
    let answer = ["present", "--credential", "h.cbor", "--holder", "holder.json", "--request", "request.txt"];
    rejected(dir, &[&answer[..], &["--approve", "full_name"]].concat(), "UNVERIFIED");
    ok(dir, &[&answer[..], &["--approve", "full_name", "--allow-unverified", "--out", "a.txt"]].concat());

    // Another key registered under the same kid: the bank's request no longer verifies.
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
            "Impostor",
            "--claims",
            "full_name",
            "--out",
            "impostor.json",
            "--registry-out",
            "impostor-registry.json",
        ],
    );
    let show = ["request", "show", "--request", "request.txt", "--dev-unsigned-registry", "impostor-registry.json"];
    rejected(dir, &show, "bad_request_signature");
    rejected(
        dir,
        &[&answer[..], &["--dev-unsigned-registry", "impostor-registry.json", "--approve", "full_name"]].concat(),
        "bad_request_signature",
    );

    // Expired: checked as of an hour later.
    rejected(
        dir,
        &[
            "request",
            "show",
            "--request",
            "request.txt",
            "--dev-unsigned-registry",
            "verifiers.json",
            "--at",
            "4102444800",
        ],
        "request_expired",
    );
    // A presentation QR is not a request.
    rejected(dir, &["request", "show", "--request", "a.txt"], "not_a_request");
    // The same kid twice in one registry, and an audience outside the verifier's id, are usage errors.
    let again = run(
        dir,
        &[
            "verifier",
            "init",
            "--id",
            "https://x.example",
            "--kid",
            "bank-1",
            "--name",
            "X",
            "--claims",
            "full_name",
            "--out",
            "x.json",
        ],
    );
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    let foreign = run(
        dir,
        &[
            "request",
            "create",
            "--claims",
            "full_name",
            "--purpose",
            "p",
            "--audience",
            "https://other.example",
            "--out",
            "f.txt",
        ],
    );
    assert_eq!(foreign.status.code(), Some(2));
    assert!(text(&foreign.stderr).contains("foreign_audience"), "{}", text(&foreign.stderr));
}
