//! The public error types, one per role, so each call can only fail in the ways it documents.
//!
//! No error message carries a claim value, a key or a PIN: messages name fields and checks only.

/// A personal-data input was rejected by the claim vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum ClaimError {
    /// A claim value breaks its rule (length, character set, range, date); fix the input named by `field`.
    #[error("claim {field} {reason}")]
    Invalid {
        /// The claim name (FORMAT.md 3.1), e.g. `birth_date`.
        field: String,
        /// Which rule the value breaks, without the value itself.
        reason: String,
    },
    /// A claim name this vocabulary does not define (from a request or a record file).
    #[error("unknown claim name {0:?}")]
    UnknownClaim(String),
    /// The portrait claim was refused.
    #[error("claim portrait: {0}")]
    Portrait(#[from] PortraitError),
}

/// A portrait image was refused. Messages name the format and sizes, never image bytes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum PortraitError {
    /// No image bytes were given.
    #[error("the image is empty")]
    Empty,
    /// The image is larger than a portrait may be (FORMAT.md "Portrait"): re-encode it smaller.
    #[error("the image is {len} bytes, more than the {max} accepted")]
    TooLarge {
        /// Size of the image, in bytes.
        len: usize,
        /// Largest accepted size, in bytes.
        max: usize,
    },
    /// The bytes do not start like an image of the declared format (PNG, JPEG, ...).
    #[error("the bytes are not a {media_type} image")]
    NotDeclaredFormat {
        /// Media type the bytes were declared as, e.g. `image/jpeg`.
        media_type: &'static str,
    },
    /// The face entry's Claim 169 image sub-format is not one a portrait may use (FORMAT.md "Portrait").
    #[error("image sub-format {sub_format} is not one a portrait may use")]
    UnsupportedFormat {
        /// The Claim 169 sub-format code found.
        sub_format: i64,
    },
    /// The face claim is not a well-formed Claim 169 face array, or the image bytes are broken; the text says which.
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
    /// The bytes are not acceptable CBOR (FORMAT.md 6).
    #[error("{0}")]
    Cbor(#[from] CborError),
    /// Well-formed CBOR, but not the structure FORMAT.md requires; the text names the part.
    #[error("{0}")]
    Invalid(String),
    /// The protected `alg` (COSE label 1) is not ES256 or ES384.
    #[error("unsupported COSE algorithm {0}")]
    UnsupportedAlgorithm(i64),
    /// The protected `alg` is accepted, but not for this key type (algorithm confusion).
    #[error("COSE algorithm {alg} cannot be used with a {key_type} key")]
    AlgorithmKeyMismatch {
        /// COSE algorithm id from the protected header (-7 ES256, -35 ES384).
        alg: i64,
        /// The key's type, e.g. `P-256`.
        key_type: &'static str,
    },
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
    /// The citizen record holds a value the claim vocabulary refuses: fix the record.
    #[error(transparent)]
    Claim(#[from] ClaimError),
    /// The issuer settings (issuer URL, key id, validity, status list) are not usable; fix the configuration.
    #[error("invalid issuer settings: {0}")]
    Settings(String),
    /// Not-before is not before expiry (`nbf` >= `exp`): check the validity settings and the clock.
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
    /// The stored credential cannot be read (corrupted or not a credential).
    #[error(transparent)]
    Format(#[from] FormatError),
    /// The credential's `exp` has passed: the citizen needs a new credential.
    #[error("the credential expired at {expired_at} (unix time)")]
    CredentialExpired {
        /// The credential's `exp`, Unix seconds.
        expired_at: i64,
    },
    /// The credential's `nbf` is still ahead (or the phone's clock is behind).
    #[error("the credential is not valid before {not_before} (unix time)")]
    CredentialNotYetValid {
        /// The credential's `nbf`, Unix seconds.
        not_before: i64,
    },
    /// A requested claim is not in this credential (names the claim).
    #[error("the credential holds no {0} claim")]
    ClaimNotInCredential(String),
    /// The requested presentation lifetime is zero or longer than allowed.
    #[error("the presentation lifetime of {requested} s is outside 1 s to {max} s")]
    InvalidTtl {
        /// Lifetime asked for, in seconds.
        requested: u64,
        /// Longest lifetime allowed, in seconds.
        max: u64,
    },
    /// The audience (`aud`) is empty or longer than 255 bytes.
    #[error("the audience must be 1 to 255 bytes of text")]
    InvalidAudience,
    /// The nonce is empty or longer than 64 bytes.
    #[error("the nonce must be 1 to 64 bytes")]
    InvalidNonce,
    /// The holder key given is not the one in the credential's `cnf`: use the key the credential was issued to.
    #[error("the holder key does not match the key the credential is bound to")]
    WrongHolderKey,
    /// The platform signer holding the holder key failed.
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
    /// The text does not start with the expected prefix: not this kind of citizen-wallet QR code.
    #[error("not a citizen-wallet QR code (expected the prefix {expected})")]
    UnknownPrefix {
        /// The prefix expected: `CW1:` for presentations, `CWR1:` for requests.
        expected: &'static str,
    },
    /// The QR text is longer than accepted (FORMAT.md 6), read before decoding anything.
    #[error("QR text is {len} characters, more than the {max} accepted")]
    TooLong {
        /// Length of the text, in characters.
        len: usize,
        /// Longest accepted text, in characters.
        max: usize,
    },
    /// The Base45 part is not valid Base45 (RFC 9285).
    #[error("invalid Base45 at character {0}")]
    Base45(usize),
    /// The text has a character outside the QR alphanumeric set, so it cannot be drawn in alphanumeric mode.
    #[error("QR text must use only the QR alphanumeric characters (0-9, A-Z, space, $%*+-./:)")]
    NotAlphanumeric,
    /// The text is too long for the largest QR code at this error-correction level.
    #[error("the data does not fit in any QR code version at this error-correction level")]
    DataTooLong,
    /// The image bytes could not be decoded as PNG or JPEG.
    #[error("the image could not be read: {0}")]
    Image(String),
    /// The image was read but holds no QR code: ask for a sharper or closer photo.
    #[error("no QR code was found in the image")]
    NotFound,
    /// A QR code was found but its modules could not be decoded (blur, damage, glare).
    #[error("the QR code in the image could not be decoded: {0}")]
    Decode(String),
}

/// Why a presentation was rejected. Each variant is one check of FORMAT.md "Verification".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum VerifyError {
    /// The scanned text is not a presentation QR or cannot be decoded.
    #[error(transparent)]
    Qr(#[from] QrError),
    /// The presentation is not well-formed (FORMAT.md 5, structure checks).
    #[error("malformed presentation: {0}")]
    Malformed(#[from] FormatError),
    /// No trusted issuer key has the credential's `kid`: the trust list may be outdated.
    #[error("unknown issuer: no trusted key with kid {kid:?}")]
    UnknownIssuer {
        /// Key id from the credential's protected header.
        kid: String,
    },
    /// The credential's `iss` is not the issuer the trust list gives for its `kid`.
    #[error("issuer {iss:?} does not match the trusted issuer {expected:?} for this key")]
    IssuerMismatch {
        /// `iss` (claim 1) in the credential.
        iss: String,
        /// Issuer URL the trust list gives for the key.
        expected: String,
    },
    /// The issuer's signature on the credential does not verify: forged or altered.
    #[error("the issuer signature is invalid")]
    BadIssuerSignature,
    /// The credential was issued (`iat`) outside the key's signing period in the trust bundle.
    #[error("issuer key {kid:?} may not sign at {iat} (unix time): outside its signing period in the trust bundle")]
    OutsideSigningPeriod {
        /// Key id of the issuer key.
        kid: String,
        /// The credential's `iat`, Unix seconds.
        iat: i64,
    },
    /// The verifier's trust bundle has expired: fetch and load a new one.
    #[error("the trust bundle expired {seconds_ago} s ago: fetch a new one")]
    TrustExpired {
        /// Seconds since the bundle's expiry.
        seconds_ago: i64,
    },
    /// The key binding token is not signed by the credential's holder key (`cnf`): a copied credential.
    #[error("the holder signature is invalid (not signed by the key the credential is bound to)")]
    BadHolderSignature,
    /// A disclosure's hash is not among the issuer-signed digests (`redacted_claim_keys`): altered claims.
    #[error("a disclosed claim does not match any digest signed by the issuer")]
    DigestMismatch,
    /// The presentation's `exp` has passed: ask the citizen to show a fresh QR.
    #[error("the presentation expired {seconds_ago} s ago")]
    Expired {
        /// Seconds since the presentation's `exp`.
        seconds_ago: i64,
    },
    /// The presentation's `iat` is ahead of the counter's clock by more than the allowed skew.
    #[error("the presentation is dated {seconds_ahead} s in the future")]
    NotYetValid {
        /// Seconds from the counter's clock to `iat`.
        seconds_ahead: i64,
    },
    /// The credential's `exp` has passed.
    #[error("the credential expired {seconds_ago} s ago")]
    CredentialExpired {
        /// Seconds since the credential's `exp`.
        seconds_ago: i64,
    },
    /// The credential's `nbf` is still ahead.
    #[error("the credential is not valid for another {seconds_ahead} s")]
    CredentialNotYetValid {
        /// Seconds until the credential's `nbf`.
        seconds_ahead: i64,
    },
    /// The presentation's or credential's `iat`, `nbf` and `exp` contradict each other.
    #[error("the times in the presentation are inconsistent: {0}")]
    InvalidTimes(String),
    /// The presentation's `aud` is not this counter's audience: made for another counter.
    #[error("the presentation is for audience {found:?}, not {expected:?}")]
    WrongAudience {
        /// This counter's audience, from its policy.
        expected: String,
        /// `aud` in the presentation.
        found: String,
    },
    /// The policy requires a nonce (a request was shown) but the presentation has none.
    #[error("the presentation carries no nonce, but this counter requires one")]
    MissingNonce,
    /// The presentation's nonce is not the one of this counter's request.
    #[error("the presentation's nonce does not match this counter's request")]
    WrongNonce,
    /// The presentation's lifetime (`exp` - `iat`) is longer than the policy accepts.
    #[error("the presentation is valid for {ttl} s, longer than the {max} s this counter accepts")]
    TtlTooLong {
        /// The presentation's lifetime, in seconds.
        ttl: i64,
        /// Longest lifetime the policy accepts, in seconds.
        max: i64,
    },
    /// The status list marks the credential revoked (status 1): refuse it.
    #[error("the credential is revoked (status list entry {index})")]
    Revoked {
        /// The credential's index in the status list.
        index: u64,
    },
    /// The status list marks the credential suspended (status 2).
    #[error("the credential is suspended (status list entry {index})")]
    Suspended {
        /// The credential's index in the status list.
        index: u64,
    },
    /// The credential has a status reference but no list for its URI is loaded, and the policy requires one.
    #[error("no status list from this issuer is loaded for {uri}")]
    StatusListMissing {
        /// Status list URI from the credential's `status` claim.
        uri: String,
    },
    /// The loaded status list is past its `exp`: fetch a fresh one.
    #[error("the status list {uri} expired {seconds_ago} s ago")]
    StatusListExpired {
        /// Status list URI.
        uri: String,
        /// Seconds since the list's `exp`.
        seconds_ago: i64,
    },
    /// The credential's status index is beyond the end of its list.
    #[error("status list entry {index} is outside the list {uri} ({len} entries)")]
    StatusIndexOutOfRange {
        /// Status list URI.
        uri: String,
        /// The credential's index in the list.
        index: u64,
        /// Number of entries in the list.
        len: u64,
    },
    /// The status list gives a value other than valid, revoked or suspended.
    #[error("the status list gives the unrecognised status {value:#04x} for entry {index}")]
    UnknownStatus {
        /// The credential's index in the list.
        index: u64,
        /// The status value found.
        value: u8,
    },
    /// The replay cache has already accepted this presentation (FORMAT.md 9).
    #[error("this presentation was already accepted at {first_seen_at} (unix time): a replay")]
    Replayed {
        /// When it was first accepted, Unix seconds.
        first_seen_at: i64,
    },
    /// The replay cache is full of unexpired entries; it refuses rather than forget. Raise its capacity.
    #[error("the replay cache holds {capacity} unexpired presentations and is full: refusing rather than forgetting")]
    ReplayCacheFull {
        /// Entries the cache holds.
        capacity: usize,
    },
    /// The on-disk replay cache failed (I/O or SQLite): the presentation is refused, not accepted unchecked.
    #[error("the replay cache cannot be used: {0}")]
    ReplayCacheUnavailable(String),
    /// The text is a malformed printed ID card QR (FORMAT.md 10).
    #[error(transparent)]
    CardQr(#[from] CardQrError),
    /// A disclosed portrait is not an acceptable image, though signed by the issuer.
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
    /// The status list or its token is not well-formed (FORMAT.md 8); the text names the part.
    #[error("malformed status list: {0}")]
    Invalid(String),
    /// No trusted issuer key has the token's `kid`.
    #[error("unknown status list signer: no trusted key with kid {kid:?}")]
    UnknownIssuer {
        /// Key id from the token's protected header.
        kid: String,
    },
    /// The token's `iss` is not the issuer the trust list gives for its `kid`.
    #[error("status list token iss {iss:?} does not match the trusted issuer {expected:?} for this key")]
    IssuerMismatch {
        /// `iss` in the token.
        iss: String,
        /// Issuer URL the trust list gives for the key.
        expected: String,
    },
    /// The token's signature does not verify with the trusted key.
    #[error("the status list token's signature is invalid")]
    BadSignature,
    /// A status list file could not be read or written.
    #[error("status list file {path}: {reason}")]
    Io {
        /// The file's path.
        path: String,
        /// The I/O failure.
        reason: String,
    },
    /// The token's `crit` names a header parameter this reader does not process (RFC 9052 §3.1).
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
    /// SQLite could not open, create or use the cache file.
    #[error("replay cache {path}: {reason}")]
    Database {
        /// The cache file's path.
        path: String,
        /// The SQLite or I/O failure.
        reason: String,
    },
    /// The cache file was written by a newer version: upgrade this program or use another file.
    #[error("replay cache {path} has schema version {found}; this build knows up to {supported}")]
    NewerSchema {
        /// The cache file's path.
        path: String,
        /// Schema version in the file.
        found: i64,
        /// Newest schema version this build reads.
        supported: i64,
    },
}

/// Text that looked like the QR printed on a chip ID card but is not a well-formed one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum CardQrError {
    /// The text is longer than any card QR.
    #[error("card QR text is {len} bytes, more than the {max} accepted")]
    TooLong {
        /// Length of the text, in bytes.
        len: usize,
        /// Longest accepted text, in bytes.
        max: usize,
    },
    /// The text does not have the number of `|`-separated fields a card QR has.
    #[error("card QR has {found} |-separated fields; expected {min} to {max}")]
    FieldCount {
        /// Fields found.
        found: usize,
        /// Fewest fields accepted.
        min: usize,
        /// Most fields accepted.
        max: usize,
    },
    /// One field is not well-formed (e.g. a date that is not a real ddmmyyyy date).
    #[error("card QR field {field} {reason}")]
    InvalidField {
        /// Name of the field.
        field: &'static str,
        /// What is wrong with it (never its value).
        reason: &'static str,
    },
}

/// A verifier request QR could not be made, read or trusted, or a presentation could not answer it.
/// Each variant is one check of FORMAT.md "Verifier requests".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum RequestError {
    /// The scanned text is not a request QR or cannot be decoded.
    #[error(transparent)]
    Qr(#[from] QrError),
    /// The request token is not well-formed (FORMAT.md 13).
    #[error("malformed request: {0}")]
    Malformed(#[from] FormatError),
    /// The request asks for a claim name this wallet does not know.
    #[error("the request asks for {0:?}, which is not a claim name of this wallet")]
    UnknownClaim(String),
    /// The request's signature does not verify with the registered key of its `kid`: forged or altered.
    #[error("the request's signature does not verify with the registered verifier key {kid:?}")]
    BadSignature {
        /// Key id from the request's protected header.
        kid: String,
    },
    /// The request was signed (`iat`) outside the verifier key's validity in the trust bundle.
    #[error("verifier key {kid:?} may not sign at {iat} (unix time): outside its validity in the trust bundle")]
    OutsideSigningPeriod {
        /// Key id of the verifier key.
        kid: String,
        /// The request's `iat`, Unix seconds.
        iat: i64,
    },
    /// The request's verifier id is not the one the registry gives for its key.
    #[error("the request names verifier {id:?}, but key {kid:?} is registered to {expected:?}")]
    VerifierMismatch {
        /// Verifier id named in the request.
        id: String,
        /// Key id of the signing key.
        kid: String,
        /// Verifier id the registry gives for the key.
        expected: String,
    },
    /// The request's audience is neither the verifier id nor under it, so answers would go elsewhere.
    #[error("the request's audience {audience:?} is neither the verifier id {id:?} nor under it")]
    ForeignAudience {
        /// Audience named in the request.
        audience: String,
        /// The request's verifier id.
        id: String,
    },
    /// The request's `exp` has passed: ask the counter for a new request QR.
    #[error("the request expired {seconds_ago} s ago")]
    Expired {
        /// Seconds since the request's `exp`.
        seconds_ago: i64,
    },
    /// The request's `iat` is ahead of the phone's clock by more than the allowed skew.
    #[error("the request is dated {seconds_ahead} s in the future")]
    NotYetValid {
        /// Seconds from the phone's clock to the request's `iat`.
        seconds_ahead: i64,
    },
    #[error(
        "the request is signed by the unknown key {kid:?} but uses the registered verifier {id:?}'s id or audience"
    )]
    /// An unregistered key signed a request using a registered verifier's id or audience: an impersonation attempt.
    PosesAsRegisteredVerifier {
        /// Key id of the unknown signing key.
        kid: String,
        /// The registered verifier id it uses.
        id: String,
    },
    /// An approved claim is not in the request (names the claim).
    #[error("{0} was not requested: only requested claims can be approved")]
    NotRequested(String),
    #[error(
        "the request is unverified (its key {kid:?} is not in the verifier registry): answered only when the citizen allows unverified requests"
    )]
    /// The request's key is not in the verifier registry and the citizen has not allowed unverified requests.
    Unverified {
        /// Key id of the unregistered key.
        kid: String,
    },
    /// The request settings (verifier id, audience, lifetime, claims) are not usable.
    #[error("invalid request settings: {0}")]
    Settings(String),
    /// The presentation answering the request could not be made.
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
    /// The trust bundle is not well-formed (FORMAT.md "Signed trust").
    #[error("malformed trust bundle: {0}")]
    Malformed(#[from] FormatError),
    /// The bundle's `kid` is not one of the pinned trust anchors.
    #[error("the trust bundle is signed by {kid:?}, which is not a trusted anchor")]
    UnknownAnchor {
        /// Key id from the bundle's protected header.
        kid: String,
    },
    /// The bundle's signature does not verify with the anchor key: forged or altered.
    #[error("the trust bundle's signature does not verify with anchor {kid:?}")]
    BadSignature {
        /// Key id of the anchor.
        kid: String,
    },
    /// The bundle's sequence number is not above the one held: an old bundle replayed.
    #[error("trust bundle sequence {seq} is not newer than the {held} held: refusing a rollback")]
    Rollback {
        /// Sequence number of the refused bundle.
        seq: u64,
        /// Sequence number of the bundle held.
        held: u64,
    },
    /// The bundle's `exp` has passed.
    #[error("the trust bundle expired {seconds_ago} s ago")]
    Expired {
        /// Seconds since the bundle's `exp`.
        seconds_ago: i64,
    },
    /// The bundle's `iat` is ahead of the clock by more than the allowed skew.
    #[error("the trust bundle is dated {seconds_ahead} s in the future")]
    NotYetValid {
        /// Seconds from the clock to the bundle's `iat`.
        seconds_ahead: i64,
    },
    /// The store holds no bundle yet: load one first.
    #[error("no trust bundle has been accepted yet")]
    NoBundle,
    /// The bundle's contents or the trust settings are not usable (e.g. no anchors given).
    #[error("invalid trust settings: {0}")]
    Settings(String),
    /// The trust store folder could not be read or written.
    #[error("trust store {path}: {reason}")]
    Storage {
        /// The file or folder's path.
        path: String,
        /// The I/O failure.
        reason: String,
    },
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
    /// The input ends inside an item; the byte offset where it ends.
    #[error("CBOR ends early at byte {0}")]
    Truncated(usize),
    /// Bytes follow the single top-level item; how many.
    #[error("CBOR has {0} unexpected trailing byte(s)")]
    TrailingBytes(usize),
    /// An indefinite-length item, which FORMAT.md forbids; its byte offset.
    #[error("CBOR indefinite-length item at byte {0} (not allowed)")]
    IndefiniteLength(usize),
    /// An item that is not well-formed CBOR (reserved additional info, bad simple value); its byte offset.
    #[error("CBOR item at byte {0} is not well-formed")]
    NotWellFormed(usize),
    /// Nesting deeper than the parse limit; the limit.
    #[error("CBOR nesting deeper than {0}")]
    TooDeep(usize),
    /// An array or map with more items than the parse limit.
    #[error("CBOR array or map at byte {at} has {count} items (limit {limit})")]
    TooManyItems {
        /// Byte offset of the item.
        at: usize,
        /// Items it declares.
        count: u64,
        /// Most items accepted.
        limit: usize,
    },
    /// A text string that is not valid UTF-8; its byte offset.
    #[error("CBOR text at byte {0} is not valid UTF-8")]
    InvalidUtf8(usize),
    /// An item of another type than the structure requires.
    #[error("CBOR item at byte {at} is not {expected}")]
    Unexpected {
        /// Byte offset of the item.
        at: usize,
        /// What was expected, e.g. `a map`.
        expected: &'static str,
    },
    /// A map with the same key twice; the map's byte offset.
    #[error("CBOR map at byte {0} repeats a key")]
    DuplicateKey(usize),
}
