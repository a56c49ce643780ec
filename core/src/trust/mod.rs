//! Signed trust: a trust anchor (the programme's root key, pinned in apps and counters) signs a
//! trust bundle listing the issuer keys counters accept and the verifier keys wallets recognise,
//! each with the period in which it may sign. Stores keep the newest bundle and never go back.
//!
//! ```text
//! anchor key ──sign──► bundle (seq, iat, exp, issuers, verifiers, next anchors?)
//!                         │ TrustBundle::verify(bytes, anchors, now, policy)
//!                         ▼
//!               VerifiedBundle ──► TrustList (Verifier) + VerifierRegistry (read_request)
//! TrustState: anchors + accepted chain, rollback-proof; kept in a folder (TrustStore) or the wallet
//! ```
//!
//! Nothing here needs SQLite or a wallet, so a WebAssembly counter can verify bundles too.
//! FORMAT.md "Signed trust" documents every label, check and limit.

mod anchor;
mod bundle;
mod issuers;
mod state;
mod store;
mod verifiers;

pub use anchor::TrustAnchor;
pub use bundle::{TrustBundle, VerifiedBundle};
pub(crate) use issuers::{JwkJson, check_iss};
pub use issuers::{TrustList, TrustedIssuer};
pub use state::{TrustState, TrustUpdate};
pub use store::{STATE_FILE, TrustStore};
pub use verifiers::{RegisteredVerifier, VerifierRegistry};

pub use crate::signer::AnchorKey;

use crate::cose::cbor::Limits;

/// Longest verifier id (a request's `iss`, a registered verifier's `id`), in bytes.
pub const MAX_VERIFIER_ID_BYTES: usize = 128;
/// Longest verifier name, in bytes.
pub const MAX_NAME_BYTES: usize = 128;
/// Longest purpose text, in bytes.
pub const MAX_PURPOSE_BYTES: usize = 300;

/// `typ` of a trust bundle (no CoAP content format number is assigned to it).
pub const TYP_TRUST_BUNDLE: &str = "application/cw-trust+cwt";
/// Private-use CWT claim key of the trust map (-65537 private claims, -65538 the request map).
pub const CLAIM_TRUST: i64 = -65539;

/// Labels inside the trust map.
pub mod label {
    /// Sequence number (uint), strictly increasing from one bundle to the next.
    pub const SEQ: i64 = 1;
    /// Issuer keys (array of issuer entries).
    pub const ISSUERS: i64 = 2;
    /// Registered verifier keys (array of verifier entries).
    pub const VERIFIERS: i64 = 3;
    /// Optional: the complete set of anchors that sign the bundles after this one (rotation).
    pub const ANCHORS: i64 = 4;
}

/// Labels inside issuer, verifier and anchor entries.
pub mod entry {
    /// Key id (text), unique within its list.
    pub const KID: i64 = 1;
    /// The public key as a COSE_Key map.
    pub const KEY: i64 = 2;
    /// Issuer entries: `iss` (text). Verifier entries: the verifier id (text).
    pub const ID: i64 = 3;
    /// Display name (text; optional for issuers, required for verifiers).
    pub const NAME: i64 = 4;
    /// Start of the signing period (int, Unix time, inclusive; optional).
    pub const FROM: i64 = 5;
    /// End of the signing period (int, Unix time, exclusive; optional).
    pub const UNTIL: i64 = 6;
    /// Issuer entries: the status list URIs it publishes (array of text; optional).
    pub const STATUS_URIS: i64 = 7;
    /// Verifier entries: the claim names it is registered to ask for (array of text).
    pub const CLAIMS: i64 = 8;
    /// Verifier entries: the purposes it is registered for (array of text; optional = any).
    pub const PURPOSES: i64 = 9;
}

/// Largest bundle accepted, in bytes.
pub const MAX_BUNDLE_BYTES: usize = 1024 * 1024;
/// Most entries in each list (issuers, verifiers) of one bundle.
pub const MAX_ENTRIES: usize = 4096;
/// Most anchors pinned or named by a bundle.
pub const MAX_ANCHORS: usize = 8;
/// Most status list URIs per issuer entry.
pub const MAX_STATUS_URIS: usize = 64;
/// Longest URI in an issuer entry, in bytes.
pub const MAX_URI_BYTES: usize = 512;
/// CBOR bounds of a bundle: depth 6 covers the payload (claims map → trust map → list → entry →
/// key map or text array → their items); the item count is the entry limit.
pub const BUNDLE_LIMITS: Limits = Limits { max_depth: 6, max_items: MAX_ENTRIES };
/// Default bundle lifetime (`exp - iat`): a week.
pub const DEFAULT_BUNDLE_LIFETIME_SECS: u64 = 7 * 86_400;
/// Longest bundle lifetime accepted: 90 days.
pub const MAX_BUNDLE_LIFETIME_SECS: u64 = 90 * 86_400;
/// Tolerated clock difference when checking a bundle's `iat`.
pub const TRUST_CLOCK_SKEW_SECS: i64 = 300;
/// Most anchor-changing bundles a store keeps to re-verify its state after a restart.
pub const MAX_CHAIN_LINKS: usize = 16;

/// What to do with a bundle whose `exp` has passed (FORMAT.md "Signed trust", step 7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ExpiryPolicy {
    /// Refuse it, and refuse every verdict that would rest on it (the default).
    #[default]
    Reject,
    /// Use it, and put a [`TrustWarning`] on every verdict.
    Warn,
}

/// A verdict was reached on trust that is no longer current.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TrustWarning {
    /// The trust bundle's `exp` passed this many seconds ago.
    BundleExpired { seconds_ago: i64 },
}

impl std::fmt::Display for TrustWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrustWarning::BundleExpired { seconds_ago } => {
                write!(f, "the trust bundle expired {seconds_ago} s ago: fetch a new one")
            }
        }
    }
}

/// Checks `now` against a bundle's lifetime under `policy`: `Ok(None)` current, `Ok(Some(w))` expired
/// but allowed with a warning, `Err` refused.
pub fn check_expiry(
    expires_at: i64,
    now: i64,
    policy: ExpiryPolicy,
) -> Result<Option<TrustWarning>, crate::error::TrustError> {
    if now < expires_at {
        return Ok(None);
    }
    let seconds_ago = now.saturating_sub(expires_at);
    match policy {
        ExpiryPolicy::Reject => Err(crate::error::TrustError::Expired { seconds_ago }),
        ExpiryPolicy::Warn => Ok(Some(TrustWarning::BundleExpired { seconds_ago })),
    }
}
