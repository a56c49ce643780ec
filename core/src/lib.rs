//! # citizen-wallet
//!
//! The core of a citizen digital-ID wallet: an issuer signs an ID credential
//! ([SD-CWT](https://datatracker.ietf.org/doc/draft-ietf-spice-sd-cwt/), Ed25519); the citizen's
//! phone keeps it and shows short-lived, selectively disclosed presentation QR codes; a counter
//! verifies them offline.
//!
//! Data flows one way, one module per arrow:
//! claims → [`issuer`] → [`credential`] → [`wallet`] storage → [`holder`] → [`qr`] text and image → [`verifier`].
//! [`cose`] is the only module that reads or writes bytes. FORMAT.md documents the wire format.
#![doc = include_str!("../../README.md")]
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
pub mod trust;
pub mod verifier;
pub mod wallet;

pub use claims::{CitizenRecord, Claim, ClaimName, ClaimValue, DocType};
pub use clock::{Clock, FixedClock, SystemClock};
pub use credential::{Credential, CredentialInfo};
pub use error::RequestError;
pub use error::{
    CardQrError, ClaimError, Error, FormatError, IssueError, PresentError, QrError, ReplayCacheError, StatusListError,
    TrustError, VerifyError,
};
pub use holder::present_for_request;
pub use holder::{HolderKey, Presentation, PresentationRequest, present};
pub use issuer::{IssueRequest, Issuer, IssuerConfig, IssuerKey};
pub use request::{
    CreatedRequest, RequestSpec, RequestView, Requester, VerifierRegistry, create_request, read_request,
};
pub use signer::{AnchorKey, VerifierKey};
pub use trust::{ExpiryPolicy, TrustAnchor, TrustBundle, TrustState, TrustStore, TrustWarning, VerifiedBundle};
pub use verifier::{TrustList, TrustedIssuer, VerifiedPresentation, Verifier, VerifierPolicy};
pub use wallet::{
    CredentialId, CredentialSummary, KdfParams, KeyWrapError, KeyWrapper, LogEntry, LogEntryId, Protection,
    SoftwareKeyWrapper, UnlockDelays, Wallet, WalletError, WalletOptions,
};
