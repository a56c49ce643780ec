//! The uniffi facade over `citizen-wallet`: the API that Kotlin (Android), Swift (iOS) and Python see.
//!
//! Thin by design: each exported item converts foreign-friendly types (strings, byte arrays,
//! records) to the core's types and back, and maps core errors to typed exceptions. No logic of
//! its own beyond that.

uniffi::setup_scaffolding!("citizen_wallet");

mod errors;
mod holder_signer;
mod issuance;
mod issuer;
mod keywrap;
mod logger;
mod qr;
mod request;
mod trust;
mod types;
mod verifier;
mod wallet;

pub use errors::{
    HolderSignerError, HttpError, IssuanceError, IssuerError, KeyWrapperError, QrError, RequestError, TrustError,
    VerifyError, WalletError,
};
pub use holder_signer::HolderSigner;
pub use issuance::{HttpClient, HttpHeader, HttpRequest, HttpResponse, Received};
pub use issuer::{Issuer, demo_citizen_record};
pub use keywrap::{KeyWrapper, MonotonicClock};
pub use logger::{LogLevel, Logger, set_logger};
#[cfg(feature = "qr-image")]
pub use qr::qr_png;
pub use qr::{qr_matrix, qr_svg};
pub use request::{CounterRequest, RequestSigner, VerifierRequest, read_request, read_request_at};
pub use trust::{
    CounterTrustStore, TrustAnchor, TrustAnchorSigner, TrustBundleInfo, trust_anchor_from_json, verify_trust_bundle,
};
pub use types::{
    CitizenRecord, Claim, CredentialSummary, DocType, LogEntry, Presentation, QrMatrix, ScanResult, StatusResult,
    UnlockStatus, UnsignedCard, VerifiedPresentation, VerifierPolicy, WalletSettings,
};
pub use verifier::Verifier;
pub use wallet::Wallet;

/// The library version, e.g. "0.1.0".
#[uniffi::export]
pub fn library_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Every claim name the vocabulary knows, for pickers (age flags as `age_over_18`).
#[uniffi::export]
pub fn claim_names() -> Vec<String> {
    let mut names: Vec<String> = citizen_wallet::ClaimName::FIXED.iter().map(|c| c.as_str()).collect();
    names.push(citizen_wallet::ClaimName::AgeOver(18).as_str());
    names
}

/// Every exported object must be shareable between threads.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Issuer>();
    send_sync::<RequestSigner>();
    send_sync::<TrustAnchorSigner>();
    send_sync::<CounterTrustStore>();
    send_sync::<Verifier>();
    send_sync::<Wallet>();
};
