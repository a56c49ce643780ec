//! `cwallet wallet ...` and the demo's wallet, run as a user would: exit codes, PIN from the
//! environment, the wrong-PIN reason.

mod common;

use std::process::Output;

use common::{arg as p, text};

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    common::run(None, args, env)
}

fn ok(args: &[&str], env: &[(&str, &str)]) -> String {
    common::ok(None, args, env)
}

#[test]
fn the_demo_keeps_its_credentials_in_a_wallet_that_a_wrong_pin_cannot_open() {
    let dir = tempfile::tempdir().unwrap();
    let demo = ok(&["demo", "--dir", p(dir.path())], &[]);
    assert!(demo.contains("PIN 123456"), "{demo}");
    assert!(demo.contains("VALID presentation"));
    // The credentials came through the issuance protocol from a service on localhost, stopped after.
    assert!(demo.contains("issuer service on http://127.0.0.1:"), "{demo}");
    assert_eq!(demo.matches("with a key proof").count(), 2, "{demo}");
    assert!(demo.contains("service stopped"), "{demo}");
    let db = dir.path().join("wallet.db");

    let pin = [("CWALLET_PIN", "123456")];
    let list = ok(&["wallet", "list", "--db", p(&db)], &pin);
    assert!(list.contains("identity") && list.contains("residence"), "{list}");
    assert!(list.contains("full_name") && !list.contains("Nguy"), "names, not values: {list}");
    let log = ok(&["wallet", "log", "--db", p(&db)], &pin);
    assert!(log.contains("demo-counter") && log.contains("age_over_18"), "{log}");

    let wrong = run(&["wallet", "list", "--db", p(&db)], &[("CWALLET_PIN", "654321")]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(text(&wrong.stderr).contains("wrong PIN"), "{}", text(&wrong.stderr));
    assert!(wrong.stdout.is_empty());

    // No PIN and no terminal: a usage error, not a hang.
    let none = run(&["wallet", "list", "--db", p(&db)], &[]);
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("CWALLET_PIN"));

    // A second run replaces the wallet; CWALLET_PIN chooses its PIN, which is then not printed.
    let demo = ok(&["demo", "--dir", p(dir.path())], &[("CWALLET_PIN", "24682468")]);
    assert!(!demo.contains("24682468"), "{demo}");
    assert_eq!(run(&["wallet", "list", "--db", p(&db)], &pin).status.code(), Some(1));
    assert!(ok(&["wallet", "list", "--db", p(&db)], &[("CWALLET_PIN", "24682468")]).contains("identity"));
}

#[test]
fn init_import_present_verify_log_and_change_pin() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    let (issuer, trust, record) = (path("issuer.json"), path("trust.json"), path("record.json"));
    ok(
        &[
            "issuer",
            "init",
            "--kid",
            "t-1",
            "--iss",
            "https://id.example.vn",
            "--out",
            p(&issuer),
            "--trust-out",
            p(&trust),
        ],
        &[],
    );
    std::fs::write(
        &record,
        r#"{"id_number": "079190001234", "full_name": "Trần Văn An", "date_of_birth": "1985-02-01",
            "sex": "male", "nationality": "VNM"}"#,
    )
    .unwrap();
    let db = path("w.db");
    let pin = [("CWALLET_PIN", "246813")];
    // Cheap Argon2id for the test only.
    let cheap = ["--kdf-memory-mib", "1", "--kdf-iterations", "1"];
    let key = ok(&[&["wallet", "init", "--db", p(&db)][..], &cheap].concat(), &pin);
    let key = key.trim();
    assert_eq!(key.len(), 64);
    assert_eq!(ok(&["wallet", "key", "--db", p(&db)], &pin).trim(), key, "authenticated with the PIN");
    assert_ne!(run(&["wallet", "key", "--db", p(&db)], &[]).status.code(), Some(0), "never unauthenticated");
    assert_eq!(run(&[&["wallet", "init", "--db", p(&db)][..], &cheap].concat(), &pin).status.code(), Some(2));

    let cred = path("id.cbor");
    ok(
        &[
            "issuer",
            "issue",
            "--issuer",
            p(&issuer),
            "--record",
            p(&record),
            "--test-only-holder-key",
            key,
            "--out",
            p(&cred),
        ],
        &[],
    );
    assert!(
        ok(&["wallet", "import", "--db", p(&db), "--dev-unsigned-trust", p(&trust), p(&cred)], &pin)
            .contains("credential 1")
    );

    // A credential for another holder key is refused, with the reason.
    let other_key = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    let other = path("other.cbor");
    ok(
        &[
            "issuer",
            "issue",
            "--issuer",
            p(&issuer),
            "--record",
            p(&record),
            "--test-only-holder-key",
            other_key,
            "--out",
            p(&other),
        ],
        &[],
    );
    let refused = run(&["wallet", "import", "--db", p(&db), "--dev-unsigned-trust", p(&trust), p(&other)], &pin);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("not_bound_to_wallet"), "{}", text(&refused.stderr));

    let qr = path("qr.txt");
    let present = ["wallet", "present", "--db", p(&db), "--doc", "identity", "--disclose", "full_name,age_over_18"];
    ok(&[&present[..], &["--audience", "bank-7", "--out", p(&qr)]].concat(), &pin);
    let verified = ok(&["verify", "--dev-unsigned-trust", p(&trust), "--text", p(&qr), "--audience", "bank-7"], &[]);
    assert!(verified.contains("Trần Văn An"), "{verified}");
    let show = ok(&["wallet", "show", "--db", p(&db), "--credential", "1"], &pin);
    assert!(show.contains("1985-02-01"), "{show}");
    let log = ok(&["wallet", "log", "--db", p(&db)], &pin);
    assert!(log.contains("bank-7") && log.contains("full_name, age_over_18"), "{log}");
    ok(&["wallet", "log", "--db", p(&db), "--clear"], &pin);
    assert!(ok(&["wallet", "log", "--db", p(&db)], &pin).contains("no presentations"));

    ok(&["wallet", "change-pin", "--db", p(&db)], &[("CWALLET_PIN", "246813"), ("CWALLET_NEW_PIN", "975312")]);
    assert_eq!(run(&["wallet", "list", "--db", p(&db)], &pin).status.code(), Some(1));
    assert!(ok(&["wallet", "list", "--db", p(&db)], &[("CWALLET_PIN", "975312")]).contains("identity"));
}
