//! Answering a verifier request: only claims that were both requested and approved, bound to the
//! request's nonce and audience.

use super::{DEFAULT_TTL_SECS, HolderKey, Presentation, PresentationRequest, present};
use crate::claims::ClaimName;
use crate::credential::Credential;
use crate::error::RequestError;
use crate::request::RequestView;

impl PresentationRequest {
    /// The presentation that answers `view` with the claims the citizen `approved` (each must have
    /// been requested), checked to be still answerable at `now`.
    pub fn for_request(
        view: &RequestView,
        approved: &[ClaimName],
        now: i64,
    ) -> Result<PresentationRequest, RequestError> {
        view.check_fresh(now)?;
        if let Some(extra) = approved.iter().find(|c| !view.requested.contains(c)) {
            return Err(RequestError::NotRequested(extra.as_str()));
        }
        Ok(PresentationRequest {
            disclose: approved.to_vec(),
            audience: view.audience.clone(),
            ttl_secs: DEFAULT_TTL_SECS,
            nonce: Some(view.nonce.clone()),
        })
    }
}

/// Signs the answer to a request read with [`crate::request::read_request`]: a presentation of the
/// `approved` claims of `credential`, with the request's nonce and audience, at Unix time `now`.
pub fn present_for_request(
    credential: &Credential,
    key: &HolderKey,
    view: &RequestView,
    approved: &[ClaimName],
    now: i64,
) -> Result<Presentation, RequestError> {
    let request = PresentationRequest::for_request(view, approved, now)?;
    Ok(present(credential, key, &request, now)?)
}
