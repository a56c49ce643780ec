//! The holder role: choose disclosures, build and sign the Key Binding Token, encode it as QR text.

pub mod attestation;
mod key;
pub mod key_proof;
mod request;

pub use attestation::KeyAttestation;
pub use key::{HolderKey, PresentationSigner};
pub use request::present_for_request;

use crate::claims::ClaimName;
use crate::cose::cbor::Value;
use crate::cose::claim;
use crate::cose::key::{self as cose_key, Algorithm, PublicKey};
use crate::cose::sign1::Sign1;
use crate::cose::token::kbt_protected_header;
use crate::credential::Credential;
use crate::error::{PresentError, SignerError};
use crate::qr;

/// Default presentation lifetime: long enough to scan, too short to reuse a screenshot later.
pub const DEFAULT_TTL_SECS: u64 = 60;
/// Longest lifetime a holder will sign (and the default maximum a verifier accepts).
pub const MAX_TTL_SECS: u64 = 15 * 60;
/// A phone clock may run this far behind the issuer's before presenting is refused.
const HOLDER_CLOCK_TOLERANCE_SECS: i64 = 300;
/// Longest verifier nonce carried.
pub const MAX_NONCE_BYTES: usize = 64;

/// What to present, to whom, for how long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresentationRequest {
    pub disclose: Vec<ClaimName>,
    /// The verifier this presentation is for (`aud`).
    pub audience: String,
    pub ttl_secs: u64,
    /// The verifier's nonce (`cnonce`), when it asked with one.
    pub nonce: Option<Vec<u8>>,
}

impl PresentationRequest {
    pub fn new(audience: &str, disclose: &[ClaimName]) -> PresentationRequest {
        PresentationRequest {
            disclose: disclose.to_vec(),
            audience: audience.to_owned(),
            ttl_secs: DEFAULT_TTL_SECS,
            nonce: None,
        }
    }
}

/// A signed presentation, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presentation {
    /// The SD-KBT bytes.
    pub kbt: Vec<u8>,
    /// Prefix + Base45 of the KBT: the QR code's content.
    pub qr_text: String,
    pub issued_at: i64,
    pub expires_at: i64,
    pub disclosed: Vec<ClaimName>,
}

/// Builds and signs a presentation of `credential` at Unix time `now`, with the software key
/// ([`HolderKey`]) or a platform signer (a key in secure hardware).
pub fn present<S: PresentationSigner + ?Sized>(
    credential: &Credential,
    key: &S,
    request: &PresentationRequest,
    now: i64,
) -> Result<Presentation, PresentError> {
    let public_key = key.public_key();
    if public_key != credential.holder_key() {
        return Err(PresentError::WrongHolderKey);
    }
    if request.ttl_secs == 0 || request.ttl_secs > MAX_TTL_SECS {
        return Err(PresentError::InvalidTtl { requested: request.ttl_secs, max: MAX_TTL_SECS });
    }
    if request.audience.is_empty() || request.audience.len() > 255 {
        return Err(PresentError::InvalidAudience);
    }
    if matches!(&request.nonce, Some(n) if n.is_empty() || n.len() > MAX_NONCE_BYTES) {
        return Err(PresentError::InvalidNonce);
    }
    let info = credential.info();
    if now >= info.expires_at {
        return Err(PresentError::CredentialExpired { expired_at: info.expires_at });
    }
    let not_before = info.not_before.unwrap_or(info.issued_at);
    if now + HOLDER_CLOCK_TOLERANCE_SECS < not_before {
        return Err(PresentError::CredentialNotYetValid { not_before });
    }
    // The KBT may not predate the credential nor outlive it (draft §8 step 6).
    let issued_at = now.max(info.issued_at).max(info.not_before.unwrap_or(i64::MIN));
    let expires_at = (issued_at + request.ttl_secs as i64).min(info.expires_at);

    let chosen = credential.disclosures_for(&request.disclose)?;
    let presented = credential.sd_cwt().with_disclosures(&chosen);

    let mut payload = vec![
        (Value::int(claim::AUD), Value::text(request.audience.clone())),
        (Value::int(claim::EXP), Value::int(expires_at)),
        (Value::int(claim::IAT), Value::int(issued_at)),
    ];
    if let Some(nonce) = &request.nonce {
        payload.push((Value::int(claim::CNONCE), Value::Bytes(nonce.clone())));
    }
    let algorithm = public_key.algorithm();
    let protected = kbt_protected_header(algorithm.cose_id(), &presented);
    let payload = Value::Map(payload).to_vec();
    let kbt = Sign1::sign(protected, payload, None, |to_be_signed| {
        let signature = key.sign(to_be_signed)?;
        check_signature(&public_key, algorithm, to_be_signed, signature, key.verify_output())
    })?
    .to_vec();

    let mut disclosed = request.disclose.clone();
    disclosed.sort();
    disclosed.dedup();
    Ok(Presentation { qr_text: qr::encode_presentation(&kbt), kbt, issued_at, expires_at, disclosed })
}

/// A platform signer's output as COSE needs it (DER ECDSA becomes r‖s), verified with the holder
/// key when it comes from outside this process: a replaced or wrong hardware key fails here, on the
/// phone, rather than at the counter.
fn check_signature(
    public_key: &PublicKey,
    algorithm: Algorithm,
    message: &[u8],
    signature: Vec<u8>,
    verify: bool,
) -> Result<Vec<u8>, PresentError> {
    if !verify {
        return Ok(signature);
    }
    let fixed = cose_key::ecdsa_signature_to_fixed(algorithm, &signature).map_err(|_| SignerError::BadSignature)?;
    if !cose_key::verify(public_key, algorithm, message, &fixed) {
        return Err(SignerError::BadSignature.into());
    }
    Ok(fixed)
}
