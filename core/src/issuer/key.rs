//! The issuer's Ed25519 signing key and its key id.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::error::IssueError;
use crate::random::{OsRandom, RandomSource};

/// Longest accepted key id, in bytes (it travels in every QR, so keep it short).
pub const MAX_KID_BYTES: usize = 64;

/// An issuer signing key with its `kid`. The secret half is zeroized on drop and never shown by `Debug`.
pub struct IssuerKey {
    kid: String,
    signing_key: SigningKey,
}

impl fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuerKey")
            .field("kid", &self.kid)
            .field("public_key", &hex::encode(self.public_key().as_bytes()))
            .finish_non_exhaustive()
    }
}

impl IssuerKey {
    /// A fresh key from the OS random generator.
    pub fn generate(kid: &str) -> Result<IssuerKey, IssueError> {
        IssuerKey::generate_with(kid, &mut OsRandom)
    }

    pub fn generate_with(kid: &str, rng: &mut dyn RandomSource) -> Result<IssuerKey, IssueError> {
        let mut secret = Zeroizing::new([0u8; 32]);
        rng.fill(secret.as_mut());
        IssuerKey::from_secret(kid, &secret)
    }

    /// Rebuilds a key from its 32-byte secret.
    pub fn from_secret(kid: &str, secret: &[u8; 32]) -> Result<IssuerKey, IssueError> {
        if kid.is_empty() || kid.len() > MAX_KID_BYTES || kid.starts_with("hex:") || kid.chars().any(char::is_control) {
            return Err(IssueError::Settings(format!("kid must be 1 to {MAX_KID_BYTES} bytes of printable text")));
        }
        Ok(IssuerKey { kid: kid.to_owned(), signing_key: SigningKey::from_bytes(secret) })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn public_key(&self) -> VerifyingKey {
        self.signing_key.verifying_key()
    }

    /// The secret, for storing the key (the caller must keep it protected).
    pub fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing_key.to_bytes())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing_key.sign(message).to_bytes()
    }
}
