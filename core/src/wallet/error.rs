//! What can go wrong with the wallet, one variant per cause, so an app can tell the citizen what to do.
//!
//! No message carries a PIN, a key, a claim value or the contents of a record: corrupt records are
//! named by table and id only, storage errors by SQLite's message (which never includes bound values).

use std::error::Error;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::error::{FormatError, PresentError, RequestError, SignerError, TrustError, VerifyError};

/// A storage failure with its cause kept (SQLite's error, or the file system's with the path),
/// shared so that [`WalletError`] stays `Clone`. Two are equal when their messages are.
#[derive(Clone, Debug)]
pub struct StorageError {
    message: String,
    source: Option<Arc<dyn Error + Send + Sync>>,
}

impl StorageError {
    pub(crate) fn sqlite(e: rusqlite::Error) -> StorageError {
        StorageError { message: e.to_string(), source: Some(Arc::new(e)) }
    }

    pub(crate) fn io(path: &Path, e: std::io::Error) -> StorageError {
        StorageError { message: format!("{}: {e}", path.display()), source: Some(Arc::new(e)) }
    }

    /// A failure found by the wallet itself, with no underlying error.
    pub(crate) fn other(message: impl Into<String>) -> StorageError {
        StorageError { message: message.into(), source: None }
    }
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for StorageError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

impl PartialEq for StorageError {
    fn eq(&self, other: &StorageError) -> bool {
        self.message == other.message
    }
}

impl Eq for StorageError {}

/// A platform key wrapper (Android Keystore, iOS Keychain / Secure Enclave, or the software one)
/// could not wrap or unwrap.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum KeyWrapError {
    /// The platform wants the user to authenticate first (biometric or device credential).
    #[error("the device key needs user authentication first")]
    AuthenticationRequired,
    /// The device key is gone for good (e.g. biometrics were re-enrolled, the app was restored on
    /// another phone): the wallet cannot be opened with it any more.
    #[error("the device key was permanently invalidated")]
    KeyInvalidated,
    /// The wrapped bytes were not produced by this key, or were altered.
    #[error("the wrapped key was rejected by the device key (altered, or wrapped by another key)")]
    Rejected,
    /// Anything else the platform reported.
    #[error("device key error: {0}")]
    Platform(String),
}

/// Why a wallet operation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum WalletError {
    /// The PIN was wrong. `attempts_left`: tries before the wallet wipes itself (`None`: it never
    /// does). `retry_after_secs`: how long until the next try is accepted (0: now).
    #[error("wrong PIN{}{}", attempts_left_text(*.attempts_left), retry_text(*.retry_after_secs))]
    WrongPin { attempts_left: Option<u32>, retry_after_secs: u64 },
    /// Too many wrong PINs: no attempt is accepted (not even the right PIN) for this long.
    #[error("too many wrong PINs: try again in {retry_after_secs} s")]
    LockedOut { retry_after_secs: u64 },
    /// The wallet erased its keys and records after too many wrong PINs.
    #[error("the wallet was wiped after too many wrong PINs")]
    Wiped,
    /// The operation needs the wallet unlocked.
    #[error("the wallet is locked: unlock it first")]
    Locked,
    /// This wallet is protected by a PIN and none was given.
    #[error("this wallet needs its PIN")]
    PinRequired,
    /// A PIN was given to a wallet that is not protected by one (or change_pin on such a wallet).
    #[error("this wallet is not protected by a PIN")]
    NoPin,
    /// A new PIN is unacceptable (too short, too long).
    #[error("the new PIN is not acceptable: {0}")]
    InvalidPin(String),
    /// This wallet's data key is wrapped by a device key and no key wrapper was given.
    #[error("this wallet needs the device key wrapper")]
    KeyWrapperRequired,
    #[error(transparent)]
    KeyWrapper(#[from] KeyWrapError),
    /// Invalid options or arguments (KDF parameters, lockout policy, a wallet with no protection).
    #[error("invalid wallet settings: {0}")]
    InvalidSettings(String),
    /// There is no file at the path given to open.
    #[error("no wallet at {path}")]
    NoWallet { path: String },
    /// `create` was given a path that already exists.
    #[error("a file already exists at {path}")]
    AlreadyExists { path: String },
    /// The file is not a citizen-wallet database (not SQLite, or another application's).
    #[error("not a citizen-wallet file: {0}")]
    NotAWallet(String),
    /// The database structure is damaged (truncated, overwritten pages, missing tables or rows).
    #[error("the wallet file is damaged: {0}")]
    Corrupt(String),
    /// The file was written by a newer version of this library.
    #[error("the wallet file has schema version {found}; this version supports up to {supported}")]
    UnsupportedSchemaVersion { found: u32, supported: u32 },
    /// One encrypted record failed authentication (altered, moved from another row or another
    /// wallet) or could not be read. The other records are unaffected.
    #[error("record {id} of table {table} is damaged or was tampered with")]
    RecordCorrupt { table: &'static str, id: i64 },
    /// The bytes given to import are not a well-formed credential.
    #[error("not a valid credential: {0}")]
    InvalidCredential(FormatError),
    /// The credential is not signed by an issuer on the trust list, or its `iss` does not match.
    #[error("the credential is not from a trusted issuer: {0}")]
    UntrustedCredential(VerifyError),
    /// The credential's `cnf` key is not this wallet's holder key.
    #[error("the credential is bound to another holder key, not this wallet's")]
    NotBoundToWallet,
    /// The credential has already expired.
    #[error("the credential expired at {expired_at} (unix time)")]
    CredentialExpired { expired_at: i64 },
    #[error("no credential with id {0}")]
    CredentialNotFound(i64),
    #[error("no presentation log entry with id {0}")]
    LogEntryNotFound(i64),
    #[error("no issuance grant with id {0}")]
    GrantNotFound(i64),
    /// The presentation could not be built (claim not in the credential, bad audience, ttl...).
    #[error(transparent)]
    Present(#[from] PresentError),
    /// The holder key is in secure hardware and no [`crate::wallet::HolderSigner`] is set.
    #[error("this wallet's holder key is in secure hardware: set the holder signer first")]
    HolderSignerRequired,
    /// The platform signer could not sign (key invalidated, cancelled, busy...).
    #[error(transparent)]
    HolderSigner(SignerError),
    /// SQLite or the file system failed (disk full, I/O error, busy for too long...).
    #[error("storage error: {0}")]
    Storage(#[source] StorageError),
    /// A verifier request cannot be answered (expired since it was read, a claim approved that was
    /// not requested). Its code is the request error's code.
    #[error(transparent)]
    Request(RequestError),
    /// A trust bundle was refused (bad signature, unknown anchor, rollback, expired...), or the
    /// wallet holds none. Its code is the trust error's code; the bundle held is unchanged.
    #[error(transparent)]
    Trust(TrustError),
}

fn attempts_left_text(left: Option<u32>) -> String {
    match left {
        Some(n) => format!(", {n} attempts left before the wallet is wiped"),
        None => String::new(),
    }
}

fn retry_text(secs: u64) -> String {
    if secs == 0 { String::new() } else { format!(", next attempt in {secs} s") }
}

impl WalletError {
    /// A stable machine-readable code for each reason (CLI JSON, logs, the bindings).
    pub fn code(&self) -> &'static str {
        match self {
            WalletError::WrongPin { .. } => "wrong_pin",
            WalletError::LockedOut { .. } => "locked_out",
            WalletError::Wiped => "wiped",
            WalletError::Locked => "locked",
            WalletError::PinRequired => "pin_required",
            WalletError::NoPin => "no_pin",
            WalletError::InvalidPin(_) => "invalid_pin",
            WalletError::KeyWrapperRequired => "key_wrapper_required",
            WalletError::KeyWrapper(_) => "key_wrapper_failed",
            WalletError::InvalidSettings(_) => "invalid_settings",
            WalletError::NoWallet { .. } => "no_wallet",
            WalletError::AlreadyExists { .. } => "already_exists",
            WalletError::NotAWallet(_) => "not_a_wallet",
            WalletError::Corrupt(_) => "corrupt",
            WalletError::UnsupportedSchemaVersion { .. } => "unsupported_schema_version",
            WalletError::RecordCorrupt { .. } => "record_corrupt",
            WalletError::InvalidCredential(_) => "invalid_credential",
            WalletError::UntrustedCredential(_) => "untrusted_credential",
            WalletError::NotBoundToWallet => "not_bound_to_wallet",
            WalletError::CredentialExpired { .. } => "credential_expired",
            WalletError::CredentialNotFound(_) => "credential_not_found",
            WalletError::LogEntryNotFound(_) => "log_entry_not_found",
            WalletError::GrantNotFound(_) => "grant_not_found",
            WalletError::Present(_) => "present_failed",
            WalletError::HolderSignerRequired => "holder_signer_required",
            WalletError::HolderSigner(e) => e.code(),
            WalletError::Storage(_) => "storage",
            WalletError::Request(e) => e.code(),
            WalletError::Trust(e) => e.code(),
        }
    }
}

impl From<rusqlite::Error> for WalletError {
    fn from(e: rusqlite::Error) -> WalletError {
        use rusqlite::ErrorCode;
        match (&e, e.sqlite_error_code()) {
            (_, Some(ErrorCode::NotADatabase)) => WalletError::NotAWallet(e.to_string()),
            (_, Some(ErrorCode::DatabaseCorrupt)) => WalletError::Corrupt(e.to_string()),
            // A column of the wrong type or a missing singleton row: the file was altered.
            (
                rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
                | rusqlite::Error::QueryReturnedNoRows,
                _,
            ) => WalletError::Corrupt(e.to_string()),
            _ => WalletError::Storage(StorageError::sqlite(e)),
        }
    }
}
