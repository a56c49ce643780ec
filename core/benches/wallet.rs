//! The encrypted wallet: unlock (and, separately, the Argon2id it spends most of its time in),
//! import, list, load + decrypt one credential, present from the wallet.
//!
//! `cargo bench -p citizen-wallet --bench wallet`

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use citizen_wallet::wallet::{KdfParams, SoftwareKeyWrapper, Wallet, WalletOptions};
use citizen_wallet::{
    ClaimName, Clock, DocType, IssueRequest, Issuer, IssuerConfig, IssuerKey, SystemClock, TrustList, demo,
};
use criterion::{Criterion, criterion_group, criterion_main};

const PIN: &str = "482915";

struct Fixture {
    _dir: tempfile::TempDir,
    wallet: Wallet,
    issuer: Issuer,
    trust: TrustList,
}

impl Fixture {
    fn new(options: WalletOptions) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let wallet = Wallet::create(dir.path().join("bench.db"), options).unwrap();
        let issuer = Issuer::new(IssuerKey::generate("bench-1").unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap();
        let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
        let fixture = Fixture { _dir: dir, wallet, issuer, trust };
        // A realistic wallet: an ID card and a residence card.
        for doc_type in [DocType::Identity, DocType::Residence] {
            let bytes = fixture.issue(doc_type, None);
            fixture.wallet.import_credential(&bytes, &fixture.trust).unwrap();
        }
        fixture
    }

    fn issue(&self, doc_type: DocType, status_index: Option<u64>) -> Vec<u8> {
        let record = demo::sample_record();
        let holder_key = self.wallet.holder_public_key().unwrap();
        let request = IssueRequest { record: &record, doc_type, holder_key, status_index };
        self.issuer.issue(&request, SystemClock.now()).unwrap().to_bytes().to_vec()
    }
}

fn unlock(c: &mut Criterion) {
    let mut group = c.benchmark_group("wallet_unlock");
    group.sample_size(10).measurement_time(Duration::from_secs(8));

    let kdf = KdfParams::DEFAULT;
    group.bench_function("argon2id_default_kdf_alone", |b| {
        let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32)).unwrap();
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        b.iter(|| {
            let mut out = [0u8; 32];
            argon2.hash_password_into(black_box(PIN.as_bytes()), &[7u8; 16], &mut out).unwrap();
            out
        });
    });

    let pin_wallet = Fixture::new(WalletOptions::with_pin(PIN));
    group.bench_function("unlock_pin_default_kdf", |b| {
        b.iter(|| {
            pin_wallet.wallet.lock();
            pin_wallet.wallet.unlock(Some(black_box(PIN))).unwrap();
        });
    });

    let device = Fixture::new(WalletOptions::with_key_wrapper(Arc::new(SoftwareKeyWrapper::generate())));
    group.bench_function("unlock_device_key_only", |b| {
        b.iter(|| {
            device.wallet.lock();
            device.wallet.unlock(None).unwrap();
        });
    });
    group.finish();
}

fn operations(c: &mut Criterion) {
    let f = Fixture::new(WalletOptions { kdf: KdfParams::INSECURE_FAST_FOR_TESTS, ..WalletOptions::with_pin(PIN) });
    let identity = f.wallet.list_credentials().unwrap()[0].id;
    let mut group = c.benchmark_group("wallet");

    // Each iteration imports a new credential (issued outside the timing) and deletes it again
    // afterwards, so the wallet keeps its two cards and every import does the same work.
    let mut index = 0;
    group.bench_function("import", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                index += 1;
                let bytes = f.issue(DocType::Residence, Some(index));
                let start = Instant::now();
                let id = f.wallet.import_credential(black_box(&bytes), &f.trust).unwrap();
                total += start.elapsed();
                f.wallet.delete_credential(id).unwrap();
            }
            total
        });
    });

    group.bench_function("list_two_credentials", |b| b.iter(|| f.wallet.list_credentials().unwrap()));

    group.bench_function("load_and_decrypt_one_credential", |b| {
        b.iter(|| f.wallet.get_credential(black_box(identity)).unwrap())
    });

    let disclose = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)];
    group.bench_function("present_three_claims_and_log", |b| {
        b.iter(|| f.wallet.present(black_box(identity), &disclose, "bench-counter", 60, None).unwrap());
    });
    group.finish();
}

criterion_group!(benches, unlock, operations);
criterion_main!(benches);
