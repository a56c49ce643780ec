//! Conformance with the SD-CWT draft's own example tokens (../shared/vectors/sd-cwt-draft):
//! our parser, digest rule, redaction reconstruction and disclosure location must agree with them,
//! and the product verifier (trust list, `Verifier::verify`) must accept their ES384 issuer and
//! ES256 holder signatures. The PEM files only give the public keys; no signature is checked here
//! outside the product path.

use std::fs;
use std::path::Path;

use std::sync::Arc;

use citizen_wallet::clock::FixedClock;
use citizen_wallet::error::VerifyError;
use citizen_wallet::internal::CREDENTIAL_LIMITS;
use citizen_wallet::internal::cose::cbor::{self, Value};
use citizen_wallet::internal::cose::claims_set::ClaimsSet;
use citizen_wallet::internal::cose::key::{Algorithm, PublicKey};
use citizen_wallet::internal::cose::redaction::{self, PathStep};
use citizen_wallet::internal::cose::{Kbt, SdCwt, claim, header};
use citizen_wallet::qr;
use citizen_wallet::verifier::MemoryReplayCache;
use citizen_wallet::{TrustList, TrustedIssuer, Verifier, VerifierPolicy};
use cwallet_tests::vectors_dir;
use sha2::{Digest, Sha256};

const DRAFT_KID: &str = "https://issuer.example/cose-key3";
const DRAFT_ISS: &str = "https://issuer.example";
const DRAFT_AUDIENCE: &str = "https://verifier.example/app";
/// The example KBT's iat.
const DRAFT_PRESENTED_AT: i64 = 1725244237;
const DRAFT_NONCE: &str = "8c0f5f523b95bea44a9a48c649240803";

fn read(dir: &Path, name: &str) -> Vec<u8> {
    fs::read(dir.join("sd-cwt-draft").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read_text(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join("sd-cwt-draft").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The draft issuer's public key (P-384), taken from its key file.
fn issuer_key(dir: &Path) -> PublicKey {
    let secret = p384::SecretKey::from_pem(read_text(dir, "issuer_privkey.pem").trim()).unwrap();
    PublicKey::from_bytes(p384::ecdsa::VerifyingKey::from(&secret.public_key()).to_sec1_point(false).as_bytes())
        .unwrap()
}

/// The draft holder's public key (P-256).
fn holder_key(dir: &Path) -> PublicKey {
    let secret = p256::SecretKey::from_pem(read_text(dir, "holder_privkey.pem").trim()).unwrap();
    PublicKey::from_bytes(p256::ecdsa::VerifyingKey::from(&secret.public_key()).to_sec1_point(false).as_bytes())
        .unwrap()
}

/// A trust list holding the draft issuer's P-384 key under the draft's kid.
fn draft_trust(dir: &Path) -> TrustList {
    let issuer = TrustedIssuer::new(DRAFT_KID, DRAFT_ISS, None, issuer_key(dir));
    TrustList::new(vec![issuer]).unwrap()
}

fn draft_verifier(dir: &Path, at: i64) -> Verifier {
    let policy = VerifierPolicy {
        nonce: Some(hex::decode(DRAFT_NONCE).unwrap()),
        ..VerifierPolicy::for_audience(DRAFT_AUDIENCE)
    };
    Verifier::new(draft_trust(dir), policy).with_clock(Arc::new(FixedClock::new(at)))
}

/// The issuer signature (and `iss`) through the product's trust-list check of a whole credential.
fn check_issuer_signature(dir: &Path, sd_cwt: &SdCwt) {
    assert_eq!(sd_cwt.alg(), -35, "ES384");
    // The draft's nested and decoy examples carry only some disclosures, so the signature is checked
    // on the SD-CWT itself (the same check `check_credential` runs first).
    citizen_wallet::internal::check_issuer_signature(&draft_trust(dir), sd_cwt).expect("issuer ES384 signature");
}

fn claim_at<'a>(claims: &'a Value, path: &[Value]) -> Option<&'a Value> {
    path.iter().try_fold(claims, |v, k| v.get(k))
}

#[test]
fn issued_sd_cwt_parses_verifies_and_reconstructs() {
    let Some(dir) = vectors_dir() else { return };
    let bytes = read(&dir, "issuer_cwt.cbor");
    let sd_cwt = SdCwt::from_bytes(&bytes, CREDENTIAL_LIMITS).unwrap();
    assert_eq!(sd_cwt.to_vec(), bytes, "re-encoding keeps every byte");
    assert_eq!(sd_cwt.kid(), Some(&b"https://issuer.example/cose-key3"[..]));
    assert_eq!(sd_cwt.disclosures.len(), 5);
    check_issuer_signature(&dir, &sd_cwt);

    let payload = sd_cwt.payload(CREDENTIAL_LIMITS).unwrap();
    let times = ClaimsSet::from_map(&payload).unwrap();
    assert_eq!((times.iat, times.nbf, times.exp), (Some(1725244200), Some(1725243900), Some(1725330600)));

    // Every digest in the payload has its disclosure, and the full claims come back.
    let claims = redaction::reconstruct(&payload, &sd_cwt.disclosures).unwrap();
    assert_eq!(claims.get_int(501), Some(&Value::text("ABCD-123456")));
    let dates = claims.get_int(502).unwrap().as_array().unwrap();
    assert_eq!(dates, &[Value::int(1549560720), Value::int(1612560720), Value::int(1674004740)]);
    let location = claims.get_int(503).unwrap();
    assert_eq!(location.get(&Value::text("region")), Some(&Value::text("ca")));
    assert_eq!(location.get(&Value::text("postal_code")), Some(&Value::text("94188")));
    assert_eq!(location.get(&Value::text("country")), Some(&Value::text("us")));
    assert_eq!(redaction::count_digests(&payload), 5);

    // With no disclosures, redacted keys vanish and redacted array elements are removed.
    let bare = redaction::reconstruct(&payload, &[]).unwrap();
    assert_eq!(bare.get_int(501), None);
    assert_eq!(bare.get_int(502).unwrap().as_array().unwrap(), &[Value::int(1674004740)]);

    let located = redaction::locate(&payload, &sd_cwt.disclosures).unwrap();
    let paths: Vec<Vec<PathStep>> = located.into_iter().map(|l| l.unwrap().path).collect();
    assert!(paths.contains(&vec![PathStep::Key(Value::int(501))]));
    assert!(paths.contains(&vec![PathStep::Key(Value::int(502)), PathStep::Index(0)]));
    assert!(paths.contains(&vec![PathStep::Key(Value::int(503)), PathStep::Key(Value::text("region"))]));
}

/// The tokens hash the bstr-wrapped disclosure; the draft's figure shows the bare array's hash.
#[test]
fn digests_are_over_the_bstr_wrapped_disclosure() {
    let Some(dir) = vectors_dir() else { return };
    let sd_cwt = SdCwt::from_bytes(&read(&dir, "issuer_cwt.cbor"), CREDENTIAL_LIMITS).unwrap();
    let first = &sd_cwt.disclosures[0];
    let wrapped: [u8; 32] = Sha256::digest(first.encoded()).into();
    assert_eq!(first.digest(), wrapped);
    assert_eq!(hex::encode(wrapped), "af375dc3fba1d082448642c00be7b2f7bb05c9d8fb61cfc230ddfdfb4616a693");
    let Value::Bytes(bare) = cbor::decode(first.encoded(), CREDENTIAL_LIMITS).unwrap() else { panic!() };
    let figure = read_text(&dir, "first-redacted.edn").replace(char::is_whitespace, "");
    assert!(figure.contains(&hex::encode(Sha256::digest(&bare))), "figure hash = bare array hash");
}

#[test]
fn key_binding_token_parses_verifies_and_discloses_the_chosen_claims() {
    let Some(dir) = vectors_dir() else { return };
    let bytes = read(&dir, "kbt.cbor");
    let kbt = Kbt::from_bytes(&bytes, CREDENTIAL_LIMITS).unwrap();
    assert_eq!(kbt.protected_map().get_int(header::ALG), Some(&Value::int(-7)));
    // Its issuer signature is checked end to end by the_drafts_presentation_verifies_through_the_product_verifier.

    // The key the issuer put in cnf is the holder's key file's.
    let payload = kbt.sd_cwt.payload(CREDENTIAL_LIMITS).unwrap();
    let cnf_key = citizen_wallet::internal::cose::key::key_from_cnf(payload.get_int(claim::CNF).unwrap()).unwrap();
    assert_eq!(cnf_key, holder_key(&dir));

    let kbt_claims = ClaimsSet::from_map(&kbt.payload(CREDENTIAL_LIMITS).unwrap()).unwrap();
    assert_eq!(kbt_claims.aud.as_deref(), Some("https://verifier.example/app"));
    assert_eq!(kbt_claims.iat, Some(1725244237));
    assert_eq!(kbt_claims.cnonce.as_deref().map(hex::encode).as_deref(), Some("8c0f5f523b95bea44a9a48c649240803"));

    let claims = redaction::reconstruct(&payload, &kbt.sd_cwt.disclosures).unwrap();
    assert_eq!(claims.get_int(501), Some(&Value::text("ABCD-123456")));
    assert_eq!(claim_at(&claims, &[Value::int(503), Value::text("region")]), Some(&Value::text("ca")));
    assert_eq!(claim_at(&claims, &[Value::int(503), Value::text("postal_code")]), None);
    assert_eq!(claims.get_int(502).unwrap().as_array().unwrap(), &[Value::int(1549560720), Value::int(1674004740)]);

    // Changing one disclosed value breaks the match with the issuer's digest.
    let mut tampered = kbt.sd_cwt.disclosures.clone();
    let forged_bytes = {
        let mut b = tampered[0].encoded().to_vec();
        let at = b.windows(4).position(|w| w == b"ABCD").unwrap();
        b[at] = b'X';
        b
    };
    tampered[0] = citizen_wallet::internal::cose::Disclosure::parse(&forged_bytes, CREDENTIAL_LIMITS).unwrap();
    assert_eq!(redaction::reconstruct(&payload, &tampered), Err(redaction::RedactionError::UnmatchedDisclosure));
}

#[test]
fn nested_and_decoy_examples_reconstruct() {
    let Some(dir) = vectors_dir() else { return };
    for name in ["nested_issuer_cwt.cbor", "decoy.cbor", "nested_cwt.cbor"] {
        let sd_cwt = SdCwt::from_bytes(&read(&dir, name), CREDENTIAL_LIMITS).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_issuer_signature(&dir, &sd_cwt);
        let payload = sd_cwt.payload(CREDENTIAL_LIMITS).unwrap();
        let claims = redaction::reconstruct(&payload, &sd_cwt.disclosures).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Nothing redacted is left once all disclosures are applied.
        assert_eq!(redaction::count_digests(&claims), 0, "{name}");
        assert!(!format!("{claims:?}").contains("simple(59)"), "{name}");
    }
    let decoy = SdCwt::from_bytes(&read(&dir, "decoy.cbor"), CREDENTIAL_LIMITS).unwrap();
    let kinds: Vec<bool> = decoy
        .disclosures
        .iter()
        .map(|d| matches!(d.kind(), citizen_wallet::internal::cose::DisclosureKind::Decoy))
        .collect();
    assert_eq!(kinds.iter().filter(|d| **d).count(), 2, "two decoys in the example");

    let nested_kbt = Kbt::from_bytes(&read(&dir, "nested_kbt.cbor"), CREDENTIAL_LIMITS).unwrap();
    let payload = nested_kbt.sd_cwt.payload(CREDENTIAL_LIMITS).unwrap();
    redaction::reconstruct(&payload, &nested_kbt.sd_cwt.disclosures).expect("nested disclosures apply in any order");
}

/// The draft's example presentation through the product verifier, end to end: QR text, ES384
/// issuer signature against the trust list, ES256 holder signature with the cnf key, times at the
/// draft's date, audience, nonce, disclosures, replay.
#[test]
fn the_drafts_presentation_verifies_through_the_product_verifier() {
    let Some(dir) = vectors_dir() else { return };
    let qr_text = qr::encode_presentation(&read(&dir, "kbt.cbor"));
    let verifier = draft_verifier(&dir, DRAFT_PRESENTED_AT + 5).with_replay_cache(Arc::new(MemoryReplayCache::new(64)));
    let verified = verifier.verify(&qr_text).expect("the draft's KBT verifies");
    assert_eq!(verified.issuer, DRAFT_ISS);
    assert_eq!(verified.kid, DRAFT_KID);
    assert_eq!(verified.audience, DRAFT_AUDIENCE);
    assert_eq!(verified.presented_at, DRAFT_PRESENTED_AT);
    assert_eq!(verified.nonce.as_deref().map(hex::encode).as_deref(), Some(DRAFT_NONCE));
    assert_eq!(verified.holder_algorithm, Algorithm::Es256);
    assert_eq!(verified.holder_thumbprint, holder_key(&dir).thumbprint());
    // No KBT exp in the example: the counter's maximum lifetime from iat stands in.
    assert_eq!(verified.expires_at, DRAFT_PRESENTED_AT + VerifierPolicy::default().max_ttl_secs);
    // The disclosed claims are outside our vocabulary: reported as others, with the values shown.
    let others = format!("{:?}", verified.other_claims);
    assert!(others.contains("ABCD-123456") && others.contains("region") && others.contains("ca"), "{others}");
    assert!(!others.contains("94188"), "the undisclosed postal code stays hidden: {others}");
    assert!(verified.claims.is_empty());
    // The same QR again is a replay.
    assert!(matches!(verifier.verify(&qr_text), Err(VerifyError::Replayed { .. })));

    // The nested example too.
    let nested = qr::encode_presentation(&read(&dir, "nested_kbt.cbor"));
    let nested_kbt = Kbt::from_bytes(&read(&dir, "nested_kbt.cbor"), CREDENTIAL_LIMITS).unwrap();
    let nested_claims = citizen_wallet::internal::cose::claims_set::ClaimsSet::from_map(
        &nested_kbt.payload(CREDENTIAL_LIMITS).unwrap(),
    )
    .unwrap();
    let policy = VerifierPolicy {
        nonce: nested_claims.cnonce.clone(),
        ..VerifierPolicy::for_audience(nested_claims.aud.as_deref().unwrap())
    };
    let nested_verifier =
        Verifier::new(draft_trust(&dir), policy).with_clock(Arc::new(FixedClock::new(nested_claims.iat.unwrap() + 5)));
    nested_verifier.verify(&nested).expect("the draft's nested KBT verifies");
}

#[test]
fn the_drafts_presentation_is_refused_when_anything_differs() {
    let Some(dir) = vectors_dir() else { return };
    let bytes = read(&dir, "kbt.cbor");
    let qr_text = qr::encode_presentation(&bytes);
    let at = DRAFT_PRESENTED_AT + 5;

    // Wrong audience, wrong nonce, too late.
    let bank = Verifier::new(draft_trust(&dir), VerifierPolicy::for_audience("https://bank.example"))
        .with_clock(Arc::new(FixedClock::new(at)));
    assert!(matches!(bank.verify(&qr_text), Err(VerifyError::WrongAudience { .. })));
    let other_nonce = VerifierPolicy { nonce: Some(vec![1; 16]), ..VerifierPolicy::for_audience(DRAFT_AUDIENCE) };
    let counter = Verifier::new(draft_trust(&dir), other_nonce).with_clock(Arc::new(FixedClock::new(at)));
    assert_eq!(counter.verify(&qr_text), Err(VerifyError::WrongNonce));
    let late = draft_verifier(&dir, DRAFT_PRESENTED_AT + 3600);
    assert!(matches!(late.verify(&qr_text), Err(VerifyError::Expired { .. })));

    // The issuer key under the kid is the holder's P-256 key: alg -35 does not fit it.
    let confused = TrustList::new(vec![TrustedIssuer::new(DRAFT_KID, DRAFT_ISS, None, holder_key(&dir))]).unwrap();
    let verifier =
        Verifier::new(confused, VerifierPolicy::for_audience(DRAFT_AUDIENCE)).with_clock(Arc::new(FixedClock::new(at)));
    assert_eq!(
        verifier.verify(&qr_text),
        Err(VerifyError::Malformed(citizen_wallet::error::FormatError::AlgorithmKeyMismatch {
            alg: -35,
            key_type: "P-256"
        }))
    );

    // One flipped bit in the holder signature.
    let mut forged = bytes.clone();
    *forged.last_mut().unwrap() ^= 1;
    assert_eq!(
        draft_verifier(&dir, at).verify(&qr::encode_presentation(&forged)),
        Err(VerifyError::BadHolderSignature)
    );
    // One flipped bit in the issuer signature (the 96 bytes before the KBT's typ header).
    let kbt = Kbt::from_bytes(&bytes, CREDENTIAL_LIMITS).unwrap();
    let sig = &kbt.sd_cwt.sign1.signature;
    let at_sig = bytes.windows(sig.len()).position(|w| w == &sig[..]).unwrap();
    let mut forged = bytes.clone();
    forged[at_sig] ^= 1;
    assert_eq!(
        draft_verifier(&dir, at).verify(&qr::encode_presentation(&forged)),
        Err(VerifyError::BadIssuerSignature)
    );
}
