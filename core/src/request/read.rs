//! The wallet's side: read a request QR, check it against the registered-verifier list at a given
//! time, and turn it into what the app shows the citizen.

use super::token::RequestToken;
use super::{REQUEST_CLOCK_SKEW_SECS, REQUEST_PREFIX};
use crate::claims::ClaimName;
use crate::error::RequestError;
use crate::qr;
use crate::trust::VerifierRegistry;

/// Who signed a request, as far as the wallet can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requester {
    /// A registered verifier key signed it; `name` is the registered name.
    Registered { name: String, kid: String },
    /// **Unverified**: the key is not in the registry, so the signature could not be checked and
    /// every field (the name included) is only the requester's claim.
    Unverified { kid: String },
}

/// A request as the app shows it to the citizen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestView {
    pub requester: Requester,
    /// The verifier id the request carries (checked against the registry when registered).
    pub verifier_id: String,
    /// The name the request gives itself (for a registered verifier, show the registered name).
    pub claimed_name: String,
    pub purpose: String,
    /// For a registered verifier that lists purposes: whether this purpose is one of them.
    /// `None` when unverified or when the registration lists no purposes.
    pub purpose_registered: Option<bool>,
    /// The claims asked for, in the verifier's order.
    pub requested: Vec<ClaimName>,
    /// Requested claims the verifier is **not** registered to ask for (every requested claim when
    /// unverified: nothing is registered for an unknown key).
    pub over_asking: Vec<ClaimName>,
    pub issued_at: i64,
    pub expires_at: i64,
    /// The nonce the answer carries (`cnonce`).
    pub nonce: Vec<u8>,
    /// The audience the answer is addressed to (`aud`).
    pub audience: String,
}

impl RequestView {
    pub fn is_verified(&self) -> bool {
        matches!(self.requester, Requester::Registered { .. })
    }

    /// The rule every wallet applies before answering: an unverified request (its key is not in
    /// the registry, so nothing in it is proven) is refused unless the citizen chose to allow it.
    pub fn check_answerable(&self, allow_unverified: bool) -> Result<(), RequestError> {
        match &self.requester {
            Requester::Unverified { kid } if !allow_unverified => Err(RequestError::Unverified { kid: kid.clone() }),
            _ => Ok(()),
        }
    }

    /// What to show as "who asks": the registered name, or the request's own name marked unverified.
    pub fn display_name(&self) -> String {
        match &self.requester {
            Requester::Registered { name, .. } => name.clone(),
            Requester::Unverified { .. } => format!("UNVERIFIED: {}", self.claimed_name),
        }
    }

    /// Whether the request can still be answered at `now` (with the clock skew allowed).
    pub fn check_fresh(&self, now: i64) -> Result<(), RequestError> {
        if now.saturating_sub(REQUEST_CLOCK_SKEW_SECS) >= self.expires_at {
            return Err(RequestError::Expired { seconds_ago: now.saturating_sub(self.expires_at) });
        }
        if now.saturating_add(REQUEST_CLOCK_SKEW_SECS) < self.issued_at {
            return Err(RequestError::NotYetValid { seconds_ahead: self.issued_at.saturating_sub(now) });
        }
        Ok(())
    }
}

/// Reads the text of a scanned request QR and checks it at Unix time `now` (FORMAT.md "Verifier
/// requests", wallet steps). An unknown key gives an [`Requester::Unverified`] view; a bad
/// signature by a registered key, an expired or a malformed request is an error.
pub fn read_request(qr_text: &str, registry: &VerifierRegistry, now: i64) -> Result<RequestView, RequestError> {
    read_request_bytes(&qr::decode_prefixed(qr_text, REQUEST_PREFIX)?, registry, now)
}

/// [`read_request`] on the token bytes.
pub fn read_request_bytes(bytes: &[u8], registry: &VerifierRegistry, now: i64) -> Result<RequestView, RequestError> {
    let token = RequestToken::from_bytes(bytes)?;
    let registered = registry.get(token.kid());
    // A registered key's signature is checked before anything it signed is read.
    if let Some(verifier) = registered
        && !token.signed_by(&verifier.public_key)
    {
        return Err(RequestError::BadSignature { kid: verifier.kid.clone() });
    }
    let claims = token.claims()?;
    let (requester, over_asking, purpose_registered) = match registered {
        Some(verifier) => {
            if claims.verifier_id != verifier.id {
                return Err(RequestError::VerifierMismatch {
                    id: claims.verifier_id,
                    kid: verifier.kid.clone(),
                    expected: verifier.id.clone(),
                });
            }
            // A retired (or not yet active) request key signs nothing the wallet accepts.
            if !verifier.valid.contains(claims.issued_at) {
                return Err(RequestError::OutsideSigningPeriod { kid: verifier.kid.clone(), iat: claims.issued_at });
            }
            let over: Vec<ClaimName> = claims.claims.iter().filter(|c| !verifier.claims.contains(c)).copied().collect();
            let purpose = verifier.purposes.as_ref().map(|p| p.contains(&claims.purpose));
            (Requester::Registered { name: verifier.name.clone(), kid: verifier.kid.clone() }, over, purpose)
        }
        None => {
            // An unknown key must not borrow a registered verifier's identity: its id, or an
            // audience (counter) under a registered id, would make the answer usable there.
            if let Some(posed) = registry
                .verifiers()
                .iter()
                .find(|v| claims.verifier_id == v.id || super::token::audience_belongs_to(&claims.audience, &v.id))
            {
                return Err(RequestError::PosesAsRegisteredVerifier {
                    kid: token.kid().to_owned(),
                    id: posed.id.clone(),
                });
            }
            (Requester::Unverified { kid: token.kid().to_owned() }, claims.claims.clone(), None)
        }
    };
    let view = RequestView {
        requester,
        verifier_id: claims.verifier_id,
        claimed_name: claims.name,
        purpose: claims.purpose,
        purpose_registered,
        requested: claims.claims,
        over_asking,
        issued_at: claims.issued_at,
        expires_at: claims.expires_at,
        nonce: claims.nonce,
        audience: claims.audience,
    };
    view.check_fresh(now)?;
    Ok(view)
}
