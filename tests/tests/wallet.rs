//! The encrypted wallet through its public API: lifecycle, PIN throttling and wipe, PIN change,
//! device-key protection, import checks, presenting and the log, concurrency, destroy.

mod common;

use std::sync::Arc;
use std::thread;

use citizen_wallet::wallet::{
    CredentialId, KdfParams, KeyWrapError, Protection, SoftwareKeyWrapper, UnlockDelays, UnlockStatus, Wallet,
    WalletError, WalletOptions,
};
use citizen_wallet::{
    ClaimName, DocType, Issuer, IssuerConfig, IssuerKey, TrustList, Verifier, VerifierPolicy, VerifyError, demo,
};
use common::{NOW, PIN, Setup, count};

#[test]
fn lifecycle_import_list_get_present_log_delete() {
    let s = Setup::new();
    let wallet = s.create("w.db");
    assert!(wallet.is_unlocked());
    assert_eq!(wallet.protection().unwrap(), Protection::Pin);
    let public = wallet.holder_public_key().unwrap();

    let identity = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    let residence = wallet.import_credential(&s.issue(&wallet, DocType::Residence), &s.trust).unwrap();
    assert_ne!(identity, residence);

    // Summaries: kinds and names, never values (not even in Debug).
    let list = wallet.list_credentials().unwrap();
    assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [identity, residence]);
    assert_eq!(list[0].doc_type, Some(DocType::Identity));
    assert_eq!(list[0].issuer, demo::DEMO_ISS);
    assert_eq!(list[0].kid, "test-1");
    assert_eq!(list[0].imported_at, NOW);
    assert!(list[0].expires_at > NOW);
    assert!(list[0].claims.contains(&ClaimName::FullName));
    assert!(list[1].claims.contains(&ClaimName::PlaceOfResidence));
    let debug = format!("{list:?}");
    assert!(!debug.contains("Nguy") && !debug.contains("079190001234"), "{debug}");

    // Values only when asked for one credential.
    let credential = wallet.get_credential(identity).unwrap();
    assert_eq!(credential.claim_value(ClaimName::FullName).unwrap().to_string(), "Nguyễn Thị Minh Khai");
    assert_eq!(credential.info().holder_key, public);

    // Present with the stored key; the QR verifies at a counter.
    let presentation =
        wallet.present(identity, &[ClaimName::FullName, ClaimName::AgeOver(18)], "bank-7", 60, Some(b"n-1")).unwrap();
    let verifier = Verifier::new(s.trust.clone(), VerifierPolicy::for_audience("bank-7"))
        .with_clock(Arc::new(citizen_wallet::FixedClock::new(NOW + 5)));
    let verified = verifier.verify(&presentation.qr_text).unwrap();
    assert_eq!(verified.claim(ClaimName::FullName).unwrap().to_string(), "Nguyễn Thị Minh Khai");
    assert!(verified.claim(ClaimName::DateOfBirth).is_none());
    assert_eq!(presentation.expires_at, NOW + 60);
    wallet.present(residence, &[ClaimName::PlaceOfOrigin], "hotel-3", 120, None).unwrap();

    // The log: time, credential, audience, names.
    let log = wallet.presentation_log().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].credential_id, log[0].audience.as_str()), (identity, "bank-7"));
    assert_eq!(log[0].disclosed, [ClaimName::FullName, ClaimName::AgeOver(18)]);
    assert_eq!((log[0].presented_at, log[0].expires_at), (NOW, NOW + 60));
    assert_eq!((log[1].credential_id, log[1].expires_at), (residence, NOW + 120));
    wallet.delete_log_entry(log[0].id).unwrap();
    assert_eq!(wallet.presentation_log().unwrap(), [log[1].clone()]);
    assert_eq!(wallet.delete_log_entry(log[0].id), Err(WalletError::LogEntryNotFound(log[0].id.0)));
    wallet.clear_log().unwrap();
    assert!(wallet.presentation_log().unwrap().is_empty());

    // A failed presentation is not logged.
    let err = wallet.present(residence, &[ClaimName::DateOfBirth], "hotel-3", 60, None).unwrap_err();
    assert!(matches!(err, WalletError::Present(_)), "{err:?}");
    assert!(wallet.presentation_log().unwrap().is_empty());

    wallet.delete_credential(residence).unwrap();
    assert_eq!(wallet.get_credential(residence).unwrap_err(), WalletError::CredentialNotFound(residence.0));
    assert_eq!(wallet.delete_credential(residence), Err(WalletError::CredentialNotFound(residence.0)));
    assert_eq!(wallet.list_credentials().unwrap().len(), 1);
    assert_eq!(count(&s.path("w.db"), "credentials"), 1);

    // Locked: nothing but the public key and the status.
    wallet.lock();
    assert!(!wallet.is_unlocked());
    assert_eq!(wallet.holder_public_key().unwrap(), public);
    assert_eq!(wallet.list_credentials(), Err(WalletError::Locked));
    assert_eq!(wallet.get_credential(identity).unwrap_err(), WalletError::Locked);
    assert_eq!(wallet.present(identity, &[], "x", 60, None).unwrap_err(), WalletError::Locked);
    assert_eq!(wallet.presentation_log(), Err(WalletError::Locked));
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(wallet.list_credentials().unwrap().len(), 1);

    // Reopened: locked, same key, same data.
    drop(wallet);
    // Reopened and never unlocked, nothing has authenticated the holder key row yet: refused.
    let wallet = s.open("w.db");
    assert!(!wallet.is_unlocked());
    assert_eq!(wallet.holder_public_key(), Err(WalletError::Locked));
    assert_eq!(wallet.unlock(None), Err(WalletError::PinRequired));
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(wallet.holder_public_key().unwrap(), public);
    assert_eq!(wallet.get_credential(identity).unwrap().info().doc_type, Some(DocType::Identity));
}

#[test]
fn import_rejects_what_it_cannot_trust_or_use() {
    let s = Setup::new();
    let wallet = s.create("w.db");
    let good = s.issue(&wallet, DocType::Identity);

    // Another issuer, unknown to the trust list.
    let stranger = Issuer::new(IssuerKey::generate("other").unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap();
    let record = demo::sample_record();
    let request = citizen_wallet::IssueRequest {
        record: &record,
        doc_type: DocType::Identity,
        holder_key: wallet.holder_public_key().unwrap(),
        status_index: None,
    };
    let foreign = stranger.issue(&request, NOW).unwrap();
    assert_eq!(
        wallet.import_credential(foreign.to_bytes(), &s.trust),
        Err(WalletError::UntrustedCredential(VerifyError::UnknownIssuer { kid: "other".into() }))
    );
    // Same kid, another key: a forged signature.
    let impostor = Issuer::new(IssuerKey::generate("test-1").unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap();
    let forged = impostor.issue(&request, NOW).unwrap();
    assert_eq!(
        wallet.import_credential(forged.to_bytes(), &s.trust),
        Err(WalletError::UntrustedCredential(VerifyError::BadIssuerSignature))
    );
    // Right key, wrong iss.
    let mut entry = s.issuer.trusted_issuer();
    entry.iss = "https://elsewhere.example".into();
    let wrong_iss = TrustList::new(vec![entry]).unwrap();
    assert!(matches!(
        wallet.import_credential(&good, &wrong_iss),
        Err(WalletError::UntrustedCredential(VerifyError::IssuerMismatch { .. }))
    ));
    // Bound to somebody else's key.
    let other_holder = citizen_wallet::HolderKey::generate().public_key().into();
    assert_eq!(
        wallet.import_credential(&s.issue_for(other_holder, DocType::Identity, None), &s.trust),
        Err(WalletError::NotBoundToWallet)
    );
    // Not a credential at all; a flipped byte.
    assert!(matches!(wallet.import_credential(b"hello", &s.trust), Err(WalletError::InvalidCredential(_))));
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert!(wallet.import_credential(&flipped, &s.trust).is_err());
    // Expired by the time it is imported.
    s.clock.set(NOW + 400 * 24 * 3600);
    assert!(matches!(wallet.import_credential(&good, &s.trust), Err(WalletError::CredentialExpired { .. })));
    s.clock.set(NOW);
    assert!(wallet.list_credentials().unwrap().is_empty());

    // The good one goes in once; importing it again gives the same id.
    let id = wallet.import_credential(&good, &s.trust).unwrap();
    assert_eq!(wallet.import_credential(&good, &s.trust).unwrap(), id);
    assert_eq!(wallet.list_credentials().unwrap().len(), 1);
    wallet.lock();
    assert_eq!(wallet.import_credential(&good, &s.trust), Err(WalletError::Locked));
}

#[test]
fn wrong_pins_count_wait_longer_and_the_right_pin_resets() {
    let s = Setup::new();
    // Waits only: the wipe that is on by default is turned off explicitly here.
    let options = WalletOptions {
        unlock_delays: UnlockDelays { free_attempts: 2, delays_secs: vec![30, 60, 300] },
        max_failed_unlocks: None,
        ..s.options(PIN)
    };
    let wallet = Wallet::create(s.path("w.db"), options).unwrap();
    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    wallet.lock();
    let status = |failed, retry| UnlockStatus {
        failed_attempts: failed,
        retry_after_secs: retry,
        attempts_left: None,
        wiped: false,
    };
    assert_eq!(wallet.unlock_status().unwrap(), status(0, 0));

    // Two free attempts, then each failure asks for a longer wait.
    assert_eq!(wallet.unlock(Some("000000")), Err(WalletError::WrongPin { attempts_left: None, retry_after_secs: 0 }));
    assert_eq!(wallet.unlock_status().unwrap(), status(1, 0));
    assert_eq!(wallet.unlock(Some("111111")), Err(WalletError::WrongPin { attempts_left: None, retry_after_secs: 30 }));
    assert_eq!(wallet.unlock_status().unwrap(), status(2, 30));
    // During the wait nothing is tried, not even the right PIN, and nothing is counted.
    assert_eq!(wallet.unlock(Some(PIN)), Err(WalletError::LockedOut { retry_after_secs: 30 }));
    s.clock.advance(29);
    assert_eq!(wallet.unlock(Some(PIN)), Err(WalletError::LockedOut { retry_after_secs: 1 }));
    assert_eq!(wallet.unlock_status().unwrap().failed_attempts, 2);
    s.clock.advance(1);
    assert_eq!(wallet.unlock(Some("222222")), Err(WalletError::WrongPin { attempts_left: None, retry_after_secs: 60 }));
    s.clock.advance(60);
    assert_eq!(
        wallet.unlock(Some("333333")),
        Err(WalletError::WrongPin { attempts_left: None, retry_after_secs: 300 })
    );
    s.clock.advance(300);
    assert_eq!(
        wallet.unlock(Some("444444")),
        Err(WalletError::WrongPin { attempts_left: None, retry_after_secs: 300 })
    );
    assert!(!wallet.is_unlocked());

    // The counter is in the file: reopening does not reset it.
    drop(wallet);
    let wallet = s.open("w.db");
    assert_eq!(wallet.unlock_status().unwrap(), status(5, 300));
    assert_eq!(wallet.unlock(Some(PIN)), Err(WalletError::LockedOut { retry_after_secs: 300 }));
    // A clock set back cannot extend the wait beyond one full delay.
    s.clock.set(NOW - 10_000);
    assert!(matches!(wallet.unlock(Some(PIN)), Err(WalletError::LockedOut { retry_after_secs: 300 })));
    s.clock.advance(300);

    // The right PIN after the wait: unlocked, data intact, counter reset.
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(wallet.unlock_status().unwrap(), status(0, 0));
    assert_eq!(wallet.get_credential(id).unwrap().info().doc_type, Some(DocType::Identity));
    assert_eq!(wallet.unlock(Some("555555")), Err(WalletError::WrongPin { attempts_left: None, retry_after_secs: 0 }));
    // A failed re-unlock of an unlocked wallet does not lock it.
    assert!(wallet.is_unlocked());
}

#[test]
fn too_many_wrong_pins_wipe_the_wallet_when_configured() {
    let s = Setup::new();
    let path = s.path("w.db");
    let wallet = Wallet::create(&path, WalletOptions { max_failed_unlocks: Some(3), ..s.options(PIN) }).unwrap();
    wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    wallet.present(CredentialId(1), &[ClaimName::FullName], "bank", 60, None).unwrap();
    wallet.lock();

    assert_eq!(
        wallet.unlock(Some("000000")),
        Err(WalletError::WrongPin { attempts_left: Some(2), retry_after_secs: 0 })
    );
    assert_eq!(
        wallet.unlock(Some("111111")),
        Err(WalletError::WrongPin { attempts_left: Some(1), retry_after_secs: 0 })
    );
    // A right PIN in between resets the count.
    wallet.unlock(Some(PIN)).unwrap();
    wallet.lock();
    assert_eq!(
        wallet.unlock(Some("000000")),
        Err(WalletError::WrongPin { attempts_left: Some(2), retry_after_secs: 0 })
    );
    assert_eq!(
        wallet.unlock(Some("111111")),
        Err(WalletError::WrongPin { attempts_left: Some(1), retry_after_secs: 0 })
    );
    assert_eq!(wallet.unlock(Some("222222")), Err(WalletError::Wiped));

    // Gone for good: the right PIN, a reopen, the public key: all say wiped. The rows are gone.
    assert_eq!(wallet.unlock(Some(PIN)), Err(WalletError::Wiped));
    assert_eq!(wallet.holder_public_key(), Err(WalletError::Wiped));
    assert!(wallet.unlock_status().unwrap().wiped);
    drop(wallet);
    for table in ["credentials", "holder_keys", "data_key", "presentation_log"] {
        assert_eq!(count(&path, table), 0, "{table}");
    }
    let wallet = s.open("w.db");
    assert_eq!(wallet.unlock(Some(PIN)), Err(WalletError::Wiped));
    assert_eq!(wallet.protection(), Err(WalletError::Wiped));
}

#[test]
fn change_pin_rotates_the_data_key_and_the_old_pin_stops_working() {
    let s = Setup::new();
    let path = s.path("w.db");
    let wallet = s.create("w.db");
    let bytes = s.issue(&wallet, DocType::Identity);
    let id = wallet.import_credential(&bytes, &s.trust).unwrap();
    wallet.present(id, &[ClaimName::FullName], "bank", 60, None).unwrap();
    let sealed_before = common::blob(&path, "SELECT sealed FROM credentials WHERE id = 1");
    let wrap_before = common::blob(&path, "SELECT wrapped FROM data_key");

    assert_eq!(wallet.change_pin(PIN, "12345"), Err(WalletError::InvalidPin("at least 6 characters".into())));
    assert_eq!(
        wallet.change_pin("999999", "Mật khẩu mới 2025"),
        Err(WalletError::WrongPin { attempts_left: Some(9), retry_after_secs: 0 })
    );
    assert_eq!(wallet.unlock_status().unwrap().failed_attempts, 1, "a wrong old PIN counts as an attempt");
    wallet.change_pin(PIN, "Mật khẩu mới 2025").unwrap();
    assert!(wallet.is_unlocked(), "the lock state does not change");
    assert_eq!(wallet.unlock_status().unwrap().failed_attempts, 0);

    // A new data key: the wrap and every record are new (tests/tests/security_review.rs checks
    // that nothing of the old ones survives).
    assert_ne!(common::blob(&path, "SELECT sealed FROM credentials WHERE id = 1"), sealed_before);
    assert_ne!(common::blob(&path, "SELECT wrapped FROM data_key"), wrap_before);

    drop(wallet);
    let wallet = s.open("w.db");
    assert!(matches!(wallet.unlock(Some(PIN)), Err(WalletError::WrongPin { .. })));
    // The new passphrase, typed with decomposed diacritics, is the same passphrase.
    let decomposed: String = "Mật khẩu mới 2025".chars().flat_map(decompose).collect();
    assert_ne!(decomposed, "Mật khẩu mới 2025");
    wallet.unlock(Some(&decomposed)).unwrap();
    assert_eq!(wallet.get_credential(id).unwrap().to_bytes(), bytes.as_slice());
    assert_eq!(wallet.presentation_log().unwrap().len(), 1);
}

/// NFD of the few letters used above (a test must not depend on the code under test to decompose).
fn decompose(c: char) -> Vec<char> {
    match c {
        'ậ' => vec!['a', '\u{323}', '\u{302}'],
        'ẩ' => vec!['a', '\u{302}', '\u{309}'],
        'ớ' => vec!['o', '\u{31B}', '\u{301}'],
        other => vec![other],
    }
}

#[test]
fn device_key_and_pin_plus_device_key() {
    let s = Setup::new();
    let device = Arc::new(SoftwareKeyWrapper::generate());

    // Device only: no PIN, but the same platform key is required.
    let options = WalletOptions { clock: s.clock.clone(), ..WalletOptions::with_key_wrapper(device.clone()) };
    let wallet = Wallet::create(s.path("device.db"), options).unwrap();
    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    assert_eq!(wallet.protection().unwrap(), Protection::Device);
    assert_eq!(wallet.change_pin("1234", "5678"), Err(WalletError::NoPin));
    drop(wallet);
    let no_wrapper = Wallet::open(s.path("device.db"), None).unwrap();
    assert_eq!(no_wrapper.unlock(None), Err(WalletError::KeyWrapperRequired));
    let other_device = Wallet::open(s.path("device.db"), Some(Arc::new(SoftwareKeyWrapper::generate()))).unwrap();
    assert_eq!(other_device.unlock(None), Err(WalletError::KeyWrapper(KeyWrapError::Rejected)));
    let wallet = Wallet::open(s.path("device.db"), Some(device.clone())).unwrap();
    assert_eq!(wallet.unlock(Some("1234")), Err(WalletError::NoPin));
    wallet.unlock(None).unwrap();
    assert!(wallet.get_credential(id).is_ok());

    // Both: each is required; wrong PINs are counted, device failures are not.
    let options = WalletOptions { key_wrapper: Some(device.clone()), ..s.options(PIN) };
    let wallet = Wallet::create(s.path("both.db"), options).unwrap();
    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    assert_eq!(wallet.protection().unwrap(), Protection::PinAndDevice);
    wallet.change_pin(PIN, "7391").unwrap();
    drop(wallet);
    let no_wrapper = Wallet::open(s.path("both.db"), None).unwrap();
    assert_eq!(no_wrapper.unlock(Some("7391")), Err(WalletError::KeyWrapperRequired));
    let other_device = Wallet::open(s.path("both.db"), Some(Arc::new(SoftwareKeyWrapper::generate()))).unwrap();
    assert_eq!(other_device.unlock(Some("7391")), Err(WalletError::KeyWrapper(KeyWrapError::Rejected)));
    assert_eq!(other_device.unlock_status().unwrap().failed_attempts, 0);
    let wallet = Wallet::open(s.path("both.db"), Some(device)).unwrap();
    assert_eq!(wallet.unlock(None), Err(WalletError::PinRequired));
    assert!(matches!(wallet.unlock(Some(PIN)), Err(WalletError::WrongPin { .. })));
    assert_eq!(wallet.unlock_status().unwrap().failed_attempts, 1);
    wallet.unlock(Some("7391")).unwrap();
    assert!(wallet.get_credential(id).is_ok());

    // The PIN layer is inside the device layer: the stored wrap is the platform's ciphertext.
    let wrapped = common::blob(&s.path("both.db"), "SELECT wrapped FROM data_key");
    let inner = SoftwareKeyWrapper::from_key(&[0; 32]);
    assert!(citizen_wallet::wallet::KeyWrapper::unwrap(&inner, &wrapped).is_err());
}

#[test]
fn creation_settings_are_checked() {
    let s = Setup::new();
    let path = s.path("w.db");
    let bad = [
        WalletOptions { pin: None, ..s.options(PIN) },
        s.options("123"),
        WalletOptions { kdf: KdfParams { memory_kib: 1, iterations: 1, parallelism: 1 }, ..s.options(PIN) },
        WalletOptions { max_failed_unlocks: Some(0), ..s.options(PIN) },
        WalletOptions {
            unlock_delays: UnlockDelays { free_attempts: 1, delays_secs: vec![999_999] },
            ..s.options(PIN)
        },
    ];
    for options in bad {
        let debug = format!("{options:?}");
        assert!(Wallet::create(&path, options).is_err(), "{debug}");
        assert!(!path.exists(), "nothing is left behind");
    }
    drop(s.create("w.db"));
    assert_eq!(
        Wallet::create(&path, s.options(PIN)).unwrap_err(),
        WalletError::AlreadyExists { path: path.display().to_string() }
    );
    assert_eq!(
        Wallet::open(s.path("missing.db"), None).unwrap_err(),
        WalletError::NoWallet { path: s.path("missing.db").display().to_string() }
    );
    // A leftover from a create that crashed does not block the next one.
    std::fs::write(s.path("x.db.creating"), b"half a wallet").unwrap();
    drop(Wallet::create(s.path("x.db"), s.options(PIN)).unwrap());
    assert!(!s.path("x.db.creating").exists());
}

#[test]
fn destroy_removes_the_file_and_its_side_files() {
    let s = Setup::new();
    let path = s.path("w.db");
    let wallet = s.create("w.db");
    wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    assert!(path.exists());
    wallet.destroy().unwrap();
    for suffix in ["", "-wal", "-shm"] {
        assert!(!std::path::Path::new(&format!("{}{suffix}", path.display())).exists(), "{suffix}");
    }
    assert!(matches!(Wallet::open(&path, None), Err(WalletError::NoWallet { .. })));
    // A locked wallet can be destroyed too (no PIN needed to delete a file one can delete anyway).
    let wallet = s.create("w2.db");
    wallet.lock();
    wallet.destroy().unwrap();
    assert!(!s.path("w2.db").exists());
}

#[test]
fn eight_threads_import_list_present_and_read_the_log_at_once() {
    let s = Setup::new();
    let wallet = Arc::new(s.create("w.db"));
    let first = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    let public = wallet.holder_public_key().unwrap();
    // Distinct credentials (status indices) so every import is a new row.
    let batches: Vec<Vec<Vec<u8>>> = (0..8u64)
        .map(|t| (0..5u64).map(|i| s.issue_for(public, DocType::Residence, Some(t * 100 + i))).collect())
        .collect();
    let threads: Vec<_> = batches
        .into_iter()
        .enumerate()
        .map(|(t, batch)| {
            let wallet = Arc::clone(&wallet);
            let trust = s.trust.clone();
            thread::spawn(move || {
                let mut mine = Vec::new();
                for (i, bytes) in batch.iter().enumerate() {
                    mine.push(wallet.import_credential(bytes, &trust).unwrap());
                    assert!(wallet.list_credentials().unwrap().len() > i);
                    let p =
                        wallet.present(first, &[ClaimName::AgeOver(18)], &format!("counter-{t}"), 60, None).unwrap();
                    assert!(p.qr_text.starts_with("CW1:"));
                    assert_eq!(wallet.get_credential(mine[i]).unwrap().to_bytes(), bytes.as_slice());
                    assert!(!wallet.presentation_log().unwrap().is_empty());
                    assert_eq!(wallet.holder_public_key().unwrap(), public);
                }
                mine
            })
        })
        .collect();
    let mut ids: Vec<CredentialId> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40);
    assert_eq!(wallet.list_credentials().unwrap().len(), 41);
    let log = wallet.presentation_log().unwrap();
    assert_eq!(log.len(), 40);
    for t in 0..8 {
        assert_eq!(log.iter().filter(|e| e.audience == format!("counter-{t}")).count(), 5);
    }
    assert!(wallet.damaged_records().unwrap().is_empty());
}

#[test]
fn unlock_and_lock_race_with_readers_without_deadlock() {
    let s = Setup::new();
    let wallet = Arc::new(s.create("w.db"));
    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let wallet = Arc::clone(&wallet);
            thread::spawn(move || {
                for _ in 0..20 {
                    match t % 4 {
                        // A lock() that lands during the unlock wins over it.
                        0 => match wallet.unlock(Some(PIN)) {
                            Ok(()) | Err(WalletError::Locked) => {}
                            Err(e) => panic!("{e:?}"),
                        },
                        1 => wallet.lock(),
                        _ => match wallet.get_credential(id) {
                            Ok(c) => assert_eq!(c.info().doc_type, Some(DocType::Identity)),
                            Err(e) => assert_eq!(e, WalletError::Locked),
                        },
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(wallet.unlock_status().unwrap().failed_attempts, 0);
}

/// A platform wrapper that calls back into the wallet from inside `unwrap`, as a biometric prompt
/// lets the app's other threads run, and can lock the wallet while the prompt is up.
struct ReentrantWrapper {
    inner: SoftwareKeyWrapper,
    wallet: std::sync::OnceLock<std::sync::Weak<Wallet>>,
    lock_during_unwrap: std::sync::atomic::AtomicBool,
    calls_back: std::sync::atomic::AtomicUsize,
}

impl citizen_wallet::wallet::KeyWrapper for ReentrantWrapper {
    fn wrap(&self, plaintext: &[u8]) -> Result<Vec<u8>, KeyWrapError> {
        self.call_back();
        self.inner.wrap(plaintext)
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<citizen_wallet::wallet::Zeroizing<Vec<u8>>, KeyWrapError> {
        self.call_back();
        if self.lock_during_unwrap.load(std::sync::atomic::Ordering::SeqCst)
            && let Some(wallet) = self.wallet.get().and_then(std::sync::Weak::upgrade)
        {
            wallet.lock();
        }
        self.inner.unwrap(wrapped)
    }
}

impl ReentrantWrapper {
    /// Uses the wallet from another thread and waits for it: this would hang if the wallet held
    /// its database lock while calling the platform.
    fn call_back(&self) {
        let Some(wallet) = self.wallet.get().and_then(std::sync::Weak::upgrade) else { return };
        let (done, wait) = std::sync::mpsc::channel();
        thread::spawn(move || {
            // Locked and never unlocked by this handle: refused, but answered without blocking.
            let _ = wallet.holder_public_key();
            let _ = wallet.unlock_status().unwrap();
            done.send(()).unwrap();
        });
        wait.recv_timeout(std::time::Duration::from_secs(10)).expect("the wallet was blocked during the platform call");
        self.calls_back.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn the_key_wrapper_runs_outside_the_database_lock_and_a_lock_during_unlock_wins() {
    let s = Setup::new();
    let wrapper = Arc::new(ReentrantWrapper {
        inner: SoftwareKeyWrapper::generate(),
        wallet: std::sync::OnceLock::new(),
        lock_during_unwrap: std::sync::atomic::AtomicBool::new(false),
        calls_back: std::sync::atomic::AtomicUsize::new(0),
    });
    let options = WalletOptions { key_wrapper: Some(wrapper.clone()), ..s.options(PIN) };
    drop(Wallet::create(s.path("w.db"), options).unwrap());
    let wallet = Arc::new(Wallet::open_with_clock(s.path("w.db"), Some(wrapper.clone()), s.clock.clone()).unwrap());
    wrapper.wallet.set(Arc::downgrade(&wallet)).unwrap();

    wallet.unlock(Some(PIN)).unwrap();
    wallet.change_pin(PIN, "8080").unwrap();
    assert_eq!(wrapper.calls_back.load(std::sync::atomic::Ordering::SeqCst), 3, "unwrap, unwrap, wrap");

    // The app locks while the platform prompt is up: the unlock must not win afterwards.
    wallet.lock();
    wrapper.lock_during_unwrap.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(wallet.unlock(Some("8080")), Err(WalletError::Locked));
    assert!(!wallet.is_unlocked());
    wrapper.lock_during_unwrap.store(false, std::sync::atomic::Ordering::SeqCst);
    wallet.unlock(Some("8080")).unwrap();
    assert!(wallet.is_unlocked());
}
