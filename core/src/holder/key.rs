//! The holder's Ed25519 key: generated from the OS generator, zeroized on drop, never in `Debug`.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::cose::key as cose_key;
use crate::random::{OsRandom, RandomSource};

pub struct HolderKey {
    signing_key: SigningKey,
}

impl fmt::Debug for HolderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HolderKey").field("thumbprint", &hex::encode(self.thumbprint())).finish_non_exhaustive()
    }
}

impl HolderKey {
    pub fn generate() -> HolderKey {
        HolderKey::generate_with(&mut OsRandom)
    }

    pub(crate) fn generate_with(rng: &mut dyn RandomSource) -> HolderKey {
        let mut secret = Zeroizing::new([0u8; 32]);
        rng.fill(secret.as_mut());
        HolderKey::from_secret(&secret)
    }

    pub fn from_secret(secret: &[u8; 32]) -> HolderKey {
        HolderKey { signing_key: SigningKey::from_bytes(secret) }
    }

    /// The secret, for encrypted storage only.
    pub fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing_key.to_bytes())
    }

    pub fn public_key(&self) -> VerifyingKey {
        self.signing_key.verifying_key()
    }

    /// RFC 9679 thumbprint of the public key: a stable, shareable key identifier.
    pub fn thumbprint(&self) -> [u8; 32] {
        cose_key::thumbprint(&self.public_key())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing_key.sign(message).to_bytes()
    }
}
