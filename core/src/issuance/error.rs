//! Every way issuance can fail, on either side, with a stable code, the OpenID4VCI / OAuth `error`
//! value it travels as, and the HTTP status the service answers with.
//!
//! The service puts [`IssuanceError::code`] into the error response (`cw_code`), so a wallet gets
//! the same typed variant back ([`IssuanceError::from_response`]). No message carries a code, a
//! token, a nonce value, a key or a claim value.

use crate::error::{FormatError, IssueError};
use crate::wallet::WalletError;

/// Issuance failed. Exhaustive on purpose: the bindings map every variant explicitly, so a new
/// check does not compile there until someone decides what apps see.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum IssuanceError {
    /// A message is not of the shape this profile defines (missing or mistyped field, bad JSON).
    #[error("malformed issuance message: {0}")]
    Malformed(String),
    #[error("the grant type is not supported")]
    UnsupportedGrantType,
    #[error("the pre-authorized code is not known to this issuer")]
    UnknownCode,
    #[error("the pre-authorized code has expired")]
    CodeExpired,
    #[error("the pre-authorized code was already used")]
    CodeUsed,
    #[error("this offer needs a transaction code (sent by another channel)")]
    TxCodeRequired,
    #[error("the transaction code is wrong")]
    WrongTxCode,
    #[error("too many wrong transaction codes: the offer is withdrawn")]
    TxCodeAttemptsExceeded,
    #[error("the access token is missing, unknown or expired")]
    InvalidToken,
    #[error("the credential configuration is not one this issuer offers in this grant")]
    UnknownConfiguration,
    #[error("the credential request carries no key proof")]
    ProofMissing,
    #[error("a key proof is malformed: {0}")]
    ProofMalformed(String),
    #[error("a key proof's signature does not verify with the key it names")]
    ProofBadSignature,
    #[error("a key proof is addressed to another issuer")]
    ProofWrongAudience,
    #[error("a key proof is stale (signed more than the accepted age ago)")]
    ProofStale,
    #[error("a key proof is dated in the future")]
    ProofFromFuture,
    #[error("a key proof's nonce was not issued by this issuer or has expired")]
    InvalidNonce,
    #[error("a key proof's nonce was already used: the proof is replayed")]
    ProofReplayed,
    #[error("two key proofs in one request name the same key")]
    DuplicateKey,
    #[error("a batch asks for more than the {max} credentials allowed")]
    BatchTooLarge { max: usize },
    #[error("the refresh token is unknown, expired or was replaced")]
    InvalidRefreshToken,
    #[error("the refresh token is bound to another wallet key")]
    RefreshWrongWallet,
    #[error("the credential was revoked: no refresh")]
    Revoked,
    #[error("the request is larger than the service accepts")]
    TooLarge,
    #[error("too many requests: try again later")]
    RateLimited,
    /// The issuer failed to build the credential (bad record or settings).
    #[error("the issuer could not issue: {0}")]
    Issue(String),
    /// The service's own state failed (database); nothing was issued.
    #[error("issuer service failure: {0}")]
    Server(String),
    /// Wallet side: the app's HTTP transport failed.
    #[error("transport failure: {0}")]
    Transport(String),
    /// Wallet side: the issuer answered something this profile does not allow.
    #[error("unexpected response from the issuer: {0}")]
    UnexpectedResponse(String),
    /// Wallet side: an error response whose code this version does not know.
    #[error("the issuer refused: {error} ({description})")]
    Refused { error: String, description: String },
    /// Wallet side: the wallet refused (locked, or an issued credential failed its import checks).
    #[error(transparent)]
    Wallet(#[from] WalletError),
}

impl IssuanceError {
    /// Stable snake_case code (also `cw_code` on the wire).
    pub fn code(&self) -> &'static str {
        match self {
            IssuanceError::Malformed(_) => "malformed_issuance_message",
            IssuanceError::UnsupportedGrantType => "unsupported_grant_type",
            IssuanceError::UnknownCode => "unknown_code",
            IssuanceError::CodeExpired => "code_expired",
            IssuanceError::CodeUsed => "code_used",
            IssuanceError::TxCodeRequired => "tx_code_required",
            IssuanceError::WrongTxCode => "wrong_tx_code",
            IssuanceError::TxCodeAttemptsExceeded => "tx_code_attempts_exceeded",
            IssuanceError::InvalidToken => "invalid_access_token",
            IssuanceError::UnknownConfiguration => "unknown_credential_configuration",
            IssuanceError::ProofMissing => "proof_missing",
            IssuanceError::ProofMalformed(_) => "proof_malformed",
            IssuanceError::ProofBadSignature => "proof_bad_signature",
            IssuanceError::ProofWrongAudience => "proof_wrong_audience",
            IssuanceError::ProofStale => "proof_stale",
            IssuanceError::ProofFromFuture => "proof_from_future",
            IssuanceError::InvalidNonce => "invalid_nonce",
            IssuanceError::ProofReplayed => "proof_replayed",
            IssuanceError::DuplicateKey => "duplicate_proof_key",
            IssuanceError::BatchTooLarge { .. } => "batch_too_large",
            IssuanceError::InvalidRefreshToken => "invalid_refresh_token",
            IssuanceError::RefreshWrongWallet => "refresh_wrong_wallet",
            IssuanceError::Revoked => "revoked",
            IssuanceError::TooLarge => "request_too_large",
            IssuanceError::RateLimited => "rate_limited",
            IssuanceError::Issue(_) => "issue_failed",
            IssuanceError::Server(_) => "server_error",
            IssuanceError::Transport(_) => "transport_failed",
            IssuanceError::UnexpectedResponse(_) => "unexpected_response",
            IssuanceError::Refused { .. } => "refused",
            IssuanceError::Wallet(e) => e.code(),
        }
    }

    /// The `error` value of the OpenID4VCI / OAuth 2.0 error response.
    pub fn wire_error(&self) -> &'static str {
        match self {
            IssuanceError::Malformed(_) | IssuanceError::TooLarge => "invalid_request",
            IssuanceError::UnsupportedGrantType => "unsupported_grant_type",
            IssuanceError::UnknownCode
            | IssuanceError::CodeExpired
            | IssuanceError::CodeUsed
            | IssuanceError::TxCodeRequired
            | IssuanceError::WrongTxCode
            | IssuanceError::TxCodeAttemptsExceeded
            | IssuanceError::InvalidRefreshToken
            | IssuanceError::RefreshWrongWallet => "invalid_grant",
            IssuanceError::InvalidToken => "invalid_token",
            IssuanceError::UnknownConfiguration => "unknown_credential_configuration",
            IssuanceError::ProofMissing
            | IssuanceError::ProofMalformed(_)
            | IssuanceError::ProofBadSignature
            | IssuanceError::ProofWrongAudience
            | IssuanceError::ProofStale
            | IssuanceError::ProofFromFuture
            | IssuanceError::ProofReplayed
            | IssuanceError::DuplicateKey => "invalid_proof",
            IssuanceError::InvalidNonce => "invalid_nonce",
            IssuanceError::BatchTooLarge { .. } => "invalid_credential_request",
            IssuanceError::Revoked => "credential_request_denied",
            IssuanceError::RateLimited => "slow_down",
            IssuanceError::Issue(_)
            | IssuanceError::Server(_)
            | IssuanceError::Transport(_)
            | IssuanceError::UnexpectedResponse(_)
            | IssuanceError::Refused { .. }
            | IssuanceError::Wallet(_) => "server_error",
        }
    }

    /// The HTTP status the service answers this error with.
    pub fn http_status(&self) -> u16 {
        match self {
            IssuanceError::InvalidToken => 401,
            IssuanceError::TooLarge => 413,
            IssuanceError::RateLimited => 429,
            IssuanceError::Issue(_)
            | IssuanceError::Server(_)
            | IssuanceError::Transport(_)
            | IssuanceError::UnexpectedResponse(_)
            | IssuanceError::Refused { .. }
            | IssuanceError::Wallet(_) => 500,
            _ => 400,
        }
    }

    /// The typed error an error response stands for (wallet side).
    pub fn from_response(response: &super::ErrorResponse) -> IssuanceError {
        let description = response.error_description.clone().unwrap_or_default();
        let unit = [
            IssuanceError::UnsupportedGrantType,
            IssuanceError::UnknownCode,
            IssuanceError::CodeExpired,
            IssuanceError::CodeUsed,
            IssuanceError::TxCodeRequired,
            IssuanceError::WrongTxCode,
            IssuanceError::TxCodeAttemptsExceeded,
            IssuanceError::InvalidToken,
            IssuanceError::UnknownConfiguration,
            IssuanceError::ProofMissing,
            IssuanceError::ProofBadSignature,
            IssuanceError::ProofWrongAudience,
            IssuanceError::ProofStale,
            IssuanceError::ProofFromFuture,
            IssuanceError::InvalidNonce,
            IssuanceError::ProofReplayed,
            IssuanceError::DuplicateKey,
            IssuanceError::InvalidRefreshToken,
            IssuanceError::RefreshWrongWallet,
            IssuanceError::Revoked,
            IssuanceError::TooLarge,
            IssuanceError::RateLimited,
        ];
        let code = response.cw_code.as_deref().unwrap_or_default();
        if let Some(known) = unit.into_iter().find(|e| e.code() == code && e.wire_error() == response.error) {
            return known;
        }
        match code {
            "malformed_issuance_message" => IssuanceError::Malformed(description),
            "proof_malformed" => IssuanceError::ProofMalformed(description),
            "batch_too_large" if response.error == "invalid_credential_request" => {
                IssuanceError::BatchTooLarge { max: super::MAX_BATCH }
            }
            _ => IssuanceError::Refused { error: response.error.clone(), description },
        }
    }
}

impl From<IssueError> for IssuanceError {
    fn from(e: IssueError) -> IssuanceError {
        IssuanceError::Issue(e.to_string())
    }
}

impl From<rusqlite::Error> for IssuanceError {
    fn from(e: rusqlite::Error) -> IssuanceError {
        IssuanceError::Server(e.to_string())
    }
}

pub(crate) fn proof_malformed(e: impl std::fmt::Display) -> IssuanceError {
    IssuanceError::ProofMalformed(e.to_string())
}

impl From<FormatError> for IssuanceError {
    fn from(e: FormatError) -> IssuanceError {
        proof_malformed(e)
    }
}
