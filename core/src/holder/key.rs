//! The holder's Ed25519 key: generated from the OS generator, zeroized on drop, never in `Debug`.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::cose::key::{self as cose_key, PublicKey};
use crate::error::PresentError;
use crate::random::{OsRandom, RandomSource};

/// The citizen's Ed25519 holder key in software: it signs presentations (key binding tokens). Wiped on drop.
pub struct HolderKey {
    signing_key: SigningKey,
}

impl fmt::Debug for HolderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HolderKey").field("thumbprint", &hex::encode(self.thumbprint())).finish_non_exhaustive()
    }
}

impl HolderKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> HolderKey {
        HolderKey::generate_with(&mut OsRandom)
    }

    pub(crate) fn generate_with(rng: &mut dyn RandomSource) -> HolderKey {
        let mut secret = Zeroizing::new([0u8; 32]);
        rng.fill(secret.as_mut());
        HolderKey::from_secret(&secret)
    }

    /// The key with this 32-byte Ed25519 secret (e.g. read back from encrypted storage).
    pub fn from_secret(secret: &[u8; 32]) -> HolderKey {
        HolderKey { signing_key: SigningKey::from_bytes(secret) }
    }

    /// The secret, for encrypted storage only.
    pub fn secret_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing_key.to_bytes())
    }

    /// The Ed25519 public key, the one an issuer binds into `cnf`.
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

/// What signs a presentation's Sig_structure: the software [`HolderKey`], or a key that lives in
/// the phone's secure hardware (through [`crate::wallet::HolderSigner`]).
pub trait PresentationSigner {
    /// The public key the credential must be bound to; its type fixes the algorithm.
    fn public_key(&self) -> PublicKey;
    /// A signature over `message`: 64 bytes for Ed25519; r‖s or DER for ECDSA.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PresentError>;
    /// Whether the signature must be checked (and DER converted) before use: true for anything
    /// outside this process.
    fn verify_output(&self) -> bool {
        true
    }
}

impl PresentationSigner for HolderKey {
    fn public_key(&self) -> PublicKey {
        PublicKey::Ed25519(HolderKey::public_key(self))
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PresentError> {
        Ok(HolderKey::sign(self, message).to_vec())
    }

    fn verify_output(&self) -> bool {
        false
    }
}
