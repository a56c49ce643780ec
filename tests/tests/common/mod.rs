//! Shared set-up for the wallet tests: a test issuer, wallets with cheap KDF parameters, raw
//! SQLite access to doctor the file.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use citizen_wallet::wallet::{KdfParams, UnlockDelays, Wallet, WalletOptions};
use citizen_wallet::{DocType, FixedClock, IssueRequest, Issuer, IssuerConfig, IssuerKey, TrustList, demo};

/// The one fixture time of the workspace's tests (deterministic validity and lockout checks).
pub use cwallet_tests::NOW;
pub const PIN: &str = "482915";

pub struct Setup {
    pub dir: tempfile::TempDir,
    pub issuer: Issuer,
    pub trust: TrustList,
    pub clock: Arc<FixedClock>,
}

impl Setup {
    pub fn new() -> Setup {
        let issuer = Issuer::new(IssuerKey::generate("test-1").unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap();
        let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
        Setup { dir: tempfile::tempdir().unwrap(), issuer, trust, clock: Arc::new(FixedClock::new(NOW)) }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// PIN options with test-only KDF cost, no waits, this setup's clock.
    pub fn options(&self, pin: &str) -> WalletOptions {
        WalletOptions {
            kdf: KdfParams::INSECURE_FAST_FOR_TESTS,
            unlock_delays: UnlockDelays::none(),
            clock: self.clock.clone(),
            ..WalletOptions::with_pin(pin)
        }
    }

    pub fn create(&self, name: &str) -> Wallet {
        Wallet::create(self.path(name), self.options(PIN)).unwrap()
    }

    pub fn open(&self, name: &str) -> Wallet {
        Wallet::open_with_clock(self.path(name), None, self.clock.clone()).unwrap()
    }

    /// A credential for `wallet`'s holder key, issued now.
    pub fn issue(&self, wallet: &Wallet, doc_type: DocType) -> Vec<u8> {
        self.issue_for(wallet.holder_public_key().unwrap(), doc_type, None)
    }

    pub fn issue_for(
        &self,
        holder_key: citizen_wallet::PublicKey,
        doc_type: DocType,
        status_index: Option<u64>,
    ) -> Vec<u8> {
        let record = demo::sample_record();
        let request = IssueRequest { record: &record, doc_type, holder_key, status_index };
        self.issuer.issue(&request, NOW).unwrap().to_bytes().to_vec()
    }
}

/// A second connection to the wallet file, as an attacker with the file (or a test) would have.
pub fn raw(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    conn
}

pub fn blob(path: &Path, sql: &str) -> Vec<u8> {
    raw(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

pub fn count(path: &Path, table: &str) -> i64 {
    raw(path).query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}
