//! Holder keys in secure hardware as a foreign trait: Kotlin implements it with Android Keystore
//! (StrongBox when present), Swift with the Secure Enclave. The wallet keeps only the key's alias
//! and public key and calls `sign` for every presentation, never while holding its database lock.

use std::sync::Arc;

use citizen_wallet::error::SignerError;
use citizen_wallet::wallet;

use crate::errors::HolderSignerError;

/// Implemented by the app: a non-exportable P-256 signing key per alias in the device's secure
/// hardware. Called from any thread (`sign` may show a biometric prompt and block until answered).
#[uniffi::export(with_foreign)]
pub trait HolderSigner: Send + Sync {
    /// Creates a P-256 key under `alias` (signing only, ECDSA with SHA-256) and returns its public
    /// key, SEC1 uncompressed (65 bytes; what `ECPublicKey` / `SecKeyCopyExternalRepresentation`
    /// give) or compressed (33 bytes).
    fn generate_key(&self, alias: String) -> Result<Vec<u8>, HolderSignerError>;
    /// `SHA256withECDSA` (Android) / `.ecdsaSignatureMessageX962SHA256` (iOS) over `message` with
    /// the key `alias`: the DER the platform returns, or 64 bytes r‖s.
    fn sign(&self, alias: String, message: Vec<u8>) -> Result<Vec<u8>, HolderSignerError>;
}

/// Adapts the foreign implementation to the core's trait.
pub(crate) struct ForeignHolderSigner(pub Arc<dyn HolderSigner>);

impl wallet::HolderSigner for ForeignHolderSigner {
    fn generate_key(&self, alias: &str) -> Result<Vec<u8>, SignerError> {
        self.0.generate_key(alias.to_owned()).map_err(to_core)
    }

    fn sign(&self, alias: &str, message: &[u8]) -> Result<Vec<u8>, SignerError> {
        self.0.sign(alias.to_owned(), message.to_vec()).map_err(to_core)
    }
}

fn to_core(e: HolderSignerError) -> SignerError {
    match e {
        HolderSignerError::KeyInvalidated => SignerError::KeyInvalidated,
        HolderSignerError::UserCancelled => SignerError::UserCancelled,
        HolderSignerError::Busy => SignerError::Busy,
        HolderSignerError::KeyNotFound => SignerError::KeyNotFound,
        HolderSignerError::Platform { reason } => SignerError::Platform(reason),
    }
}
