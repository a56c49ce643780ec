//! The verifier request flow end to end (counter request QR → wallet view → answer → counter
//! verification), and every typed result of reading or answering a request from real crafted input.

mod common;

use citizen_wallet::clock::SigningPeriod;
use citizen_wallet::internal::SeededRandom;
use citizen_wallet::internal::base45;
use citizen_wallet::internal::cose::cbor::Value;
use citizen_wallet::internal::cose::sign1::{self, Sign1};
use citizen_wallet::internal::cose::{ALG_ED25519, claim, header};
use citizen_wallet::qr;
use citizen_wallet::request::{
    CLAIM_REQUEST, MAX_REQUEST_BYTES, MAX_REQUEST_CLAIMS, REQUEST_CLOCK_SKEW_SECS, REQUEST_PREFIX, TYP_REQUEST,
    create_request_with, label, read_request, read_request_bytes,
};
use citizen_wallet::{
    ClaimName, CreatedRequest, DocType, PresentError, RegisteredVerifier, RequestError, RequestSpec, Requester,
    VerifierKey, VerifierRegistry, VerifyError, WalletError, create_request, present, present_for_request,
};
use cwallet_tests::{Fixture, NOW};
use ed25519_dalek::Signer;

const BANK_ID: &str = "https://bank.example.vn";
const BANK_KID: &str = "bank-1";
const COUNTER: &str = "https://bank.example.vn/hn-07";
const PURPOSE: &str = "Mở tài khoản thanh toán";

fn bank_key() -> VerifierKey {
    VerifierKey::from_secret(BANK_KID, &[21; 32]).unwrap()
}

/// The bank, registered for the name, date of birth and age_over_18, for one purpose.
fn registry() -> VerifierRegistry {
    VerifierRegistry::new(vec![RegisteredVerifier {
        id: BANK_ID.into(),
        kid: BANK_KID.into(),
        name: "Ngân hàng Ví dụ".into(),
        public_key: bank_key().public_key(),
        claims: vec![ClaimName::FullName, ClaimName::DateOfBirth, ClaimName::AgeOver(18)],
        purposes: Some(vec![PURPOSE.into()]),
        valid: SigningPeriod::ALWAYS,
    }])
    .unwrap()
}

fn spec(claims: &[ClaimName]) -> RequestSpec {
    RequestSpec { audience: COUNTER.into(), ..RequestSpec::new(BANK_ID, "Bank counter 7", PURPOSE, claims) }
}

fn bank_request(claims: &[ClaimName]) -> CreatedRequest {
    create_request(&bank_key(), &spec(claims), NOW).unwrap()
}

fn read_code(text: &str) -> &'static str {
    read_request(text, &registry(), NOW + 5).expect_err("must be rejected").code()
}

/// A request token's standard payload entries (as the library writes them), to edit before signing.
fn payload_entries(request: Vec<(Value, Value)>) -> Vec<(Value, Value)> {
    vec![
        (Value::int(claim::ISS), Value::text(BANK_ID)),
        (Value::int(claim::EXP), Value::int(NOW + 300)),
        (Value::int(claim::IAT), Value::int(NOW)),
        (Value::int(claim::CNONCE), Value::Bytes(vec![9; 16])),
        (Value::int(CLAIM_REQUEST), Value::Map(request)),
    ]
}

fn request_entries(claims: &[&str]) -> Vec<(Value, Value)> {
    vec![
        (Value::int(label::NAME), Value::text("Bank counter 7")),
        (Value::int(label::PURPOSE), Value::text(PURPOSE)),
        (Value::int(label::CLAIMS), Value::Array(claims.iter().map(|c| Value::text(*c)).collect())),
        (Value::int(label::AUDIENCE), Value::text(COUNTER)),
    ]
}

fn protected(kid: &str) -> Vec<(Value, Value)> {
    vec![
        (Value::int(header::ALG), Value::int(ALG_ED25519)),
        (Value::int(header::KID), Value::Bytes(kid.as_bytes().to_vec())),
        (Value::int(header::TYP), Value::text(TYP_REQUEST)),
    ]
}

/// Signs any protected header and payload with the bank's real key: what a registered but
/// misbehaving verifier (or a buggy one) can produce.
fn craft(protected: Vec<(Value, Value)>, unprotected: Vec<(Value, Value)>, payload: Value) -> Vec<u8> {
    let protected = Value::Map(protected).to_vec();
    let payload = payload.to_vec();
    let key = ed25519_dalek::SigningKey::from_bytes(&bank_key().secret_bytes());
    let signature = key.sign(&sign1::to_be_signed(&protected, &payload)).to_bytes().to_vec();
    Sign1 { protected, unprotected, sd_claims: None, payload, signature }.to_vec()
}

fn crafted_text(payload: Vec<(Value, Value)>) -> String {
    text_of(&craft(protected(BANK_KID), vec![], Value::Map(payload)))
}

fn text_of(token: &[u8]) -> String {
    format!("{REQUEST_PREFIX}{}", base45::encode(token))
}

#[test]
fn registered_request_round_trip_presents_only_what_was_approved() {
    let f = Fixture::new();
    let asked = [ClaimName::FullName, ClaimName::DateOfBirth, ClaimName::AgeOver(18)];
    let request = bank_request(&asked);
    assert!(request.qr_text.starts_with("CWR1:"));
    assert_eq!((request.nonce.len(), request.audience.as_str()), (16, COUNTER));
    assert_eq!(request.expires_at, NOW + 300);

    let view = read_request(&request.qr_text, &registry(), NOW + 5).unwrap();
    assert_eq!(view.requester, Requester::Registered { name: "Ngân hàng Ví dụ".into(), kid: BANK_KID.into() });
    assert!(view.is_verified());
    assert_eq!(view.display_name(), "Ngân hàng Ví dụ");
    assert_eq!((view.verifier_id.as_str(), view.claimed_name.as_str()), (BANK_ID, "Bank counter 7"));
    assert_eq!((view.purpose.as_str(), view.purpose_registered), (PURPOSE, Some(true)));
    assert_eq!(view.requested, asked);
    assert!(view.over_asking.is_empty());
    assert_eq!((view.nonce.clone(), view.audience.as_str()), (request.nonce.clone(), COUNTER));
    assert_eq!((view.issued_at, view.expires_at), (NOW, NOW + 300));

    // The citizen approves two of the three.
    let approved = [ClaimName::FullName, ClaimName::AgeOver(18)];
    let answer = present_for_request(&f.identity, &f.holder, &view, &approved, NOW + 8).unwrap();
    assert_eq!(answer.disclosed, vec![ClaimName::FullName, ClaimName::AgeOver(18)]);
    let verified = f.verifier_with(request.policy()).verify(&answer.qr_text).unwrap();
    assert_eq!(verified.audience, COUNTER);
    assert_eq!(verified.nonce.as_deref(), Some(&request.nonce[..]));
    let mut names: Vec<ClaimName> = verified.claims.iter().map(|c| c.name).collect();
    names.sort();
    assert_eq!(names, approved);
    assert!(verified.claim(ClaimName::DateOfBirth).is_none(), "requested but not approved: not in the QR");
}

#[test]
fn the_counter_enforces_the_requests_nonce_and_audience() {
    let f = Fixture::new();
    let first = bank_request(&[ClaimName::FullName]);
    let second = bank_request(&[ClaimName::FullName]);
    assert_ne!(first.nonce, second.nonce, "every request has a fresh nonce");
    let view = read_request(&first.qr_text, &registry(), NOW + 5).unwrap();
    let answer = present_for_request(&f.identity, &f.holder, &view, &[ClaimName::FullName], NOW + 8).unwrap();

    assert!(f.verifier_with(first.policy()).verify(&answer.qr_text).is_ok());
    // The answer to one request does not answer another.
    assert_eq!(f.verifier_with(second.policy()).verify(&answer.qr_text).unwrap_err(), VerifyError::WrongNonce);
    // Nor is it accepted by another counter of the same bank.
    let mut elsewhere = first.policy();
    elsewhere.audience = Some(format!("{BANK_ID}/hcm-01"));
    assert!(matches!(f.verifier_with(elsewhere).verify(&answer.qr_text), Err(VerifyError::WrongAudience { .. })));
    // A presentation made without the request (no nonce) is refused by the counter that asked.
    let plain = present(
        &f.identity,
        &f.holder,
        &citizen_wallet::PresentationRequest::new(COUNTER, &[ClaimName::FullName]),
        NOW + 8,
    )
    .unwrap();
    assert_eq!(f.verifier_with(first.policy()).verify(&plain.qr_text).unwrap_err(), VerifyError::MissingNonce);
}

#[test]
fn unknown_key_gives_an_explicitly_unverified_view() {
    let stranger = VerifierKey::from_secret("shop-9", &[77; 32]).unwrap();
    let spec = RequestSpec::new("https://shop.example", "Shop", "Giao hàng", &[ClaimName::FullName]);
    let request = create_request(&stranger, &spec, NOW).unwrap();
    let view = read_request(&request.qr_text, &registry(), NOW + 5).unwrap();
    assert_eq!(view.requester, Requester::Unverified { kid: "shop-9".into() });
    assert!(!view.is_verified());
    assert_eq!(view.display_name(), "UNVERIFIED: Shop");
    assert_eq!(view.over_asking, vec![ClaimName::FullName], "nothing is registered for an unknown key");
    assert_eq!(view.purpose_registered, None);
    // The wallet's rule: not answered unless the citizen allows unverified requests.
    let refused = view.check_answerable(false).unwrap_err();
    assert_eq!(refused, RequestError::Unverified { kid: "shop-9".into() });
    assert_eq!(refused.code(), "unverified_request");
    assert_eq!(view.check_answerable(true), Ok(()));
    // With an empty registry, the bank's own request is unverified too.
    let bank = bank_request(&[ClaimName::FullName]);
    let view = read_request(&bank.qr_text, &VerifierRegistry::default(), NOW + 5).unwrap();
    assert_eq!(view.requester, Requester::Unverified { kid: BANK_KID.into() });
}

#[test]
fn over_asking_and_unregistered_purposes_are_surfaced() {
    let request = create_request(
        &bank_key(),
        &RequestSpec {
            purpose: "Khảo sát khách hàng".into(),
            ..spec(&[ClaimName::FullName, ClaimName::PlaceOfResidence, ClaimName::Religion])
        },
        NOW,
    )
    .unwrap();
    let view = read_request(&request.qr_text, &registry(), NOW + 5).unwrap();
    assert!(view.is_verified());
    assert_eq!(view.check_answerable(false), Ok(()), "a registered request needs no permission");
    assert_eq!(view.over_asking, vec![ClaimName::PlaceOfResidence, ClaimName::Religion]);
    assert_eq!(view.purpose_registered, Some(false));
    // A registration without purposes accepts any purpose (None: nothing to compare with).
    let mut open = registry().verifiers()[0].clone();
    open.purposes = None;
    let view = read_request(&request.qr_text, &VerifierRegistry::new(vec![open]).unwrap(), NOW + 5).unwrap();
    assert_eq!(view.purpose_registered, None);
}

#[test]
fn expired_and_not_yet_valid_requests() {
    let request = bank_request(&[ClaimName::FullName]);
    let at = |now| read_request(&request.qr_text, &registry(), now);
    assert!(at(request.expires_at + REQUEST_CLOCK_SKEW_SECS - 1).is_ok());
    assert_eq!(
        at(request.expires_at + REQUEST_CLOCK_SKEW_SECS).unwrap_err(),
        RequestError::Expired { seconds_ago: 60 }
    );
    assert_eq!(at(NOW - 61).unwrap_err(), RequestError::NotYetValid { seconds_ahead: 61 });
    assert_eq!(at(NOW + 3600).unwrap_err().code(), "request_expired");
    // An unverified request expires the same way.
    assert_eq!(
        read_request(&request.qr_text, &VerifierRegistry::default(), NOW + 3600).unwrap_err().code(),
        "request_expired"
    );

    // Read in time, answered too late.
    let f = Fixture::new();
    let view = at(NOW + 5).unwrap();
    let late = present_for_request(&f.identity, &f.holder, &view, &[ClaimName::FullName], NOW + 400);
    assert_eq!(late.unwrap_err(), RequestError::Expired { seconds_ago: 100 });
}

#[test]
fn bad_signature_by_a_registered_kid_and_tampering() {
    // Same kid, another key: an impostor of a registered verifier.
    let impostor = VerifierKey::from_secret(BANK_KID, &[99; 32]).unwrap();
    let forged = create_request(&impostor, &spec(&[ClaimName::FullName]), NOW).unwrap();
    assert_eq!(
        read_request(&forged.qr_text, &registry(), NOW + 5).unwrap_err(),
        RequestError::BadSignature { kid: BANK_KID.into() }
    );
    // Any changed byte of a registered request: signature, payload, protected header.
    let request = bank_request(&[ClaimName::FullName]);
    for index in [request.token.len() - 1, request.token.len() - 70, request.token.len() - 100, 40] {
        let mut bytes = request.token.clone();
        bytes[index] ^= 0x01;
        let code = read_request_bytes(&bytes, &registry(), NOW + 5).expect_err("tampered").code();
        assert!(
            matches!(code, "bad_request_signature" | "malformed_request" | "unknown_claim"),
            "byte {index}: {code}"
        );
    }
    // A changed kid names an unknown key that still uses the bank's id: refused as posing as the
    // bank (without the bank registered, it could only be shown as unverified).
    let mut bytes = request.token.clone();
    bytes[10] ^= 0x01;
    let err = read_request_bytes(&bytes, &registry(), NOW + 5).unwrap_err();
    assert_eq!(err, RequestError::PosesAsRegisteredVerifier { kid: "b`nk-1".into(), id: BANK_ID.into() });
    let view = read_request_bytes(&bytes, &VerifierRegistry::default(), NOW + 5).unwrap();
    assert_eq!(view.requester, Requester::Unverified { kid: "b`nk-1".into() });
    // A payload edit that keeps the structure (the purpose) is exactly a bad signature.
    let mut bytes = request.token.clone();
    let at = bytes.windows(12).position(|w| w == b"Bank counter").unwrap();
    bytes[at] = b'C'; // "Cank counter 7": same length, same structure
    assert_eq!(
        read_request_bytes(&bytes, &registry(), NOW + 5).unwrap_err(),
        RequestError::BadSignature { kid: BANK_KID.into() }
    );
}

#[test]
fn verifier_id_must_match_the_registration_and_own_the_audience() {
    // Signed by the bank's real key, but claiming to be someone else.
    let mut payload = payload_entries(request_entries(&["full_name"]));
    payload[0].1 = Value::text("https://other-bank.example.vn");
    payload[4].1 = Value::Map(
        request_entries(&["full_name"])
            .into_iter()
            .map(|(k, v)| {
                if k == Value::int(label::AUDIENCE) {
                    (k, Value::text("https://other-bank.example.vn"))
                } else {
                    (k, v)
                }
            })
            .collect(),
    );
    assert_eq!(
        read_request(&crafted_text(payload), &registry(), NOW + 5).unwrap_err(),
        RequestError::VerifierMismatch {
            id: "https://other-bank.example.vn".into(),
            kid: BANK_KID.into(),
            expected: BANK_ID.into()
        }
    );
    // The bank asking for presentations addressed to another verifier (a relay): refused to create,
    // and refused to read when crafted.
    let foreign = RequestSpec { audience: "https://bank.example.vn.evil/x".into(), ..spec(&[ClaimName::FullName]) };
    assert!(matches!(create_request(&bank_key(), &foreign, NOW), Err(RequestError::ForeignAudience { .. })));
    let mut entries = request_entries(&["full_name"]);
    entries[3].1 = Value::text("https://hospital.example.vn");
    let err = read_request(&crafted_text(payload_entries(entries)), &registry(), NOW + 5).unwrap_err();
    assert_eq!(
        err,
        RequestError::ForeignAudience { audience: "https://hospital.example.vn".into(), id: BANK_ID.into() }
    );
    assert_eq!(err.code(), "foreign_audience");
}

#[test]
fn approving_unrequested_claims_is_refused() {
    let f = Fixture::new();
    let request = bank_request(&[ClaimName::FullName, ClaimName::AgeOver(18)]);
    let view = read_request(&request.qr_text, &registry(), NOW + 5).unwrap();
    let err = present_for_request(&f.identity, &f.holder, &view, &[ClaimName::FullName, ClaimName::IdNumber], NOW + 8)
        .unwrap_err();
    assert_eq!(err, RequestError::NotRequested("id_number".into()));
    assert_eq!(err.code(), "not_requested");
    // Requested and approved, but the chosen credential lacks it: the presentation error.
    let request = bank_request(&[ClaimName::DateOfBirth]);
    let view = read_request(&request.qr_text, &registry(), NOW + 5).unwrap();
    let err = present_for_request(&f.residence, &f.holder, &view, &[ClaimName::DateOfBirth], NOW + 8).unwrap_err();
    assert_eq!(err, RequestError::Present(PresentError::ClaimNotInCredential("date_of_birth".into())));
    // Approving nothing presents nothing (the holder shows only that it holds a valid credential).
    let empty = present_for_request(&f.identity, &f.holder, &view, &[], NOW + 8).unwrap();
    assert!(f.verifier_with(request.policy()).verify(&empty.qr_text).unwrap().claims.is_empty());
}

#[test]
fn qr_text_errors() {
    let request = bank_request(&[ClaimName::FullName]);
    assert_eq!(read_code("CW1:NCFOXN"), "not_a_request");
    assert_eq!(read_code(&request.qr_text.replace("CWR1:", "")), "not_a_request");
    assert_eq!(read_code("CWR1:abc"), "unreadable_request");
    assert_eq!(read_code(&format!("CWR1:{}", "0".repeat(5000))), "unreadable_request");
    // A presentation QR is not a request, and a request QR is not a presentation.
    let f = Fixture::new();
    assert_eq!(read_code(&f.present(&f.identity, &[]).qr_text), "not_a_request");
    assert_eq!(f.verifier.verify(&request.qr_text).unwrap_err().code(), "not_a_presentation");
}

#[test]
fn malformed_envelopes() {
    let request = bank_request(&[ClaimName::FullName]);
    let bytes = &request.token;
    for cut in [0, 1, 20, bytes.len() / 2, bytes.len() - 1] {
        assert_eq!(read_code(&text_of(&bytes[..cut])), "malformed_request", "truncated at {cut}");
    }
    assert_eq!(read_code(&text_of(&[bytes.as_slice(), &[0]].concat())), "malformed_request");
    assert_eq!(read_code(&text_of(&bytes[1..])), "malformed_request", "untagged COSE_Sign1");
    assert_eq!(read_code(&text_of(&vec![0xd2; 2000])), "malformed_request", "over the size limit");
    assert_eq!(read_code(&text_of(&[vec![0xd2], vec![0x81; 500], vec![0]].concat())), "malformed_request");

    let payload = || Value::Map(payload_entries(request_entries(&["full_name"])));
    let with = |protected: Vec<(Value, Value)>, unprotected: Vec<(Value, Value)>| {
        read_code(&text_of(&craft(protected, unprotected, payload())))
    };
    assert!(read_request(&text_of(&craft(protected(BANK_KID), vec![], payload())), &registry(), NOW + 5).is_ok());
    // Anything unsigned travelling with the request.
    assert_eq!(with(protected(BANK_KID), vec![(Value::int(99), Value::text("x"))]), "malformed_request");
    // typ missing, another typ (a presentation's), a text typ of another format.
    let mut p = protected(BANK_KID);
    p.pop();
    assert_eq!(with(p.clone(), vec![]), "malformed_request");
    p.push((Value::int(header::TYP), Value::int(294)));
    assert_eq!(with(p, vec![]), "malformed_request");
    let mut p = protected(BANK_KID);
    p[2].1 = Value::text("application/statuslist+cwt");
    assert_eq!(with(p, vec![]), "malformed_request");
    // Another algorithm, no kid, a kid too long, an extra header label.
    let mut p = protected(BANK_KID);
    p[0].1 = Value::int(-7);
    assert_eq!(with(p, vec![]), "malformed_request");
    let mut p = protected(BANK_KID);
    p.remove(1);
    assert_eq!(with(p, vec![]), "malformed_request");
    assert_eq!(with(protected(&"k".repeat(65)), vec![]), "malformed_request");
    let mut p = protected(BANK_KID);
    p.push((Value::int(header::CWT_CLAIMS), Value::Map(vec![])));
    assert_eq!(with(p, vec![]), "malformed_request");
    // EdDSA (-8) is accepted as Ed25519.
    let mut p = protected(BANK_KID);
    p[0].1 = Value::int(-8);
    assert!(read_request(&text_of(&craft(p, vec![], payload())), &registry(), NOW + 5).is_ok());
}

#[test]
fn malformed_payloads() {
    let ok = payload_entries(request_entries(&["full_name"]));
    assert!(read_request(&crafted_text(ok.clone()), &registry(), NOW + 5).is_ok());
    let malformed = |payload: Vec<(Value, Value)>, why: &str| {
        assert_eq!(read_code(&crafted_text(payload)), "malformed_request", "{why}");
    };
    for missing in 0..ok.len() {
        let mut p = ok.clone();
        p.remove(missing);
        malformed(p, "a required claim missing");
    }
    let mut p = ok.clone();
    p.push((Value::int(claim::AUD), Value::text(COUNTER)));
    malformed(p, "a claim the format does not define");
    let mut p = ok.clone();
    p[3].1 = Value::Bytes(vec![1; 8]);
    malformed(p, "an 8-byte nonce");
    let mut p = ok.clone();
    p[3].1 = Value::Bytes(vec![1; 65]);
    malformed(p, "a 65-byte nonce");
    let mut p = ok.clone();
    p[1].1 = Value::int(NOW + 601);
    malformed(p, "a lifetime over 600 s");
    let mut p = ok.clone();
    p[1].1 = Value::int(NOW);
    malformed(p, "exp not after iat");
    let mut p = ok.clone();
    p[1].1 = Value::int(i64::MIN + 10);
    p[2].1 = Value::int(i64::MAX);
    malformed(p, "times at the ends of the range");
    let mut p = ok.clone();
    p[1].1 = Value::int(i64::MIN + 10);
    p[2].1 = Value::int(i64::MIN);
    assert_eq!(
        read_request(&crafted_text(p), &registry(), NOW).unwrap_err(),
        RequestError::Expired { seconds_ago: i64::MAX },
        "a request from the dawn of time is expired, without overflow"
    );
    let mut p = ok.clone();
    p[0].1 = Value::int(1);
    malformed(p, "iss not text");
    let mut p = ok.clone();
    p[4].1 = Value::Array(vec![]);
    malformed(p, "the request claim not a map");

    let edit = |i: usize, v: Value| {
        let mut r = request_entries(&["full_name"]);
        r[i].1 = v;
        payload_entries(r)
    };
    malformed(edit(0, Value::text("")), "an empty name");
    malformed(edit(0, Value::text("x".repeat(129))), "a name over 128 bytes");
    malformed(edit(0, Value::text("Bank\nAgent")), "a control character");
    malformed(edit(1, Value::text("Mở tài khoản \u{202E}")), "a bidirectional override");
    malformed(edit(1, Value::text(" padded")), "leading white space");
    malformed(edit(1, Value::text("p".repeat(301))), "a purpose over 300 bytes");
    malformed(edit(2, Value::text("full_name")), "claims not an array");
    malformed(edit(2, Value::Array(vec![])), "no claims");
    malformed(edit(2, Value::Array(vec![Value::text("full_name"), Value::text("full_name")])), "a claim twice");
    malformed(edit(2, Value::Array(vec![Value::int(4)])), "a claim not text");
    malformed(edit(2, Value::Array(vec![Value::text("x".repeat(33))])), "a claim name over 32 bytes");
    let seventeen = (1..=MAX_REQUEST_CLAIMS as u8 + 1).map(|n| Value::text(format!("age_over_{n}"))).collect();
    malformed(edit(2, Value::Array(seventeen)), "17 claims");
    malformed(edit(3, Value::int(3)), "audience not text");
    let mut r = request_entries(&["full_name"]);
    r.push((Value::int(5), Value::text("extra")));
    malformed(payload_entries(r), "a request label the format does not define");

    // A well-formed name outside the vocabulary has its own code.
    let err = read_request(&crafted_text(edit(2, Value::Array(vec![Value::text("shoe_size")]))), &registry(), NOW + 5)
        .unwrap_err();
    assert_eq!(err, RequestError::UnknownClaim("shoe_size".into()));
}

#[test]
fn creation_checks_its_settings() {
    let key = bank_key();
    let bad = |spec: RequestSpec| create_request(&key, &spec, NOW).unwrap_err().code();
    let base = spec(&[ClaimName::FullName]);
    assert_eq!(bad(RequestSpec { lifetime_secs: 0, ..base.clone() }), "invalid_request_settings");
    assert_eq!(bad(RequestSpec { lifetime_secs: 601, ..base.clone() }), "invalid_request_settings");
    assert_eq!(bad(RequestSpec { claims: vec![], ..base.clone() }), "invalid_request_settings");
    assert_eq!(bad(RequestSpec { purpose: "p".repeat(301), ..base.clone() }), "invalid_request_settings");
    assert_eq!(bad(RequestSpec { name: "\u{2067}x".into(), ..base.clone() }), "invalid_request_settings");
    // Every field at its limit does not fit in 1,024 bytes: refused with the reason, not truncated.
    let huge = RequestSpec {
        verifier_id: "v".repeat(128),
        name: "n".repeat(128),
        purpose: "p".repeat(300),
        audience: format!("{}/{}", "v".repeat(128), "a".repeat(126)),
        claims: (1..=16).map(ClaimName::AgeOver).collect(),
        lifetime_secs: 600,
    };
    let err = create_request(&key, &huge, NOW).unwrap_err();
    assert!(matches!(&err, RequestError::Settings(m) if m.contains("1024")), "{err}");
    // Repeated claims are dropped, not signed twice.
    let twice = create_request(&key, &spec(&[ClaimName::FullName, ClaimName::FullName]), NOW).unwrap();
    assert_eq!(read_request(&twice.qr_text, &registry(), NOW).unwrap().requested, vec![ClaimName::FullName]);
}

#[test]
fn a_request_fits_a_small_qr() {
    let request = bank_request(&[ClaimName::FullName, ClaimName::DateOfBirth, ClaimName::AgeOver(18)]);
    let image = qr::QrImage::from_text(&request.qr_text, qr::EcLevel::M).unwrap();
    eprintln!(
        "request: {} bytes, {} characters, QR version {}-M",
        request.token.len(),
        request.qr_text.len(),
        image.version()
    );
    assert!(request.token.len() < 320, "{} bytes", request.token.len());
    assert!(image.version() <= 14, "QR version {}", image.version());
    assert!(request.token.len() <= MAX_REQUEST_BYTES);
}

/// FORMAT.md "Verifier requests" test vector: key secret 21 × 32 bytes, kid "bank-1", nonce from
/// `SeededRandom` seeded with "format-vector request nonce", issued at 1780272000.
#[test]
fn format_md_request_vector() {
    let spec = RequestSpec {
        audience: COUNTER.into(),
        ..RequestSpec::new(BANK_ID, "Bank counter 7", "Mở tài khoản", &[ClaimName::FullName, ClaimName::AgeOver(18)])
    };
    let mut rng = SeededRandom::new(b"format-vector request nonce");
    let request = create_request_with(&bank_key(), &spec, 1_780_272_000, &mut rng).unwrap();
    let hex = hex::encode(&request.token);
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../FORMAT.md")).unwrap();
    let flat: String = doc.split_whitespace().collect();
    assert!(flat.contains(&hex), "FORMAT.md lacks the request vector:\n{hex}");
    let public = hex::encode(bank_key().public_key().as_bytes());
    assert!(flat.contains(&public), "FORMAT.md lacks the verifier public key {public}");
    assert!(read_request(&request.qr_text, &registry(), 1_780_272_010).unwrap().is_verified());
    assert_eq!(request.token.len(), 267);
    assert_eq!(qr::QrImage::from_text(&request.qr_text, qr::EcLevel::M).unwrap().version(), 12);
}

#[test]
fn wallet_answers_a_request_and_logs_it() {
    let setup = common::Setup::new();
    let wallet = setup.create("w.db");
    let id = wallet.import_credential(&setup.issue(&wallet, DocType::Identity), &setup.trust).unwrap();
    let request =
        create_request(&bank_key(), &spec(&[ClaimName::FullName, ClaimName::AgeOver(18)]), common::NOW).unwrap();
    let view = read_request(&request.qr_text, &registry(), common::NOW + 2).unwrap();

    let answer = wallet.present_for_request(id, &view, &[ClaimName::AgeOver(18)]).unwrap();
    let log = wallet.presentation_log().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].audience.as_str(), log[0].disclosed.clone()), (COUNTER, vec![ClaimName::AgeOver(18)]));

    let verifier = citizen_wallet::Verifier::new(setup.trust.clone(), request.policy())
        .with_clock(std::sync::Arc::new(citizen_wallet::FixedClock::new(common::NOW + 3)));
    assert_eq!(verifier.verify(&answer.qr_text).unwrap().claims.len(), 1);

    let err = wallet.present_for_request(id, &view, &[ClaimName::DateOfBirth]).unwrap_err();
    assert_eq!(err, WalletError::Request(RequestError::NotRequested("date_of_birth".into())));
    assert_eq!(err.code(), "not_requested");
    setup.clock.advance(600);
    let err = wallet.present_for_request(id, &view, &[ClaimName::AgeOver(18)]).unwrap_err();
    assert_eq!(err.code(), "request_expired");
    assert_eq!(wallet.presentation_log().unwrap().len(), 1, "refused answers are not logged");
    wallet.lock();
    setup.clock.set(common::NOW);
    assert_eq!(wallet.present_for_request(id, &view, &[ClaimName::AgeOver(18)]).unwrap_err(), WalletError::Locked);
}

/// FORMAT.md section 6, request rows: each limit is accepted at its value and refused one above.
#[test]
fn request_parse_limits_at_their_boundaries() {
    let accepts = |payload: Vec<(Value, Value)>| read_request(&crafted_text(payload), &registry(), NOW + 5).is_ok();
    let edit = |i: usize, v: Value| {
        let mut r = request_entries(&["full_name"]);
        r[i].1 = v;
        payload_entries(r)
    };
    // Text lengths (bytes, so Vietnamese letters count 2 or 3).
    assert!(accepts(edit(0, Value::text("ữ".repeat(42) + "ab"))) && "ữ".len() == 3);
    assert!(!accepts(edit(0, Value::text("ữ".repeat(42) + "abc"))));
    assert!(accepts(edit(1, Value::text("p".repeat(300)))));
    let under = |n: usize| format!("{BANK_ID}/{}", "a".repeat(n - BANK_ID.len() - 1));
    assert!(accepts(edit(3, Value::text(under(255)))));
    assert!(!accepts(edit(3, Value::text(under(256)))));
    // Claims: 16 accepted, 17 refused; names of 32 bytes are read (and this one is unknown).
    let ages = |n: u8| Value::Array((1..=n).map(|a| Value::text(format!("age_over_{a}"))).collect());
    assert!(accepts(edit(2, ages(16))));
    assert!(!accepts(edit(2, ages(17))));
    let long_name = Value::Array(vec![Value::text("x".repeat(32))]);
    assert_eq!(read_code(&crafted_text(edit(2, long_name))), "unknown_claim");
    // Nonce 16 and 64 bytes accepted, 15 refused; lifetime 600 s accepted, 601 refused.
    for (len, ok) in [(16, true), (64, true), (15, false)] {
        let mut p = payload_entries(request_entries(&["full_name"]));
        p[3].1 = Value::Bytes(vec![3; len]);
        assert_eq!(accepts(p), ok, "nonce of {len} bytes");
    }
    let mut p = payload_entries(request_entries(&["full_name"]));
    p[1].1 = Value::int(NOW + 600);
    assert!(accepts(p));
    // Nesting depth 4: one more level inside the claims array is refused by the CBOR decoder.
    let nested = Value::Array(vec![Value::text("full_name"), Value::Array(vec![])]);
    assert_eq!(read_code(&crafted_text(edit(2, nested))), "malformed_request");
    // 16 items per map or array: a protected header of 17 labels is refused before it is looked at.
    let mut p = protected(BANK_KID);
    p.extend((100..114).map(|l| (Value::int(l), Value::Null)));
    assert_eq!(p.len(), 17);
    let text = text_of(&craft(p, vec![], Value::Map(payload_entries(request_entries(&["full_name"])))));
    let err = read_request(&text, &registry(), NOW + 5).unwrap_err();
    assert!(format!("{err}").contains("17 items (limit 16)"), "{err}");

    // Total size: a token of exactly 1,024 bytes is read, 1,025 is refused before decoding.
    let sized = |name_len: usize| {
        let mut r = request_entries(&["full_name"]);
        r[0].1 = Value::text("n".repeat(name_len));
        r[1].1 = Value::text("p".repeat(300));
        r[2].1 = ages(16);
        r[3].1 = Value::text(under(255));
        craft(protected(BANK_KID), vec![], Value::Map(payload_entries(r)))
    };
    let name_len = (24..=127).find(|&n| sized(n).len() == MAX_REQUEST_BYTES).expect("a name length giving 1,024 bytes");
    assert!(read_request_bytes(&sized(name_len), &registry(), NOW + 5).is_ok());
    let over = sized(name_len + 1);
    assert_eq!(over.len(), MAX_REQUEST_BYTES + 1);
    let err = read_request_bytes(&over, &registry(), NOW + 5).unwrap_err();
    assert!(format!("{err}").contains("larger than 1024 bytes"), "{err}");
}
