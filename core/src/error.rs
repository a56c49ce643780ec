//! The public error types, one per role, so each call can only fail in the ways it documents.
//!
//! No error message carries a claim value, a key or a PIN: messages name fields and checks only.

/// A personal-data input was rejected by the claim vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum ClaimError {
    #[error("claim {field} {reason}")]
    Invalid { field: String, reason: String },
    #[error("unknown claim name {0:?}")]
    UnknownClaim(String),
    #[error("claim portrait: {0}")]
    Portrait(#[from] PortraitError),
}

/// A portrait image was refused. Messages name the format and sizes, never image bytes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum PortraitError {
    #[error("the image is empty")]
    Empty,
    #[error("the image is {len} bytes, more than the {max} accepted")]
    TooLarge { len: usize, max: usize },
    #[error("the bytes are not a {media_type} image")]
    NotDeclaredFormat { media_type: &'static str },
    #[error("image sub-format {sub_format} is not one a portrait may use")]
    UnsupportedFormat { sub_format: i64 },
    #[error("{0}")]
    Malformed(&'static str),
}

impl ClaimError {
    pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> ClaimError {
        ClaimError::Invalid { field: field.to_owned(), reason: reason.into() }
    }
}

/// Bytes are not a well-formed credential, presentation or key of the kind expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum FormatError {
    #[error("{0}")]
    Cbor(#[from] CborError),
    #[error("{0}")]
    Invalid(String),
    #[error("unsupported COSE algorithm {0}")]
    UnsupportedAlgorithm(i64),
    /// The protected `alg` is accepted, but not for this key type (algorithm confusion).
    #[error("COSE algorithm {alg} cannot be used with a {key_type} key")]
    AlgorithmKeyMismatch { alg: i64, key_type: &'static str },
    /// The protected header's `crit` names a parameter this library does not process (RFC 9052 §3.1).
    #[error("the token requires the header parameter {0}, which this reader does not understand (crit)")]
    UnknownCriticalHeader(String),
}

impl FormatError {
    pub(crate) fn invalid(what: impl Into<String>) -> FormatError {
        FormatError::Invalid(what.into())
    }
}

/// Issuing a credential failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum IssueError {
    #[error(transparent)]
    Claim(#[from] ClaimError),
    #[error("invalid issuer settings: {0}")]
    Settings(String),
    #[error("the validity period is empty: the credential would expire before it starts")]
    EmptyValidity,
    /// A bug rather than bad input: the issuer built a credential it cannot read back.
    #[error("internal issuer failure: {0}")]
    Internal(#[source] FormatError),
}

/// Building a presentation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum PresentError {
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error("the credential expired at {expired_at} (unix time)")]
    CredentialExpired { expired_at: i64 },
    #[error("the credential is not valid before {not_before} (unix time)")]
    CredentialNotYetValid { not_before: i64 },
    #[error("the credential holds no {0} claim")]
    ClaimNotInCredential(String),
    #[error("the presentation lifetime of {requested} s is outside 1 s to {max} s")]
    InvalidTtl { requested: u64, max: u64 },
    #[error("the audience must be 1 to 255 bytes of text")]
    InvalidAudience,
    #[error("the nonce must be 1 to 64 bytes")]
    InvalidNonce,
    #[error("the holder key does not match the key the credential is bound to")]
    WrongHolderKey,
    #[error(transparent)]
    Signer(#[from] SignerError),
}

/// A platform signer (a holder key in secure hardware) could not sign.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum SignerError {
    /// The key is permanently unusable (Android: `KeyPermanentlyInvalidatedException` after a new
    /// fingerprint enrolment; iOS: the biometric set changed). The wallet needs a new key and a new
    /// credential for it.
    #[error("the holder key in secure hardware was invalidated; a new key and credential are needed")]
    KeyInvalidated,
    /// The person cancelled the biometric or PIN prompt: nothing was signed.
    #[error("the person cancelled the authentication prompt")]
    UserCancelled,
    /// The secure element is busy (e.g. StrongBox serving another request): try again.
    #[error("the secure hardware is busy; try again")]
    Busy,
    /// The platform has no key under this alias.
    #[error("the platform has no holder key under this alias")]
    KeyNotFound,
    /// The signer returned something that is not a valid signature by the wallet's holder key.
    #[error("the platform signer returned a signature that does not verify with the holder key")]
    BadSignature,
    /// Any other platform failure, with the platform's message (never key material).
    #[error("the platform signer failed: {0}")]
    Platform(String),
}

impl SignerError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SignerError::KeyInvalidated => "key_invalidated",
            SignerError::UserCancelled => "user_cancelled",
            SignerError::Busy => "signer_busy",
            SignerError::KeyNotFound => "key_not_found",
            SignerError::BadSignature => "bad_platform_signature",
            SignerError::Platform(_) => "platform_signer_failed",
        }
    }
}

/// QR text or a QR image could not be produced or read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum QrError {
    #[error("not a citizen-wallet QR code (expected the prefix {expected})")]
    UnknownPrefix { expected: &'static str },
    #[error("QR text is {len} characters, more than the {max} accepted")]
    TooLong { len: usize, max: usize },
    #[error("invalid Base45 at character {0}")]
    Base45(usize),
    #[error("QR text must use only the QR alphanumeric characters (0-9, A-Z, space, $%*+-./:)")]
    NotAlphanumeric,
    #[error("the data does not fit in any QR code version at this error-correction level")]
    DataTooLong,
    #[error("the image could not be read: {0}")]
    Image(String),
    #[error("no QR code was found in the image")]
    NotFound,
    #[error("the QR code in the image could not be decoded: {0}")]
    Decode(String),
}

/// Why a presentation was rejected. Each variant is one check of FORMAT.md "Verification".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum VerifyError {
    #[error(transparent)]
    Qr(#[from] QrError),
    #[error("malformed presentation: {0}")]
    Malformed(#[from] FormatError),
    #[error("unknown issuer: no trusted key with kid {kid:?}")]
    UnknownIssuer { kid: String },
    #[error("issuer {iss:?} does not match the trusted issuer {expected:?} for this key")]
    IssuerMismatch { iss: String, expected: String },
    #[error("the issuer signature is invalid")]
    BadIssuerSignature,
    #[error("issuer key {kid:?} may not sign at {iat} (unix time): outside its signing period in the trust bundle")]
    OutsideSigningPeriod { kid: String, iat: i64 },
    #[error("the trust bundle expired {seconds_ago} s ago: fetch a new one")]
    TrustExpired { seconds_ago: i64 },
    #[error("the holder signature is invalid (not signed by the key the credential is bound to)")]
    BadHolderSignature,
    #[error("a disclosed claim does not match any digest signed by the issuer")]
    DigestMismatch,
    #[error("the presentation expired {seconds_ago} s ago")]
    Expired { seconds_ago: i64 },
    #[error("the presentation is dated {seconds_ahead} s in the future")]
    NotYetValid { seconds_ahead: i64 },
    #[error("the credential expired {seconds_ago} s ago")]
    CredentialExpired { seconds_ago: i64 },
    #[error("the credential is not valid for another {seconds_ahead} s")]
    CredentialNotYetValid { seconds_ahead: i64 },
    #[error("the times in the presentation are inconsistent: {0}")]
    InvalidTimes(String),
    #[error("the presentation is for audience {found:?}, not {expected:?}")]
    WrongAudience { expected: String, found: String },
    #[error("the presentation carries no nonce, but this counter requires one")]
    MissingNonce,
    #[error("the presentation's nonce does not match this counter's request")]
    WrongNonce,
    #[error("the presentation is valid for {ttl} s, longer than the {max} s this counter accepts")]
    TtlTooLong { ttl: i64, max: i64 },
    #[error("the credential is revoked (status list entry {index})")]
    Revoked { index: u64 },
    #[error("the credential is suspended (status list entry {index})")]
    Suspended { index: u64 },
    #[error("no status list from this issuer is loaded for {uri}")]
    StatusListMissing { uri: String },
    #[error("the status list {uri} expired {seconds_ago} s ago")]
    StatusListExpired { uri: String, seconds_ago: i64 },
    #[error("status list entry {index} is outside the list {uri} ({len} entries)")]
    StatusIndexOutOfRange { uri: String, index: u64, len: u64 },
    #[error("the status list gives the unrecognised status {value:#04x} for entry {index}")]
    UnknownStatus { index: u64, value: u8 },
    #[error("this presentation was already accepted at {first_seen_at} (unix time): a replay")]
    Replayed { first_seen_at: i64 },
    #[error("the replay cache holds {capacity} unexpired presentations and is full: refusing rather than forgetting")]
    ReplayCacheFull { capacity: usize },
    #[error("the replay cache cannot be used: {0}")]
    ReplayCacheUnavailable(String),
    #[error(transparent)]
    CardQr(#[from] CardQrError),
    #[error("the disclosed portrait is invalid: {0}")]
    Portrait(PortraitError),
}

impl VerifyError {
    /// A stable machine-readable code for each reason (JSON output, logs, the bindings).
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::Qr(QrError::UnknownPrefix { .. }) => "not_a_presentation",
            VerifyError::Qr(_) => "unreadable_qr",
            VerifyError::Malformed(FormatError::UnknownCriticalHeader(_)) => "unknown_critical_header",
            VerifyError::Malformed(_) => "malformed",
            VerifyError::UnknownIssuer { .. } => "unknown_issuer",
            VerifyError::IssuerMismatch { .. } => "issuer_mismatch",
            VerifyError::BadIssuerSignature => "bad_issuer_signature",
            VerifyError::OutsideSigningPeriod { .. } => "issuer_key_outside_signing_period",
            VerifyError::TrustExpired { .. } => "trust_bundle_expired",
            VerifyError::BadHolderSignature => "bad_holder_signature",
            VerifyError::DigestMismatch => "digest_mismatch",
            VerifyError::Expired { .. } => "expired",
            VerifyError::NotYetValid { .. } => "not_yet_valid",
            VerifyError::CredentialExpired { .. } => "credential_expired",
            VerifyError::CredentialNotYetValid { .. } => "credential_not_yet_valid",
            VerifyError::InvalidTimes(_) => "invalid_times",
            VerifyError::WrongAudience { .. } => "wrong_audience",
            VerifyError::MissingNonce => "missing_nonce",
            VerifyError::WrongNonce => "wrong_nonce",
            VerifyError::TtlTooLong { .. } => "ttl_too_long",
            VerifyError::Revoked { .. } => "revoked",
            VerifyError::Suspended { .. } => "suspended",
            VerifyError::StatusListMissing { .. } => "status_list_missing",
            VerifyError::StatusListExpired { .. } => "status_list_expired",
            VerifyError::StatusIndexOutOfRange { .. } => "status_index_out_of_range",
            VerifyError::UnknownStatus { .. } => "unknown_status",
            VerifyError::Replayed { .. } => "replayed",
            VerifyError::ReplayCacheFull { .. } => "replay_cache_full",
            VerifyError::ReplayCacheUnavailable(_) => "replay_cache_unavailable",
            VerifyError::CardQr(_) => "malformed_card_qr",
            VerifyError::Portrait(_) => "invalid_portrait",
        }
    }
}

/// A status list or Status List Token could not be built, read or trusted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum StatusListError {
    #[error("malformed status list: {0}")]
    Invalid(String),
    #[error("unknown status list signer: no trusted key with kid {kid:?}")]
    UnknownIssuer { kid: String },
    #[error("status list token iss {iss:?} does not match the trusted issuer {expected:?} for this key")]
    IssuerMismatch { iss: String, expected: String },
    #[error("the status list token's signature is invalid")]
    BadSignature,
    #[error("status list file {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("the status list token requires the header parameter {0}, which this reader does not understand (crit)")]
    UnknownCriticalHeader(String),
}

impl StatusListError {
    /// A stable machine-readable code for each reason (CLI JSON, logs, the bindings).
    pub fn code(&self) -> &'static str {
        match self {
            StatusListError::Invalid(_) => "invalid_status_list",
            StatusListError::UnknownIssuer { .. } => "unknown_status_list_signer",
            StatusListError::IssuerMismatch { .. } => "status_list_issuer_mismatch",
            StatusListError::BadSignature => "bad_status_list_signature",
            StatusListError::Io { .. } => "status_list_io",
            StatusListError::UnknownCriticalHeader(_) => "unknown_critical_header",
        }
    }

    pub(crate) fn invalid(what: impl Into<String>) -> StatusListError {
        StatusListError::Invalid(what.into())
    }
}

impl From<FormatError> for StatusListError {
    fn from(e: FormatError) -> StatusListError {
        match e {
            FormatError::UnknownCriticalHeader(label) => StatusListError::UnknownCriticalHeader(label),
            other => StatusListError::Invalid(other.to_string()),
        }
    }
}

impl From<CborError> for StatusListError {
    fn from(e: CborError) -> StatusListError {
        StatusListError::Invalid(e.to_string())
    }
}

/// The persistent replay cache could not be opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum ReplayCacheError {
    #[error("replay cache {path}: {reason}")]
    Database { path: String, reason: String },
    #[error("replay cache {path} has schema version {found}; this build knows up to {supported}")]
    NewerSchema { path: String, found: i64, supported: i64 },
}

/// Text that looked like the QR printed on a chip ID card but is not a well-formed one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum CardQrError {
    #[error("card QR text is {len} bytes, more than the {max} accepted")]
    TooLong { len: usize, max: usize },
    #[error("card QR has {found} |-separated fields; expected {min} to {max}")]
    FieldCount { found: usize, min: usize, max: usize },
    #[error("card QR field {field} {reason}")]
    InvalidField { field: &'static str, reason: &'static str },
}

/// A verifier request QR could not be made, read or trusted, or a presentation could not answer it.
/// Each variant is one check of FORMAT.md "Verifier requests".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum RequestError {
    #[error(transparent)]
    Qr(#[from] QrError),
    #[error("malformed request: {0}")]
    Malformed(#[from] FormatError),
    #[error("the request asks for {0:?}, which is not a claim name of this wallet")]
    UnknownClaim(String),
    #[error("the request's signature does not verify with the registered verifier key {kid:?}")]
    BadSignature { kid: String },
    #[error("verifier key {kid:?} may not sign at {iat} (unix time): outside its validity in the trust bundle")]
    OutsideSigningPeriod { kid: String, iat: i64 },
    #[error("the request names verifier {id:?}, but key {kid:?} is registered to {expected:?}")]
    VerifierMismatch { id: String, kid: String, expected: String },
    #[error("the request's audience {audience:?} is neither the verifier id {id:?} nor under it")]
    ForeignAudience { audience: String, id: String },
    #[error("the request expired {seconds_ago} s ago")]
    Expired { seconds_ago: i64 },
    #[error("the request is dated {seconds_ahead} s in the future")]
    NotYetValid { seconds_ahead: i64 },
    #[error(
        "the request is signed by the unknown key {kid:?} but uses the registered verifier {id:?}'s id or audience"
    )]
    PosesAsRegisteredVerifier { kid: String, id: String },
    #[error("{0} was not requested: only requested claims can be approved")]
    NotRequested(String),
    #[error(
        "the request is unverified (its key {kid:?} is not in the verifier registry): answered only when the citizen allows unverified requests"
    )]
    Unverified { kid: String },
    #[error("invalid request settings: {0}")]
    Settings(String),
    #[error(transparent)]
    Present(#[from] PresentError),
}

impl RequestError {
    /// A stable machine-readable code for each reason (CLI JSON, logs, the bindings).
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::Qr(QrError::UnknownPrefix { .. }) => "not_a_request",
            RequestError::Qr(_) => "unreadable_request",
            RequestError::Malformed(FormatError::UnknownCriticalHeader(_)) => "unknown_critical_header",
            RequestError::Malformed(_) => "malformed_request",
            RequestError::UnknownClaim(_) => "unknown_claim",
            RequestError::BadSignature { .. } => "bad_request_signature",
            RequestError::OutsideSigningPeriod { .. } => "verifier_key_outside_period",
            RequestError::VerifierMismatch { .. } => "verifier_mismatch",
            RequestError::ForeignAudience { .. } => "foreign_audience",
            RequestError::Expired { .. } => "request_expired",
            RequestError::NotYetValid { .. } => "request_not_yet_valid",
            RequestError::PosesAsRegisteredVerifier { .. } => "poses_as_registered_verifier",
            RequestError::NotRequested(_) => "not_requested",
            RequestError::Unverified { .. } => "unverified_request",
            RequestError::Settings(_) => "invalid_request_settings",
            RequestError::Present(_) => "present_failed",
        }
    }
}

impl From<CborError> for RequestError {
    fn from(e: CborError) -> RequestError {
        RequestError::Malformed(e.into())
    }
}

/// A trust bundle could not be made, read, trusted or stored. Each variant is one check of
/// FORMAT.md "Signed trust"; a refused bundle never replaces the one held. Exhaustive on purpose:
/// a new reason does not compile until every binding has decided what apps see.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum TrustError {
    #[error("malformed trust bundle: {0}")]
    Malformed(#[from] FormatError),
    #[error("the trust bundle is signed by {kid:?}, which is not a trusted anchor")]
    UnknownAnchor { kid: String },
    #[error("the trust bundle's signature does not verify with anchor {kid:?}")]
    BadSignature { kid: String },
    #[error("trust bundle sequence {seq} is not newer than the {held} held: refusing a rollback")]
    Rollback { seq: u64, held: u64 },
    #[error("the trust bundle expired {seconds_ago} s ago")]
    Expired { seconds_ago: i64 },
    #[error("the trust bundle is dated {seconds_ahead} s in the future")]
    NotYetValid { seconds_ahead: i64 },
    #[error("no trust bundle has been accepted yet")]
    NoBundle,
    #[error("invalid trust settings: {0}")]
    Settings(String),
    #[error("trust store {path}: {reason}")]
    Storage { path: String, reason: String },
}

impl TrustError {
    /// A stable machine-readable code for each reason (CLI JSON, logs, the bindings).
    pub fn code(&self) -> &'static str {
        match self {
            TrustError::Malformed(_) => "malformed_trust_bundle",
            TrustError::UnknownAnchor { .. } => "unknown_trust_anchor",
            TrustError::BadSignature { .. } => "bad_trust_bundle_signature",
            TrustError::Rollback { .. } => "trust_bundle_rollback",
            TrustError::Expired { .. } => "trust_bundle_expired",
            TrustError::NotYetValid { .. } => "trust_bundle_not_yet_valid",
            TrustError::NoBundle => "no_trust_bundle",
            TrustError::Settings(_) => "invalid_trust_settings",
            TrustError::Storage { .. } => "trust_store_failed",
        }
    }
}

impl From<CborError> for TrustError {
    fn from(e: CborError) -> TrustError {
        TrustError::Malformed(e.into())
    }
}

/// Why bytes are not acceptable CBOR.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum CborError {
    #[error("CBOR ends early at byte {0}")]
    Truncated(usize),
    #[error("CBOR has {0} unexpected trailing byte(s)")]
    TrailingBytes(usize),
    #[error("CBOR indefinite-length item at byte {0} (not allowed)")]
    IndefiniteLength(usize),
    #[error("CBOR item at byte {0} is not well-formed")]
    NotWellFormed(usize),
    #[error("CBOR nesting deeper than {0}")]
    TooDeep(usize),
    #[error("CBOR array or map at byte {at} has {count} items (limit {limit})")]
    TooManyItems { at: usize, count: u64, limit: usize },
    #[error("CBOR text at byte {0} is not valid UTF-8")]
    InvalidUtf8(usize),
    #[error("CBOR item at byte {at} is not {expected}")]
    Unexpected { at: usize, expected: &'static str },
    #[error("CBOR map at byte {0} repeats a key")]
    DuplicateKey(usize),
}
