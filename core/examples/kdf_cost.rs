//! Measures Argon2id unlock cost for a grid of parameters on this machine (median of 5 runs each),
//! the input for choosing `KdfParams::DEFAULT` (FORMAT.md "Storage").
//!
//! Wall time depends on what else the machine runs; on Linux the thread's own CPU time (from
//! `/proc/thread-self/schedstat`) is printed beside it, which does not.
//!
//! `cargo run --release -p citizen-wallet --example kdf_cost`

use std::time::Instant;

use citizen_wallet::KdfParams;
use citizen_wallet::wallet::{SoftwareKeyWrapper, Wallet, WalletOptions};

fn main() {
    let dir = std::env::temp_dir().join(format!("kdf-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    println!("memory_mib iterations  wall_median_ms  cpu_median_ms");
    for (memory_mib, iterations) in [(19, 2), (32, 2), (32, 3), (46, 1), (64, 1), (64, 2), (64, 3), (128, 1), (128, 2)]
    {
        let kdf = KdfParams { memory_kib: memory_mib * 1024, iterations, parallelism: 1 };
        let path = dir.join(format!("w-{memory_mib}-{iterations}.db"));
        let wallet = Wallet::create(&path, WalletOptions { kdf, ..WalletOptions::with_pin("123456") }).expect("create");
        let (mut wall, mut cpu): (Vec<f64>, Vec<f64>) = (0..5)
            .map(|_| {
                let (start, start_cpu) = (Instant::now(), thread_cpu_ms());
                wallet.unlock(Some("123456")).expect("unlock");
                (
                    start.elapsed().as_secs_f64() * 1000.0,
                    thread_cpu_ms().zip(start_cpu).map_or(f64::NAN, |(b, a)| b - a),
                )
            })
            .unzip();
        wall.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        println!("{memory_mib:>10} {iterations:>10} {:>15.1} {:>14.1}", wall[2], cpu[2]);
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

/// Time this thread has spent on a CPU, in ms (Linux; `None` elsewhere).
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}
