//! The counter's side: sign a request and keep the nonce and audience its answer must carry.

use super::token::{self, FieldProblem, RequestClaims};
use super::{DEFAULT_REQUEST_LIFETIME_SECS, MAX_REQUEST_BYTES, MAX_REQUEST_LIFETIME_SECS, NONCE_LEN, REQUEST_PREFIX};
use crate::claims::ClaimName;
use crate::error::RequestError;
use crate::qr::base45;
use crate::random::{OsRandom, RandomSource};
use crate::signer::VerifierKey;

/// What a counter asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestSpec {
    /// The verifier id (`iss`), as registered for the key.
    pub verifier_id: String,
    /// The counter's display name (wallets show the registered name; this one is informative).
    pub name: String,
    /// Why it asks, shown to the citizen.
    pub purpose: String,
    pub claims: Vec<ClaimName>,
    /// The `aud` presentations must carry: the verifier id, or a path under it (`id/counter-7`).
    pub audience: String,
    /// Seconds until the request expires (1 to 600).
    pub lifetime_secs: u64,
}

impl RequestSpec {
    /// A request addressed to the verifier id itself, with the default lifetime (5 minutes).
    pub fn new(verifier_id: &str, name: &str, purpose: &str, claims: &[ClaimName]) -> RequestSpec {
        RequestSpec {
            verifier_id: verifier_id.to_owned(),
            name: name.to_owned(),
            purpose: purpose.to_owned(),
            claims: claims.to_vec(),
            audience: verifier_id.to_owned(),
            lifetime_secs: DEFAULT_REQUEST_LIFETIME_SECS,
        }
    }
}

/// A signed request: the QR to show, and what the counter checks the answer against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedRequest {
    /// `CWR1:` + Base45 of the token: the request QR code's content.
    pub qr_text: String,
    /// The request token bytes.
    pub token: Vec<u8>,
    pub nonce: Vec<u8>,
    pub audience: String,
    pub issued_at: i64,
    pub expires_at: i64,
}

/// Signs a request at Unix time `now` with a fresh nonce from the OS generator.
pub fn create_request(key: &VerifierKey, spec: &RequestSpec, now: i64) -> Result<CreatedRequest, RequestError> {
    create_request_with(key, spec, now, &mut OsRandom)
}

/// [`create_request`] with the nonce from `rng` (a seeded source reproduces FORMAT.md's vector).
pub fn create_request_with(
    key: &VerifierKey,
    spec: &RequestSpec,
    now: i64,
    rng: &mut dyn RandomSource,
) -> Result<CreatedRequest, RequestError> {
    if spec.lifetime_secs == 0 || spec.lifetime_secs > MAX_REQUEST_LIFETIME_SECS {
        return Err(RequestError::Settings(format!("the lifetime must be 1 to {MAX_REQUEST_LIFETIME_SECS} s")));
    }
    // A repeated claim is dropped here: the wallet would reject the request for it.
    let mut claims: Vec<ClaimName> = Vec::with_capacity(spec.claims.len());
    for c in &spec.claims {
        if !claims.contains(c) {
            claims.push(*c);
        }
    }
    let mut nonce = vec![0u8; NONCE_LEN];
    rng.fill(&mut nonce);
    let request = RequestClaims {
        verifier_id: spec.verifier_id.clone(),
        issued_at: now,
        expires_at: now.saturating_add(spec.lifetime_secs as i64),
        nonce,
        name: spec.name.clone(),
        purpose: spec.purpose.clone(),
        claims,
        audience: spec.audience.clone(),
    };
    match request.check() {
        Ok(()) => {}
        Err(FieldProblem::Invalid(reason)) => return Err(RequestError::Settings(reason)),
        Err(FieldProblem::ForeignAudience) => {
            return Err(RequestError::ForeignAudience { audience: request.audience, id: request.verifier_id });
        }
    }
    let token = token::sign(key, &request);
    if token.len() > MAX_REQUEST_BYTES {
        return Err(RequestError::Settings(format!(
            "the request is {} bytes, more than {MAX_REQUEST_BYTES}: shorten the purpose or the names",
            token.len()
        )));
    }
    Ok(CreatedRequest {
        qr_text: format!("{REQUEST_PREFIX}{}", base45::encode(&token)),
        token,
        nonce: request.nonce,
        audience: request.audience,
        issued_at: request.issued_at,
        expires_at: request.expires_at,
    })
}
