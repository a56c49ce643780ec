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
//! - **Trust**: a [`TrustBundle`] signed by an [`AnchorKey`] lists issuer and verifier keys;
//!   [`TrustBundle::verify`] checks one against pinned [`TrustAnchor`]s, [`TrustStore`] (a folder)
//!   and [`Wallet::update_trust`] keep the newest and refuse rollbacks ([`trust`]); the same
//!   module holds the issuer [`TrustList`] and the registered-verifier [`VerifierRegistry`].
//! - **Getting credentials onto phones**: [`issuance`], an OpenID4VCI pre-authorized-code profile
//!   (the wallet's client and the issuer service's core), with key proofs and batches.
//! - **Counters**: [`Verifier`] ([`Verifier::from_bundle`]) with a [`TrustList`] and a [`VerifierPolicy`] returns a
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
//!     holder_key: holder.public_key().into(), status_index: None }, now)?;
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
#![warn(missing_docs)]

pub mod claims;
pub mod clock;
mod cose;
pub mod credential;
pub mod demo;
pub mod error;
pub mod holder;
#[cfg(feature = "wallet")]
pub mod issuance;
pub mod issuer;
pub mod qr;
mod random;
pub mod request;
mod signer;
pub mod status;
pub mod trust;
pub mod verifier;
#[cfg(feature = "wallet")]
pub mod wallet;

pub use claims::{CitizenRecord, Claim, ClaimName, ClaimValue, DocType, ImageFormat, Portrait};
pub use clock::{Clock, FixedClock, SystemClock};
pub use cose::key::{Algorithm, PublicKey};
pub use credential::{Credential, CredentialInfo};
pub use error::RequestError;
pub use error::{
    CardQrError, ClaimError, FormatError, IssueError, PortraitError, PresentError, QrError, ReplayCacheError,
    SignerError, StatusListError, TrustError, VerifyError,
};
pub use holder::present_for_request;
pub use holder::{HolderKey, Presentation, PresentationRequest, present};
pub use issuer::{IssueRequest, Issuer, IssuerConfig, IssuerKey};
pub use request::{CreatedRequest, RequestSpec, RequestView, Requester, create_request, read_request};
pub use signer::{AnchorKey, VerifierKey};
pub use trust::{
    ExpiryPolicy, RegisteredVerifier, TrustAnchor, TrustBundle, TrustList, TrustState, TrustStore, TrustWarning,
    TrustedIssuer, VerifiedBundle, VerifierRegistry,
};
pub use verifier::{VerifiedPresentation, Verifier, VerifierPolicy};
#[cfg(feature = "wallet")]
pub use wallet::{
    CredentialId, CredentialSummary, KdfParams, KeyWrapError, KeyWrapper, LogEntry, LogEntryId, Protection,
    SoftwareKeyWrapper, UnlockDelays, Wallet, WalletError, WalletOptions,
};

/// Any error of the crate, for callers that do not need to tell the roles apart. It sits here, not
/// in `error`, because it names every role's error (the wallet's too) and `error` is the bottom layer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(not(feature = "exhaustive-errors"), non_exhaustive)]
pub enum Error {
    /// A claim value was refused.
    #[error(transparent)]
    Claim(#[from] ClaimError),
    /// Bytes are not a well-formed credential, presentation or key.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// Issuing failed.
    #[error(transparent)]
    Issue(#[from] IssueError),
    /// A presentation could not be made.
    #[error(transparent)]
    Present(#[from] PresentError),
    /// QR text or a QR image could not be made or read.
    #[error(transparent)]
    Qr(#[from] QrError),
    /// A presentation was rejected.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// A status list could not be built, read or trusted.
    #[error(transparent)]
    StatusList(#[from] StatusListError),
    /// The replay cache could not be opened.
    #[error(transparent)]
    ReplayCache(#[from] ReplayCacheError),
    /// A wallet operation failed.
    #[cfg(feature = "wallet")]
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// A verifier request could not be made, read or answered.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// A trust bundle could not be made, read, trusted or stored.
    #[error(transparent)]
    Trust(#[from] TrustError),
}

/// Internals for this workspace's tests, fuzz targets and benchmarks: the CBOR/COSE layer,
/// deterministic randomness for reproducible vectors, parse limits. Not part of the API: no
/// stability promise, and `SeededRandom` makes predictable keys and salts.
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod internal {
    /// CBOR, COSE_Sign1, SD-CWT and disclosures.
    pub mod cose {
        pub use crate::cose::*;
    }
    /// Signing keys and the one COSE_Sign1 signing path.
    pub mod signer {
        pub use crate::signer::*;
    }
    pub use crate::credential::CREDENTIAL_LIMITS;
    pub use crate::random::{OsRandom, RandomSource, SeededRandom, os_random};
    pub use crate::verifier::PRESENTATION_LIMITS;
    /// Base45 (RFC 9285), for tests that build or take apart QR texts by hand.
    pub mod base45 {
        pub use crate::qr::base45::{decode, encode};
    }
    /// The QR decoder's search, quick (camera frames) or thorough (one picture), on greyscale pixels.
    #[cfg(feature = "qr-decode")]
    pub use crate::qr::scan::find_and_read as decode_luma_with;

    use crate::cose::{SdCwt, Value};
    use crate::{Credential, HolderKey, IssueError, IssueRequest, Issuer, IssuerKey, VerifierKey};

    /// [`Issuer::issue`] with salts and decoys from `rng` (reproducible vectors).
    pub fn issue_with(
        issuer: &Issuer,
        request: &IssueRequest<'_>,
        now: i64,
        rng: &mut dyn RandomSource,
    ) -> Result<Credential, IssueError> {
        issuer.issue_with(request, now, rng)
    }
    /// A holder key from `rng`.
    pub fn holder_key_with(rng: &mut dyn RandomSource) -> HolderKey {
        HolderKey::generate_with(rng)
    }
    /// An issuer key from `rng`.
    pub fn issuer_key_with(kid: &str, rng: &mut dyn RandomSource) -> Result<IssuerKey, IssueError> {
        IssuerKey::generate_with(kid, rng)
    }
    /// A trust anchor key from `rng`.
    pub fn anchor_key_with(kid: &str, rng: &mut dyn RandomSource) -> Result<crate::AnchorKey, crate::TrustError> {
        crate::AnchorKey::generate_with(kid, rng)
    }
    /// A verifier (request-signing) key from `rng`.
    pub fn verifier_key_with(kid: &str, rng: &mut dyn RandomSource) -> Result<VerifierKey, crate::RequestError> {
        VerifierKey::generate_with(kid, rng)
    }
    /// The parsed SD-CWT of a credential.
    pub fn sd_cwt(credential: &Credential) -> &SdCwt {
        credential.sd_cwt()
    }
    /// The issuer signature of an SD-CWT checked against a trust list, without requiring every
    /// disclosure (the draft's partial examples).
    pub fn check_issuer_signature(trust: &crate::TrustList, sd_cwt: &SdCwt) -> Result<(), crate::VerifyError> {
        trust.check_issuer_signature(sd_cwt).map(|_| ())
    }
    /// The issuer-signed payload of a credential.
    pub fn payload(credential: &Credential) -> &Value {
        credential.payload()
    }
    /// A portrait whose bytes are NOT checked against `format`: for tests of what a verifier does
    /// with an issuer that signed a broken image.
    pub fn portrait_unchecked(format: crate::ImageFormat, bytes: Vec<u8>) -> crate::Portrait {
        crate::Portrait::unchecked(format, bytes)
    }

    /// The CBOR encoding of a claim value, as it appears in a disclosure.
    pub fn claim_value_cbor(value: &crate::ClaimValue) -> Vec<u8> {
        value.to_cbor().to_vec()
    }
    /// A status list as the draft's CBOR `StatusList` value.
    pub fn status_list_to_cbor(list: &crate::status::StatusList) -> Value {
        list.to_cbor()
    }
    /// Reads the draft's CBOR `StatusList` value.
    pub fn status_list_from_cbor(value: &Value) -> Result<crate::status::StatusList, crate::StatusListError> {
        crate::status::StatusList::from_cbor(value)
    }
}

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
