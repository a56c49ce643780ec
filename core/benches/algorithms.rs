//! Verify cost per algorithm against raw signature verification in the same run, and the QR size
//! of a 3-claim presentation with an Ed25519 and with an ES256 (hardware) holder key.
//!
//! `cargo bench -p citizen-wallet --bench algorithms -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::sync::Arc;

use citizen_wallet::PublicKey;
use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::holder::PresentationSigner;
use citizen_wallet::internal::cose::sign1;
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::{
    ClaimName, Credential, DocType, FixedClock, IssueRequest, Issuer, IssuerConfig, IssuerKey, PresentError,
    PresentationRequest, TrustList, TrustedIssuer, Verifier, VerifierPolicy, present,
};
use criterion::{Criterion, criterion_group, criterion_main};
use p256::ecdsa::signature::{Signer as _, Verifier as _};

const NOW: i64 = 1_780_272_000;

#[derive(Clone)]
enum Key {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

impl Key {
    fn public(&self) -> PublicKey {
        match self {
            Key::Ed25519(k) => PublicKey::Ed25519(k.verifying_key()),
            Key::P256(k) => PublicKey::P256(*k.verifying_key()),
            Key::P384(k) => PublicKey::P384(*k.verifying_key()),
        }
    }

    fn raw_sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            Key::Ed25519(k) => ed25519_dalek::Signer::sign(k, message).to_bytes().to_vec(),
            Key::P256(k) => {
                let s: p256::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
            Key::P384(k) => {
                let s: p384::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Key::Ed25519(_) => "Ed25519",
            Key::P256(_) => "ES256",
            Key::P384(_) => "ES384",
        }
    }
}

impl PresentationSigner for Key {
    fn public_key(&self) -> PublicKey {
        self.public()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PresentError> {
        Ok(self.raw_sign(message))
    }
}

/// A credential bound to `holder`, whose issuer signature is made by `issuer_key`.
fn credential(issuer_key: &Key, holder: &PublicKey) -> Credential {
    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let issuer = Issuer::new(IssuerKey::from_secret(demo::DEMO_KID, &[1; 32]).unwrap(), config).unwrap();
    let record = demo::sample_record();
    let request =
        IssueRequest { record: &record, doc_type: DocType::Identity, holder_key: *holder, status_index: Some(1) };
    let issued = issuer.issue(&request, NOW).unwrap();
    let mut sign1 = citizen_wallet::internal::sd_cwt(&issued).sign1.clone();
    let alg = issuer_key.public().algorithm().cose_id();
    let mut protected = citizen_wallet::internal::cose::cbor::decode(&sign1.protected, Default::default()).unwrap();
    if let citizen_wallet::internal::cose::cbor::Value::Map(entries) = &mut protected {
        for (k, v) in entries.iter_mut() {
            if *k == citizen_wallet::internal::cose::cbor::Value::int(1) {
                *v = citizen_wallet::internal::cose::cbor::Value::int(alg);
            }
        }
    }
    sign1.protected = protected.to_vec();
    sign1.signature = issuer_key.raw_sign(&sign1::to_be_signed(&sign1.protected, &sign1.payload));
    Credential::from_bytes(&sign1.to_vec()).unwrap()
}

fn benches(c: &mut Criterion) {
    let ed = Key::Ed25519(ed25519_dalek::SigningKey::from_bytes(&[2; 32]));
    let p256 = Key::P256(p256::ecdsa::SigningKey::from_slice(&[2; 32]).unwrap());
    let p384 = Key::P384(p384::ecdsa::SigningKey::from_slice(&[2; 48]).unwrap());
    let ask =
        PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)]);

    // Sizes: the same 3 claims with each holder key type (Ed25519 issuer).
    for holder in [&ed, &p256] {
        let p = present(&credential(&ed, &holder.public()), holder, &ask, NOW + 5).unwrap();
        let version = QrImage::from_text(&p.qr_text, EcLevel::M).unwrap().version();
        println!(
            "SIZE holder {}: KBT {} bytes, QR text {} characters, QR version {version}-M",
            holder.name(),
            p.kbt.len(),
            p.qr_text.len()
        );
    }

    // Raw verification of one signature over a presentation-sized message.
    let message = vec![7u8; 650];
    let mut raw = c.benchmark_group("raw signature verify (650-byte message)");
    for key in [&ed, &p256, &p384] {
        let signature = key.raw_sign(&message);
        let public = key.public();
        match public {
            PublicKey::Ed25519(k) => {
                let sig = ed25519_dalek::Signature::from_slice(&signature).unwrap();
                raw.bench_function(key.name(), |b| b.iter(|| k.verify_strict(black_box(&message), &sig).unwrap()));
            }
            PublicKey::P256(k) => {
                let sig = p256::ecdsa::Signature::from_slice(&signature).unwrap();
                raw.bench_function(key.name(), |b| b.iter(|| k.verify(black_box(&message), &sig).unwrap()));
            }
            PublicKey::P384(k) => {
                let sig = p384::ecdsa::Signature::from_slice(&signature).unwrap();
                raw.bench_function(key.name(), |b| b.iter(|| k.verify(black_box(&message), &sig).unwrap()));
            }
        }
    }
    raw.finish();

    // Full verification (2 signatures + everything else) per issuer / holder algorithm.
    let mut full = c.benchmark_group("verify 3-claim presentation (issuer / holder)");
    for (issuer_key, holder) in [(&ed, &ed), (&ed, &p256), (&p256, &p256), (&p384, &p256)] {
        let presentation = present(&credential(issuer_key, &holder.public()), holder, &ask, NOW + 5).unwrap();
        let trust = TrustList::new(vec![TrustedIssuer::new(demo::DEMO_KID, demo::DEMO_ISS, None, issuer_key.public())])
            .unwrap();
        let verifier = Verifier::new(trust, VerifierPolicy::for_audience(DEMO_AUDIENCE))
            .with_clock(Arc::new(FixedClock::new(NOW + 10)));
        verifier.verify(&presentation.qr_text).unwrap();
        full.bench_function(format!("{} / {}", issuer_key.name(), holder.name()), |b| {
            b.iter(|| verifier.verify(black_box(&presentation.qr_text)).unwrap())
        });
    }
    full.finish();
}

criterion_group!(algorithms, benches);
criterion_main!(algorithms);
