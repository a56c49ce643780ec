//! A hostile or damaged wallet file: flipped bytes in every sealed blob (through SQL and in the raw
//! file), records moved to other rows or another wallet, doctored clear columns, truncated and
//! foreign files. Each gives a typed error, never a panic, and damage to one record leaves the
//! others readable.

mod common;

use std::path::{Path, PathBuf};

use citizen_wallet::wallet::{CredentialId, DamagedRecord, SCHEMA_VERSION, Wallet, WalletError};
use citizen_wallet::{ClaimName, DocType};
use common::{PIN, Setup, blob, raw};

/// A wallet with three credentials and two log entries, unlocked. It never wipes itself: these
/// tests try the PIN against many altered wraps.
fn populated(s: &Setup, name: &str) -> Wallet {
    let options = citizen_wallet::wallet::WalletOptions { max_failed_unlocks: None, ..s.options(PIN) };
    let wallet = Wallet::create(s.path(name), options).unwrap();
    let public = wallet.holder_public_key().unwrap();
    for i in 0..3 {
        let bytes = s.issue_for(public, DocType::Identity, Some(i));
        wallet.import_credential(&bytes, &s.trust).unwrap();
    }
    for audience in ["bank", "hotel"] {
        wallet.present(CredentialId(1), &[ClaimName::FullName], audience, 60, None).unwrap();
    }
    wallet
}

/// An attacker's connection: no foreign-key checks, and no waiting for the disk on each of its
/// thousands of small writes.
fn fast_raw(path: &Path) -> rusqlite::Connection {
    let conn = raw(path);
    conn.pragma_update(None, "synchronous", "OFF").unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn
}

fn set_blob(conn: &rusqlite::Connection, table: &str, column: &str, id: i64, value: &[u8]) {
    let n =
        conn.execute(&format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"), rusqlite::params![value, id]).unwrap();
    assert_eq!(n, 1);
}

fn corrupt(table: &'static str, id: i64) -> WalletError {
    WalletError::RecordCorrupt { table, id }
}

#[test]
fn flipping_any_byte_of_a_sealed_record_fails_that_record_only() {
    let s = Setup::new();
    let path = s.path("w.db");
    let wallet = populated(&s, "w.db");
    let conn = fast_raw(&path);

    for id in 1..=3i64 {
        let original = blob(&path, &format!("SELECT sealed FROM credentials WHERE id = {id}"));
        let other = CredentialId(if id == 1 { 2 } else { 1 });
        for i in 0..original.len() {
            let mut flipped = original.clone();
            flipped[i] ^= 1 << (i % 8);
            set_blob(&conn, "credentials", "sealed", id, &flipped);
            assert_eq!(wallet.get_credential(CredentialId(id)).unwrap_err(), corrupt("credentials", id), "byte {i}");
            assert!(wallet.get_credential(other).is_ok());
            if i % 97 == 0 {
                let listed: Vec<i64> = wallet.list_credentials().unwrap().iter().map(|c| c.id.0).collect();
                assert_eq!(listed.len(), 2);
                assert!(!listed.contains(&id));
                assert_eq!(wallet.damaged_records().unwrap(), [DamagedRecord { table: "credentials", id }]);
                assert_eq!(
                    wallet.present(CredentialId(id), &[ClaimName::FullName], "x", 60, None).unwrap_err(),
                    corrupt("credentials", id)
                );
            }
        }
        set_blob(&conn, "credentials", "sealed", id, &original);
        assert!(wallet.get_credential(CredentialId(id)).is_ok());
    }

    let log = wallet.presentation_log().unwrap();
    let original = blob(&path, "SELECT sealed FROM presentation_log WHERE id = 1");
    for i in 0..original.len() {
        let mut flipped = original.clone();
        flipped[i] ^= 0x80;
        set_blob(&conn, "presentation_log", "sealed", 1, &flipped);
        assert_eq!(wallet.presentation_log().unwrap(), [log[1].clone()], "byte {i}");
        assert_eq!(wallet.damaged_records().unwrap(), [DamagedRecord { table: "presentation_log", id: 1 }]);
    }
    set_blob(&conn, "presentation_log", "sealed", 1, &original);

    let original = blob(&path, "SELECT sealed FROM holder_keys WHERE id = 1");
    for i in 0..original.len() {
        let mut flipped = original.clone();
        flipped[i] ^= 0x10;
        set_blob(&conn, "holder_keys", "sealed", 1, &flipped);
        assert_eq!(
            wallet.present(CredentialId(2), &[ClaimName::FullName], "x", 60, None).unwrap_err(),
            corrupt("holder_keys", 1),
            "byte {i}"
        );
        // The credentials themselves stay readable without the key.
        assert!(wallet.get_credential(CredentialId(2)).is_ok());
    }
    set_blob(&conn, "holder_keys", "sealed", 1, &original);

    // The wrapped data key: with a PIN, AES-GCM cannot tell an altered wrap from a wrong PIN.
    wallet.lock();
    let original = blob(&path, "SELECT wrapped FROM data_key");
    for i in 0..original.len() {
        let mut flipped = original.clone();
        flipped[i] ^= 0x01;
        conn.execute("UPDATE data_key SET wrapped = ?1", [&flipped]).unwrap();
        assert!(matches!(wallet.unlock(Some(PIN)), Err(WalletError::WrongPin { .. })), "byte {i}");
    }
    conn.execute("UPDATE data_key SET wrapped = ?1", [&original]).unwrap();
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(wallet.list_credentials().unwrap().len(), 3);
    assert_eq!(wallet.presentation_log().unwrap().len(), 2);
    assert!(wallet.damaged_records().unwrap().is_empty());
}

/// Finds `needle` in the file; it must be there exactly once.
fn offset_in_file(file: &[u8], needle: &[u8]) -> usize {
    let hits: Vec<usize> =
        file.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect();
    assert_eq!(hits.len(), 1, "the sealed bytes appear once in the checkpointed file");
    hits[0]
}

#[test]
fn flipping_bytes_in_the_raw_file_gives_typed_errors() {
    let s = Setup::new();
    let path = s.path("w.db");
    let wallet = populated(&s, "w.db");
    drop(wallet); // checkpointed: every row is in the main file
    let pristine = std::fs::read(&path).unwrap();
    let blobs = [
        ("credentials", 2i64, blob(&path, "SELECT sealed FROM credentials WHERE id = 2")),
        ("presentation_log", 2, blob(&path, "SELECT sealed FROM presentation_log WHERE id = 2")),
        ("holder_keys", 1, blob(&path, "SELECT sealed FROM holder_keys WHERE id = 1")),
        ("data_key", 1, blob(&path, "SELECT wrapped FROM data_key")),
    ];
    for (table, id, sealed) in blobs {
        let start = offset_in_file(&pristine, &sealed);
        let n = sealed.len();
        for i in [0, 1, 11, 12, n / 2, n - 17, n - 16, n - 1] {
            let mut bytes = pristine.clone();
            bytes[start + i] ^= 0x04;
            std::fs::write(&path, &bytes).unwrap();
            let wallet = s.open("w.db");
            let unlocked = wallet.unlock(Some(PIN));
            match table {
                "data_key" => {
                    assert!(matches!(unlocked, Err(WalletError::WrongPin { .. })), "{table} byte {i}: {unlocked:?}");
                    continue;
                }
                _ => unlocked.unwrap(),
            }
            let present = wallet.present(CredentialId(1), &[ClaimName::FullName], "x", 60, None);
            match table {
                "credentials" => {
                    assert_eq!(wallet.get_credential(CredentialId(id)).unwrap_err(), corrupt(table, id));
                    assert_eq!(wallet.list_credentials().unwrap().len(), 2);
                    assert!(present.is_ok());
                }
                "presentation_log" => {
                    assert!(present.is_ok());
                    let ids: Vec<i64> = wallet.presentation_log().unwrap().iter().map(|e| e.id.0).collect();
                    assert_eq!(ids, [1, 3]);
                }
                _ => {
                    assert_eq!(present.unwrap_err(), corrupt(table, id));
                    assert_eq!(wallet.list_credentials().unwrap().len(), 3);
                }
            }
            assert!(wallet.damaged_records().unwrap().contains(&DamagedRecord { table, id }), "{table} byte {i}");
        }
    }
    std::fs::write(&path, &pristine).unwrap();
    let wallet = s.open("w.db");
    wallet.unlock(Some(PIN)).unwrap();
    assert!(wallet.damaged_records().unwrap().is_empty());
}

#[test]
fn records_moved_to_another_row_table_or_wallet_fail() {
    let s = Setup::new();
    let path = s.path("a.db");
    let wallet = populated(&s, "a.db");
    let conn = fast_raw(&path);
    let sealed = |id: i64| blob(&path, &format!("SELECT sealed FROM credentials WHERE id = {id}"));

    // Swapped rows.
    let (one, two) = (sealed(1), sealed(2));
    set_blob(&conn, "credentials", "sealed", 1, &two);
    set_blob(&conn, "credentials", "sealed", 2, &one);
    assert_eq!(wallet.get_credential(CredentialId(1)).unwrap_err(), corrupt("credentials", 1));
    assert_eq!(wallet.get_credential(CredentialId(2)).unwrap_err(), corrupt("credentials", 2));
    assert!(wallet.get_credential(CredentialId(3)).is_ok());
    set_blob(&conn, "credentials", "sealed", 1, &one);
    set_blob(&conn, "credentials", "sealed", 2, &two);

    // Copied whole into a new row.
    conn.execute(
        "INSERT INTO credentials (id, holder_key_id, imported_at, schema_version, sealed)
         SELECT 99, holder_key_id, imported_at, schema_version, sealed FROM credentials WHERE id = 1",
        [],
    )
    .unwrap();
    assert_eq!(wallet.get_credential(CredentialId(99)).unwrap_err(), corrupt("credentials", 99));
    assert_eq!(wallet.list_credentials().unwrap().len(), 3);
    conn.execute("DELETE FROM credentials WHERE id = 99", []).unwrap();

    // Into another table.
    set_blob(&conn, "presentation_log", "sealed", 1, &one);
    assert_eq!(wallet.presentation_log().unwrap().len(), 1);
    assert!(wallet.damaged_records().unwrap().contains(&DamagedRecord { table: "presentation_log", id: 1 }));

    // Clear columns are bound too: schema version, import time, holder key id, public key.
    let restore_version = format!("UPDATE credentials SET schema_version = {SCHEMA_VERSION} WHERE id = 3");
    for (sql, undo) in [
        ("UPDATE credentials SET schema_version = 1 WHERE id = 3", restore_version.as_str()),
        ("UPDATE credentials SET schema_version = -1 WHERE id = 3", restore_version.as_str()),
        ("UPDATE credentials SET schema_version = 99 WHERE id = 3", restore_version.as_str()),
        (
            "UPDATE credentials SET imported_at = imported_at + 1 WHERE id = 3",
            "UPDATE credentials SET imported_at = imported_at - 1 WHERE id = 3",
        ),
        (
            "UPDATE credentials SET holder_key_id = 7 WHERE id = 3",
            "UPDATE credentials SET holder_key_id = 1 WHERE id = 3",
        ),
    ] {
        conn.execute(sql, []).unwrap();
        assert_eq!(wallet.get_credential(CredentialId(3)).unwrap_err(), corrupt("credentials", 3), "{sql}");
        assert_eq!(wallet.list_credentials().unwrap().len(), 2, "{sql}");
        conn.execute(undo, []).unwrap();
        assert!(wallet.get_credential(CredentialId(3)).is_ok(), "{undo}");
    }
    let public = blob(&path, "SELECT public_key FROM holder_keys");
    let mut other = public.clone();
    other[0] ^= 1;
    conn.execute("UPDATE holder_keys SET public_key = ?1", [&other]).unwrap();
    assert_eq!(
        wallet.present(CredentialId(3), &[ClaimName::FullName], "x", 60, None).unwrap_err(),
        corrupt("holder_keys", 1)
    );
    conn.execute("UPDATE holder_keys SET public_key = ?1", [&public]).unwrap();
    assert!(wallet.present(CredentialId(3), &[ClaimName::FullName], "x", 60, None).is_ok());

    // Another wallet file: its rows, even at the same ids, and its wrapped data key, fail here.
    let b_path = s.path("b.db");
    let b = populated(&s, "b.db");
    let b_conn = fast_raw(&b_path);
    set_blob(&b_conn, "credentials", "sealed", 1, &one);
    assert_eq!(b.get_credential(CredentialId(1)).unwrap_err(), corrupt("credentials", 1));
    assert!(b.get_credential(CredentialId(2)).is_ok());
    let a_wrap = blob(&path, "SELECT wrapped FROM data_key");
    let a_salt = blob(&path, "SELECT kdf_salt FROM data_key");
    b.lock();
    b_conn.execute("UPDATE data_key SET wrapped = ?1, kdf_salt = ?2", rusqlite::params![a_wrap, a_salt]).unwrap();
    assert!(matches!(b.unlock(Some(PIN)), Err(WalletError::WrongPin { .. })));
}

fn walk(path: &Path) -> Vec<Result<(), WalletError>> {
    let mut steps = Vec::new();
    let wallet = match Wallet::open(path, None) {
        Ok(w) => w,
        Err(e) => return vec![Err(e)],
    };
    steps.push(wallet.unlock(Some(PIN)));
    steps.push(wallet.list_credentials().map(drop));
    for id in 1..=3 {
        steps.push(wallet.get_credential(CredentialId(id)).map(drop));
    }
    steps.push(wallet.present(CredentialId(1), &[ClaimName::FullName], "x", 60, None).map(drop));
    steps.push(wallet.presentation_log().map(drop));
    steps.push(wallet.damaged_records().map(drop));
    steps.push(wallet.holder_public_key().map(drop));
    steps
}

fn expected_kind(e: &WalletError) -> bool {
    matches!(
        e,
        WalletError::NotAWallet(_)
            | WalletError::Corrupt(_)
            | WalletError::RecordCorrupt { .. }
            | WalletError::CredentialNotFound(_)
            | WalletError::Storage(_)
            | WalletError::Locked
            | WalletError::WrongPin { .. }
    )
}

#[test]
fn truncated_files_give_typed_errors_never_a_panic() {
    let s = Setup::new();
    let wallet = populated(&s, "w.db");
    drop(wallet);
    let pristine = std::fs::read(s.path("w.db")).unwrap();
    assert!(walk(&s.path("w.db")).iter().all(Result::is_ok), "the control walk succeeds");

    let page = 4096;
    let mut lengths: Vec<usize> = (0..pristine.len()).step_by(211).collect();
    for p in (page..pristine.len()).step_by(page) {
        lengths.extend([p - 1, p, p + 1]);
    }
    lengths.extend([1, 16, 99, 100, 101]);
    let mut failed_walks = 0;
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for (n, len) in lengths.into_iter().enumerate() {
        let path: PathBuf = s.path(&format!("t{n}.db"));
        std::fs::write(&path, &pristine[..len]).unwrap();
        let steps = walk(&path);
        for step in &steps {
            if let Err(e) = step {
                assert!(expected_kind(e), "truncated to {len}: unexpected {e:?}");
                *seen.entry(e.code()).or_default() += 1;
            }
        }
        failed_walks += usize::from(steps.iter().any(Result::is_err));
        if len < 100 {
            let first = steps[0].as_ref().unwrap_err();
            assert!(matches!(first, WalletError::NotAWallet(_) | WalletError::Corrupt(_)), "{len}: {first:?}");
        }
    }
    eprintln!("{} of the truncated copies failed somewhere; errors seen: {seen:?}", failed_walks);
    assert!(failed_walks > 10);
}

#[test]
fn foreign_files_are_refused_untouched() {
    let s = Setup::new();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("text", b"just some text, not a database at all\n".repeat(200)),
        ("png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("sqlite header only", b"SQLite format 3\0".to_vec()),
        ("random", (0..10_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()),
    ];
    for (name, bytes) in cases {
        let path = s.path(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Wallet::open(&path, None).unwrap_err();
        assert!(matches!(err, WalletError::NotAWallet(_) | WalletError::Corrupt(_)), "{name}: {err:?}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
        if name == "text" {
            // SQLite's own error is kept as the cause, not flattened into the message.
            let storage = std::error::Error::source(&err).expect("the wallet error names its cause");
            let sqlite = storage.source().expect("the cause is SQLite's error");
            assert!(sqlite.downcast_ref::<rusqlite::Error>().is_some(), "{name}: {sqlite:?}");
        }
    }
    // Another application's SQLite database.
    let path = s.path("other-app.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hi');",
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(Wallet::open(&path, None), Err(WalletError::NotAWallet(_))));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A directory.
    assert!(matches!(Wallet::open(s.dir.path(), None), Err(WalletError::NotAWallet(_))));
}

/// Issue 10 finding 2: someone who can write the file adds a holder key row with their own public
/// key (they cannot seal a secret for it without the data key). That key must never be handed to
/// an issuer, nor accepted as the binding of an imported credential, locked or unlocked.
#[test]
fn a_holder_key_row_written_into_the_file_is_never_handed_out() {
    let s = Setup::new();
    let path = s.path("w.db");
    let wallet = s.create("w.db");
    let genuine = wallet.holder_public_key().unwrap();
    drop(wallet);

    let attacker: citizen_wallet::PublicKey = citizen_wallet::HolderKey::generate().public_key().into();
    raw(&path)
        .execute(
            "INSERT INTO holder_keys (public_key, created_at, schema_version, sealed) VALUES (?1, ?2, 2, ?3)",
            rusqlite::params![attacker.to_bytes(), common::NOW, vec![0x5Au8; 60]],
        )
        .unwrap();

    // Freshly opened and locked: nothing authenticates the row yet, so no key is handed out.
    let wallet = s.open("w.db");
    let locked = wallet.holder_public_key();
    assert_ne!(locked.as_ref().ok(), Some(&attacker), "the planted key was handed out while locked");
    assert_eq!(locked, Err(WalletError::Locked));

    // Unlocked: the newest row fails authentication and is refused, not skipped silently.
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(wallet.holder_public_key(), Err(corrupt("holder_keys", 2)));
    assert!(wallet.holder_key_thumbprint().is_err());
    assert!(wallet.damaged_records().unwrap().contains(&DamagedRecord { table: "holder_keys", id: 2 }));

    // A credential the issuer bound to the planted key is not imported.
    let stolen = s.issue_for(attacker, DocType::Identity, None);
    assert_eq!(wallet.import_credential(&stolen, &s.trust), Err(corrupt("holder_keys", 2)));
    // The genuine key still works for what is bound to it.
    let own = wallet.import_credential(&s.issue_for(genuine, DocType::Identity, None), &s.trust).unwrap();
    wallet.present(own, &[ClaimName::FullName], "bank", 60, None).unwrap();

    // Locked again: still refused (the planted row is the newest and was never authenticated).
    wallet.lock();
    assert_eq!(wallet.holder_public_key(), Err(WalletError::Locked));

    // With the planted row gone, the genuine key is handed out again, and after one unlock it
    // stays readable while locked.
    raw(&path).execute("DELETE FROM holder_keys WHERE id = 2", []).unwrap();
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(wallet.holder_public_key(), Ok(genuine));
    wallet.lock();
    assert_eq!(wallet.holder_public_key(), Ok(genuine));
}
