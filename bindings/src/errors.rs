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
    /// The token's `crit` header names a parameter this library does not understand (RFC 9052).
    #[error("{reason}")]
    UnknownCriticalHeader { reason: String },
    #[error("{reason}")]
    UnknownIssuer { kid: String, reason: String },
    #[error("{reason}")]
    IssuerMismatch { reason: String },
    #[error("{reason}")]
    BadIssuerSignature { reason: String },
    /// The issuer key was retired (or not yet active) at the credential's issue time.
    #[error("{reason}")]
    OutsideSigningPeriod { kid: String, reason: String },
    /// The verifier's trust bundle has expired (and expired bundles are not allowed).
    #[error("{reason}")]
    TrustExpired { seconds_ago: i64, reason: String },
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
    #[error("{reason}")]
    Revoked { reason: String },
    #[error("{reason}")]
    Suspended { reason: String },
    #[error("{reason}")]
    StatusListMissing { uri: String, reason: String },
    #[error("{reason}")]
    StatusListExpired { uri: String, reason: String },
    /// The credential's status entry is outside the list, or holds a value with no defined meaning.
    #[error("{reason}")]
    StatusUnknown { reason: String },
    /// This QR was already accepted at this counter while still valid: a replay (e.g. a screenshot).
    #[error("{reason}")]
    Replayed { first_seen_at: i64, reason: String },
    /// The replay cache cannot record this presentation (full, or its database failed): the counter
    /// cannot rule out a replay, so it refuses.
    #[error("{reason}")]
    ReplayCheckFailed { reason: String },
    /// Text shaped like a printed ID card QR, but not a valid one.
    #[error("{reason}")]
    MalformedCardQr { reason: String },
    /// The disclosed portrait's bytes are not an image of its declared format.
    #[error("{reason}")]
    InvalidPortrait { reason: String },
    /// The verifier was set up wrongly (e.g. an unreadable trust list or status list).
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
            V::Malformed(core::FormatError::UnknownCriticalHeader(_)) => VerifyError::UnknownCriticalHeader { reason },
            V::Malformed(_) => VerifyError::Malformed { reason },
            V::UnknownIssuer { kid } => VerifyError::UnknownIssuer { kid, reason },
            V::IssuerMismatch { .. } => VerifyError::IssuerMismatch { reason },
            V::BadIssuerSignature => VerifyError::BadIssuerSignature { reason },
            V::OutsideSigningPeriod { kid, .. } => VerifyError::OutsideSigningPeriod { kid, reason },
            V::TrustExpired { seconds_ago } => VerifyError::TrustExpired { seconds_ago, reason },
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
            V::Revoked { .. } => VerifyError::Revoked { reason },
            V::Suspended { .. } => VerifyError::Suspended { reason },
            V::StatusListMissing { uri } => VerifyError::StatusListMissing { uri, reason },
            V::StatusListExpired { uri, .. } => VerifyError::StatusListExpired { uri, reason },
            V::StatusIndexOutOfRange { .. } | V::UnknownStatus { .. } => VerifyError::StatusUnknown { reason },
            V::Replayed { first_seen_at } => VerifyError::Replayed { first_seen_at, reason },
            V::ReplayCacheFull { .. } | V::ReplayCacheUnavailable(_) => VerifyError::ReplayCheckFailed { reason },
            V::CardQr(_) => VerifyError::MalformedCardQr { reason },
            V::Portrait(_) => VerifyError::InvalidPortrait { reason },
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
    /// A bug in the library, not bad input: please report it.
    #[error("{reason}")]
    Internal { reason: String },
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
            core::IssueError::Claim(core::ClaimError::Portrait(_)) => {
                IssuerError::InvalidClaim { field: "portrait".into(), reason }
            }
            core::IssueError::Settings(_) | core::IssueError::EmptyValidity => IssuerError::InvalidSettings { reason },
            core::IssueError::Internal(_) => IssuerError::Internal { reason },
        }
    }
}

/// A QR code could not be drawn from this text.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum QrError {
    #[error("{reason}")]
    InvalidText { reason: String },
    /// An image size outside what is accepted (e.g. `module_px` above 32).
    #[error("{reason}")]
    InvalidSize { reason: String },
}

impl From<core::QrError> for QrError {
    fn from(e: core::QrError) -> Self {
        QrError::InvalidText { reason: e.to_string() }
    }
}

/// Why a verifier request could not be read, made or answered. Mirrors the core's reasons.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum RequestError {
    /// The QR is not a request (e.g. a presentation or a printed card).
    #[error("{reason}")]
    NotARequest { reason: String },
    #[error("{reason}")]
    UnreadableRequest { reason: String },
    #[error("{reason}")]
    MalformedRequest { reason: String },
    /// The request's `crit` header names a parameter this library does not understand (RFC 9052).
    #[error("{reason}")]
    UnknownCriticalHeader { reason: String },
    #[error("{reason}")]
    UnknownClaim { name: String, reason: String },
    /// A registered verifier's key, but the signature does not verify: a forgery or a damaged QR.
    #[error("{reason}")]
    BadSignature { kid: String, reason: String },
    /// The registered key was retired (or not yet active) when the request was signed.
    #[error("{reason}")]
    OutsideSigningPeriod { kid: String, reason: String },
    /// The request names another verifier id than the one its key is registered to.
    #[error("{reason}")]
    VerifierMismatch { reason: String },
    /// The answer would be addressed outside the verifier's own id.
    #[error("{reason}")]
    ForeignAudience { reason: String },
    /// An unknown key signed a request that uses a registered verifier's id or audience.
    #[error("{reason}")]
    PosesAsRegisteredVerifier { id: String, reason: String },
    #[error("{reason}")]
    Expired { seconds_ago: i64, reason: String },
    #[error("{reason}")]
    NotYetValid { seconds_ahead: i64, reason: String },
    /// An approved claim that the request did not ask for.
    #[error("{reason}")]
    NotRequested { name: String, reason: String },
    /// The request's key is not in the registry and unverified requests were not allowed.
    #[error("{reason}")]
    Unverified { kid: String, reason: String },
    /// The registered-verifier list given is not valid JSON of the expected shape.
    #[error("{reason}")]
    InvalidRegistry { reason: String },
    #[error("{reason}")]
    InvalidSettings { reason: String },
}

impl From<core::RequestError> for RequestError {
    fn from(e: core::RequestError) -> Self {
        use core::RequestError as R;
        let reason = e.to_string();
        match e {
            R::Qr(core::QrError::UnknownPrefix { .. }) => RequestError::NotARequest { reason },
            R::Qr(_) => RequestError::UnreadableRequest { reason },
            R::Malformed(core::FormatError::UnknownCriticalHeader(_)) => RequestError::UnknownCriticalHeader { reason },
            R::Malformed(_) => RequestError::MalformedRequest { reason },
            R::UnknownClaim(name) => RequestError::UnknownClaim { name, reason },
            R::BadSignature { kid } => RequestError::BadSignature { kid, reason },
            R::OutsideSigningPeriod { kid, .. } => RequestError::OutsideSigningPeriod { kid, reason },
            R::VerifierMismatch { .. } => RequestError::VerifierMismatch { reason },
            R::ForeignAudience { .. } => RequestError::ForeignAudience { reason },
            R::PosesAsRegisteredVerifier { id, .. } => RequestError::PosesAsRegisteredVerifier { id, reason },
            R::Expired { seconds_ago } => RequestError::Expired { seconds_ago, reason },
            R::NotYetValid { seconds_ahead } => RequestError::NotYetValid { seconds_ahead, reason },
            R::NotRequested(name) => RequestError::NotRequested { name, reason },
            R::Unverified { kid } => RequestError::Unverified { kid, reason },
            // A presentation the request asks for that cannot be made is the caller's settings.
            R::Settings(_) | R::Present(_) => RequestError::InvalidSettings { reason },
        }
    }
}

/// Why a wallet operation failed. Mirrors the core's reasons one for one.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum WalletError {
    /// `attempts_left`: tries before the wallet wipes itself (None: it never does);
    /// `retry_after_secs`: wait before the next try (0: now).
    #[error("{reason}")]
    WrongPin { attempts_left: Option<u32>, retry_after_secs: u64, reason: String },
    #[error("{reason}")]
    LockedOut { retry_after_secs: u64, reason: String },
    #[error("{reason}")]
    Wiped { reason: String },
    #[error("{reason}")]
    Locked { reason: String },
    #[error("{reason}")]
    PinRequired { reason: String },
    #[error("{reason}")]
    NoPin { reason: String },
    #[error("{reason}")]
    InvalidPin { reason: String },
    #[error("{reason}")]
    KeyWrapperRequired { reason: String },
    /// The platform key wrapper failed; `code` is authentication_required, key_invalidated,
    /// rejected or platform.
    #[error("{reason}")]
    KeyWrapperFailed { code: String, reason: String },
    #[error("{reason}")]
    InvalidSettings { reason: String },
    #[error("{reason}")]
    NoWallet { reason: String },
    #[error("{reason}")]
    AlreadyExists { reason: String },
    #[error("{reason}")]
    NotAWallet { reason: String },
    #[error("{reason}")]
    Corrupt { reason: String },
    #[error("{reason}")]
    UnsupportedSchemaVersion { found: u32, supported: u32, reason: String },
    #[error("{reason}")]
    RecordCorrupt { table: String, id: i64, reason: String },
    #[error("{reason}")]
    InvalidCredential { reason: String },
    /// `code` is the verification reason (unknown_issuer, bad_issuer_signature, issuer_mismatch...).
    #[error("{reason}")]
    UntrustedCredential { code: String, reason: String },
    #[error("{reason}")]
    NotBoundToWallet { reason: String },
    #[error("{reason}")]
    CredentialExpired { expired_at: i64, reason: String },
    #[error("{reason}")]
    CredentialNotFound { id: i64, reason: String },
    #[error("{reason}")]
    LogEntryNotFound { id: i64, reason: String },
    #[error("{reason}")]
    GrantNotFound { id: i64, reason: String },
    /// A presentation could not be made (claim not in the credential, lifetime or audience out of range).
    #[error("{reason}")]
    InvalidPresentationRequest { reason: String },
    /// A claim name outside the vocabulary.
    #[error("{reason}")]
    UnknownClaim { name: String, reason: String },
    /// A verifier request cannot be answered: `code` is the request reason (unverified_request,
    /// bad_request_signature, request_expired, not_requested...).
    #[error("{reason}")]
    RequestRejected { code: String, reason: String },
    /// A trust bundle was refused or none is held: `code` is the trust reason (trust_bundle_rollback,
    /// bad_trust_bundle_signature, unknown_trust_anchor, trust_bundle_expired, no_trust_bundle...).
    #[error("{reason}")]
    TrustRefused { code: String, reason: String },
    #[error("{reason}")]
    Storage { reason: String },
    /// The holder key is in secure hardware and `set_holder_signer` was not called since `open`.
    #[error("{reason}")]
    HolderSignerRequired { reason: String },
    /// The hardware key is gone for good (new fingerprint enrolled, biometrics removed): create a
    /// new key (`create_hardware_holder_key`) and have a credential issued to it.
    #[error("{reason}")]
    KeyInvalidated { reason: String },
    /// The person cancelled the biometric / PIN prompt: nothing was signed or logged.
    #[error("{reason}")]
    UserCancelled { reason: String },
    /// The secure hardware is busy (e.g. StrongBox): try again.
    #[error("{reason}")]
    SignerBusy { reason: String },
    /// Any other holder-signer failure; `code` is key_not_found, bad_platform_signature or
    /// platform_signer_failed.
    #[error("{reason}")]
    HolderSignerFailed { code: String, reason: String },
}

impl From<citizen_wallet::wallet::WalletError> for WalletError {
    fn from(e: citizen_wallet::wallet::WalletError) -> Self {
        use citizen_wallet::wallet::WalletError as W;
        let reason = e.to_string();
        match e {
            W::WrongPin { attempts_left, retry_after_secs } => {
                WalletError::WrongPin { attempts_left, retry_after_secs, reason }
            }
            W::LockedOut { retry_after_secs } => WalletError::LockedOut { retry_after_secs, reason },
            W::Wiped => WalletError::Wiped { reason },
            W::Locked => WalletError::Locked { reason },
            W::PinRequired => WalletError::PinRequired { reason },
            W::NoPin => WalletError::NoPin { reason },
            W::InvalidPin(_) => WalletError::InvalidPin { reason },
            W::KeyWrapperRequired => WalletError::KeyWrapperRequired { reason },
            W::KeyWrapper(k) => WalletError::KeyWrapperFailed { code: key_wrap_code(&k).into(), reason },
            W::InvalidSettings(_) => WalletError::InvalidSettings { reason },
            W::NoWallet { .. } => WalletError::NoWallet { reason },
            W::AlreadyExists { .. } => WalletError::AlreadyExists { reason },
            W::NotAWallet(_) => WalletError::NotAWallet { reason },
            W::Corrupt(_) => WalletError::Corrupt { reason },
            W::UnsupportedSchemaVersion { found, supported } => {
                WalletError::UnsupportedSchemaVersion { found, supported, reason }
            }
            W::RecordCorrupt { table, id } => WalletError::RecordCorrupt { table: table.into(), id, reason },
            W::InvalidCredential(_) => WalletError::InvalidCredential { reason },
            W::UntrustedCredential(v) => WalletError::UntrustedCredential { code: v.code().into(), reason },
            W::NotBoundToWallet => WalletError::NotBoundToWallet { reason },
            W::CredentialExpired { expired_at } => WalletError::CredentialExpired { expired_at, reason },
            W::CredentialNotFound(id) => WalletError::CredentialNotFound { id, reason },
            W::LogEntryNotFound(id) => WalletError::LogEntryNotFound { id, reason },
            W::GrantNotFound(id) => WalletError::GrantNotFound { id, reason },
            W::Present(_) => WalletError::InvalidPresentationRequest { reason },
            W::Request(r) => request_rejected(r),
            W::HolderSignerRequired => WalletError::HolderSignerRequired { reason },
            W::HolderSigner(s) => signer_error(s, reason),
            W::Trust(t) => WalletError::TrustRefused { code: t.code().into(), reason },
            W::Storage(_) => WalletError::Storage { reason },
        }
    }
}

/// A holder-signer failure, one variant per case apps handle differently.
fn signer_error(e: core::SignerError, reason: String) -> WalletError {
    use core::SignerError as S;
    match e {
        S::KeyInvalidated => WalletError::KeyInvalidated { reason },
        S::UserCancelled => WalletError::UserCancelled { reason },
        S::Busy => WalletError::SignerBusy { reason },
        S::KeyNotFound | S::BadSignature | S::Platform(_) => {
            WalletError::HolderSignerFailed { code: e.code().into(), reason }
        }
    }
}

/// A verifier request the wallet will not answer, with the request reason's code.
pub(crate) fn request_rejected(e: core::RequestError) -> WalletError {
    WalletError::RequestRejected { code: e.code().into(), reason: e.to_string() }
}

fn key_wrap_code(e: &citizen_wallet::wallet::KeyWrapError) -> &'static str {
    use citizen_wallet::wallet::KeyWrapError as K;
    match e {
        K::AuthenticationRequired => "authentication_required",
        K::KeyInvalidated => "key_invalidated",
        K::Rejected => "rejected",
        K::Platform(_) => "platform",
    }
}

/// What a platform key wrapper (Android Keystore, iOS Keychain) reports when it cannot wrap or unwrap.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum KeyWrapperError {
    /// The platform wants the user to authenticate first (biometric or device credential).
    #[error("the device key needs user authentication first")]
    AuthenticationRequired,
    /// The key is gone for good (biometrics re-enrolled, app restored on another phone).
    #[error("the device key was permanently invalidated")]
    KeyInvalidated,
    /// The bytes were altered or wrapped by another key.
    #[error("the wrapped key was rejected by the device key")]
    Rejected,
    #[error("device key error: {reason}")]
    Platform { reason: String },
}

/// What the app's holder signer reports when it cannot create a key or sign.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum HolderSignerError {
    /// `KeyPermanentlyInvalidatedException` (Android) / the biometric set changed (iOS).
    #[error("the hardware key was permanently invalidated")]
    KeyInvalidated,
    /// The person cancelled the prompt.
    #[error("the person cancelled the prompt")]
    UserCancelled,
    /// StrongBox or the Secure Enclave is busy (`StrongBoxUnavailableException`, errSecInteractionNotAllowed...).
    #[error("the secure hardware is busy")]
    Busy,
    /// No key under this alias (deleted, app data cleared).
    #[error("no hardware key under this alias")]
    KeyNotFound,
    #[error("holder signer error: {reason}")]
    Platform { reason: String },
}

/// An exception the foreign implementation did not declare (a bug there) still becomes a typed error.
impl From<uniffi::UnexpectedUniFFICallbackError> for HolderSignerError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        HolderSignerError::Platform {
            reason: format!("unexpected error in the holder signer: {}", first_line(&e.reason)),
        }
    }
}

/// An exception the foreign implementation did not declare (a bug there) still becomes a typed error.
impl From<uniffi::UnexpectedUniFFICallbackError> for KeyWrapperError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        KeyWrapperError::Platform { reason: format!("unexpected error in the key wrapper: {}", first_line(&e.reason)) }
    }
}

/// Foreign stack traces are long and may name app internals: keep the first line.
fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

/// Why a trust bundle or anchor was refused. Mirrors the core's reasons one for one.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum TrustError {
    #[error("{reason}")]
    Malformed { reason: String },
    /// Signed by a key that is not a pinned (or rotated-to) anchor.
    #[error("{reason}")]
    UnknownAnchor { kid: String, reason: String },
    #[error("{reason}")]
    BadSignature { kid: String, reason: String },
    /// Not newer than the bundle held.
    #[error("{reason}")]
    Rollback { seq: u64, held: u64, reason: String },
    #[error("{reason}")]
    Expired { seconds_ago: i64, reason: String },
    #[error("{reason}")]
    NotYetValid { seconds_ahead: i64, reason: String },
    #[error("{reason}")]
    NoBundle { reason: String },
    #[error("{reason}")]
    InvalidSettings { reason: String },
    #[error("{reason}")]
    Storage { reason: String },
}

impl From<core::TrustError> for TrustError {
    fn from(e: core::TrustError) -> Self {
        use core::TrustError as T;
        let reason = e.to_string();
        match e {
            T::Malformed(_) => TrustError::Malformed { reason },
            T::UnknownAnchor { kid } => TrustError::UnknownAnchor { kid, reason },
            T::BadSignature { kid } => TrustError::BadSignature { kid, reason },
            T::Rollback { seq, held } => TrustError::Rollback { seq, held, reason },
            T::Expired { seconds_ago } => TrustError::Expired { seconds_ago, reason },
            T::NotYetValid { seconds_ahead } => TrustError::NotYetValid { seconds_ahead, reason },
            T::NoBundle => TrustError::NoBundle { reason },
            T::Settings(_) => TrustError::InvalidSettings { reason },
            T::Storage { .. } => TrustError::Storage { reason },
        }
    }
}

/// Issuance failed. `code` is the core's stable reason code (FORMAT.md "Issuance profile": `code_used`,
/// `proof_stale`, `invalid_nonce`, `revoked`...); the variant says whose side to look at.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum IssuanceError {
    /// The offer's code was refused: unknown, expired, used, or the transaction code is missing or wrong.
    #[error("{reason}")]
    CodeRejected { code: String, reason: String },
    /// A key proof or its nonce was refused (should not happen with this library's proofs).
    #[error("{reason}")]
    ProofRejected { code: String, reason: String },
    /// The refresh grant was refused: unknown, expired or bound to another wallet.
    #[error("{reason}")]
    RefreshRejected { code: String, reason: String },
    /// The issuer revoked this citizen's credentials: no refresh.
    #[error("{reason}")]
    Revoked { reason: String },
    /// The issuer refused the request itself (malformed, token, configuration, size, rate).
    #[error("{reason}")]
    RequestRejected { code: String, reason: String },
    /// The issuer failed, or answered something this profile does not allow.
    #[error("{reason}")]
    IssuerFailed { code: String, reason: String },
    /// The app's HTTP client failed (no response).
    #[error("{reason}")]
    Transport { reason: String },
    /// The wallet refused (locked, or a received credential failed its import checks).
    #[error("{reason}")]
    Wallet { code: String, reason: String },
}

impl From<citizen_wallet::issuance::IssuanceError> for IssuanceError {
    fn from(e: citizen_wallet::issuance::IssuanceError) -> Self {
        use citizen_wallet::issuance::IssuanceError as I;
        let code = e.code().to_owned();
        let reason = e.to_string();
        match e {
            I::UnknownCode
            | I::CodeExpired
            | I::CodeUsed
            | I::TxCodeRequired
            | I::WrongTxCode
            | I::TxCodeAttemptsExceeded => IssuanceError::CodeRejected { code, reason },
            I::ProofMissing
            | I::ProofMalformed(_)
            | I::ProofBadSignature
            | I::ProofWrongAudience
            | I::ProofStale
            | I::ProofFromFuture
            | I::InvalidNonce
            | I::ProofReplayed
            | I::DuplicateKey => IssuanceError::ProofRejected { code, reason },
            I::InvalidRefreshToken | I::RefreshWrongWallet => IssuanceError::RefreshRejected { code, reason },
            I::Revoked => IssuanceError::Revoked { reason },
            I::Malformed(_)
            | I::UnsupportedGrantType
            | I::InvalidToken
            | I::UnknownConfiguration
            | I::BatchTooLarge { .. }
            | I::TooLarge
            | I::RateLimited => IssuanceError::RequestRejected { code, reason },
            I::Issue(_) | I::Server(_) | I::UnexpectedResponse(_) | I::Refused { .. } => {
                IssuanceError::IssuerFailed { code, reason }
            }
            I::Transport(_) => IssuanceError::Transport { reason },
            I::Wallet(_) => IssuanceError::Wallet { code, reason },
        }
    }
}

/// The app's HTTP client could not get a response (connection, TLS, timeout).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum HttpError {
    #[error("{reason}")]
    Failed { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for HttpError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        HttpError::Failed { reason: format!("unexpected error in the HTTP client: {}", first_line(&e.reason)) }
    }
}
