//! Test helper for `tests/wallet_crash.rs`: a process the test kills with SIGKILL at random moments.
//!
//! `wallet_crash_child import DB ISSUER_SECRET_HEX PIN`: opens and unlocks the wallet, prints `ready`, then imports
//! freshly issued credentials forever, printing `committed ID HEX end` after each import returns.
//! `wallet_crash_child unlock DB PIN`: prints `attempting`, unlocks (slowly), prints `unlocked`.

use std::io::Write;
use std::sync::Arc;

use citizen_wallet::wallet::Wallet;
use citizen_wallet::{DocType, IssueRequest, Issuer, IssuerConfig, IssuerKey, SystemClock, TrustList, demo};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut out = std::io::stdout().lock();
    match args.get(1).map(String::as_str) {
        Some("import") => {
            let (db, secret, pin) = (&args[2], &args[3], &args[4]);
            let secret: [u8; 32] = hex::decode(secret).expect("hex").try_into().expect("32 bytes");
            let key = IssuerKey::from_secret("crash-1", &secret).expect("issuer key");
            let issuer = Issuer::new(key, IssuerConfig::new(demo::DEMO_ISS)).expect("issuer");
            let trust = TrustList::new(vec![issuer.trusted_issuer()]).expect("trust list");
            let wallet = Wallet::open_with_clock(db, None, Arc::new(SystemClock)).expect("open");
            wallet.unlock(Some(pin)).expect("unlock");
            let holder_key = wallet.holder_public_key().expect("holder key");
            writeln!(out, "ready").and_then(|()| out.flush()).expect("stdout");
            let record = demo::sample_record();
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
            for n in 0u64.. {
                // A distinct status index per credential makes every import a new row.
                let index = u64::from(std::process::id()) << 20 | n;
                let request = IssueRequest {
                    record: &record,
                    doc_type: DocType::Identity,
                    holder_key,
                    status_index: Some(index),
                };
                let credential = issuer.issue(&request, now).expect("issue");
                let id = wallet.import_credential(credential.to_bytes(), &trust).expect("import");
                // "end" marks a whole line: the kill may cut a line short.
                writeln!(out, "committed {id} {} end", hex::encode(credential.to_bytes())).expect("stdout");
                out.flush().expect("stdout");
            }
        }
        Some("unlock") => {
            let wallet = Wallet::open(&args[2], None).expect("open");
            writeln!(out, "attempting").and_then(|()| out.flush()).expect("stdout");
            wallet.unlock(Some(&args[3])).expect("unlock");
            writeln!(out, "unlocked").and_then(|()| out.flush()).expect("stdout");
        }
        _ => {
            eprintln!("usage: wallet_crash_child import DB ISSUER_SECRET_HEX PIN | unlock DB PIN");
            std::process::exit(2);
        }
    }
}
