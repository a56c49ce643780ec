//! National-scale revocation: a Token Status List for 10^8 credentials with 1 % revoked at random.
//! Measures the issuer's publish time (set entries, compress, sign), the token size, and the
//! counter's load time (parse, verify, inflate), memory and per-check time; then the same for the
//! sharded layout FORMAT.md recommends (2^24 entries per list).
//!
//! `cargo run --release -p citizen-wallet --example status_scale [-- entries revoked_per_mille bits]`
//! Figures are medians of a few runs on this machine; docs/status-lists-at-scale.md records them.

use std::time::Instant;

use citizen_wallet::TrustList;
use citizen_wallet::issuer::{Issuer, IssuerConfig, IssuerKey};
use citizen_wallet::status::{MAX_LIST_BYTES, StatusList, StatusStore};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Peak resident memory of this process so far, in MiB (Linux).
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}

/// splitmix64: reproducible, uniform enough for picking indices (not for keys).
struct Indices(u64);

impl Indices {
    fn new(seed: u64) -> Indices {
        Indices(seed)
    }
}

fn random_below(rng: &mut Indices, n: u64) -> u64 {
    rng.0 = rng.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = rng.0;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) % n
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let entries: u64 = args.get(1).map_or(100_000_000, |a| a.parse().expect("entries"));
    let per_mille: u64 = args.get(2).map_or(10, |a| a.parse().expect("revoked per mille"));
    let bits: u8 = args.get(3).map_or(1, |a| a.parse().expect("bits"));
    println!("entries {entries}, revoked {} %, {bits} bit(s) per entry", per_mille as f64 / 10.0);

    let per_byte = 8 / bits as u64;
    if entries.div_ceil(per_byte) > MAX_LIST_BYTES as u64 {
        println!(
            "does not fit one list: {} bytes inflated > MAX_LIST_BYTES {} ({} entries at most at {bits} bit(s))",
            entries.div_ceil(per_byte),
            MAX_LIST_BYTES,
            MAX_LIST_BYTES as u64 * per_byte
        );
        return;
    }
    let mut config = IssuerConfig::new("https://id.example.vn");
    config.status_list_uri = Some("https://id.example.vn/status/1".into());
    let issuer = Issuer::new(IssuerKey::from_secret("k1", &[1; 32]).unwrap(), config).unwrap();
    let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
    let now = 1_780_272_000;

    // Publish: fill the list (1 % at random indices), then compress and sign, three times.
    let revoked = entries * per_mille / 1000;
    let mut set_times = Vec::new();
    let mut sign_times = Vec::new();
    let mut token = Vec::new();
    let mut list = StatusList::new(bits, entries as usize).unwrap();
    for run in 0..3 {
        let mut rng = Indices::new(run);
        let started = Instant::now();
        list = StatusList::new(bits, entries as usize).unwrap();
        for _ in 0..revoked {
            list.set(random_below(&mut rng, entries), 1).unwrap();
        }
        set_times.push(started.elapsed().as_secs_f64());
        let started = Instant::now();
        token = issuer.sign_status_list(&list, now, 86_400, Some(3_600)).unwrap();
        sign_times.push(started.elapsed().as_secs_f64());
    }
    println!(
        "issuer: set {revoked} entries {:.2} s; compress + sign {:.2} s (medians of 3)",
        median(set_times),
        median(sign_times)
    );
    println!(
        "token: {} bytes ({:.2} MiB; inflated list {:.2} MiB; {:.2} bits per revoked credential)",
        token.len(),
        token.len() as f64 / 1048576.0,
        list.as_bytes().len() as f64 / 1048576.0,
        token.len() as f64 * 8.0 / revoked as f64
    );
    drop(list);

    // Counter: load (parse, verify the signature, inflate) into a store, five times.
    let before = peak_rss_mib();
    let mut load_times = Vec::new();
    let mut store = StatusStore::new(trust.clone());
    for _ in 0..5 {
        store = StatusStore::new(trust.clone());
        let started = Instant::now();
        store.insert(&token).unwrap();
        load_times.push(started.elapsed().as_secs_f64());
    }
    println!(
        "counter: load {:.3} s (median of 5); peak RSS {:.1} MiB (before loading {:.1} MiB)",
        median(load_times),
        peak_rss_mib(),
        before
    );

    // Per-check lookups: a million random indices.
    let held = store.get("https://id.example.vn", "https://id.example.vn/status/1").unwrap();
    let mut rng = Indices::new(99);
    let indices: Vec<u64> = (0..1_000_000).map(|_| random_below(&mut rng, entries)).collect();
    let mut lookup_times = Vec::new();
    let mut revoked_seen = 0u64;
    for _ in 0..5 {
        let started = Instant::now();
        for &i in &indices {
            revoked_seen += u64::from(held.claims.list.get(i) == Some(1));
        }
        lookup_times.push(started.elapsed().as_secs_f64() * 1e9 / indices.len() as f64);
    }
    println!(
        "counter: one status lookup {:.1} ns (median of 5 x 10^6); {:.2} % of looked-up entries revoked",
        median(lookup_times),
        revoked_seen as f64 / 5e6 * 100.0
    );
}
