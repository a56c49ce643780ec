//! What a counter accepts: its own audience and nonce, the longest presentation lifetime, and
//! how far apart the phone's clock and the counter's may be.

use crate::request::CreatedRequest;

/// Default tolerated clock difference between phone and counter.
pub const DEFAULT_CLOCK_SKEW_SECS: i64 = 60;
/// Default longest presentation lifetime (`exp - iat`) accepted.
pub const DEFAULT_MAX_TTL_SECS: i64 = 15 * 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifierPolicy {
    /// When set, presentations must be addressed to exactly this audience.
    pub audience: Option<String>,
    /// When set, presentations must carry exactly this nonce (`cnonce`).
    pub nonce: Option<Vec<u8>>,
    pub max_ttl_secs: i64,
    pub clock_skew_secs: i64,
    /// What to do when a credential's status list is missing or expired.
    pub status: StatusPolicy,
}

impl Default for VerifierPolicy {
    fn default() -> Self {
        VerifierPolicy {
            audience: None,
            nonce: None,
            max_ttl_secs: DEFAULT_MAX_TTL_SECS,
            clock_skew_secs: DEFAULT_CLOCK_SKEW_SECS,
            status: StatusPolicy::default(),
        }
    }
}

impl VerifierPolicy {
    /// The usual counter policy: presentations for `audience`, other settings default.
    pub fn for_audience(audience: &str) -> VerifierPolicy {
        VerifierPolicy { audience: Some(audience.to_owned()), ..VerifierPolicy::default() }
    }
}

/// Reject the presentation, or accept it with a warning on the result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusAction {
    #[default]
    Reject,
    Warn,
}

/// How a verifier with a status store treats a credential whose status cannot be checked
/// against a current list. Both default to [`StatusAction::Reject`]: a counter that cannot tell
/// whether a credential was revoked says no, unless its operator chose otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusPolicy {
    /// No list from the credential's issuer is held for the credential's status URI.
    pub missing: StatusAction,
    /// The list held has expired (`exp` passed, with the clock skew allowed).
    pub expired: StatusAction,
}

// Defined here rather than in `request`, which sits below the verifier.
impl CreatedRequest {
    /// The verifier policy for the answer: this request's audience and nonce, other settings default.
    pub fn policy(&self) -> VerifierPolicy {
        VerifierPolicy {
            audience: Some(self.audience.clone()),
            nonce: Some(self.nonce.clone()),
            ..VerifierPolicy::default()
        }
    }
}
