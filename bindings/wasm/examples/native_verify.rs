//! The native baseline for docs/counter-web.md: median time of `Verifier::verify` on one QR,
//! with the same signed trust bundle, status list and policy the WebAssembly build is measured with
//! (scripts/bench-web.sh). `cargo run --release -p citizen-wallet-wasm --example native_verify --
//! ANCHOR.json TRUST.cwt STATUS.cwt QR.txt AUDIENCE ITERATIONS`.

use std::sync::Arc;
use std::time::Instant;

use citizen_wallet::status::StatusStore;
use citizen_wallet::{ExpiryPolicy, TrustAnchor, TrustBundle, Verifier, VerifierPolicy};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [anchor, bundle, status, qr, audience, iterations] = &args[..] else {
        eprintln!("usage: native_verify ANCHOR.json TRUST.cwt STATUS.cwt QR.txt AUDIENCE ITERATIONS");
        std::process::exit(2);
    };
    let anchor = TrustAnchor::from_json(&std::fs::read_to_string(anchor).expect("anchor")).expect("anchor");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64;
    let held = TrustBundle::verify(&std::fs::read(bundle).expect("bundle"), &[anchor], now, ExpiryPolicy::Reject)
        .expect("the bundle verifies");
    let store = StatusStore::new(held.bundle.issuers.clone());
    store.insert(&std::fs::read(status).expect("status list")).expect("status list");
    let verifier = Verifier::from_bundle(&held, VerifierPolicy::for_audience(audience), ExpiryPolicy::Reject)
        .with_status_store(Arc::new(store));
    let qr = std::fs::read_to_string(qr).expect("QR text");
    let iterations: usize = iterations.parse().expect("iterations");
    // Warm-up, as on the WebAssembly side (caches, and V8's optimising tier there).
    for _ in 0..30 {
        verifier.verify(&qr).expect("the QR verifies");
    }
    let mut times: Vec<f64> = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(verifier.verify(std::hint::black_box(&qr)).expect("verifies"));
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("{:.1}", times[times.len() / 2]);
}
