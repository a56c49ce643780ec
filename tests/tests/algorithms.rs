//! ES256 / ES384 / Ed25519 across the product verifier: every issuer-key × holder-key combination
//! verifies end to end, every algorithm that does not fit its key is refused before any signature
//! is checked (algorithm confusion), `alg` is read only from the protected header, and a
//! re-encoded (high-S) ECDSA signature is the same presentation to the replay cache.

use std::sync::Arc;

use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::holder::PresentationSigner;
use citizen_wallet::internal::cose::cbor::Value;
use citizen_wallet::internal::cose::sign1::{self, Sign1};
use citizen_wallet::internal::cose::token::kbt_protected_header;
use citizen_wallet::internal::cose::{SdCwt, claim, header};
use citizen_wallet::verifier::{MemoryReplayCache, PRESENTATION_LIMITS};
use citizen_wallet::{Algorithm, PublicKey};
use citizen_wallet::{
    ClaimName, Credential, DocType, FixedClock, FormatError, IssueRequest, Issuer, IssuerConfig, IssuerKey,
    PresentError, PresentationRequest, TrustList, TrustedIssuer, Verifier, VerifierPolicy, VerifyError, present, qr,
};
use cwallet_tests::NOW;
use p256::ecdsa::signature::Signer as _;

/// A test signing key of each accepted type (fixed seeds: the tests are reproducible).
#[derive(Clone)]
enum TestKey {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

impl TestKey {
    fn all(seed: u8) -> [TestKey; 3] {
        [
            TestKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&[seed; 32])),
            TestKey::P256(p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap()),
            TestKey::P384(p384::ecdsa::SigningKey::from_slice(&[seed; 48]).unwrap()),
        ]
    }

    fn public(&self) -> PublicKey {
        match self {
            TestKey::Ed25519(k) => PublicKey::Ed25519(k.verifying_key()),
            TestKey::P256(k) => PublicKey::P256(*k.verifying_key()),
            TestKey::P384(k) => PublicKey::P384(*k.verifying_key()),
        }
    }

    /// A real signature by this key over `message` (fixed-size r‖s for ECDSA).
    fn sign_raw(&self, message: &[u8]) -> Vec<u8> {
        match self {
            TestKey::Ed25519(k) => ed25519_dalek::Signer::sign(k, message).to_bytes().to_vec(),
            TestKey::P256(k) => {
                let s: p256::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
            TestKey::P384(k) => {
                let s: p384::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
        }
    }
}

/// The holder side of the tests: any key type behind the product's `PresentationSigner`.
impl PresentationSigner for TestKey {
    fn public_key(&self) -> PublicKey {
        self.public()
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PresentError> {
        Ok(self.sign_raw(message))
    }
}

const ALGS: [i64; 4] = [-19, -8, -7, -35];

fn own_algs(key: &PublicKey) -> &'static [i64] {
    match key.algorithm() {
        Algorithm::Ed25519 => &[-19, -8],
        Algorithm::Es256 => &[-7],
        Algorithm::Es384 => &[-35],
    }
}

/// A credential bound to `holder`, signed by `issuer_key` with protected `alg`.
fn credential(issuer_key: &TestKey, alg: i64, holder: &PublicKey) -> Credential {
    // The product issuer builds the SD-CWT (Ed25519); the issuer signature is then remade with the
    // test key under `alg`, as an ES256 / ES384 issuer would sign.
    let issuer = Issuer::new(IssuerKey::generate(demo::DEMO_KID).unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap();
    let record = demo::sample_record();
    let request =
        IssueRequest { record: &record, doc_type: DocType::Identity, holder_key: *holder, status_index: None };
    let issued = issuer.issue(&request, NOW).unwrap();
    let sd_cwt = citizen_wallet::internal::sd_cwt(&issued);
    let protected = with_alg(&sd_cwt.sign1.protected, alg);
    let mut sign1 = sd_cwt.sign1.clone();
    sign1.signature = issuer_key.sign_raw(&sign1::to_be_signed(&protected, &sign1.payload));
    sign1.protected = protected;
    Credential::from_bytes(&sign1.to_vec()).unwrap()
}

/// A protected header map with its `alg` replaced (or removed with `None`).
fn with_alg(protected: &[u8], alg: i64) -> Vec<u8> {
    let Value::Map(entries) = citizen_wallet::internal::cose::cbor::decode(protected, PRESENTATION_LIMITS).unwrap()
    else {
        panic!("not a map")
    };
    let entries = entries
        .into_iter()
        .map(|(k, v)| if k == Value::int(header::ALG) { (k, Value::int(alg)) } else { (k, v) })
        .collect();
    Value::Map(entries).to_vec()
}

fn trust(issuer_key: &TestKey) -> TrustList {
    TrustList::new(vec![TrustedIssuer::new(demo::DEMO_KID, demo::DEMO_ISS, None, issuer_key.public())]).unwrap()
}

fn verifier(issuer_key: &TestKey) -> Verifier {
    Verifier::new(trust(issuer_key), VerifierPolicy::for_audience(DEMO_AUDIENCE))
        .with_clock(Arc::new(FixedClock::new(NOW + 10)))
}

fn kbt_payload() -> Vec<u8> {
    Value::Map(vec![
        (Value::int(claim::AUD), Value::text(DEMO_AUDIENCE)),
        (Value::int(claim::EXP), Value::int(NOW + 65)),
        (Value::int(claim::IAT), Value::int(NOW + 5)),
    ])
    .to_vec()
}

/// A KBT over `sd_cwt` with protected `alg`, signed by the holder's real key.
fn kbt(holder: &TestKey, sd_cwt: &SdCwt, alg: i64, unprotected: Vec<(Value, Value)>) -> Sign1 {
    let protected = kbt_protected_header(alg, sd_cwt);
    let payload = kbt_payload();
    let signature = holder.sign_raw(&sign1::to_be_signed(&protected, &payload));
    Sign1 { protected, unprotected, sd_claims: None, payload, signature }
}

fn present_name(credential: &Credential, holder: &TestKey) -> String {
    let request = PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName]);
    present(credential, holder, &request, NOW + 5).unwrap().qr_text
}

#[test]
fn every_issuer_and_holder_key_type_verifies_end_to_end() {
    for issuer_key in TestKey::all(1) {
        for holder in TestKey::all(2) {
            let holder_public = holder.public();
            let issuer_alg = issuer_key.public().algorithm().cose_id();
            let credential = credential(&issuer_key, issuer_alg, &holder_public);
            trust(&issuer_key).check_credential(&credential).expect("the wallet's import check");
            let qr_text = present_name(&credential, &holder);
            let what = format!("issuer {} / holder {}", issuer_key.public().key_type(), holder_public.key_type());
            let verified = verifier(&issuer_key).verify(&qr_text).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(verified.holder_algorithm, holder_public.algorithm(), "{what}");
            assert_eq!(verified.holder_thumbprint, holder_public.thumbprint(), "{what}");
            assert!(verified.claim(ClaimName::FullName).is_some(), "{what}");
            // Batch verification gives the same answer.
            assert_eq!(verifier(&issuer_key).verify_batch(&[&qr_text]), vec![Ok(verified)], "{what}");
        }
    }
}

#[test]
fn an_issuer_alg_that_does_not_fit_the_trusted_key_is_refused() {
    let holder = TestKey::all(2)[0].clone();
    for issuer_key in TestKey::all(1) {
        let public = issuer_key.public();
        for alg in ALGS {
            let credential = credential(&issuer_key, alg, &holder.public());
            let result = verifier(&issuer_key).verify(&present_name(&credential, &holder));
            let what = format!("issuer {} with alg {alg}", public.key_type());
            if own_algs(&public).contains(&alg) {
                assert!(result.is_ok(), "{what}: {result:?}");
            } else {
                assert_eq!(
                    result,
                    Err(VerifyError::Malformed(FormatError::AlgorithmKeyMismatch { alg, key_type: public.key_type() })),
                    "{what}"
                );
                assert!(trust(&issuer_key).check_credential(&credential).is_err(), "{what}: import check");
            }
        }
    }
}

#[test]
fn a_holder_alg_that_does_not_fit_the_cnf_key_is_refused() {
    let issuer_key = TestKey::all(1)[0].clone();
    for holder in TestKey::all(2) {
        let public = holder.public();
        let credential = credential(&issuer_key, -19, &public);
        for alg in ALGS {
            let token = kbt(&holder, citizen_wallet::internal::sd_cwt(&credential), alg, vec![]);
            let result = verifier(&issuer_key).verify(&qr::encode_presentation(&token.to_vec()));
            let what = format!("holder {} with alg {alg}", public.key_type());
            if own_algs(&public).contains(&alg) {
                assert!(result.is_ok(), "{what}: {result:?}");
            } else {
                assert_eq!(
                    result,
                    Err(VerifyError::Malformed(FormatError::AlgorithmKeyMismatch { alg, key_type: public.key_type() })),
                    "{what}"
                );
            }
        }
    }
}

/// A signature made by a key of another type, under that key's own alg, against a cnf key of the
/// claimed type: never accepted (the alg names the cnf key's algorithm or it is refused; the bytes
/// then do not verify).
#[test]
fn a_signature_by_another_key_type_never_verifies() {
    let issuer_key = TestKey::all(1)[0].clone();
    for bound in TestKey::all(2) {
        let credential = credential(&issuer_key, -19, &bound.public());
        for signer in TestKey::all(3) {
            for alg in ALGS {
                let token = kbt(&signer, citizen_wallet::internal::sd_cwt(&credential), alg, vec![]);
                let result = verifier(&issuer_key).verify(&qr::encode_presentation(&token.to_vec()));
                assert!(
                    result.is_err(),
                    "{} key signing for a {} cnf under {alg}",
                    signer.public().key_type(),
                    bound.public().key_type()
                );
            }
        }
    }
}

#[test]
fn alg_is_read_only_from_the_protected_header() {
    let issuer_key = TestKey::all(1)[0].clone();
    let holder = TestKey::all(2)[1].clone(); // P-256
    let credential = credential(&issuer_key, -19, &holder.public());
    // An unprotected alg is ignored: the protected -7 decides.
    let token = kbt(
        &holder,
        citizen_wallet::internal::sd_cwt(&credential),
        -7,
        vec![(Value::int(header::ALG), Value::int(-19))],
    );
    assert!(verifier(&issuer_key).verify(&qr::encode_presentation(&token.to_vec())).is_ok());
    // A protected header without alg is malformed even with an unprotected one.
    let mut token = kbt(
        &holder,
        citizen_wallet::internal::sd_cwt(&credential),
        -7,
        vec![(Value::int(header::ALG), Value::int(-7))],
    );
    let Value::Map(entries) =
        citizen_wallet::internal::cose::cbor::decode(&token.protected, PRESENTATION_LIMITS).unwrap()
    else {
        panic!()
    };
    let without: Vec<_> = entries.into_iter().filter(|(k, _)| *k != Value::int(header::ALG)).collect();
    token.protected = Value::Map(without).to_vec();
    token.signature = holder.sign_raw(&sign1::to_be_signed(&token.protected, &token.payload));
    let result = verifier(&issuer_key).verify(&qr::encode_presentation(&token.to_vec()));
    assert!(matches!(result, Err(VerifyError::Malformed(_))), "{result:?}");
}

/// (r, s) → (r, n − s): the other valid ECDSA signature of the same message.
fn high_s(holder: &TestKey, signature: &[u8]) -> Vec<u8> {
    match holder {
        TestKey::P256(_) => {
            let sig = p256::ecdsa::Signature::from_slice(signature).unwrap();
            p256::ecdsa::Signature::from_scalars(sig.r().to_bytes(), (-*sig.s()).to_bytes())
                .unwrap()
                .to_bytes()
                .to_vec()
        }
        TestKey::P384(_) => {
            let sig = p384::ecdsa::Signature::from_slice(signature).unwrap();
            p384::ecdsa::Signature::from_scalars(sig.r().to_bytes(), (-*sig.s()).to_bytes())
                .unwrap()
                .to_bytes()
                .to_vec()
        }
        TestKey::Ed25519(_) => unreachable!(),
    }
}

#[test]
fn a_reencoded_ecdsa_signature_is_the_same_presentation_to_the_replay_cache() {
    let issuer_key = TestKey::all(1)[0].clone();
    for holder in TestKey::all(2).into_iter().skip(1) {
        let credential = credential(&issuer_key, -19, &holder.public());
        let token =
            kbt(&holder, citizen_wallet::internal::sd_cwt(&credential), holder.public().algorithm().cose_id(), vec![]);
        let mut twin = token.clone();
        twin.signature = high_s(&holder, &token.signature);
        assert_ne!(twin.signature, token.signature);

        // Each verifies on its own (low S is not required)...
        let fresh = || verifier(&issuer_key).with_replay_cache(Arc::new(MemoryReplayCache::new(64)));
        let (a, b) = (qr::encode_presentation(&token.to_vec()), qr::encode_presentation(&twin.to_vec()));
        assert!(fresh().verify(&b).is_ok(), "high S verifies");
        // ...and has the same id, so once one is accepted the other is a replay, in either order.
        for (first, second) in [(&a, &b), (&b, &a)] {
            let counter = fresh();
            let accepted = counter.verify(first).unwrap();
            assert!(
                matches!(counter.verify(second), Err(VerifyError::Replayed { .. })),
                "{}: the twin signature must be a replay",
                holder.public().key_type()
            );
            assert_eq!(fresh().verify(second).unwrap().presentation_id, accepted.presentation_id);
        }
        // Something in the unsigned unprotected header changes nothing either.
        let mut padded = token.clone();
        padded.unprotected.push((Value::int(99), Value::text("x")));
        let counter = fresh();
        counter.verify(&a).unwrap();
        assert!(matches!(
            counter.verify(&qr::encode_presentation(&padded.to_vec())),
            Err(VerifyError::Replayed { .. })
        ));
    }
}

#[test]
fn der_and_wrong_size_ecdsa_signatures_are_refused() {
    let issuer_key = TestKey::all(1)[0].clone();
    let holder = TestKey::all(2)[1].clone();
    let credential = credential(&issuer_key, -19, &holder.public());
    let token = kbt(&holder, citizen_wallet::internal::sd_cwt(&credential), -7, vec![]);
    let der = p256::ecdsa::Signature::from_slice(&token.signature).unwrap().to_der().as_bytes().to_vec();
    for signature in [der, token.signature[..63].to_vec(), [&token.signature[..], &[0]].concat(), vec![0; 64]] {
        let mut bad = token.clone();
        bad.signature = signature;
        assert_eq!(
            verifier(&issuer_key).verify(&qr::encode_presentation(&bad.to_vec())),
            Err(VerifyError::BadHolderSignature)
        );
    }
}

#[test]
fn a_platform_signer_with_the_wrong_key_or_der_output_is_handled_on_the_phone() {
    /// Signs with one key while claiming another, or answers in DER.
    struct Odd {
        claims: TestKey,
        signs_with: TestKey,
        der: bool,
    }
    impl PresentationSigner for Odd {
        fn public_key(&self) -> PublicKey {
            self.claims.public()
        }
        fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PresentError> {
            let raw = self.signs_with.sign_raw(message);
            Ok(if self.der {
                p256::ecdsa::Signature::from_slice(&raw).unwrap().to_der().as_bytes().to_vec()
            } else {
                raw
            })
        }
    }
    let issuer_key = TestKey::all(1)[0].clone();
    let holder = TestKey::all(2)[1].clone();
    let credential = credential(&issuer_key, -19, &holder.public());
    let request = PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName]);
    // DER from the platform becomes r‖s, and verifies at the counter.
    let der = Odd { claims: holder.clone(), signs_with: holder.clone(), der: true };
    let p = present(&credential, &der, &request, NOW + 5).unwrap();
    assert!(verifier(&issuer_key).verify(&p.qr_text).is_ok());
    // A hardware key that is not the bound one fails before anything is shown.
    let wrong = Odd { claims: holder.clone(), signs_with: TestKey::all(9)[1].clone(), der: false };
    assert_eq!(
        present(&credential, &wrong, &request, NOW + 5),
        Err(PresentError::Signer(citizen_wallet::error::SignerError::BadSignature))
    );
}
