//! Regression tests for the security review (issue 10) findings that live in the bindings facade.

use std::sync::Arc;

use citizen_wallet_ffi::{
    DocType, Issuer, Verifier, VerifierPolicy, VerifyError, Wallet, WalletSettings, demo_citizen_record,
};

const COUNTER: &str = "bank-counter-7";
const PIN: &str = "246810";

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

struct World {
    _dir: tempfile::TempDir,
    issuer: Arc<Issuer>,
    wallet: Arc<Wallet>,
    credential: i64,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let settings = WalletSettings {
        kdf_memory_kib: 64,
        kdf_iterations: 1,
        unlock_delays: false,
        max_failed_unlocks: None,
        insecure_kdf_for_tests: true,
    };
    let path = dir.path().join("w.db").to_string_lossy().into_owned();
    let wallet = Wallet::create(path, Some(PIN.into()), None, settings, None).unwrap();
    let issuer = Issuer::demo();
    let credential = issuer
        .issue(demo_citizen_record(), DocType::Identity, wallet.holder_public_key().unwrap(), None, None)
        .unwrap();
    let credential = wallet.import_credential(credential, issuer.trust_list_json()).unwrap();
    World { _dir: dir, issuer, wallet, credential }
}

fn policy(audience: Option<&str>) -> VerifierPolicy {
    VerifierPolicy {
        audience: audience.map(str::to_owned),
        nonce: None,
        max_ttl_secs: 900,
        clock_skew_secs: 60,
        warn_if_status_list_missing: false,
        warn_if_status_list_expired: false,
        any_audience: false,
        replay_protection: true,
    }
}

impl World {
    /// A presentation of `claim` (different claims give different QRs within one second).
    fn qr(&self, claim: &str, ttl_secs: u64) -> String {
        self.wallet.present(self.credential, vec![claim.into()], COUNTER.into(), ttl_secs, None).unwrap().qr_text
    }
}

/// Finding 8: `verify_at` (checking at another time) must never read, record or prune the live
/// replay memory.
#[test]
fn verify_at_never_touches_the_live_replay_cache() {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    let verifier = Verifier::new(w.issuer.trust_list_json(), policy(Some(COUNTER))).unwrap();
    let db = dir.path().join("replay.db").to_string_lossy().into_owned();
    verifier.enable_replay_protection(Some(db)).unwrap();

    // Checked at another time first: the live memory must not learn this QR from it.
    let fresh = w.qr("full_name", 60);
    verifier.verify_at(fresh.clone(), now()).expect("valid at now");
    verifier.verify(fresh.clone()).expect("verify_at recorded nothing, so the first real scan passes");

    // Seen for real, then a long-lived QR checked 800 s ahead (which pruned the memory as of then).
    let seen = w.qr("id_number", 60);
    verifier.verify(seen.clone()).expect("first scan");
    let long = w.qr("age_over_18", 900);
    verifier.verify_at(long, now() + 800).expect("valid 800 s ahead");
    match verifier.verify(seen) {
        Err(VerifyError::Replayed { .. }) => {}
        other => panic!("a QR seen before must still be a replay after verify_at: {other:?}"),
    }
}

/// Finding 9: a counter set up the way a new developer would (its audience, defaults otherwise)
/// refuses the same QR twice, and a counter cannot be made without an audience by accident.
#[test]
fn counter_defaults_require_an_audience_and_remember_presentations() {
    let w = world();
    let verifier = Verifier::new(w.issuer.trust_list_json(), policy(Some(COUNTER))).unwrap();
    let qr = w.qr("full_name", 60);
    verifier.verify(qr.clone()).expect("first scan");
    match verifier.verify(qr) {
        Err(VerifyError::Replayed { .. }) => {}
        other => panic!("a screenshot shown twice must be refused by default: {other:?}"),
    }
    // No audience, no explicit opt-out: a configuration error, not an any-audience counter.
    match Verifier::new(w.issuer.trust_list_json(), policy(None)) {
        Err(VerifyError::Configuration { .. }) => {}
        other => panic!("a counter without an audience must be refused: {:?}", other.map(|_| ())),
    }
}

/// Finding 12: a PNG's module size is bounded (a huge `module_px` would allocate gigabytes).
#[test]
fn qr_png_module_size_is_bounded() {
    let text = "CW1:ABC".to_owned();
    assert!(citizen_wallet_ffi::qr_png(text.clone(), 8).is_ok());
    assert!(citizen_wallet_ffi::qr_png(text.clone(), 300).is_err(), "300 px per module accepted");
    assert!(citizen_wallet_ffi::qr_png(text, 0).is_err(), "0 px per module accepted");
}

/// Finding 12: the bindings refuse an Argon2id memory setting far below the production floor,
/// unless a test explicitly asks for the insecure fast setting.
#[test]
fn bindings_refuse_a_toy_argon2_memory_setting() {
    let dir = tempfile::tempdir().unwrap();
    let settings = WalletSettings {
        kdf_memory_kib: 8,
        kdf_iterations: 1,
        unlock_delays: true,
        max_failed_unlocks: Some(10),
        insecure_kdf_for_tests: false,
    };
    let path = dir.path().join("w.db").to_string_lossy().into_owned();
    match Wallet::create(path, Some(PIN.into()), None, settings, None) {
        Err(citizen_wallet_ffi::WalletError::InvalidSettings { .. }) => {}
        other => panic!("an 8 KiB Argon2id setting must be refused: {:?}", other.map(|_| ())),
    }
}
