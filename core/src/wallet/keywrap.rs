//! The platform key-wrapping trait, and a software implementation of it.
//!
//! A phone implements [`KeyWrapper`] in the bindings with a key that never leaves its secure hardware:
//! Android Keystore (StrongBox where present) AES-GCM, or an iOS Secure Enclave / Keychain key.
//! The wallet only ever hands it the 32-byte data key (or the PIN-wrapped data key) to wrap, and
//! never calls it while holding its database lock, because a platform may block on a biometric
//! prompt.

use std::fmt;

use zeroize::Zeroizing;

use super::envelope::SecretKey;
use super::error::KeyWrapError;

/// Wraps and unwraps small secrets with a key the platform keeps (Keystore, Keychain, Secure Enclave).
///
/// `unwrap(wrap(x)) == x`; `unwrap` must fail (typically with [`KeyWrapError::Rejected`]) for bytes
/// that were altered or wrapped by another key. Implementations must be callable from any thread.
pub trait KeyWrapper: Send + Sync {
    /// Encrypts `plaintext` (a 32-byte data key) with the platform key.
    fn wrap(&self, plaintext: &[u8]) -> Result<Vec<u8>, KeyWrapError>;
    /// Decrypts what [`KeyWrapper::wrap`] returned; fails for altered bytes or another key's.
    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyWrapError>;
}

/// AES-256-GCM with a key held in this process's memory.
///
/// **Not a hardware keystore**: the key is ordinary memory (zeroized on drop), and whoever can read
/// the process or wherever the caller saves [`SoftwareKeyWrapper::key_bytes`] can unwrap. It exists
/// for tests, and for desktop apps that keep the key in an OS keyring. Phones use the platform's.
pub struct SoftwareKeyWrapper {
    key: SecretKey,
}

impl fmt::Debug for SoftwareKeyWrapper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SoftwareKeyWrapper(..)")
    }
}

/// Associated data of software wraps, so they cannot be confused with any other ciphertext.
const SOFTWARE_WRAP_AAD: &[u8] = b"citizen-wallet software key wrap v1";

impl SoftwareKeyWrapper {
    /// A wrapper with a fresh random key.
    pub fn generate() -> SoftwareKeyWrapper {
        SoftwareKeyWrapper { key: SecretKey::generate() }
    }

    /// A wrapper with a key saved earlier.
    pub fn from_key(key: &[u8; 32]) -> SoftwareKeyWrapper {
        SoftwareKeyWrapper { key: SecretKey::from_bytes(key).expect("32 bytes") }
    }

    /// The key, for the caller to keep somewhere safe.
    pub fn key_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(*self.key.as_bytes())
    }
}

impl KeyWrapper for SoftwareKeyWrapper {
    fn wrap(&self, plaintext: &[u8]) -> Result<Vec<u8>, KeyWrapError> {
        Ok(self.key.seal(SOFTWARE_WRAP_AAD, plaintext))
    }

    fn unwrap(&self, wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyWrapError> {
        self.key.open(SOFTWARE_WRAP_AAD, wrapped).map_err(|_| KeyWrapError::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_rejects_other_keys_and_altered_bytes() {
        let wrapper = SoftwareKeyWrapper::generate();
        let wrapped = wrapper.wrap(b"data key").unwrap();
        assert!(!wrapped.windows(8).any(|w| w == b"data key"));
        assert_eq!(&**wrapper.unwrap(&wrapped).unwrap(), b"data key");
        let same = SoftwareKeyWrapper::from_key(&wrapper.key_bytes());
        assert_eq!(&**same.unwrap(&wrapped).unwrap(), b"data key");
        assert_eq!(SoftwareKeyWrapper::generate().unwrap(&wrapped), Err(KeyWrapError::Rejected));
        let mut altered = wrapped.clone();
        altered[20] ^= 4;
        assert_eq!(wrapper.unwrap(&altered), Err(KeyWrapError::Rejected));
        assert_eq!(format!("{wrapper:?}"), "SoftwareKeyWrapper(..)");
    }
}
