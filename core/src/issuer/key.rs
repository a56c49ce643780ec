//! The issuer's Ed25519 signing key and its key id (one implementation with the verifier's key:
//! [`crate::signer`]).

pub use crate::signer::{IssuerKey, MAX_KID_BYTES};
