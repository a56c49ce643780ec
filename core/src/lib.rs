//! # citizen-wallet
//!
//! The core of a citizen digital-ID wallet: an issuer signs an ID credential
//! ([SD-CWT](https://datatracker.ietf.org/doc/draft-ietf-spice-sd-cwt/)); the citizen's phone
//! keeps it in an encrypted [`Wallet`] and shows short-lived, selectively disclosed presentation
//! QR codes; a counter's [`Verifier`] checks them offline. The wire format is specified in
//! FORMAT.md in the repository; guides are in its `docs/` folder.
//!
//! ## The public interface
//!
//! - **Issuers**: [`Issuer`] with an [`IssuerKey`] and [`IssuerConfig`] signs credentials from a
//!   [`CitizenRecord`] ([`IssueRequest`]) and Token Status Lists ([`status`]).
//! - **Phones**: [`Wallet`] (create / open / unlock, import, present, presentation log) with a
//!   [`KeyWrapper`] for the platform keystore; [`read_request`] and [`Wallet::present_for_request`]
//!   for a counter's request QR. Without the store: [`HolderKey`] and [`present`].
//! - **Counters**: [`Verifier`] with a [`TrustList`] and a [`VerifierPolicy`] returns a
//!   [`VerifiedPresentation`] or a [`VerifyError`] with a stable [`VerifyError::code`]; status
//!   lists, replay memory and the printed card QR are in [`verifier`] and [`status`];
//!   [`create_request`] with a [`VerifierKey`] makes a request QR.
//! - **Everyone**: the claim vocabulary ([`ClaimName`], [`ClaimValue`], [`DocType`]), QR text and
//!   images ([`qr`]), time ([`Clock`]) and the error types ([`Error`] and one per role).
//!
//! ## Cargo features
//!
//! `wallet` (the encrypted SQLite store) and `qr-image` (PNG rendering and QR decoding from images)
//! are on by default. `qr-encode` alone draws QR symbols without image codecs (what phones need);
//! `sqlite` alone adds the on-disk replay cache. With no features the verifier builds for
//! `wasm32-unknown-unknown`.
//!
//! ```
//! use std::sync::Arc;
//! use citizen_wallet::{demo, ClaimName, DocType, FixedClock, HolderKey, IssueRequest, Issuer,
//!     IssuerConfig, IssuerKey, PresentationRequest, TrustList, Verifier, VerifierPolicy, present};
//!
//! let issuer = Issuer::new(IssuerKey::generate("demo-1")?, IssuerConfig::new("https://id.example.vn"))?;
//! let holder = HolderKey::generate();
//! let now = 1_790_000_000;
//! let credential = issuer.issue(&IssueRequest { record: &demo::sample_record(), doc_type: DocType::Identity,
//!     holder_key: holder.public_key().to_bytes(), status_index: None }, now)?;
//! let ask = PresentationRequest::new("counter-7", &[ClaimName::AgeOver(18)]);
//! let qr_text = present(&credential, &holder, &ask, now)?.qr_text;
//!
//! let verifier = Verifier::new(TrustList::new(vec![issuer.trusted_issuer()])?,
//!                              VerifierPolicy::for_audience("counter-7"))
//!     .with_clock(Arc::new(FixedClock::new(now + 5)));
//! assert!(verifier.verify(&qr_text)?.claim(ClaimName::DateOfBirth).is_none());
//! # Ok::<(), citizen_wallet::Error>(())
//! ```
#![forbid(unsafe_code)]

pub mod claims;
pub mod clock;
pub mod cose;
pub mod credential;
pub mod demo;
pub mod error;
pub mod holder;
pub mod issuer;
pub mod qr;
pub mod random;
pub mod request;
pub mod signer;
pub mod status;
pub mod verifier;
#[cfg(feature = "wallet")]
pub mod wallet;

pub use claims::{CitizenRecord, Claim, ClaimName, ClaimValue, DocType};
pub use clock::{Clock, FixedClock, SystemClock};
pub use credential::{Credential, CredentialInfo};
pub use error::RequestError;
pub use error::{
    CardQrError, ClaimError, Error, FormatError, IssueError, PresentError, QrError, ReplayCacheError, StatusListError,
    VerifyError,
};
pub use holder::present_for_request;
pub use holder::{HolderKey, Presentation, PresentationRequest, present};
pub use issuer::{IssueRequest, Issuer, IssuerConfig, IssuerKey};
pub use request::{
    CreatedRequest, RequestSpec, RequestView, Requester, VerifierRegistry, create_request, read_request,
};
pub use signer::VerifierKey;
pub use verifier::{TrustList, TrustedIssuer, VerifiedPresentation, Verifier, VerifierPolicy};
#[cfg(feature = "wallet")]
pub use wallet::{
    CredentialId, CredentialSummary, KdfParams, KeyWrapError, KeyWrapper, LogEntry, LogEntryId, Protection,
    SoftwareKeyWrapper, UnlockDelays, Wallet, WalletError, WalletOptions,
};

// The README's and the guides' Rust examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
#[cfg(doctest)]
#[doc = include_str!("../../docs/app-developers.md")]
struct AppDeveloperGuideExamples;
#[cfg(doctest)]
#[doc = include_str!("../../docs/verifier-integrators.md")]
struct VerifierIntegratorGuideExamples;
