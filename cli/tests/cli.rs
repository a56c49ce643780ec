//! The `cwallet` binary end to end: the demo, the file-based issuer/holder/verifier flow, and the
//! exit-code contract (0 valid, 1 rejected, 2 usage; never a panic).

mod common;

use std::process::Output;

use common::{arg as s, code};

fn cwallet(args: &[&str]) -> Output {
    common::run(None, args, &[])
}

#[test]
fn demo_writes_its_files_and_its_qr_reverifies() {
    let tmp = common::temp_dir();
    let dir = tmp.path();
    let out = cwallet(&["demo", "--dir", s(dir)]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("VALID presentation") && stdout.contains("age_over_18"));
    for file in [
        "trust.cwt",
        "anchor.json",
        "presentation.txt",
        "presentation.svg",
        "presentation.png",
        "identity.cbor",
        "residence.cbor",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let (bundle, anchor) = (dir.join("trust.cwt"), dir.join("anchor.json"));
    let trust: &[&str] = &["--bundle", s(&bundle), "--anchor", s(&anchor)];
    let text = dir.join("presentation.txt");
    let ok = cwallet(&[&["verify"], trust, &["--text", s(&text), "--audience", "demo-counter", "--json"]].concat());
    assert_eq!(code(&ok), 0);
    let json: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(json["valid"], true);
    assert_eq!(json["claims"]["age_over_18"], "true");
    assert!(json["claims"].get("date_of_birth").is_none());

    let image = cwallet(
        &[&["verify"], trust, &["--image", s(&dir.join("presentation.png")), "--audience", "demo-counter"]].concat(),
    );
    assert_eq!(code(&image), 0);

    let wrong = cwallet(&[&["verify"], trust, &["--text", s(&text), "--audience", "bank", "--json"]].concat());
    assert_eq!(code(&wrong), 1);
    let json: serde_json::Value = serde_json::from_slice(&wrong.stdout).unwrap();
    assert_eq!(json["error"], "wrong_audience");

    // Years later the bundle has expired: refused by default, before the presentation is even read.
    let later = cwallet(&[&["verify"], trust, &["--text", s(&text), "--any-audience", "--at", "4102444800"]].concat());
    assert_eq!(code(&later), 1);
    assert!(String::from_utf8_lossy(&later.stderr).contains("trust_bundle_expired"));
    // Allowed with a warning, the verdict is then the credential's own expiry.
    let warned = cwallet(
        &[
            &["verify"],
            trust,
            &["--text", s(&text), "--any-audience", "--at", "4102444800", "--on-expired-trust", "warn"],
        ]
        .concat(),
    );
    assert_eq!(code(&warned), 1);
    assert!(String::from_utf8_lossy(&warned.stdout).contains("credential_expired"));
    assert!(String::from_utf8_lossy(&warned.stderr).contains("WARNING: the trust bundle expired"));
    // Unsigned lists only behind the development flag; nothing at all is a usage error.
    assert_eq!(code(&cwallet(&["verify", "--text", s(&text)])), 2);
}

#[test]
fn file_based_issue_present_verify() {
    let tmp = common::temp_dir();
    let dir = tmp.path();
    let (issuer, trust, holder) = (dir.join("issuer.json"), dir.join("trust.json"), dir.join("holder.json"));
    let init = cwallet(&[
        "issuer",
        "init",
        "--kid",
        "t-1",
        "--iss",
        "https://t.example",
        "--out",
        s(&issuer),
        "--trust-out",
        s(&trust),
    ]);
    assert_eq!(code(&init), 0, "{}", String::from_utf8_lossy(&init.stderr));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&issuer).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let keygen = cwallet(&["holder", "init", "--out", s(&holder)]);
    assert_eq!(code(&keygen), 0);
    let public_key = String::from_utf8(keygen.stdout).unwrap().trim().to_owned();
    assert_eq!(public_key.len(), 64);

    let record = dir.join("record.json");
    std::fs::write(
        &record,
        r#"{"id_number": "001099012345", "full_name": "Lê Văn Tám", "date_of_birth": "1999-09-09",
            "sex": "male", "nationality": "VNM", "place_of_residence": "Hà Nội"}"#,
    )
    .unwrap();
    let credential = dir.join("id.cbor");
    let issued = cwallet(&[
        "issuer",
        "issue",
        "--issuer",
        s(&issuer),
        "--record",
        s(&record),
        "--test-only-holder-key",
        &public_key,
        "--out",
        s(&credential),
    ]);
    assert_eq!(code(&issued), 0, "{}", String::from_utf8_lossy(&issued.stderr));

    let qr = dir.join("qr.txt");
    let presented = cwallet(&[
        "present",
        "--credential",
        s(&credential),
        "--holder",
        s(&holder),
        "--disclose",
        "full_name,age_over_18",
        "--audience",
        "post-office",
        "--out",
        s(&qr),
        "--png",
        s(&dir.join("qr.png")),
    ]);
    assert_eq!(code(&presented), 0, "{}", String::from_utf8_lossy(&presented.stderr));
    let verified =
        cwallet(&["verify", "--dev-unsigned-trust", s(&trust), "--text", s(&qr), "--audience", "post-office"]);
    assert_eq!(code(&verified), 0);
    let stdout = String::from_utf8_lossy(&verified.stdout);
    assert!(stdout.contains("Lê Văn Tám") && !stdout.contains("1999"));

    let invalid_record = dir.join("bad.json");
    std::fs::write(
        &invalid_record,
        r#"{"id_number": "123", "full_name": "X", "date_of_birth": "1999-09-09", "sex": "male", "nationality": "VNM"}"#,
    )
    .unwrap();
    let refused = cwallet(&[
        "issuer",
        "issue",
        "--issuer",
        s(&issuer),
        "--record",
        s(&invalid_record),
        "--test-only-holder-key",
        &public_key,
        "--out",
        s(&credential),
    ]);
    assert_eq!(code(&refused), 1);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("id_number"));
}

#[test]
fn exit_codes_for_rejections_and_usage_errors() {
    let tmp = common::temp_dir();
    let dir = tmp.path();
    let trust = dir.join("trust.json");
    assert_eq!(
        code(&cwallet(&[
            "issuer",
            "init",
            "--kid",
            "k",
            "--iss",
            "i",
            "--out",
            s(&dir.join("i.json")),
            "--trust-out",
            s(&trust)
        ])),
        0
    );
    let garbage = dir.join("garbage.txt");
    for text in ["", "CW1:", "CW1:!!!", "hello world", "CW1:0000000000"] {
        std::fs::write(&garbage, text).unwrap();
        let out = cwallet(&["verify", "--dev-unsigned-trust", s(&trust), "--text", s(&garbage), "--any-audience"]);
        assert_eq!(code(&out), 1, "{text:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("REJECTED"));
    }
    // Usage errors: missing input, unreadable files, bad flags.
    let any = "--any-audience";
    assert_eq!(code(&cwallet(&["verify", "--dev-unsigned-trust", s(&trust), any])), 2);
    assert_eq!(
        code(&cwallet(&["verify", "--dev-unsigned-trust", s(&dir.join("none.json")), "--text", s(&garbage), any])),
        2
    );
    assert_eq!(code(&cwallet(&["verify", "--dev-unsigned-trust", s(&garbage), "--text", s(&garbage), any])), 2);
    assert_eq!(
        code(&cwallet(&["verify", "--dev-unsigned-trust", s(&trust), "--text", s(&garbage), "--nonce", "zz", any])),
        2
    );
    assert_eq!(code(&cwallet(&["no-such-command"])), 2);
    let not_image = cwallet(&["verify", "--dev-unsigned-trust", s(&trust), "--image", s(&garbage), "--any-audience"]);
    assert_eq!(code(&not_image), 1);
}

/// Security review finding 5: a key file is private (0600) even when it replaces an existing
/// world-readable file.
#[cfg(unix)]
#[test]
fn key_files_are_0600_even_over_an_existing_world_readable_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = common::temp_dir();
    let dir = tmp.path();
    let holder = dir.join("holder.json");
    std::fs::write(&holder, "{}").unwrap();
    std::fs::set_permissions(&holder, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = cwallet(&["holder", "init", "--out", s(&holder)]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::metadata(&holder).unwrap().permissions().mode() & 0o777, 0o600);
}
