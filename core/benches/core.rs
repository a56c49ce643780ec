//! Criterion benchmarks of the main operations, with the raw Ed25519 cost as the baseline in the
//! same run: verify should stay within 2x the two signature checks it contains.

use std::hint::black_box;
use std::sync::Arc;

use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::internal::SeededRandom;
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::{
    ClaimName, DocType, FixedClock, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey, PresentationRequest,
    TrustList, Verifier, VerifierPolicy, present,
};
use criterion::{Criterion, criterion_group, criterion_main};
use ed25519_dalek::Signer;

const NOW: i64 = 1_780_272_000;

fn benches(c: &mut Criterion) {
    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let issuer = Issuer::new(IssuerKey::generate(demo::DEMO_KID).unwrap(), config).unwrap();
    let holder = HolderKey::generate();
    let record = demo::sample_record();
    let request = IssueRequest {
        record: &record,
        doc_type: DocType::Identity,
        holder_key: holder.public_key().into(),
        status_index: Some(1),
    };
    let credential = issuer.issue(&request, NOW).unwrap();
    let ask =
        PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)]);
    let presentation = present(&credential, &holder, &ask, NOW + 5).unwrap();
    let verifier = Verifier::new(
        TrustList::new(vec![issuer.trusted_issuer()]).unwrap(),
        VerifierPolicy::for_audience(DEMO_AUDIENCE),
    )
    .with_clock(Arc::new(FixedClock::new(NOW + 10)));

    c.bench_function("issue identity credential", |b| {
        let mut salts = SeededRandom::new(b"bench");
        b.iter(|| citizen_wallet::internal::issue_with(&issuer, black_box(&request), NOW, &mut salts).unwrap())
    });
    c.bench_function("present 3 claims (build + sign + Base45)", |b| {
        b.iter(|| present(black_box(&credential), &holder, &ask, NOW + 5).unwrap())
    });
    // The QR matrix: the encoder in use (fast_qr) against the previous one (qrcode, the same single
    // alphanumeric segment built bit by bit), and what a phone does on every refresh: present + matrix.
    c.bench_function("render QR matrix (3 claims, ECC M)", |b| {
        b.iter(|| QrImage::from_text(black_box(&presentation.qr_text), EcLevel::M).unwrap())
    });
    c.bench_function("render QR matrix with the qrcode crate (previous encoder)", |b| {
        b.iter(|| qrcode_crate_matrix(black_box(&presentation.qr_text)))
    });
    c.bench_function("present 3 claims + QR matrix", |b| {
        b.iter(|| {
            let p = present(black_box(&credential), &holder, &ask, NOW + 5).unwrap();
            QrImage::from_text(&p.qr_text, EcLevel::M).unwrap().modules()
        })
    });
    c.bench_function("verify 3-claim presentation", |b| {
        b.iter(|| verifier.verify(black_box(&presentation.qr_text)).unwrap())
    });

    // Baseline: the two strict Ed25519 verifications a presentation needs, on messages of its size.
    let (issuer_raw, holder_raw) =
        (ed25519_dalek::SigningKey::from_bytes(&[1; 32]), ed25519_dalek::SigningKey::from_bytes(&[2; 32]));
    let message = presentation.kbt.clone();
    let (s1, s2) = (issuer_raw.sign(&message[..500]), holder_raw.sign(&message));
    let (p1, p2) = (issuer_raw.verifying_key(), holder_raw.verifying_key());
    c.bench_function("baseline: 2 x ed25519 verify_strict", |b| {
        b.iter(|| {
            p1.verify_strict(black_box(&message[..500]), &s1).unwrap();
            p2.verify_strict(black_box(&message), &s2).unwrap();
        })
    });
}

/// The previous encoder's path: smallest version that holds one alphanumeric segment, then the code.
fn qrcode_crate_matrix(text: &str) -> qrcode::QrCode {
    for v in 1..=40 {
        let mut bits = qrcode::bits::Bits::new(qrcode::Version::Normal(v));
        if bits.push_alphanumeric_data(text.as_bytes()).is_ok() && bits.push_terminator(qrcode::EcLevel::M).is_ok() {
            return qrcode::QrCode::with_bits(bits, qrcode::EcLevel::M).unwrap();
        }
    }
    unreachable!("a presentation fits in a QR code")
}

criterion_group!(core, benches);
criterion_main!(core);
