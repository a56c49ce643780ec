//! Wallet tests that need the inside: the v1 → current migration, and that no secret (data key,
//! holder key, PIN, KEK) or personal value is ever written in clear. The behaviour seen through the
//! public API is tested in `tests/tests/wallet*.rs`.

use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::claims::ClaimName;
use crate::clock::FixedClock;
use crate::demo;
use crate::issuer::{IssueRequest, Issuer, IssuerConfig, IssuerKey};

const NOW: i64 = 1_790_000_000;

fn options(pin: &str) -> WalletOptions {
    WalletOptions {
        kdf: KdfParams::INSECURE_FAST_FOR_TESTS,
        clock: Arc::new(FixedClock::new(NOW)),
        ..WalletOptions::with_pin(pin)
    }
}

fn issuer() -> Issuer {
    Issuer::new(IssuerKey::generate("test-1").unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap()
}

fn issue(issuer: &Issuer, wallet: &Wallet, doc_type: DocType) -> Vec<u8> {
    let record = demo::sample_record();
    let request =
        IssueRequest { record: &record, doc_type, holder_key: wallet.holder_public_key().unwrap(), status_index: None };
    issuer.issue(&request, NOW).unwrap().to_bytes().to_vec()
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn tables(path: &Path) -> Vec<String> {
    let conn = raw(path);
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

fn user_version(path: &Path) -> u32 {
    raw(path).pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

#[test]
fn a_schema_1_file_migrates_to_the_current_schema() {
    assert_eq!(SCHEMA_VERSION, 6, "add a test for the new migration");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    let issuer = issuer();
    let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();

    // A wallet as version-1 code made it: schema 001 only, a credential stored under version 1.
    let v1 = Wallet::create_at_schema(&path, options("246810"), 1).unwrap();
    assert_eq!(v1.schema_version(), 1);
    let bytes = issue(&issuer, &v1, DocType::Identity);
    let id = v1.import_credential(&bytes, &trust).unwrap();
    let v1_holder = v1.holder_public_key().unwrap();
    drop(v1);
    assert_eq!(user_version(&path), 1);
    assert!(!tables(&path).contains(&"presentation_log".to_owned()));

    let wallet = Wallet::open_with_clock(&path, None, Arc::new(FixedClock::new(NOW))).unwrap();
    assert_eq!(wallet.schema_version(), SCHEMA_VERSION);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    assert!(tables(&path).contains(&"presentation_log".to_owned()));
    assert!(tables(&path).contains(&"platform_holder_keys".to_owned()));
    assert!(tables(&path).contains(&"trust_state".to_owned()));
    // Locked, the holder key is not handed out before its row has been authenticated.
    assert_eq!(wallet.holder_public_key(), Err(WalletError::Locked));
    wallet.unlock(Some("246810")).unwrap();
    // The schema-1 holder key row authenticates (its public key was in the AAD from the start).
    assert_eq!(wallet.holder_public_key().unwrap(), v1_holder);
    // The old record (AAD with schema version 1) still opens, and the new table works.
    assert_eq!(wallet.get_credential(id).unwrap().to_bytes(), bytes.as_slice());
    wallet.present(id, &[ClaimName::FullName], "counter", 60, None).unwrap();
    assert_eq!(wallet.presentation_log().unwrap().len(), 1);
    let second = wallet.import_credential(&issue(&issuer, &wallet, DocType::Residence), &trust).unwrap();
    let versions: Vec<i64> = {
        let conn = raw(&path);
        let mut stmt = conn.prepare("SELECT schema_version FROM credentials ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(versions, [1, SCHEMA_VERSION as i64], "old rows keep their version, new rows get the current one");
    assert_eq!(wallet.list_credentials().unwrap().len(), 2);
    assert!(wallet.damaged_records().unwrap().is_empty());
    assert_eq!(wallet.get_credential(second).unwrap().info().doc_type, Some(DocType::Residence));
}

#[test]
fn a_schema_2_file_migrates_and_keeps_refresh_grants_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    let issuer = issuer();
    let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
    let v2 = Wallet::create_at_schema(&path, options("246810"), 2).unwrap();
    let holder = v2.holder_public_key().unwrap();
    let id = v2.import_credential(&issue(&issuer, &v2, DocType::Identity), &trust).unwrap();
    v2.present(id, &[ClaimName::FullName], "counter", 60, None).unwrap();
    drop(v2);
    assert!(!tables(&path).contains(&"issuance_grants".to_owned()));

    let wallet = Wallet::open_with_clock(&path, None, Arc::new(FixedClock::new(NOW))).unwrap();
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    assert!(tables(&path).contains(&"issuance_grants".to_owned()));
    wallet.unlock(Some("246810")).unwrap();
    assert_eq!(wallet.holder_public_key().unwrap(), holder);
    assert_eq!(wallet.presentation_log().unwrap().len(), 1);
    let grant = StoredGrant {
        issuer: "http://127.0.0.1:1".into(),
        configuration_ids: vec!["vn.cccd.identity".into()],
        refresh_token: Zeroizing::new("refresh-token-secret-value".into()),
        wallet_key: holder.to_bytes().try_into().expect("a software holder key is Ed25519"),
    };
    let gid = wallet.put_grant(None, &grant).unwrap();
    assert_eq!(wallet.grants().unwrap(), [(gid, grant.clone())]);
    assert!(!contains(&file_bytes(&path), b"refresh-token-secret-value"), "the refresh token is sealed");
    assert!(!format!("{grant:?}").contains("refresh-token-secret-value"));
    // Moved to another row, it no longer opens.
    raw(&path).execute("UPDATE issuance_grants SET id = 9 WHERE id = ?1", [gid.0]).unwrap();
    assert!(wallet.grants().unwrap().is_empty());
    assert_eq!(wallet.damaged_records().unwrap(), [DamagedRecord { table: "issuance_grants", id: 9 }]);
}

#[test]
fn a_schema_3_file_keeps_its_grants_and_gains_platform_holder_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let issuer = issuer();
    let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
    // Schema 3 (issuance grants, no platform_holder_keys): every holder key path must work
    // without the later table.
    let v3 = Wallet::create_at_schema(&path, options("246810"), 3).unwrap();
    let holder = v3.holder_public_key().unwrap();
    let id = v3.import_credential(&issue(&issuer, &v3, DocType::Identity), &trust).unwrap();
    v3.present(id, &[ClaimName::FullName], "counter", 60, None).unwrap();
    let grant = StoredGrant {
        issuer: "http://127.0.0.1:1".into(),
        configuration_ids: vec!["vn.cccd.identity".into()],
        refresh_token: Zeroizing::new("refresh-token-secret-value".into()),
        wallet_key: holder.to_bytes().try_into().expect("a software holder key is Ed25519"),
    };
    let gid = v3.put_grant(None, &grant).unwrap();
    assert!(v3.damaged_records().unwrap().is_empty());
    v3.lock();
    assert_eq!(v3.holder_public_key().unwrap(), holder, "authenticated at creation, readable while locked");
    drop(v3);
    assert_eq!(user_version(&path), 3);
    assert!(!tables(&path).contains(&"platform_holder_keys".to_owned()));

    let wallet = Wallet::open_with_clock(&path, None, Arc::new(FixedClock::new(NOW))).unwrap();
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    assert!(tables(&path).contains(&"platform_holder_keys".to_owned()));
    assert_eq!(wallet.holder_public_key(), Err(WalletError::Locked));
    wallet.unlock(Some("246810")).unwrap();
    assert_eq!(wallet.holder_public_key().unwrap(), holder);
    assert_eq!(wallet.grants().unwrap(), [(gid, grant)]);
    assert_eq!(wallet.presentation_log().unwrap().len(), 1);
    assert!(wallet.damaged_records().unwrap().is_empty());
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    drop(Wallet::create(&path, options("246810")).unwrap());
    raw(&path).pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    let err = Wallet::open(&path, None).unwrap_err();
    assert_eq!(err, WalletError::UnsupportedSchemaVersion { found: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION });
    assert_eq!(user_version(&path), SCHEMA_VERSION + 1);
}

/// Every file SQLite may have written for `path`, concatenated.
fn file_bytes(path: &Path) -> Vec<u8> {
    ["", "-wal", "-shm"].iter().filter_map(|s| std::fs::read(format!("{}{s}", path.display())).ok()).flatten().collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn no_secret_or_personal_value_is_in_the_file_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let pin = "correct horse 7319";
    let new_pin = "battery staple 4821";
    let issuer = issuer();
    let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
    let wallet = Wallet::create(&path, options(pin)).unwrap();
    for doc_type in [DocType::Identity, DocType::Residence] {
        let id = wallet.import_credential(&issue(&issuer, &wallet, doc_type), &trust).unwrap();
        wallet.present(id, &[ClaimName::FullName, ClaimName::IdNumber], "bank-counter-7", 60, None).unwrap();
    }
    let secrets = |wallet: &Wallet, pin: &str| -> Vec<(&'static str, Vec<u8>)> {
        let state = wallet.state();
        let dek = state.dek.as_ref().unwrap().as_bytes().to_vec();
        let wrap = state.store.data_key().unwrap();
        let params = wrap.pin.as_ref().unwrap();
        let kek = params.kdf.derive(pin.as_bytes(), &params.salt).unwrap().as_bytes().to_vec();
        let super::OpenedHolderKey::Software(holder) =
            wallet.open_holder_key(&state.store, state.dek.as_ref().unwrap(), 1).unwrap()
        else {
            panic!("a software key")
        };
        vec![
            ("data key", dek),
            ("key-encryption key", kek),
            ("holder secret key", holder.secret_bytes().to_vec()),
            ("PIN", pin.as_bytes().to_vec()),
        ]
    };
    let mut values: Vec<Vec<u8>> = demo::sample_record()
        .claims(DocType::Residence, &[18], crate::claims::Date::from_unix(NOW))
        .unwrap()
        .iter()
        .filter_map(|c| match &c.value {
            crate::claims::ClaimValue::Text(t) if t.len() >= 6 => Some(t.as_bytes().to_vec()),
            _ => None,
        })
        .collect();
    values.push(b"bank-counter-7".to_vec());
    values.push(b"full_name".to_vec());
    assert!(values.len() >= 5);

    let check = |bytes: &[u8], secrets: &[(&str, Vec<u8>)]| {
        for (what, secret) in secrets {
            assert!(!contains(bytes, secret), "the {what} is in the file in clear");
        }
        for value in &values {
            assert!(!contains(bytes, value), "{:?} is in the file in clear", String::from_utf8_lossy(value));
        }
        // The scan does see the file's content: the holder public key is stored in clear on purpose.
        assert!(contains(bytes, &wallet.holder_public_key().unwrap().to_bytes()));
    };

    // While open: the recent writes are in the WAL.
    let wal_len = std::fs::metadata(format!("{}-wal", path.display())).unwrap().len();
    assert!(wal_len > 0, "the WAL holds the recent writes");
    let before = secrets(&wallet, pin);
    check(&file_bytes(&path), &before);

    wallet.change_pin(pin, new_pin).unwrap();
    let after = secrets(&wallet, new_pin);
    assert_ne!(before[0].1, after[0].1, "a PIN change rotates the data key");
    check(&file_bytes(&path), &[before.clone(), after.clone()].concat());

    // Closed: everything checkpointed into the main file.
    let public = wallet.holder_public_key().unwrap();
    drop(wallet);
    let bytes = file_bytes(&path);
    assert!(contains(&bytes, &public.to_bytes()));
    for (what, secret) in before.iter().chain(&after) {
        assert!(!contains(&bytes, secret), "the {what} is in the closed file in clear");
    }
}

#[test]
fn wallet_is_send_and_sync_and_debug_shows_no_secret() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Wallet>();
    let dir = tempfile::tempdir().unwrap();
    let wallet = Wallet::create(dir.path().join("w.db"), options("135790")).unwrap();
    let debug = format!("{wallet:?} {:?}", options("135790"));
    assert!(!debug.contains("135790"), "{debug}");
    let dek = hex::encode(wallet.state().dek.as_ref().unwrap().as_bytes());
    assert!(!debug.contains(&dek));
    assert!(debug.contains("unlocked: true"));
}
