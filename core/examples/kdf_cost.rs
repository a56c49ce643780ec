//! Measures Argon2id unlock cost for a grid of parameters on this machine (median of 5 runs each),
//! the input for choosing `KdfParams::DEFAULT` (FORMAT.md "Storage").
//!
//! `cargo run --release -p citizen-wallet --example kdf_cost`

use std::time::Instant;

use citizen_wallet::KdfParams;
use citizen_wallet::wallet::{SoftwareKeyWrapper, Wallet, WalletOptions};

fn main() {
    let dir = std::env::temp_dir().join(format!("kdf-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    println!("memory_mib iterations  median_ms");
    for (memory_mib, iterations) in [(19, 2), (32, 2), (32, 3), (46, 1), (64, 1), (64, 2), (64, 3), (128, 1), (128, 2)]
    {
        let kdf = KdfParams { memory_kib: memory_mib * 1024, iterations, parallelism: 1 };
        let path = dir.join(format!("w-{memory_mib}-{iterations}.db"));
        let wallet = Wallet::create(&path, WalletOptions { kdf, ..WalletOptions::with_pin("123456") }).expect("create");
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let start = Instant::now();
                wallet.unlock(Some("123456")).expect("unlock");
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!("{memory_mib:>10} {iterations:>10} {:>10.1}", times[2]);
        wallet.destroy().expect("destroy");
    }
    // The device wrapper alone costs no KDF: for comparison.
    let path = dir.join("device.db");
    let wrapper = std::sync::Arc::new(SoftwareKeyWrapper::generate());
    let wallet = Wallet::create(&path, WalletOptions::with_key_wrapper(wrapper)).expect("create");
    let start = Instant::now();
    wallet.unlock(None).expect("unlock");
    println!("device key only: {:.3} ms", start.elapsed().as_secs_f64() * 1000.0);
    wallet.destroy().expect("destroy");
    let _ = std::fs::remove_dir(&dir);
}
