//! Typed exceptions. Each variant carries `reason`, a plain sentence for the person at the counter
//! (never a claim value, key or PIN), plus its specific fields.

use citizen_wallet::error as core;

/// Why a presentation was rejected. Mirrors the core's reasons one for one.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum VerifyError {
    #[error("{reason}")]
    NotAPresentation { reason: String },
    #[error("{reason}")]
    UnreadableQr { reason: String },
    #[error("{reason}")]
    Malformed { reason: String },
    #[error("{reason}")]
    UnknownIssuer { kid: String, reason: String },
    #[error("{reason}")]
    IssuerMismatch { reason: String },
    #[error("{reason}")]
    BadIssuerSignature { reason: String },
    #[error("{reason}")]
    BadHolderSignature { reason: String },
    #[error("{reason}")]
    DigestMismatch { reason: String },
    #[error("{reason}")]
    Expired { seconds_ago: i64, reason: String },
    #[error("{reason}")]
    NotYetValid { seconds_ahead: i64, reason: String },
    #[error("{reason}")]
    CredentialExpired { seconds_ago: i64, reason: String },
    #[error("{reason}")]
    CredentialNotYetValid { seconds_ahead: i64, reason: String },
    #[error("{reason}")]
    InvalidTimes { reason: String },
    #[error("{reason}")]
    WrongAudience { expected: String, found: String, reason: String },
    #[error("{reason}")]
    MissingNonce { reason: String },
    #[error("{reason}")]
    WrongNonce { reason: String },
    #[error("{reason}")]
    TtlTooLong { ttl_secs: i64, max_secs: i64, reason: String },
    /// The verifier was set up wrongly (e.g. an unreadable trust list).
    #[error("{reason}")]
    Configuration { reason: String },
}

impl From<core::VerifyError> for VerifyError {
    fn from(e: core::VerifyError) -> Self {
        use core::VerifyError as V;
        let reason = e.to_string();
        match e {
            V::Qr(core::QrError::UnknownPrefix { .. }) => VerifyError::NotAPresentation { reason },
            V::Qr(_) => VerifyError::UnreadableQr { reason },
            V::Malformed(_) => VerifyError::Malformed { reason },
            V::UnknownIssuer { kid } => VerifyError::UnknownIssuer { kid, reason },
            V::IssuerMismatch { .. } => VerifyError::IssuerMismatch { reason },
            V::BadIssuerSignature => VerifyError::BadIssuerSignature { reason },
            V::BadHolderSignature => VerifyError::BadHolderSignature { reason },
            V::DigestMismatch => VerifyError::DigestMismatch { reason },
            V::Expired { seconds_ago } => VerifyError::Expired { seconds_ago, reason },
            V::NotYetValid { seconds_ahead } => VerifyError::NotYetValid { seconds_ahead, reason },
            V::CredentialExpired { seconds_ago } => VerifyError::CredentialExpired { seconds_ago, reason },
            V::CredentialNotYetValid { seconds_ahead } => VerifyError::CredentialNotYetValid { seconds_ahead, reason },
            V::InvalidTimes(_) => VerifyError::InvalidTimes { reason },
            V::WrongAudience { expected, found } => VerifyError::WrongAudience { expected, found, reason },
            V::MissingNonce => VerifyError::MissingNonce { reason },
            V::WrongNonce => VerifyError::WrongNonce { reason },
            V::TtlTooLong { ttl, max } => VerifyError::TtlTooLong { ttl_secs: ttl, max_secs: max, reason },
            _ => VerifyError::Malformed { reason },
        }
    }
}

/// Why a test issuer could not issue.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum IssuerError {
    /// A record field is invalid; `field` names it.
    #[error("{reason}")]
    InvalidClaim { field: String, reason: String },
    #[error("{reason}")]
    InvalidSettings { reason: String },
}

impl From<core::IssueError> for IssuerError {
    fn from(e: core::IssueError) -> Self {
        let reason = e.to_string();
        match e {
            core::IssueError::Claim(core::ClaimError::Invalid { field, .. }) => {
                IssuerError::InvalidClaim { field, reason }
            }
            core::IssueError::Claim(core::ClaimError::UnknownClaim(field)) => {
                IssuerError::InvalidClaim { field, reason }
            }
            _ => IssuerError::InvalidSettings { reason },
        }
    }
}

/// A QR code could not be drawn from this text.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum QrError {
    #[error("{reason}")]
    InvalidText { reason: String },
}

impl From<core::QrError> for QrError {
    fn from(e: core::QrError) -> Self {
        QrError::InvalidText { reason: e.to_string() }
    }
}
