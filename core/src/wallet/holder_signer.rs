//! Holder keys in the phone's secure hardware: the app's [`HolderSigner`] (Android Keystore with
//! StrongBox when present, the iOS Secure Enclave) creates a non-exportable P-256 key and signs with
//! it; the wallet keeps only the key's alias and public key, and asks the signer for every
//! presentation. docs/hardware-keys.md has the platform sketches and the attestation plan.

use std::fmt;

use crate::cose::key::PublicKey;
use crate::error::{PresentError, SignerError};
use crate::holder::PresentationSigner;

/// Implemented by the app. Called from any thread, never while the wallet holds its database lock
/// (a biometric prompt may take as long as the person needs).
pub trait HolderSigner: Send + Sync {
    /// Creates a new P-256 key under `alias` in secure hardware, usable only for signing (ECDSA
    /// with SHA-256), and returns its public key in SEC1 form (65 bytes uncompressed, or 33
    /// compressed).
    fn generate_key(&self, alias: &str) -> Result<Vec<u8>, SignerError>;

    /// Signs `message` with the key `alias`: ECDSA P-256 over SHA-256(`message`) (the platform
    /// hashes; `SHA256withECDSA` on Android, `.ecdsaSignatureMessageX962SHA256` on iOS). DER (what
    /// both platforms return) or fixed-size r‖s. Map the platform's failures to the typed errors:
    /// key invalidated, user cancelled, busy.
    fn sign(&self, alias: &str, message: &[u8]) -> Result<Vec<u8>, SignerError>;
}

/// A platform key for one presentation: the signer, the alias and the public key the wallet stored
/// (the signature is verified with that key before it is used).
pub(crate) struct PlatformKey<'a> {
    pub alias: &'a str,
    pub public_key: PublicKey,
    pub signer: &'a dyn HolderSigner,
}

impl fmt::Debug for PlatformKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformKey").field("alias", &self.alias).field("public_key", &self.public_key).finish()
    }
}

impl PresentationSigner for PlatformKey<'_> {
    fn public_key(&self) -> PublicKey {
        self.public_key
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PresentError> {
        self.signer.sign(self.alias, message).map_err(PresentError::Signer)
    }
}
