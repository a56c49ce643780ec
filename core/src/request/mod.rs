//! The verifier request flow, for counters with a screen: the counter shows a request QR signed by
//! its own key (who asks, why, for which claims, a nonce, an expiry); the wallet checks it against
//! the registered-verifier list, shows the citizen who asks and what, and answers with a
//! presentation of only the claims that were both requested and approved, bound to the request's
//! nonce and audience.
//!
//! ```text
//! counter: create_request ──► "CWR1:" QR ──► wallet: read_request ──► RequestView (shown)
//!    ▲                                                     │ citizen approves
//!    └── Verifier with CreatedRequest::policy() ◄── "CW1:" QR ◄── present_for_request
//! ```
//!
//! [`token`] is the wire format, [`registry`] the wallet's list of verifiers, `create` the counter's
//! side and `read` the wallet's. FORMAT.md "Verifier requests" documents every label and check.

mod create;
mod read;
pub mod token;

pub use create::{CreatedRequest, RequestSpec, create_request, create_request_with};
pub use read::{RequestView, Requester, read_request, read_request_bytes};
pub use token::{RequestClaims, RequestToken, audience_belongs_to};

use crate::cose::cbor::Limits;

/// Prefix of a request QR: "CWR" (citizen wallet request) + format version 1.
pub const REQUEST_PREFIX: &str = "CWR1:";
/// `typ` of a request token (no CoAP content format number is assigned to it).
pub const TYP_REQUEST: &str = "application/cw-request+cwt";
/// Private-use CWT claim key of the request map (-65537 is the credential's private claims map).
pub const CLAIM_REQUEST: i64 = -65538;

/// Labels inside the request map.
pub mod label {
    /// The verifier's display name (text).
    pub const NAME: i64 = 1;
    /// Why it asks (text).
    pub const PURPOSE: i64 = 2;
    /// The requested claims (array of claim names as text).
    pub const CLAIMS: i64 = 3;
    /// The `aud` the presentation must carry (text).
    pub const AUDIENCE: i64 = 4;
}

/// Largest request accepted, in bytes (a request QR on a screen stays at version 25 or below).
pub const MAX_REQUEST_BYTES: usize = 1024;
/// CBOR bounds of a request. Depth 4 fits both decodes: the envelope (tag → COSE_Sign1 array →
/// header map → entries) and the payload (claims map → request map → claims array → names);
/// 16 items cover every map and the longest claims array.
pub const REQUEST_LIMITS: Limits = Limits { max_depth: 4, max_items: 16 };
/// Most claims one request may ask for.
pub const MAX_REQUEST_CLAIMS: usize = 16;
/// Longest claim name accepted in a request (the longest vocabulary name is 18 bytes).
pub const MAX_CLAIM_NAME_BYTES: usize = 32;
// The verifier id, name and purpose limits are the registered-verifier list's, shared by requests.
pub use crate::trust::{MAX_NAME_BYTES, MAX_PURPOSE_BYTES, MAX_VERIFIER_ID_BYTES};
/// Longest audience, in bytes (the presentation's `aud` limit).
pub const MAX_AUDIENCE_BYTES: usize = 255;
/// Nonce length the counter generates.
pub const NONCE_LEN: usize = 16;
/// Shortest nonce accepted (128 bits).
pub const MIN_NONCE_BYTES: usize = 16;
/// Longest nonce accepted (the presentation's `cnonce` limit).
pub const MAX_NONCE_BYTES: usize = crate::holder::MAX_NONCE_BYTES;
/// Longest request lifetime (`exp - iat`): a request is answered at the counter, within minutes.
pub const MAX_REQUEST_LIFETIME_SECS: u64 = 600;
/// Default request lifetime.
pub const DEFAULT_REQUEST_LIFETIME_SECS: u64 = 300;
/// Tolerated difference between the counter's clock and the phone's when checking a request.
pub const REQUEST_CLOCK_SKEW_SECS: i64 = 60;
