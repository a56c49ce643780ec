//! The issuer's side of revocation: signing its status list as a Status List Token.

use super::Issuer;
use crate::error::IssueError;
use crate::status::{self, StatusList, StatusListClaims};

/// Default lifetime of a published Status List Token: one day.
pub const DEFAULT_STATUS_LIST_VALIDITY_SECS: u64 = 24 * 3600;
/// Default `ttl`: verifiers should fetch a fresh list every hour.
pub const DEFAULT_STATUS_LIST_TTL_SECS: u64 = 3600;

impl Issuer {
    /// Signs `list` as the Status List Token for this issuer's `status_list_uri`, issued at `now`,
    /// expiring `validity_secs` later, with the caching hint `ttl_secs`.
    pub fn sign_status_list(
        &self,
        list: &StatusList,
        now: i64,
        validity_secs: u64,
        ttl_secs: Option<u64>,
    ) -> Result<Vec<u8>, IssueError> {
        let uri = self
            .config()
            .status_list_uri
            .clone()
            .ok_or_else(|| IssueError::Settings("this issuer has no status list URI".into()))?;
        if validity_secs == 0 || ttl_secs == Some(0) {
            return Err(IssueError::Settings("the status list validity and ttl must be positive".into()));
        }
        let claims = StatusListClaims {
            iss: Some(self.config().iss.clone()),
            uri,
            issued_at: now,
            expires_at: Some(now.saturating_add(i64::try_from(validity_secs).unwrap_or(i64::MAX))),
            not_before: None,
            ttl: ttl_secs,
            list: list.clone(),
        };
        Ok(status::sign(self.key(), &claims))
    }
}
