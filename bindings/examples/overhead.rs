//! The Rust side of the binding-overhead report: the same `present` and `verify` calls the Kotlin
//! and Python benchmarks make (bindings/test.sh with CW_BENCH=1), made from Rust without the FFI.

use std::time::Instant;

use citizen_wallet_ffi::{DocType, Issuer, Verifier, VerifierPolicy, Wallet, WalletSettings, demo_citizen_record};

const COUNTER: &str = "bank-counter-7";

fn median(n: usize, mut f: impl FnMut()) -> f64 {
    (0..20).for_each(|_| f());
    let mut samples: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[n / 2]
}

fn main() {
    let dir = std::env::temp_dir().join(format!("cw-overhead-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = WalletSettings {
        kdf_memory_kib: 64,
        kdf_iterations: 1,
        unlock_delays: true,
        max_failed_unlocks: None,
        insecure_kdf_for_tests: true,
    };
    let wallet =
        Wallet::create(dir.join("w.db").to_string_lossy().into(), Some("246810".into()), None, settings, None).unwrap();
    let issuer = Issuer::demo();
    let credential = issuer
        .issue(demo_citizen_record(), DocType::Identity, wallet.holder_public_key().unwrap(), None, None)
        .unwrap();
    let id = wallet.import_credential(credential, issuer.trust_list_json()).unwrap();
    let verifier = Verifier::new(
        issuer.trust_list_json(),
        VerifierPolicy {
            audience: Some(COUNTER.into()),
            nonce: None,
            max_ttl_secs: 900,
            clock_skew_secs: 60,
            warn_if_status_list_missing: false,
            warn_if_status_list_expired: false,
            any_audience: false,
            // The benchmark verifies one QR many times (with verify_at, which never uses it anyway).
            replay_protection: false,
        },
    )
    .unwrap();
    let claims = || vec!["full_name".to_owned(), "id_number".to_owned(), "age_over_18".to_owned()];
    let qr = wallet.present(id, claims(), COUNTER.into(), 60, None).unwrap().qr_text;
    let now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let present_us = median(200, || drop(wallet.present(id, claims(), COUNTER.into(), 60, None).unwrap()));
    let verify_us = median(500, || drop(verifier.verify_at(qr.clone(), now()).unwrap()));
    println!("BENCH rust present_us={present_us:.1} verify_us={verify_us:.1}");
    wallet.erase().unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
