//! Issuance with proof of possession: an OpenID4VCI 1.0 pre-authorized code profile for SD-CWT
//! (FORMAT.md "Issuance profile").
//!
//! ```text
//! operator ──offer(record)──► service ──offer link/QR──► citizen's wallet
//! wallet ──token(code, tx_code)──► access token (+ refresh token bound to the wallet key)
//! wallet ──nonce──► c_nonce;  wallet signs one key proof per holder key (aud, iat, nonce, cnf)
//! wallet ──credential(proofs)──► one SD-CWT per proven key ──► import
//! ```
//!
//! [`messages`] holds every message and its checks, [`proof`] the COSE key proof, [`service`] the
//! issuer side (state in SQLite), [`client`] the wallet side over an app-supplied [`HttpClient`].
//! No module here speaks HTTP itself: the issuer service's HTTP layer and the wallet's transport
//! live with the app (the CLI brings both).

pub mod client;
mod error;
pub mod messages;
pub mod proof;
pub mod service;

pub use client::{HttpClient, HttpRequest, HttpResponse, ReceiveOptions, Received, receive, refresh, refresh_due_at};
pub use error::IssuanceError;
pub use messages::{CredentialOffer, ErrorResponse};
pub use proof::KeyProof;
pub use service::{IssuerService, OfferSpec, ServiceSettings};

/// `format` of an SD-CWT credential configuration (this profile's identifier).
pub const FORMAT_SD_CWT: &str = "dc+sd-cwt";
/// Proof type name of the COSE key proof in `proofs`.
pub const PROOF_TYPE: &str = "cwt";
pub use crate::holder::key_proof::TYP_KEY_PROOF;
/// The pre-authorized code grant type (OpenID4VCI 1.0 §3.5).
pub const GRANT_PRE_AUTHORIZED: &str = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
/// The refresh token grant type (RFC 6749 §6).
pub const GRANT_REFRESH: &str = "refresh_token";
/// Scheme of a credential offer link.
pub const OFFER_SCHEME: &str = "openid-credential-offer://";
/// A key proof older than this is stale.
pub const MAX_PROOF_AGE_SECS: i64 = 300;
/// Clock skew accepted for a proof's `iat` in the future.
pub const MAX_PROOF_SKEW_SECS: i64 = 60;
/// Most credentials (proven keys) in one credential request.
pub const MAX_BATCH: usize = crate::holder::key_proof::MAX_KEYS_PER_REQUEST;
/// Largest key proof accepted, in bytes.
pub const MAX_PROOF_BYTES: usize = 512;
/// Largest request body the service reads, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Credential configuration id of a document type (`vn.cccd.identity` …).
pub fn configuration_id(doc_type: crate::DocType) -> String {
    format!("vn.cccd.{doc_type}")
}

/// The document type of a configuration id, if it is one of ours.
pub fn doc_type_of(configuration_id: &str) -> Option<crate::DocType> {
    configuration_id.strip_prefix("vn.cccd.").and_then(crate::DocType::parse)
}
