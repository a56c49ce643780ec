//! The verifier role: offline checks of a presentation QR against a trust list and a policy,
//! giving the disclosed claims or one typed reason for rejection.

pub mod policy;
mod trust;

pub use policy::VerifierPolicy;
pub use trust::{TrustList, TrustedIssuer};

use std::fmt;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::claims::{CLAIM_169, Claim, ClaimName, ClaimPath, ClaimValue, DocType, PRIVATE_CLAIMS};
use crate::clock::{Clock, SystemClock};
use crate::cose::cbor::{Limits, Value};
use crate::cose::claims_set::{ClaimsSet, StatusReference};
use crate::cose::redaction::{self, RedactionError};
use crate::cose::{Kbt, claim, key};
use crate::error::{FormatError, VerifyError};
use crate::qr;

/// Parse bounds for presentations. A QR holds at most 2,953 bytes, so anything larger is hostile.
pub const PRESENTATION_LIMITS: Limits = Limits { max_depth: 16, max_items: 64 };
/// Largest presentation accepted, in bytes (the byte capacity of QR version 40-L).
pub const MAX_PRESENTATION_BYTES: usize = 2953;

/// A presentation that passed every check.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedPresentation {
    /// `iss` of the credential.
    pub issuer: String,
    /// The trust list's display name for the issuer.
    pub issuer_name: Option<String>,
    pub kid: String,
    pub doc_type: Option<DocType>,
    pub credential_issued_at: i64,
    pub credential_expires_at: i64,
    /// `iat` of the presentation.
    pub presented_at: i64,
    /// `exp` of the presentation.
    pub expires_at: i64,
    pub audience: String,
    pub nonce: Option<Vec<u8>>,
    /// RFC 9679 thumbprint of the holder key the credential is bound to.
    pub holder_thumbprint: [u8; 32],
    /// The disclosed claims of the vocabulary.
    pub claims: Vec<Claim>,
    /// Disclosed claims outside the vocabulary, as (path, CBOR diagnostic value).
    pub other_claims: Vec<(String, String)>,
    pub status: Option<StatusReference>,
    /// SHA-256 of the holder's signature: identifies this presentation (for replay detection).
    pub presentation_id: [u8; 32],
}

/// Shows what was verified, never the personal values.
impl fmt::Debug for VerifiedPresentation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.claims.iter().map(|c| c.name.as_str()).collect();
        let others: Vec<&str> = self.other_claims.iter().map(|(path, _)| path.as_str()).collect();
        f.debug_struct("VerifiedPresentation")
            .field("issuer", &self.issuer)
            .field("kid", &self.kid)
            .field("doc_type", &self.doc_type)
            .field("expires_at", &self.expires_at)
            .field("audience", &self.audience)
            .field("claims", &names)
            .field("other_claims", &others)
            .finish_non_exhaustive()
    }
}

impl VerifiedPresentation {
    pub fn claim(&self, name: ClaimName) -> Option<&ClaimValue> {
        self.claims.iter().find(|c| c.name == name).map(|c| &c.value)
    }
}

/// An offline verifier: trust list, policy and clock. Cheap to share between threads.
#[derive(Clone)]
pub struct Verifier {
    trust: TrustList,
    policy: VerifierPolicy,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier").field("trust", &self.trust).field("policy", &self.policy).finish_non_exhaustive()
    }
}

impl Verifier {
    pub fn new(trust: TrustList, policy: VerifierPolicy) -> Verifier {
        Verifier { trust, policy, clock: Arc::new(SystemClock) }
    }

    /// Replaces the clock (tests, or re-checking a presentation at a past time).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Verifier {
        self.clock = clock;
        self
    }

    pub fn trust_list(&self) -> &TrustList {
        &self.trust
    }

    pub fn policy(&self) -> &VerifierPolicy {
        &self.policy
    }

    /// Verifies the text of a scanned presentation QR.
    pub fn verify(&self, qr_text: &str) -> Result<VerifiedPresentation, VerifyError> {
        self.verify_kbt(&qr::decode_presentation(qr_text)?)
    }

    /// Finds the QR code in a PNG or JPEG and verifies it.
    pub fn verify_image(&self, image: &[u8]) -> Result<VerifiedPresentation, VerifyError> {
        self.verify(&qr::decode_image(image)?)
    }

    /// Verifies the bytes of an SD-KBT. The steps follow FORMAT.md "Verification" in order.
    pub fn verify_kbt(&self, kbt_bytes: &[u8]) -> Result<VerifiedPresentation, VerifyError> {
        if kbt_bytes.len() > MAX_PRESENTATION_BYTES {
            return Err(FormatError::invalid(format!(
                "the presentation is larger than {MAX_PRESENTATION_BYTES} bytes"
            ))
            .into());
        }
        let kbt = Kbt::from_bytes(kbt_bytes, PRESENTATION_LIMITS)?;
        let sd_cwt = &kbt.sd_cwt;

        // Issuer signature first: nothing the issuer signed is read before it is checked.
        let issuer = self.trust.check_issuer_signature(sd_cwt)?;
        let payload = sd_cwt.payload(PRESENTATION_LIMITS)?;
        let credential = ClaimsSet::from_map(&payload)?;
        trust::check_iss(issuer, credential.iss.as_deref().unwrap_or_default())?;
        let cnf = payload.get_int(claim::CNF).ok_or_else(|| FormatError::invalid("the credential has no cnf"))?;
        let holder_key = key::key_from_cnf(cnf)?;

        // Holder signature with the key the issuer bound.
        key::check_ed25519_alg(&kbt.protected_map())?;
        if !key::verify_ed25519(&holder_key, &kbt.sign1.to_be_signed(), &kbt.sign1.signature) {
            return Err(VerifyError::BadHolderSignature);
        }
        let presentation = ClaimsSet::from_map(&kbt.payload(PRESENTATION_LIMITS)?)?;
        let times = self.check_times(&credential, &presentation)?;
        let audience = self.check_audience_and_nonce(&credential, &presentation)?;

        // Disclosures: each must match a digest the issuer signed.
        let disclosed = redaction::reconstruct(&payload, &sd_cwt.disclosures).map_err(|e| match e {
            RedactionError::UnmatchedDisclosure => VerifyError::DigestMismatch,
            other => VerifyError::Malformed(other.into()),
        })?;
        let (claims, other_claims) = extract_claims(&disclosed)?;

        Ok(VerifiedPresentation {
            issuer: issuer.iss.clone(),
            issuer_name: issuer.name.clone(),
            kid: issuer.kid.clone(),
            doc_type: credential.vct.as_ref().and_then(Value::as_i64).and_then(DocType::from_vct),
            credential_issued_at: times.credential_issued_at,
            credential_expires_at: times.credential_expires_at,
            presented_at: times.presented_at,
            expires_at: times.expires_at,
            audience,
            nonce: presentation.cnonce.clone(),
            holder_thumbprint: key::thumbprint(&holder_key),
            claims,
            other_claims,
            status: credential.status.clone(),
            presentation_id: Sha256::digest(&kbt.sign1.signature).into(),
        })
    }

    /// The draft's time relations (§8 steps 3 and 6), then freshness against the clock with skew.
    fn check_times(&self, credential: &ClaimsSet, kbt: &ClaimsSet) -> Result<Times, VerifyError> {
        if kbt.iss.is_some() || kbt.sub.is_some() {
            return Err(FormatError::invalid("an SD-KBT must not carry iss or sub").into());
        }
        let c_exp = credential.exp.ok_or_else(|| FormatError::invalid("the credential has no exp"))?;
        let c_iat = credential.iat.ok_or_else(|| FormatError::invalid("the credential has no iat"))?;
        let k_iat = kbt.iat.ok_or_else(|| FormatError::invalid("the presentation has no iat"))?;
        let k_exp = kbt.exp.ok_or_else(|| FormatError::invalid("the presentation has no exp"))?;
        let c_nbf = credential.nbf;

        let relations = [
            (c_nbf.is_none_or(|nbf| nbf <= c_iat), "credential nbf after its iat"),
            (c_nbf.is_none_or(|nbf| nbf < c_exp), "credential nbf not before its exp"),
            (c_iat < c_exp, "credential iat not before its exp"),
            (kbt.nbf.is_none_or(|nbf| nbf <= k_iat), "presentation nbf after its iat"),
            (k_iat < k_exp, "presentation iat not before its exp"),
            (k_exp <= c_exp, "presentation outlives the credential"),
            (kbt.nbf.zip(c_nbf).is_none_or(|(k, c)| k >= c), "presentation nbf before credential nbf"),
            (kbt.nbf.is_none_or(|nbf| nbf < c_exp), "presentation nbf not before credential exp"),
            (k_iat >= c_iat, "presentation iat before credential iat"),
            (k_iat < c_exp, "presentation iat not before credential exp"),
            (c_nbf.is_none_or(|nbf| k_iat >= nbf), "presentation iat before credential nbf"),
        ];
        if let Some((_, what)) = relations.iter().find(|(ok, _)| !ok) {
            return Err(VerifyError::InvalidTimes((*what).to_owned()));
        }

        let now = self.clock.now();
        let skew = self.policy.clock_skew_secs;
        if k_exp - k_iat > self.policy.max_ttl_secs {
            return Err(VerifyError::TtlTooLong { ttl: k_exp - k_iat, max: self.policy.max_ttl_secs });
        }
        if now - skew >= c_exp {
            return Err(VerifyError::CredentialExpired { seconds_ago: now - c_exp });
        }
        let c_start = c_nbf.unwrap_or(c_iat);
        if now + skew < c_start {
            return Err(VerifyError::CredentialNotYetValid { seconds_ahead: c_start - now });
        }
        if now - skew >= k_exp {
            return Err(VerifyError::Expired { seconds_ago: now - k_exp });
        }
        let k_start = kbt.nbf.unwrap_or(k_iat).max(k_iat);
        if now + skew < k_start {
            return Err(VerifyError::NotYetValid { seconds_ahead: k_start - now });
        }
        Ok(Times { credential_issued_at: c_iat, credential_expires_at: c_exp, presented_at: k_iat, expires_at: k_exp })
    }

    fn check_audience_and_nonce(&self, credential: &ClaimsSet, kbt: &ClaimsSet) -> Result<String, VerifyError> {
        let audience = kbt.aud.clone().ok_or_else(|| FormatError::invalid("the presentation has no aud"))?;
        if let Some(expected) = &self.policy.audience {
            for found in [Some(&audience), credential.aud.as_ref()].into_iter().flatten() {
                if found != expected {
                    return Err(VerifyError::WrongAudience { expected: expected.clone(), found: found.clone() });
                }
            }
        }
        if let Some(expected) = &self.policy.nonce {
            match &kbt.cnonce {
                None => return Err(VerifyError::MissingNonce),
                Some(found) if found != expected => return Err(VerifyError::WrongNonce),
                Some(_) => {}
            }
        }
        Ok(audience)
    }
}

struct Times {
    credential_issued_at: i64,
    credential_expires_at: i64,
    presented_at: i64,
    expires_at: i64,
}

/// Claims registered by RFC 8392 and the drafts we follow: not personal data, not reported as claims.
const REGISTERED: [i64; 12] = [
    claim::ISS,
    claim::SUB,
    claim::AUD,
    claim::EXP,
    claim::NBF,
    claim::IAT,
    claim::CTI,
    claim::CNF,
    claim::VCT,
    claim::CNONCE,
    claim::STATUS,
    CLAIM_169,
];

type ExtractedClaims = (Vec<Claim>, Vec<(String, String)>);

/// Splits the validated claims set into vocabulary claims and others.
fn extract_claims(claims: &Value) -> Result<ExtractedClaims, VerifyError> {
    let mut known = Vec::new();
    let mut others = Vec::new();
    for (key, value) in claims.as_map().unwrap_or_default() {
        let container = key.as_i64();
        match container {
            Some(c @ (CLAIM_169 | PRIVATE_CLAIMS)) => {
                let entries = value.as_map().ok_or_else(|| FormatError::invalid("a claims container is not a map"))?;
                for (k, v) in entries {
                    let name = k.as_i64().and_then(|key| ClaimName::from_path(ClaimPath { container: c, key }));
                    match name {
                        Some(name) => known.push(Claim {
                            name,
                            value: ClaimValue::from_cbor(name, v).map_err(|e| FormatError::invalid(e.to_string()))?,
                        }),
                        None => others.push((format!("{c}/{k:?}"), format!("{v:?}"))),
                    }
                }
            }
            Some(c) if REGISTERED.contains(&c) => {}
            _ => others.push((format!("{key:?}"), format!("{value:?}"))),
        }
    }
    Ok((known, others))
}
