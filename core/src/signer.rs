//! Ed25519 signing keys that travel with a key id (`kid`): the issuer's and the verifier's.
//!
//! One implementation, two types: the role marker keeps an issuer key from being passed where a
//! verifier key is expected (and the other way round), and each role reports a bad `kid` in its
//! own error type.

use std::fmt;
use std::marker::PhantomData;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::cose::cbor::Value;
use crate::cose::sign1::Sign1;
use crate::cose::{ALG_ED25519, header};
use crate::error::{IssueError, RequestError, TrustError};
use crate::random::{OsRandom, RandomSource};

/// Longest accepted key id, in bytes (it travels in every QR, so keep it short).
pub const MAX_KID_BYTES: usize = 64;

/// What a key signs, and how it reports a bad `kid`.
pub trait KeyRole {
    /// The type name shown by `Debug`.
    const NAME: &'static str;
    /// The error a bad `kid` or key of this role is reported as.
    type Error;
    /// The error for a `kid` that is empty, too long or not printable.
    fn invalid_kid(reason: String) -> Self::Error;
}

/// An issuer key signs credentials and status lists.
#[derive(Debug)]
pub enum IssuerRole {}

impl KeyRole for IssuerRole {
    const NAME: &'static str = "IssuerKey";
    type Error = IssueError;
    fn invalid_kid(reason: String) -> IssueError {
        IssueError::Settings(reason)
    }
}

/// A verifier key signs the request QR a counter shows.
#[derive(Debug)]
pub enum VerifierRole {}

impl KeyRole for VerifierRole {
    const NAME: &'static str = "VerifierKey";
    type Error = RequestError;
    fn invalid_kid(reason: String) -> RequestError {
        RequestError::Settings(reason)
    }
}

/// A trust anchor key signs trust bundles (the programme's root of trust, kept offline).
#[derive(Debug)]
pub enum AnchorRole {}

impl KeyRole for AnchorRole {
    const NAME: &'static str = "AnchorKey";
    type Error = TrustError;
    fn invalid_kid(reason: String) -> TrustError {
        TrustError::Settings(reason)
    }
}

/// An Ed25519 signing key with its `kid`. The secret half is zeroized on drop and never shown by `Debug`.
pub struct KeyWithId<R: KeyRole> {
    kid: String,
    signing_key: SigningKey,
    role: PhantomData<fn() -> R>,
}

/// The issuer's signing key.
pub type IssuerKey = KeyWithId<IssuerRole>;
/// A verifier's (counter's) signing key, for request QR codes.
pub type VerifierKey = KeyWithId<VerifierRole>;
/// A trust anchor's signing key, for trust bundles.
pub type AnchorKey = KeyWithId<AnchorRole>;

impl<R: KeyRole> fmt::Debug for KeyWithId<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(R::NAME)
            .field("kid", &self.kid)
            .field("public_key", &hex::encode(self.public_key().as_bytes()))
            .finish_non_exhaustive()
    }
}

impl<R: KeyRole> KeyWithId<R> {
    /// A fresh key from the OS random generator.
    pub fn generate(kid: &str) -> Result<Self, R::Error> {
        Self::generate_with(kid, &mut OsRandom)
    }

    pub(crate) fn generate_with(kid: &str, rng: &mut dyn RandomSource) -> Result<Self, R::Error> {
        let mut secret = Zeroizing::new([0u8; 32]);
        rng.fill(secret.as_mut());
        Self::from_secret(kid, &secret)
    }

    /// Rebuilds a key from its 32-byte secret.
    pub fn from_secret(kid: &str, secret: &[u8; 32]) -> Result<Self, R::Error> {
        if kid.is_empty() || kid.len() > MAX_KID_BYTES || kid.starts_with("hex:") || kid.chars().any(char::is_control) {
            return Err(R::invalid_kid(format!("kid must be 1 to {MAX_KID_BYTES} bytes of printable text")));
        }
        Ok(KeyWithId { kid: kid.to_owned(), signing_key: SigningKey::from_bytes(secret), role: PhantomData })
    }

    /// The key id (`kid`, protected header label 4) tokens signed with this key carry.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The Ed25519 public key, as published in a trust bundle.
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

    /// A COSE_Sign1 of type `typ` over `payload`, protected header `{1: -19, 4: kid, 16: typ}`:
    /// credentials, status lists, requests and trust bundles are all signed here.
    pub(crate) fn sign_token(&self, typ: Value, payload: Vec<u8>, sd_claims: Option<Vec<Vec<u8>>>) -> Sign1 {
        let protected = Value::Map(vec![
            (Value::int(header::ALG), Value::int(ALG_ED25519)),
            (Value::int(header::KID), Value::Bytes(self.kid.as_bytes().to_vec())),
            (Value::int(header::TYP), typ),
        ])
        .to_vec();
        Sign1::sign_infallible(protected, payload, sd_claims, |message| self.sign(message).to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_roles_check_the_kid_in_their_own_error_type() {
        assert!(matches!(IssuerKey::from_secret("", &[1; 32]), Err(IssueError::Settings(_))));
        assert!(matches!(VerifierKey::from_secret("hex:00", &[1; 32]), Err(RequestError::Settings(_))));
        assert!(VerifierKey::from_secret(&"k".repeat(MAX_KID_BYTES + 1), &[1; 32]).is_err());
        let key = VerifierKey::from_secret("bank-1", &[1; 32]).unwrap();
        assert_eq!(key.public_key(), IssuerKey::from_secret("bank-1", &[1; 32]).unwrap().public_key());
    }

    #[test]
    fn debug_names_the_role_and_hides_the_secret() {
        let key = VerifierKey::from_secret("bank-1", &[1; 32]).unwrap();
        let shown = format!("{key:?}");
        assert!(shown.starts_with("VerifierKey {"), "{shown}");
        assert!(!shown.contains(&hex::encode(*key.secret_bytes())));
    }
}
