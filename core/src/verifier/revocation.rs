//! The status check of a presentation that passed every other check (draft-ietf-oauth-status-list
//! §8.3: the token's own validity comes first), against the verifier's [`StatusStore`].

use super::policy::{StatusAction, VerifierPolicy};
use crate::cose::claims_set::StatusReference;
use crate::error::VerifyError;
use crate::status::{Status, StatusStore};

/// How the credential's status was established for an accepted presentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusCheck {
    /// The credential has no `status` claim: its issuer does not revoke it through a list.
    NoStatusClaim,
    /// The verifier has no status store, so revocation was **not** checked.
    NotChecked,
    /// VALID in a current list of the credential's issuer, issued at `list_issued_at`.
    Valid {
        /// `iat` of the status list consulted, Unix seconds.
        list_issued_at: i64,
    },
    /// Accepted only because the policy says to warn rather than reject.
    Warning(StatusWarning),
}

/// Why the status could not be confirmed, when the policy accepts the presentation anyway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusWarning {
    /// No list from the issuer is held for this URI.
    StatusListMissing {
        /// Status list URI from the credential.
        uri: String,
    },
    /// The list held expired; it still said VALID for this credential.
    StatusListExpired {
        /// Status list URI from the credential.
        uri: String,
        /// Seconds since the list's `exp`.
        seconds_ago: i64,
    },
}

impl StatusWarning {
    /// The same code as the matching [`VerifyError`].
    pub fn code(&self) -> &'static str {
        match self {
            StatusWarning::StatusListMissing { .. } => "status_list_missing",
            StatusWarning::StatusListExpired { .. } => "status_list_expired",
        }
    }
}

impl std::fmt::Display for StatusWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusWarning::StatusListMissing { uri } => write!(f, "no status list is loaded for {uri}"),
            StatusWarning::StatusListExpired { uri, seconds_ago } => {
                write!(f, "the status list {uri} expired {seconds_ago} s ago")
            }
        }
    }
}

/// Checks `reference` (the credential's `status` claim) of a credential issued by `iss`.
pub(crate) fn check_status(
    store: Option<&StatusStore>,
    policy: &VerifierPolicy,
    iss: &str,
    reference: Option<&StatusReference>,
    now: i64,
) -> Result<StatusCheck, VerifyError> {
    let Some(reference) = reference else { return Ok(StatusCheck::NoStatusClaim) };
    let Some(store) = store else { return Ok(StatusCheck::NotChecked) };
    let skew = policy.clock_skew_secs;
    let uri = reference.uri.clone();
    // A list not valid yet (nbf) is as good as no list.
    let list = store.get(iss, &uri).filter(|l| l.claims.not_before.is_none_or(|nbf| now.saturating_add(skew) >= nbf));
    let Some(list) = list else {
        return match policy.status.missing {
            StatusAction::Reject => Err(VerifyError::StatusListMissing { uri }),
            StatusAction::Warn => Ok(StatusCheck::Warning(StatusWarning::StatusListMissing { uri })),
        };
    };
    let mut warning = None;
    if let Some(exp) = list.claims.expires_at
        && now.saturating_sub(skew) >= exp
    {
        let seconds_ago = now.saturating_sub(exp);
        match policy.status.expired {
            StatusAction::Reject => return Err(VerifyError::StatusListExpired { uri, seconds_ago }),
            StatusAction::Warn => warning = Some(StatusWarning::StatusListExpired { uri: uri.clone(), seconds_ago }),
        }
    }
    let index = reference.index;
    let Some(value) = list.claims.list.get(index) else {
        // Draft §8.3: an index outside the list allows no statement, so the token is rejected.
        return Err(VerifyError::StatusIndexOutOfRange { uri, index, len: list.claims.list.len() as u64 });
    };
    match Status::from_value(value) {
        Status::Valid => Ok(match warning {
            Some(w) => StatusCheck::Warning(w),
            None => StatusCheck::Valid { list_issued_at: list.claims.issued_at },
        }),
        Status::Revoked => Err(VerifyError::Revoked { index }),
        Status::Suspended => Err(VerifyError::Suspended { index }),
        Status::Other(value) => Err(VerifyError::UnknownStatus { index, value }),
    }
}
