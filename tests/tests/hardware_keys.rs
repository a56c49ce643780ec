//! Holder keys in secure hardware through the wallet's `HolderSigner`: the wallet stores only an
//! alias and a public key, asks the signer for every presentation, verifies what it returns, and
//! maps platform failures to typed errors. The signer here is a software P-256 keystore (the
//! RustCrypto `p256` crate) standing in for Android Keystore / the Secure Enclave: real ECDSA, the
//! same DER output the platforms give.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use citizen_wallet::error::SignerError;
use citizen_wallet::wallet::{CredentialId, HolderSigner, Wallet, WalletError};
use citizen_wallet::{Algorithm, PublicKey};
use citizen_wallet::{ClaimName, DocType, FixedClock, Verifier, VerifierPolicy};
use common::{NOW, PIN, Setup, count, raw};
use p256::ecdsa::signature::Signer as _;

/// What the next `sign` call does, as a platform would.
#[derive(Clone, Copy, PartialEq)]
enum Next {
    Sign,
    Invalidated,
    Cancelled,
    Busy,
    /// Signs with a different key (a replaced or wrong hardware key).
    WrongKey,
}

/// A software keystore with platform-like behaviour: keys by alias, DER signatures.
struct SoftwareKeystore {
    keys: Mutex<HashMap<String, p256::ecdsa::SigningKey>>,
    next: Mutex<Next>,
    signed: Mutex<u32>,
}

impl SoftwareKeystore {
    fn new() -> Arc<SoftwareKeystore> {
        Arc::new(SoftwareKeystore { keys: Mutex::default(), next: Mutex::new(Next::Sign), signed: Mutex::new(0) })
    }

    fn set_next(&self, next: Next) {
        *self.next.lock().unwrap() = next;
    }
}

impl HolderSigner for SoftwareKeystore {
    fn generate_key(&self, alias: &str) -> Result<Vec<u8>, SignerError> {
        let key = p256::ecdsa::SigningKey::from_slice(&citizen_wallet::internal::os_random::<32>()).unwrap();
        let public = key.verifying_key().to_sec1_point(false).as_bytes().to_vec();
        self.keys.lock().unwrap().insert(alias.to_owned(), key);
        Ok(public)
    }

    fn sign(&self, alias: &str, message: &[u8]) -> Result<Vec<u8>, SignerError> {
        let next = *self.next.lock().unwrap();
        let key = match next {
            Next::Sign => self.keys.lock().unwrap().get(alias).cloned().ok_or(SignerError::KeyNotFound)?,
            Next::Invalidated => return Err(SignerError::KeyInvalidated),
            Next::Cancelled => return Err(SignerError::UserCancelled),
            Next::Busy => return Err(SignerError::Busy),
            Next::WrongKey => p256::ecdsa::SigningKey::from_slice(&[7; 32]).unwrap(),
        };
        *self.signed.lock().unwrap() += 1;
        let signature: p256::ecdsa::Signature = key.sign(message);
        Ok(signature.to_der().as_bytes().to_vec())
    }
}

/// `w.db` with its holder key in the software keystore and an identity credential bound to it.
fn hardware_key_wallet(s: &Setup) -> (Wallet, Arc<SoftwareKeystore>, PublicKey, CredentialId) {
    let wallet = s.create("w.db");
    let keystore = SoftwareKeystore::new();
    wallet.set_holder_signer(keystore.clone());
    let public = wallet.create_hardware_holder_key().unwrap();
    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    (wallet, keystore, public, id)
}

fn verifier(s: &Setup) -> Verifier {
    Verifier::new(s.trust.clone(), VerifierPolicy::for_audience("counter-1"))
        .with_clock(Arc::new(FixedClock::new(NOW + 5)))
}

#[test]
fn a_hardware_key_wallet_creates_imports_presents_and_the_counter_verifies_es256() {
    let s = Setup::new();
    let wallet = s.create("w.db");
    let keystore = SoftwareKeystore::new();
    wallet.set_holder_signer(keystore.clone());
    let software = wallet.holder_public_key().unwrap();
    let public = wallet.create_hardware_holder_key().unwrap();
    assert_eq!(public.algorithm(), Algorithm::Es256);
    assert_eq!(wallet.holder_public_key().unwrap(), public, "the hardware key is now the one to give issuers");
    assert_eq!(wallet.holder_key_thumbprint().unwrap(), public.thumbprint());

    // Only the alias and the public key are stored; the secret never reaches the wallet.
    let path = s.path("w.db");
    assert_eq!(count(&path, "platform_holder_keys"), 1);
    let (alias, stored): (String, Vec<u8>) = raw(&path)
        .query_row("SELECT alias, public_key FROM platform_holder_keys", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert!(alias.starts_with("citizen-wallet-holder-"), "{alias}");
    assert_eq!(stored, public.to_bytes());

    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    let p = wallet.present(id, &[ClaimName::FullName], "counter-1", 60, None).unwrap();
    assert_eq!(*keystore.signed.lock().unwrap(), 1, "the signer was asked");
    let verified = verifier(&s).verify(&p.qr_text).unwrap();
    assert_eq!(verified.holder_algorithm, Algorithm::Es256);
    assert_eq!(verified.holder_thumbprint, public.thumbprint());
    assert_eq!(wallet.presentation_log().unwrap().len(), 1);

    // A credential bound to the earlier software key still presents with that key.
    let old = wallet.import_credential(&s.issue_for(software, DocType::Residence, None), &s.trust).unwrap();
    let p = wallet.present(old, &[ClaimName::FullName], "counter-1", 60, None).unwrap();
    assert_eq!(verifier(&s).verify(&p.qr_text).unwrap().holder_algorithm, Algorithm::Ed25519);
    assert!(wallet.damaged_records().unwrap().is_empty());
}

#[test]
fn signer_failures_are_typed_and_nothing_is_logged() {
    let s = Setup::new();
    let (wallet, keystore, _, id) = hardware_key_wallet(&s);
    for (next, expected, code) in [
        (Next::Invalidated, SignerError::KeyInvalidated, "key_invalidated"),
        (Next::Cancelled, SignerError::UserCancelled, "user_cancelled"),
        (Next::Busy, SignerError::Busy, "signer_busy"),
        (Next::WrongKey, SignerError::BadSignature, "bad_platform_signature"),
    ] {
        keystore.set_next(next);
        let err = wallet.present(id, &[ClaimName::FullName], "counter-1", 60, None).unwrap_err();
        assert_eq!(err, WalletError::HolderSigner(expected));
        assert_eq!(err.code(), code);
    }
    assert!(wallet.presentation_log().unwrap().is_empty(), "a failed signature logs nothing");
    keystore.set_next(Next::Sign);
    assert!(wallet.present(id, &[ClaimName::FullName], "counter-1", 60, None).is_ok(), "busy is not final");
}

#[test]
fn a_reopened_wallet_needs_its_signer_and_a_locked_one_creates_no_key() {
    let s = Setup::new();
    let wallet = s.create("w.db");
    assert_eq!(wallet.create_hardware_holder_key().unwrap_err(), WalletError::HolderSignerRequired);
    let keystore = SoftwareKeystore::new();
    wallet.set_holder_signer(keystore.clone());
    let public = wallet.create_hardware_holder_key().unwrap();
    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    wallet.lock();
    assert_eq!(wallet.create_hardware_holder_key().unwrap_err(), WalletError::Locked);
    drop(wallet);

    let wallet = s.open("w.db");
    // Not handed out before its row authenticated (issue 10 finding 2), then readable while
    // locked: the unlock checks the sealed alias and key without asking the signer.
    assert_eq!(wallet.holder_public_key(), Err(WalletError::Locked), "not authenticated yet");
    wallet.unlock(Some(PIN)).unwrap();
    wallet.lock();
    assert_eq!(wallet.holder_public_key().unwrap(), public, "readable while locked once authenticated");
    wallet.unlock(Some(PIN)).unwrap();
    assert_eq!(
        wallet.present(id, &[ClaimName::FullName], "counter-1", 60, None).unwrap_err(),
        WalletError::HolderSignerRequired
    );
    wallet.set_holder_signer(keystore);
    assert!(wallet.present(id, &[ClaimName::FullName], "counter-1", 60, None).is_ok());
}

#[test]
fn a_pin_change_reseals_the_hardware_key_row_with_the_new_data_key() {
    let s = Setup::new();
    let (wallet, keystore, public, id) = hardware_key_wallet(&s);
    let path = s.path("w.db");
    let sealed_row = || {
        raw(&path)
            .query_row(
                "SELECT sealed FROM holder_keys WHERE id = (SELECT holder_key_id FROM platform_holder_keys)",
                [],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .unwrap()
    };
    let before = sealed_row();
    wallet.change_pin(PIN, "Mật khẩu mới 2026").unwrap();
    assert_ne!(sealed_row(), before, "the platform key's sealed alias and key were re-sealed under the new data key");
    drop(wallet);

    // Reopened, the new PIN unlocks; the hardware key row authenticates under the new data key
    // (a row left under the old key would be a corrupt record) and still signs presentations.
    let wallet = s.open("w.db");
    assert_eq!(wallet.unlock(Some(PIN)).unwrap_err().code(), "wrong_pin");
    wallet.unlock(Some("Mật khẩu mới 2026")).unwrap();
    assert_eq!(wallet.holder_public_key().unwrap(), public);
    assert!(wallet.damaged_records().unwrap().is_empty());
    wallet.set_holder_signer(keystore);
    let p = wallet.present(id, &[ClaimName::FullName], "counter-1", 60, None).unwrap();
    assert_eq!(verifier(&s).verify(&p.qr_text).unwrap().holder_thumbprint, public.thumbprint());
}

#[test]
fn a_swapped_alias_or_public_key_in_the_file_is_a_corrupt_record() {
    let s = Setup::new();
    let (wallet, keystore, _, id) = hardware_key_wallet(&s);
    let path = s.path("w.db");
    let conn = raw(&path);
    // Another key the attacker controls, under an alias the keystore also holds.
    let other = keystore.generate_key("attacker").unwrap();
    let corrupt = WalletError::RecordCorrupt { table: "holder_keys", id: 2 };
    let (alias, public): (String, Vec<u8>) = conn
        .query_row("SELECT alias, public_key FROM platform_holder_keys", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let present = || wallet.present(id, &[ClaimName::FullName], "counter-1", 60, None);

    conn.execute("UPDATE platform_holder_keys SET alias = 'attacker'", []).unwrap();
    assert_eq!(present().unwrap_err(), corrupt, "swapped alias");
    conn.execute("UPDATE platform_holder_keys SET alias = ?1", [&alias]).unwrap();
    assert!(present().is_ok());

    conn.execute("UPDATE platform_holder_keys SET public_key = ?1", [&other]).unwrap();
    assert_eq!(present().unwrap_err(), corrupt, "swapped public key");
    assert_eq!(wallet.holder_public_key().unwrap_err(), corrupt, "not given to an issuer either");
    conn.execute("UPDATE platform_holder_keys SET public_key = ?1", [&public]).unwrap();
    assert!(present().is_ok());

    // Removing the platform row makes the key row unreadable as a software key.
    conn.execute("DELETE FROM platform_holder_keys", []).unwrap();
    assert_eq!(wallet.present(id, &[ClaimName::FullName], "counter-1", 60, None).unwrap_err(), corrupt);
    assert!(wallet.damaged_records().unwrap().iter().any(|d| d.table == "holder_keys" && d.id == 2));
}

#[test]
fn a_signer_that_returns_no_p256_key_is_refused() {
    struct Bad;
    impl HolderSigner for Bad {
        fn generate_key(&self, _: &str) -> Result<Vec<u8>, SignerError> {
            Ok(vec![4; 65])
        }
        fn sign(&self, _: &str, _: &[u8]) -> Result<Vec<u8>, SignerError> {
            Err(SignerError::Platform("unused".into()))
        }
    }
    let s = Setup::new();
    let wallet = s.create("w.db");
    let before = wallet.holder_public_key().unwrap();
    wallet.set_holder_signer(Arc::new(Bad));
    assert!(matches!(wallet.create_hardware_holder_key(), Err(WalletError::HolderSigner(SignerError::Platform(_)))));
    assert_eq!(wallet.holder_public_key().unwrap(), before, "nothing was stored");
    assert!(PublicKey::from_bytes(&[4; 65]).is_err());
}
