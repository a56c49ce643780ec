//! Envelope encryption of records: AES-256-GCM under the wallet's data key (DEK), a fresh random
//! 96-bit nonce per write, and associated data that names where the record belongs.
//!
//! Sealed layout: `nonce (12) || ciphertext || tag (16)`.
//!
//! Record AAD (FORMAT.md "Storage"), injective because every field is fixed-size or length-prefixed
//! and the trailing columns have a fixed size per table:
//! `"CWR1" || wallet_id (16) || len(table) (1) || table (ASCII) || record_id (i64 BE) ||
//! schema_version (u32 BE) || the row's other clear columns`.
//! A record copied to another row, another table or another wallet, relabelled with another
//! schema version, or with a clear column of its row changed, fails authentication.

use std::fmt;

use aes_gcm::aead::{Aead, AeadInOut, KeyInit, Nonce, Payload};
use aes_gcm::{Aes256Gcm, Key};
use zeroize::Zeroizing;

use crate::random::os_random;

pub(crate) const NONCE_LEN: usize = 12;
pub(crate) const TAG_LEN: usize = 16;
pub(crate) const KEY_LEN: usize = 32;
/// Length of the random wallet id that binds records to one wallet file.
pub(crate) const WALLET_ID_LEN: usize = 16;
const RECORD_AAD_MAGIC: &[u8; 4] = b"CWR1";

/// Authentication failed: wrong key, altered bytes or wrong associated data (deliberately not
/// told apart, as AES-GCM cannot).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OpenError;

/// A 256-bit AES key (the DEK, or a key-encryption key), zeroized on drop, never printed.
pub(crate) struct SecretKey(Zeroizing<[u8; KEY_LEN]>);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl SecretKey {
    /// A fresh key from the OS generator.
    pub(crate) fn generate() -> SecretKey {
        SecretKey(Zeroizing::new(os_random::<KEY_LEN>()))
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<SecretKey> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        if bytes.len() != KEY_LEN {
            return None;
        }
        key.copy_from_slice(bytes);
        Some(SecretKey(key))
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Encrypts `plaintext` bound to `aad`, under a fresh random nonce.
    pub(crate) fn seal(&self, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let nonce = os_random::<NONCE_LEN>();
        let ciphertext = self
            .cipher()
            .encrypt(&Nonce::<Aes256Gcm>::from(nonce), Payload { msg: plaintext, aad })
            .expect("AES-GCM only fails for inputs of 64 GiB and more");
        let mut sealed = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    /// Decrypts and authenticates; the plaintext is zeroized when dropped.
    pub(crate) fn open(&self, aad: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
        if sealed.len() < NONCE_LEN + TAG_LEN {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::<Aes256Gcm>::try_from(nonce).map_err(|_| OpenError)?;
        // Decrypt in a buffer we own and zeroize, not in a Vec the AEAD allocates.
        let mut buffer = Zeroizing::new(ciphertext.to_vec());
        self.cipher().decrypt_in_place(&nonce, aad, &mut *buffer).map_err(|_| OpenError)?;
        Ok(buffer)
    }

    fn cipher(&self) -> Aes256Gcm {
        // The expanded key schedule is zeroized on drop (aes-gcm feature `zeroize`).
        Aes256Gcm::new(&Key::<Aes256Gcm>::from(*self.0))
    }
}

/// Associated data of the record `record_id` of `table`, written under `schema_version`, whose
/// other clear columns encode (fixed size per table) to `columns`.
pub(crate) fn record_aad(
    wallet_id: &[u8; WALLET_ID_LEN],
    table: &str,
    record_id: i64,
    schema_version: u32,
    columns: &[u8],
) -> Vec<u8> {
    debug_assert!(table.len() < 256 && table.is_ascii());
    let mut aad = Vec::with_capacity(4 + WALLET_ID_LEN + 1 + table.len() + 8 + 4 + columns.len());
    aad.extend_from_slice(RECORD_AAD_MAGIC);
    aad.extend_from_slice(wallet_id);
    aad.push(table.len() as u8);
    aad.extend_from_slice(table.as_bytes());
    aad.extend_from_slice(&record_id.to_be_bytes());
    aad.extend_from_slice(&schema_version.to_be_bytes());
    aad.extend_from_slice(columns);
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    const WALLET: [u8; 16] = [7; 16];

    #[test]
    fn round_trip_with_fresh_nonces() {
        let key = SecretKey::generate();
        let aad = record_aad(&WALLET, "credentials", 1, 2, &[]);
        let a = key.seal(&aad, b"record");
        let b = key.seal(&aad, b"record");
        assert_ne!(a[..NONCE_LEN], b[..NONCE_LEN], "every write gets its own nonce");
        assert_eq!(a.len(), NONCE_LEN + 6 + TAG_LEN);
        assert_eq!(&**key.open(&aad, &a).unwrap(), b"record");
        assert_eq!(&**key.open(&aad, &b).unwrap(), b"record");
    }

    #[test]
    fn any_change_of_place_key_or_bytes_fails() {
        let key = SecretKey::generate();
        let aad = record_aad(&WALLET, "credentials", 1, 2, &[5; 16]);
        let sealed = key.seal(&aad, b"record");
        for other in [
            record_aad(&[8; 16], "credentials", 1, 2, &[5; 16]),
            record_aad(&WALLET, "presentation_log", 1, 2, &[5; 16]),
            record_aad(&WALLET, "credentials", 2, 2, &[5; 16]),
            record_aad(&WALLET, "credentials", 1, 1, &[5; 16]),
            record_aad(&WALLET, "credentials", 1, 2, &[6; 16]),
        ] {
            assert_eq!(key.open(&other, &sealed), Err(OpenError));
        }
        assert_eq!(SecretKey::generate().open(&aad, &sealed), Err(OpenError));
        for i in 0..sealed.len() {
            let mut flipped = sealed.clone();
            flipped[i] ^= 0x01;
            assert_eq!(key.open(&aad, &flipped), Err(OpenError), "byte {i}");
        }
        for len in 0..sealed.len() {
            assert_eq!(key.open(&aad, &sealed[..len]), Err(OpenError), "truncated to {len}");
        }
    }

    #[test]
    fn aad_fields_cannot_run_into_each_other() {
        // The table name is length-prefixed, so shifting a byte between fields changes the AAD.
        assert_ne!(record_aad(&WALLET, "ab", 0x0100, 1, &[]), record_aad(&WALLET, "a", 0x6200_0000_0000_0100, 1, &[]));
        assert_eq!(record_aad(&WALLET, "credentials", 1, 2, &[0; 16]).len(), 4 + 16 + 1 + 11 + 8 + 4 + 16);
    }

    #[test]
    fn opens_a_record_sealed_by_an_independent_implementation() {
        // FORMAT.md "Storage" vector, made with Python `cryptography` 48: DEK 40..5f, wallet id
        // a0..af, credentials row 3, schema version 2, holder_key_id 1, imported_at 1790000000.
        let dek = SecretKey::from_bytes(&(0x40..0x60).collect::<Vec<u8>>()).unwrap();
        let wallet: [u8; 16] = std::array::from_fn(|i| 0xA0 + i as u8);
        let mut columns = 1i64.to_be_bytes().to_vec();
        columns.extend_from_slice(&1_790_000_000i64.to_be_bytes());
        let aad = record_aad(&wallet, "credentials", 3, 2, &columns);
        assert_eq!(
            hex::encode(&aad),
            "43575231a0a1a2a3a4a5a6a7a8a9aaabacadaeaf0b63726564656e7469616c730000000000000003000000020000000000000001000000006ab13b80"
        );
        let sealed =
            hex::decode("22222222222222222222222298660b333039da238ff08ca1d1f4e2738597ae6ad0027091d401d437e6215566")
                .unwrap();
        assert_eq!(&**dek.open(&aad, &sealed).unwrap(), b"credential bytes");
    }

    #[test]
    fn debug_hides_the_key() {
        let key = SecretKey::from_bytes(&[0xAB; 32]).unwrap();
        assert_eq!(format!("{key:?}"), "SecretKey(..)");
        assert!(SecretKey::from_bytes(&[0; 31]).is_none());
    }
}
