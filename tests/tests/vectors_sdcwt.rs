//! Conformance with the SD-CWT draft's own example tokens (../shared/vectors/sd-cwt-draft):
//! our parser, digest rule, redaction reconstruction and disclosure location must agree with them,
//! and their ES384/ES256 signatures must check over the Sig_structure we build.

use std::fs;
use std::path::Path;

use citizen_wallet::internal::CREDENTIAL_LIMITS;
use citizen_wallet::internal::cose::cbor::{self, Value};
use citizen_wallet::internal::cose::claims_set::ClaimsSet;
use citizen_wallet::internal::cose::redaction::{self, PathStep};
use citizen_wallet::internal::cose::{Kbt, SdCwt, claim, header};
use cwallet_tests::vectors_dir;
use p256::ecdsa::signature::Verifier as _;
use sha2::{Digest, Sha256};

fn read(dir: &Path, name: &str) -> Vec<u8> {
    fs::read(dir.join("sd-cwt-draft").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read_text(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join("sd-cwt-draft").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn issuer_key(dir: &Path) -> p384::ecdsa::VerifyingKey {
    let secret = p384::SecretKey::from_pem(read_text(dir, "issuer_privkey.pem").trim()).unwrap();
    p384::ecdsa::VerifyingKey::from(&secret.public_key())
}

fn holder_key(dir: &Path) -> p256::ecdsa::VerifyingKey {
    let secret = p256::SecretKey::from_pem(read_text(dir, "holder_privkey.pem").trim()).unwrap();
    p256::ecdsa::VerifyingKey::from(&secret.public_key())
}

fn check_issuer_signature(dir: &Path, sd_cwt: &SdCwt) {
    assert_eq!(sd_cwt.alg(), -35, "ES384");
    let sig = p384::ecdsa::Signature::from_slice(&sd_cwt.sign1.signature).unwrap();
    issuer_key(dir).verify(&sd_cwt.sign1.to_be_signed(), &sig).expect("issuer ES384 signature");
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
    check_issuer_signature(&dir, &kbt.sd_cwt);

    // The holder signature is made with the key the issuer put in cnf.
    let holder = holder_key(&dir);
    let payload = kbt.sd_cwt.payload(CREDENTIAL_LIMITS).unwrap();
    let cose_key = payload.get_int(claim::CNF).unwrap().get_int(1).unwrap();
    let point = holder.to_sec1_point(false);
    assert_eq!(cose_key.get_int(-2).unwrap().as_bytes(), point.x().map(|x| x.as_slice()));
    assert_eq!(cose_key.get_int(-3).unwrap().as_bytes(), point.y().map(|y| y.as_slice()));
    let sig = p256::ecdsa::Signature::from_slice(&kbt.sign1.signature).unwrap();
    holder.verify(&kbt.sign1.to_be_signed(), &sig).expect("holder ES256 signature");

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
    let sig = p256::ecdsa::Signature::from_slice(&nested_kbt.sign1.signature).unwrap();
    holder_key(&dir).verify(&nested_kbt.sign1.to_be_signed(), &sig).expect("nested KBT signature");
    let payload = nested_kbt.sd_cwt.payload(CREDENTIAL_LIMITS).unwrap();
    redaction::reconstruct(&payload, &nested_kbt.sd_cwt.disclosures).expect("nested disclosures apply in any order");
}
