//! Hostile input: every typed rejection reason produced by a real crafted input, and properties
//! that no mutation of a valid presentation verifies and that nothing panics.

use citizen_wallet::clock::SigningPeriod;
use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::internal::PRESENTATION_LIMITS;
use citizen_wallet::internal::cose::cbor::Value;
use citizen_wallet::internal::cose::sign1::{self, Sign1};
use citizen_wallet::internal::cose::token::kbt_protected_header;
use citizen_wallet::internal::cose::{ALG_ED25519, Disclosure, DisclosureKind, SdCwt, claim};
use citizen_wallet::qr::{self, MAX_QR_TEXT_LEN};
use citizen_wallet::{
    ClaimName, FormatError, HolderKey, IssuerKey, PresentationRequest, QrError, TrustList, TrustedIssuer, Verifier,
    VerifierPolicy, VerifyError, present,
};
use cwallet_tests::{Fixture, NOW};
use ed25519_dalek::Signer;
use proptest::prelude::*;

/// Signs a KBT over `sd_cwt` with the holder's real key: what a malicious holder can do.
fn signed_kbt(holder: &HolderKey, sd_cwt: &SdCwt, alg: i64, payload: Vec<(Value, Value)>) -> String {
    let protected = kbt_protected_header(alg, sd_cwt);
    let payload = Value::Map(payload).to_vec();
    let key = ed25519_dalek::SigningKey::from_bytes(&holder.secret_bytes());
    let signature = key.sign(&sign1::to_be_signed(&protected, &payload)).to_bytes().to_vec();
    qr::encode_presentation(&Sign1 { protected, unprotected: vec![], sd_claims: None, payload, signature }.to_vec())
}

fn kbt_claims(aud: &str, iat: i64, exp: i64) -> Vec<(Value, Value)> {
    vec![
        (Value::int(claim::AUD), Value::text(aud)),
        (Value::int(claim::EXP), Value::int(exp)),
        (Value::int(claim::IAT), Value::int(iat)),
    ]
}

fn verify_code(verifier: &Verifier, text: &str) -> &'static str {
    verifier.verify(text).expect_err("must be rejected").code()
}

fn kbt_bytes(f: &Fixture) -> Vec<u8> {
    qr::decode_presentation(&f.present(&f.identity, &[ClaimName::FullName, ClaimName::AgeOver(18)]).qr_text).unwrap()
}

#[test]
fn qr_text_errors() {
    let f = Fixture::new();
    let e = f.verifier.verify("HC1:NCFOXN%TS3DH").unwrap_err();
    assert_eq!(e, VerifyError::Qr(QrError::UnknownPrefix { expected: "CW1:" }));
    assert_eq!(e.code(), "not_a_presentation");
    let e = f.verifier.verify(&format!("CW1:{}", "0".repeat(MAX_QR_TEXT_LEN))).unwrap_err();
    assert!(matches!(e, VerifyError::Qr(QrError::TooLong { .. })));
    assert_eq!(f.verifier.verify("CW1:abc").unwrap_err(), VerifyError::Qr(QrError::Base45(4)));
    assert_eq!(f.verifier.verify("").unwrap_err().code(), "not_a_presentation");
}

#[test]
fn malformed_structures() {
    let f = Fixture::new();
    let bytes = kbt_bytes(&f);
    for cut in [0, 1, 10, bytes.len() / 2, bytes.len() - 1] {
        let code = verify_code(&f.verifier, &qr::encode_presentation(&bytes[..cut]));
        assert_eq!(code, "malformed", "truncated at {cut}");
    }
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert_eq!(verify_code(&f.verifier, &qr::encode_presentation(&trailing)), "malformed");
    // Valid CBOR that is not a KBT, and an SD-CWT presented without a KBT around it.
    assert_eq!(verify_code(&f.verifier, &qr::encode_presentation(&[0xa0])), "malformed");
    let bare = qr::encode_presentation(f.identity.to_bytes());
    assert_eq!(verify_code(&f.verifier, &bare), "malformed");
    // Deeply nested CBOR stops at the depth limit, before any recursion trouble.
    let deep = [vec![0x81; 2_000], vec![0x00]].concat();
    assert_eq!(verify_code(&f.verifier, &qr::encode_presentation(&deep)), "malformed");
}

#[test]
fn unknown_issuer_and_issuer_mismatch() {
    let f = Fixture::new();
    let text = f.present(&f.identity, &[ClaimName::FullName]).qr_text;
    let stranger = IssuerKey::generate("other-1").unwrap();
    let trust = |issuer: TrustedIssuer| {
        Verifier::new(TrustList::new(vec![issuer]).unwrap(), VerifierPolicy::default()).with_clock(f.clock.clone())
    };
    let other_kid = TrustedIssuer {
        kid: "other-1".into(),
        iss: demo::DEMO_ISS.into(),
        name: None,
        public_key: stranger.public_key().into(),
        signing_period: SigningPeriod::ALWAYS,
        status_uris: Vec::new(),
    };
    assert_eq!(trust(other_kid).verify(&text).unwrap_err(), VerifyError::UnknownIssuer { kid: "demo-1".into() });

    let mut wrong_iss = f.issuer.trusted_issuer();
    wrong_iss.iss = "https://elsewhere.example".into();
    assert_eq!(verify_code(&trust(wrong_iss), &text), "issuer_mismatch");
}

#[test]
fn bad_issuer_signature() {
    let f = Fixture::new();
    let text = f.present(&f.identity, &[ClaimName::FullName]).qr_text;
    // Same kid, another key: a forged or rotated issuer.
    let mut impostor = f.issuer.trusted_issuer();
    impostor.public_key = IssuerKey::generate("demo-1").unwrap().public_key().into();
    let verifier =
        Verifier::new(TrustList::new(vec![impostor]).unwrap(), VerifierPolicy::default()).with_clock(f.clock.clone());
    assert_eq!(verifier.verify(&text).unwrap_err(), VerifyError::BadIssuerSignature);

    // A holder who edits the issuer-signed payload (here: pushes exp a year out) and re-signs the KBT.
    let mut sd_cwt = citizen_wallet::internal::sd_cwt(&f.identity).with_disclosures(&[]);
    let mut payload = sd_cwt.payload(PRESENTATION_LIMITS).unwrap();
    if let Value::Map(entries) = &mut payload {
        for (k, v) in entries.iter_mut() {
            if *k == Value::int(claim::EXP) {
                *v = Value::int(f.identity.info().expires_at + 365 * 86400);
            }
        }
    }
    sd_cwt.sign1.payload = payload.to_vec();
    let forged = signed_kbt(&f.holder, &sd_cwt, ALG_ED25519, kbt_claims(DEMO_AUDIENCE, NOW + 5, NOW + 65));
    assert_eq!(f.verifier.verify(&forged).unwrap_err(), VerifyError::BadIssuerSignature);
}

#[test]
fn bad_holder_signature() {
    let f = Fixture::new();
    let mut bytes = kbt_bytes(&f);
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01; // the last byte is in the KBT signature
    assert_eq!(f.verifier.verify(&qr::encode_presentation(&bytes)).unwrap_err(), VerifyError::BadHolderSignature);

    // Someone else's phone key signing a presentation of this credential.
    let thief = HolderKey::generate();
    let sd_cwt = citizen_wallet::internal::sd_cwt(&f.identity).with_disclosures(&[]);
    let stolen = signed_kbt(&thief, &sd_cwt, ALG_ED25519, kbt_claims(DEMO_AUDIENCE, NOW + 5, NOW + 65));
    assert_eq!(f.verifier.verify(&stolen).unwrap_err(), VerifyError::BadHolderSignature);
    // The library refuses to make such a presentation in the first place.
    let request = PresentationRequest::new(DEMO_AUDIENCE, &[]);
    assert!(present(&f.identity, &thief, &request, NOW).is_err());
}

#[test]
fn digest_mismatch_for_a_forged_disclosure() {
    let f = Fixture::new();
    // The real holder adds a made-up full name and signs the KBT with the right key.
    let mut sd_cwt = citizen_wallet::internal::sd_cwt(&f.identity).with_disclosures(&[]);
    let forged =
        Disclosure::new([7; 16], DisclosureKind::MapEntry { key: Value::int(4), value: Value::text("Someone Else") });
    sd_cwt.sign1.sd_claims = Some(vec![forged.encoded().to_vec()]);
    sd_cwt.disclosures = vec![forged];
    let text = signed_kbt(&f.holder, &sd_cwt, ALG_ED25519, kbt_claims(DEMO_AUDIENCE, NOW + 5, NOW + 65));
    assert_eq!(f.verifier.verify(&text).unwrap_err(), VerifyError::DigestMismatch);

    // An honest disclosure presented twice is malformed, not a mismatch.
    let index = f.identity.disclosures_for(&[ClaimName::FullName]).unwrap()[0];
    let twice = citizen_wallet::internal::sd_cwt(&f.identity).with_disclosures(&[index, index]);
    let text = signed_kbt(&f.holder, &twice, ALG_ED25519, kbt_claims(DEMO_AUDIENCE, NOW + 5, NOW + 65));
    assert_eq!(verify_code(&f.verifier, &text), "malformed");
}

#[test]
fn time_relations_between_presentation_and_credential() {
    let f = Fixture::new();
    let sd_cwt = citizen_wallet::internal::sd_cwt(&f.identity).with_disclosures(&[]);
    let cexp = f.identity.info().expires_at;
    let cases = [
        (NOW - 100, NOW + 10, "presentation iat before credential iat"),
        (NOW + 50, NOW + 20, "presentation iat not before its exp"),
        (cexp - 30, cexp + 30, "presentation outlives the credential"),
    ];
    for (iat, exp, why) in cases {
        let text = signed_kbt(&f.holder, &sd_cwt, ALG_ED25519, kbt_claims(DEMO_AUDIENCE, iat, exp));
        assert_eq!(f.verifier.verify(&text).unwrap_err(), VerifyError::InvalidTimes(why.into()));
    }
    // The draft makes the KBT's exp optional: without it, the counter's maximum lifetime from iat
    // is the presentation's lifetime.
    let no_exp =
        vec![(Value::int(claim::AUD), Value::text(DEMO_AUDIENCE)), (Value::int(claim::IAT), Value::int(NOW + 5))];
    let no_exp = signed_kbt(&f.holder, &sd_cwt, ALG_ED25519, no_exp);
    let max_ttl = VerifierPolicy::default().max_ttl_secs;
    assert_eq!(f.verifier.verify(&no_exp).unwrap().expires_at, NOW + 5 + max_ttl);
    f.clock.set(NOW + 5 + max_ttl + 61);
    assert_eq!(verify_code(&f.verifier, &no_exp), "expired");
    f.clock.set(NOW + 10);
    // iat is required.
    let no_iat =
        vec![(Value::int(claim::AUD), Value::text(DEMO_AUDIENCE)), (Value::int(claim::EXP), Value::int(NOW + 65))];
    assert_eq!(verify_code(&f.verifier, &signed_kbt(&f.holder, &sd_cwt, ALG_ED25519, no_iat)), "malformed");
    let mut with_iss = kbt_claims(DEMO_AUDIENCE, NOW + 5, NOW + 65);
    with_iss.push((Value::int(claim::ISS), Value::text("me")));
    assert_eq!(verify_code(&f.verifier, &signed_kbt(&f.holder, &sd_cwt, ALG_ED25519, with_iss)), "malformed");
}

#[test]
fn expired_not_yet_valid_and_ttl_too_long() {
    let f = Fixture::new();
    let p = f.present(&f.identity, &[ClaimName::FullName]);
    f.clock.set(p.expires_at + 3600);
    assert_eq!(f.verifier.verify(&p.qr_text).unwrap_err(), VerifyError::Expired { seconds_ago: 3600 });
    // Dated 62 s ahead of the counter's clock (skew 60 s), while the credential itself is valid.
    f.clock.set(p.issued_at - 62);
    assert_eq!(f.verifier.verify(&p.qr_text).unwrap_err(), VerifyError::NotYetValid { seconds_ahead: 62 });

    f.clock.set(NOW + 10);
    let mut request = PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName]);
    request.ttl_secs = 900;
    let long = present(&f.identity, &f.holder, &request, NOW + 5).unwrap();
    let strict = f.verifier_with(VerifierPolicy { max_ttl_secs: 300, ..VerifierPolicy::for_audience(DEMO_AUDIENCE) });
    assert_eq!(strict.verify(&long.qr_text).unwrap_err(), VerifyError::TtlTooLong { ttl: 900, max: 300 });
    assert!(f.verifier.verify(&long.qr_text).is_ok(), "900 s is within the default 15 minutes");
    request.ttl_secs = 901;
    assert!(present(&f.identity, &f.holder, &request, NOW + 5).is_err(), "the holder caps the TTL");
}

#[test]
fn wrong_audience_missing_and_wrong_nonce() {
    let f = Fixture::new();
    let p = f.present(&f.identity, &[ClaimName::FullName]);
    let bank = f.verifier_with(VerifierPolicy::for_audience("bank-7"));
    assert_eq!(
        bank.verify(&p.qr_text).unwrap_err(),
        VerifyError::WrongAudience { expected: "bank-7".into(), found: DEMO_AUDIENCE.into() }
    );
    let wants_nonce =
        f.verifier_with(VerifierPolicy { nonce: Some(vec![1; 16]), ..VerifierPolicy::for_audience(DEMO_AUDIENCE) });
    assert_eq!(wants_nonce.verify(&p.qr_text).unwrap_err(), VerifyError::MissingNonce);
    let mut request = PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName]);
    request.nonce = Some(vec![2; 16]);
    let other_nonce = present(&f.identity, &f.holder, &request, NOW + 5).unwrap();
    assert_eq!(wants_nonce.verify(&other_nonce.qr_text).unwrap_err(), VerifyError::WrongNonce);
}

#[test]
fn unsupported_and_mismatched_algorithms_are_named() {
    let f = Fixture::new();
    let sd_cwt = citizen_wallet::internal::sd_cwt(&f.identity).with_disclosures(&[]);
    // ES256 is supported, but not with the Ed25519 key the credential binds.
    let es256 = signed_kbt(&f.holder, &sd_cwt, -7, kbt_claims(DEMO_AUDIENCE, NOW + 5, NOW + 65));
    assert_eq!(
        f.verifier.verify(&es256).unwrap_err(),
        VerifyError::Malformed(FormatError::AlgorithmKeyMismatch { alg: -7, key_type: "Ed25519" })
    );
    let es512 = signed_kbt(&f.holder, &sd_cwt, -36, kbt_claims(DEMO_AUDIENCE, NOW + 5, NOW + 65));
    assert_eq!(f.verifier.verify(&es512).unwrap_err(), VerifyError::Malformed(FormatError::UnsupportedAlgorithm(-36)));
}

#[test]
fn errors_never_carry_undisclosed_values() {
    let f = Fixture::new();
    let p = f.present(&f.identity, &[ClaimName::AgeOver(18)]);
    let secret_name = demo::sample_record().full_name;
    for verifier in [f.verifier_with(VerifierPolicy::for_audience("x")), f.verifier.clone()] {
        f.clock.set(NOW + 1_000_000);
        if let Err(e) = verifier.verify(&p.qr_text) {
            assert!(!format!("{e} {e:?}").contains(&secret_name));
        }
    }
    let ok = f.verifier_with(VerifierPolicy::default());
    f.clock.set(NOW + 10);
    let all = f.present(&f.identity, &f.identity.info().claims.clone());
    assert!(!format!("{:?}", ok.verify(&all.qr_text).unwrap()).contains(&secret_name), "Debug hides values");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Changing any byte of a valid presentation makes it fail verification, without panicking.
    #[test]
    fn any_mutated_byte_never_verifies(index in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let f = shared_fixture();
        let mut bytes = f.1.clone();
        let i = index.index(bytes.len());
        bytes[i] ^= flip;
        prop_assert!(f.0.verifier.verify(&qr::encode_presentation(&bytes)).is_err(), "byte {} ^ {:#x} verified", i, flip);
    }

    /// Arbitrary text and arbitrary bytes behind the right prefix are rejected, never a panic.
    #[test]
    fn garbage_is_rejected(text in ".{0,300}", bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let f = shared_fixture();
        prop_assert!(f.0.verifier.verify(&text).is_err());
        prop_assert!(f.0.verifier.verify(&qr::encode_presentation(&bytes)).is_err());
    }
}

/// One fixture for all proptest cases (issuing per case would dominate the run time).
fn shared_fixture() -> &'static (Fixture, Vec<u8>) {
    static FIXTURE: std::sync::OnceLock<(Fixture, Vec<u8>)> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| {
        let f = Fixture::new();
        let bytes = kbt_bytes(&f);
        (f, bytes)
    })
}

#[test]
fn every_single_byte_flip_is_rejected() {
    // Exhaustive over positions (one flip pattern each), complementing the random proptest.
    let (f, bytes) = shared_fixture();
    for i in 0..bytes.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut m = bytes.clone();
            m[i] ^= flip;
            assert!(f.verifier.verify(&qr::encode_presentation(&m)).is_err(), "byte {i} ^ {flip:#x}");
        }
    }
}
