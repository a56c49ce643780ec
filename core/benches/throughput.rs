//! Verification throughput: single vs batch verification of N presentations, with the raw
//! ed25519-dalek strict verify measured in the same run as the baseline.
//!
//! `cargo bench -p citizen-wallet --bench throughput`. Criterion runs on one thread, so its
//! elements per second are verifications per second per core. A presentation carries two
//! signatures (issuer and holder), so its floor with single verification is 2× the raw cost.

use std::hint::black_box;
use std::sync::Arc;

use citizen_wallet::demo::{DEMO_AUDIENCE, DEMO_ISS, sample_record};
use citizen_wallet::{
    ClaimName, DocType, FixedClock, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey, PresentationRequest,
    TrustList, Verifier, VerifierPolicy, present,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ed25519_dalek::{Signer, SigningKey};

const NOW: i64 = 1_790_000_000;

/// N presentations from N different holders (distinct keys, as at a real gate).
fn presentations(n: usize) -> (Verifier, Vec<String>) {
    let issuer = Issuer::new(IssuerKey::from_secret("demo-1", &[7; 32]).unwrap(), IssuerConfig::new(DEMO_ISS)).unwrap();
    let record = sample_record();
    let texts = (0..n)
        .map(|i| {
            let mut seed = [0u8; 32];
            seed[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
            let holder = HolderKey::from_secret(&seed);
            let request = IssueRequest {
                record: &record,
                doc_type: DocType::Identity,
                holder_key: holder.public_key().into(),
                status_index: Some(i as u64),
            };
            let credential = issuer.issue(&request, NOW - 3600).unwrap();
            let ask = PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName, ClaimName::AgeOver(18)]);
            present(&credential, &holder, &ask, NOW).unwrap().qr_text
        })
        .collect();
    let verifier = Verifier::new(
        TrustList::new(vec![issuer.trusted_issuer()]).unwrap(),
        VerifierPolicy::for_audience(DEMO_AUDIENCE),
    )
    .with_clock(Arc::new(FixedClock::new(NOW + 5)));
    (verifier, texts)
}

fn throughput(c: &mut Criterion) {
    // Baseline: one strict Ed25519 verification of a message the size of a KBT's Sig_structure.
    let key = SigningKey::from_bytes(&[1; 32]);
    let message = vec![0x5a; 700];
    let signature = key.sign(&message);
    let public = key.verifying_key();
    let mut raw = c.benchmark_group("raw_ed25519");
    raw.throughput(Throughput::Elements(1));
    raw.bench_function("verify_strict", |b| b.iter(|| public.verify_strict(black_box(&message), &signature).unwrap()));
    raw.finish();

    for n in [16usize, 64, 256] {
        let (verifier, texts) = presentations(n);
        assert!(verifier.verify_batch(&texts).iter().all(Result::is_ok));
        let mut group = c.benchmark_group("presentations");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("single", n), &texts, |b, texts| {
            b.iter(|| {
                for t in texts {
                    black_box(verifier.verify(t).unwrap());
                }
            })
        });
        group.bench_with_input(BenchmarkId::new("batch", n), &texts, |b, texts| {
            b.iter(|| black_box(verifier.verify_batch(texts)))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = throughput
}
criterion_main!(benches);
