//! How the data key (DEK) is wrapped: by the PIN, by the platform key wrapper, or by both.
//!
//! - `pin`: `wrapped = nonce || AES-256-GCM(KEK, DEK, pin_aad) || tag`, with
//!   `KEK = Argon2id(NFC(PIN), kdf_salt, kdf params)`.
//! - `device`: `wrapped = KeyWrapper::wrap(DEK)`.
//! - `pin+device`: `wrapped = KeyWrapper::wrap(pin-wrapped DEK)`: the device layer outside, so a
//!   copied file cannot even be attacked by PIN guessing without the phone's key.
//!
//! `pin_aad = "CWK1" || wallet_id (16) || memory_kib || iterations || parallelism (u32 BE each) ||
//! len(salt) (1) || salt`: the parameters cannot be changed without the unwrap failing.

use std::fmt;

use zeroize::Zeroizing;

use super::envelope::{SecretKey, WALLET_ID_LEN};
use super::error::{StorageError, WalletError};
use super::kdf::{KdfParams, SALT_LEN};
use crate::random::os_random;

const PIN_AAD_MAGIC: &[u8; 4] = b"CWK1";

/// What protects a wallet's data key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protection {
    /// The citizen's PIN or passphrase (Argon2id).
    Pin,
    /// The platform key wrapper alone (the platform decides when the user must authenticate).
    Device,
    /// Both: the platform key wrapper and the PIN are each required.
    PinAndDevice,
}

impl Protection {
    /// The stable name: `pin`, `device` or `pin+device`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protection::Pin => "pin",
            Protection::Device => "device",
            Protection::PinAndDevice => "pin+device",
        }
    }

    /// Reads the name [`Protection::as_str`] gives.
    pub fn parse(s: &str) -> Option<Protection> {
        [Protection::Pin, Protection::Device, Protection::PinAndDevice].into_iter().find(|p| p.as_str() == s)
    }

    /// Whether unlocking needs the PIN.
    pub fn uses_pin(self) -> bool {
        matches!(self, Protection::Pin | Protection::PinAndDevice)
    }

    /// Whether unlocking needs the platform key wrapper.
    pub fn uses_device(self) -> bool {
        matches!(self, Protection::Device | Protection::PinAndDevice)
    }
}

impl fmt::Display for Protection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `data_key` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WrappedDataKey {
    pub protection: Protection,
    /// Present exactly when the protection uses a PIN.
    pub pin: Option<PinWrapParams>,
    pub wrapped: Vec<u8>,
}

/// What the PIN's key derivation needs, stored beside the wrap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PinWrapParams {
    pub kdf: KdfParams,
    pub salt: Vec<u8>,
}

impl PinWrapParams {
    pub fn fresh(kdf: KdfParams) -> PinWrapParams {
        PinWrapParams { kdf, salt: os_random::<SALT_LEN>().to_vec() }
    }

    fn aad(&self, wallet_id: &[u8; WALLET_ID_LEN]) -> Vec<u8> {
        let mut aad = Vec::with_capacity(4 + WALLET_ID_LEN + 12 + 1 + self.salt.len());
        aad.extend_from_slice(PIN_AAD_MAGIC);
        aad.extend_from_slice(wallet_id);
        for n in [self.kdf.memory_kib, self.kdf.iterations, self.kdf.parallelism] {
            aad.extend_from_slice(&n.to_be_bytes());
        }
        aad.push(self.salt.len() as u8);
        aad.extend_from_slice(&self.salt);
        aad
    }

    /// Salt lengths accepted from a file.
    pub fn check(&self) -> Result<(), WalletError> {
        if !(8..=64).contains(&self.salt.len()) {
            return Err(WalletError::Corrupt(StorageError::other("the PIN wrap's salt is not 8 to 64 bytes")));
        }
        self.kdf.check().map_err(|e| WalletError::Corrupt(StorageError::other(format!("stored KDF parameters: {e}"))))
    }

    /// Derives the KEK from `pin` (normalised) and seals the DEK with it. Slow: run it unlocked.
    pub fn wrap(&self, wallet_id: &[u8; WALLET_ID_LEN], pin: &str, dek: &SecretKey) -> Result<Vec<u8>, WalletError> {
        let kek = self.kdf.derive(pin.as_bytes(), &self.salt)?;
        Ok(kek.seal(&self.aad(wallet_id), dek.as_bytes()))
    }

    /// The DEK, or `None` when the PIN is wrong (or the wrap was altered: AES-GCM cannot tell).
    pub fn unwrap(
        &self,
        wallet_id: &[u8; WALLET_ID_LEN],
        pin: &str,
        sealed: &[u8],
    ) -> Result<Option<SecretKey>, WalletError> {
        self.check()?;
        let kek = self.kdf.derive(pin.as_bytes(), &self.salt)?;
        let Ok(dek) = kek.open(&self.aad(wallet_id), sealed) else { return Ok(None) };
        SecretKey::from_bytes(&dek)
            .map(Some)
            .ok_or_else(|| WalletError::Corrupt(StorageError::other("the wrapped data key has the wrong length")))
    }
}

/// The DEK from the bytes a device wrapper returned (device-only protection).
pub(crate) fn dek_from_device(plain: Zeroizing<Vec<u8>>) -> Result<SecretKey, WalletError> {
    SecretKey::from_bytes(&plain)
        .ok_or_else(|| WalletError::Corrupt(StorageError::other("the device-wrapped data key has the wrong length")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_wrap_round_trips_and_binds_wallet_and_params() {
        let dek = SecretKey::generate();
        let params = PinWrapParams::fresh(KdfParams::INSECURE_FAST_FOR_TESTS);
        let wallet = [3u8; 16];
        let sealed = params.wrap(&wallet, "2468", &dek).unwrap();
        assert_eq!(params.unwrap(&wallet, "2468", &sealed).unwrap().unwrap().as_bytes(), dek.as_bytes());
        assert!(params.unwrap(&wallet, "2469", &sealed).unwrap().is_none());
        assert!(params.unwrap(&[4u8; 16], "2468", &sealed).unwrap().is_none());
        // Another iteration count derives another KEK, and is also in the AAD.
        let mut other = params.clone();
        other.kdf.iterations = 2;
        assert!(other.unwrap(&wallet, "2468", &sealed).unwrap().is_none());
        let mut short_salt = params.clone();
        short_salt.salt.truncate(4);
        assert!(matches!(short_salt.unwrap(&wallet, "2468", &sealed), Err(WalletError::Corrupt(_))));
    }

    #[test]
    fn unwraps_a_pin_wrap_made_by_an_independent_implementation() {
        // FORMAT.md "Storage" vector, made with Python `cryptography` 48 (OpenSSL Argon2id and
        // AES-GCM): PIN "123456", salt 01..10, m = 64 KiB, t = 1, p = 1, wallet id a0..af,
        // DEK 40..5f, nonce 11 x 12.
        let params = PinWrapParams { kdf: KdfParams::INSECURE_FAST_FOR_TESTS, salt: (1..=16).collect() };
        let wallet: [u8; 16] = std::array::from_fn(|i| 0xA0 + i as u8);
        assert_eq!(
            hex::encode(params.aad(&wallet)),
            "43574b31a0a1a2a3a4a5a6a7a8a9aaabacadaeaf000000400000000100000001100102030405060708090a0b0c0d0e0f10"
        );
        let wrapped = hex::decode(
            "1111111111111111111111110c5b1fc1bfafb67396c84586163d969798dfbcf78a04d92f1cf6c6f4696c82fd2f1b800e561e28663a78101521ecbf10",
        )
        .unwrap();
        let dek = params.unwrap(&wallet, "123456", &wrapped).unwrap().unwrap();
        assert_eq!(dek.as_bytes(), &std::array::from_fn::<u8, 32, _>(|i| 0x40 + i as u8));
        assert!(params.unwrap(&wallet, "654321", &wrapped).unwrap().is_none());
    }

    #[test]
    fn protection_names_round_trip() {
        for p in [Protection::Pin, Protection::Device, Protection::PinAndDevice] {
            assert_eq!(Protection::parse(p.as_str()), Some(p));
        }
        assert_eq!(Protection::parse("none"), None);
        assert!(Protection::PinAndDevice.uses_pin() && Protection::PinAndDevice.uses_device());
        assert!(!Protection::Device.uses_pin() && !Protection::Pin.uses_device());
    }
}
