//! The verifier role: offline checks of a presentation QR against a trust list and a policy,
//! giving the disclosed claims or one typed reason for rejection.

mod batch;
pub mod card;
pub mod policy;
pub mod replay;
mod revocation;

pub use card::{UNSIGNED_NOTICE, UnsignedCardQr};
pub use policy::{StatusAction, StatusPolicy, VerifierPolicy};
#[cfg(feature = "sqlite")]
pub use replay::SqliteReplayCache;
pub use replay::{MemoryReplayCache, ReplayCache};
pub use revocation::{StatusCheck, StatusWarning};

use std::fmt;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::claims::{CLAIM_169, Claim, ClaimName, ClaimPath, ClaimValue, DocType, PRIVATE_CLAIMS};
use crate::clock::{Clock, SystemClock};
use crate::cose::cbor::{Limits, Value};
use crate::cose::claims_set::{ClaimsSet, StatusReference};
use crate::cose::key::{self, Algorithm, PublicKey};
use crate::cose::redaction::{self, RedactionError};
use crate::cose::{Kbt, claim};
use crate::error::{ClaimError, FormatError, VerifyError};
use crate::qr;
use crate::status::StatusStore;
use crate::trust::{ExpiryPolicy, TrustList, TrustWarning, TrustedIssuer, VerifiedBundle};

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
    /// The holder signature's algorithm (Ed25519, ES256 or ES384).
    pub holder_algorithm: Algorithm,
    /// The disclosed claims of the vocabulary.
    pub claims: Vec<Claim>,
    /// Disclosed claims outside the vocabulary, as (path, CBOR diagnostic value).
    pub other_claims: Vec<(String, String)>,
    pub status: Option<StatusReference>,
    /// Identifies this presentation (replay detection): SHA-256 of what the holder signed (the KBT's
    /// Sig_structure), not of the signature, so an ECDSA signature re-encoded as (r, n - s) is the
    /// same presentation (see [`presentation_id`]).
    pub presentation_id: [u8; 32],
    /// How the credential's revocation status was established (see [`StatusCheck`]).
    pub status_check: StatusCheck,
    /// Set when the verifier's trust bundle had expired and its policy let the verdict through.
    pub trust_warning: Option<TrustWarning>,
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
            .field("status_check", &self.status_check)
            .field("trust_warning", &self.trust_warning)
            .finish_non_exhaustive()
    }
}

impl VerifiedPresentation {
    pub fn claim(&self, name: ClaimName) -> Option<&ClaimValue> {
        self.claims.iter().find(|c| c.name == name).map(|c| &c.value)
    }

    /// The status warning the policy let through, if any.
    pub fn status_warning(&self) -> Option<&StatusWarning> {
        match &self.status_check {
            StatusCheck::Warning(w) => Some(w),
            _ => None,
        }
    }
}

/// What one scan of a QR code gave: a verified presentation, or the unsigned fields of a printed
/// ID card. Two types, so an app cannot show card fields as verified by mistake.
#[derive(Clone, Debug, PartialEq, Eq)]
// Returned once per scan and matched at once, never stored in bulk: boxing would only cost an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Scanned {
    Verified(VerifiedPresentation),
    /// **Unsigned, not verified.**
    UnsignedCard(UnsignedCardQr),
}

/// An offline verifier: trust list, policy and clock. Cheap to share between threads.
#[derive(Clone)]
pub struct Verifier {
    trust: TrustList,
    policy: VerifierPolicy,
    clock: Arc<dyn Clock>,
    status: Option<Arc<StatusStore>>,
    replay: Option<Arc<dyn ReplayCache>>,
    /// From a signed trust bundle: its `exp` and what to do once it has passed.
    trust_expiry: Option<(i64, ExpiryPolicy)>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("trust", &self.trust)
            .field("policy", &self.policy)
            .field("status", &self.status)
            .field("replay_cache", &self.replay.is_some())
            .field("trust_expiry", &self.trust_expiry)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier on a trust list given directly (an unsigned development list, or tests).
    /// Deployments use [`Verifier::from_bundle`].
    pub fn new(trust: TrustList, policy: VerifierPolicy) -> Verifier {
        Verifier { trust, policy, clock: Arc::new(SystemClock), status: None, replay: None, trust_expiry: None }
    }

    /// A verifier on the issuer keys of a verified trust bundle. Every verdict after the bundle's
    /// `exp` is refused ([`VerifyError::TrustExpired`]) or carries a [`TrustWarning`], by `expiry`.
    pub fn from_bundle(bundle: &VerifiedBundle, policy: VerifierPolicy, expiry: ExpiryPolicy) -> Verifier {
        let mut verifier = Verifier::new(bundle.bundle.issuers.clone(), policy);
        verifier.trust_expiry = Some((bundle.bundle.expires_at, expiry));
        verifier
    }

    /// Checks credentials' revocation status against `store` (without one, status is
    /// [`StatusCheck::NotChecked`]).
    pub fn with_status_store(mut self, store: Arc<StatusStore>) -> Verifier {
        self.status = Some(store);
        self
    }

    /// Refuses a presentation accepted before ([`VerifyError::Replayed`]).
    pub fn with_replay_cache(mut self, cache: Arc<dyn ReplayCache>) -> Verifier {
        self.replay = Some(cache);
        self
    }

    /// Replaces the policy, keeping trust list, status lists, replay cache and clock (a counter
    /// checking the answer to one of its requests: that request's audience and nonce).
    pub fn with_policy(mut self, policy: VerifierPolicy) -> Verifier {
        self.policy = policy;
        self
    }

    pub fn status_store(&self) -> Option<&Arc<StatusStore>> {
        self.status.as_ref()
    }

    /// Replaces the clock (tests, or a counter's own time source). To re-check a presentation at
    /// another time, use [`Verifier::as_of`], which leaves the replay memory alone.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Verifier {
        self.clock = clock;
        self
    }

    /// A copy that checks as of `unix_time` **without** the replay memory: re-checking a logged
    /// presentation, or checking at another time, must neither read, record nor prune what this
    /// counter has seen (a pruning at a future time would let a replay through later).
    pub fn as_of(&self, unix_time: i64) -> Verifier {
        let mut copy = self.clone().with_clock(Arc::new(crate::clock::FixedClock::new(unix_time)));
        copy.replay = None;
        copy
    }

    /// Whether presentations are remembered (a replay cache is set).
    pub fn has_replay_cache(&self) -> bool {
        self.replay.is_some()
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
    #[cfg(feature = "qr-image")]
    pub fn verify_image(&self, image: &[u8]) -> Result<VerifiedPresentation, VerifyError> {
        self.verify(&qr::decode_image(image)?)
    }

    /// Reads any scanned QR text: a presentation is verified; the QR printed on a chip ID card is
    /// parsed and returned as [`Scanned::UnsignedCard`]; anything else is an error.
    pub fn scan(&self, qr_text: &str) -> Result<Scanned, VerifyError> {
        if UnsignedCardQr::looks_like(qr_text) {
            return Ok(Scanned::UnsignedCard(UnsignedCardQr::parse(qr_text)?));
        }
        self.verify(qr_text).map(Scanned::Verified)
    }

    /// [`Verifier::scan`] of the QR code in a PNG or JPEG.
    #[cfg(feature = "qr-image")]
    pub fn scan_image(&self, image: &[u8]) -> Result<Scanned, VerifyError> {
        self.scan(&qr::decode_image(image)?)
    }

    /// Verifies the bytes of an SD-KBT. The steps follow FORMAT.md "Verification" in order.
    pub fn verify_kbt(&self, kbt_bytes: &[u8]) -> Result<VerifiedPresentation, VerifyError> {
        let parsed = self.parse(kbt_bytes)?;
        // Issuer signature first: nothing the issuer signed is read before it is checked.
        let (issuer_key, alg, message, signature) = parsed.issuer_signature();
        if !key::verify(issuer_key, alg, &message, signature) {
            return Err(VerifyError::BadIssuerSignature);
        }
        let holder = parsed.holder_part()?;
        // Holder signature with the key the issuer bound.
        let (holder_key, alg, message, signature) = holder.signature(&parsed.kbt);
        if !key::verify(holder_key, alg, &message, signature) {
            return Err(VerifyError::BadHolderSignature);
        }
        self.finish(&parsed, holder)
    }

    /// Size limit, structure, trusted key lookup and algorithm: all that precedes the issuer signature.
    fn parse(&self, kbt_bytes: &[u8]) -> Result<Parsed<'_>, VerifyError> {
        if kbt_bytes.len() > MAX_PRESENTATION_BYTES {
            return Err(FormatError::invalid(format!(
                "the presentation is larger than {MAX_PRESENTATION_BYTES} bytes"
            ))
            .into());
        }
        self.trust_warning()?;
        let kbt = Kbt::from_bytes(kbt_bytes, PRESENTATION_LIMITS)?;
        let (issuer, issuer_alg) = self.trust.issuer_for(&kbt.sd_cwt)?;
        Ok(Parsed { kbt, issuer, issuer_alg })
    }

    /// The trust bundle's expiry at the verifier's clock: a refusal, a warning, or nothing.
    fn trust_warning(&self) -> Result<Option<TrustWarning>, VerifyError> {
        let Some((expires_at, policy)) = self.trust_expiry else { return Ok(None) };
        let now = self.clock.now();
        if now < expires_at {
            return Ok(None);
        }
        let seconds_ago = now.saturating_sub(expires_at);
        match policy {
            ExpiryPolicy::Reject => Err(VerifyError::TrustExpired { seconds_ago }),
            ExpiryPolicy::Warn => Ok(Some(TrustWarning::BundleExpired { seconds_ago })),
        }
    }

    /// The checks after both signatures: times, audience, nonce, disclosures, status, replay.
    fn finish(&self, parsed: &Parsed<'_>, holder: HolderPart) -> Result<VerifiedPresentation, VerifyError> {
        let (kbt, issuer) = (&parsed.kbt, parsed.issuer);
        let HolderPart { payload, credential, holder_key, holder_alg } = holder;
        let presentation = ClaimsSet::from_map(&kbt.payload(PRESENTATION_LIMITS)?)?;
        // One reading of the clock for the whole verification: freshness, status and the replay
        // memory must agree on "now" (two readings left a one-second replay window at keep_until).
        let now = self.clock.now();
        let times = self.check_times(&credential, &presentation, now)?;
        let audience = self.check_audience_and_nonce(&credential, &presentation)?;

        // Disclosures: each must match a digest the issuer signed.
        let disclosed = redaction::reconstruct(&payload, &kbt.sd_cwt.disclosures).map_err(|e| match e {
            RedactionError::UnmatchedDisclosure => VerifyError::DigestMismatch,
            other => VerifyError::Malformed(other.into()),
        })?;
        let (claims, other_claims) = extract_claims(&disclosed)?;

        // Revocation, once the presentation is otherwise valid (status list draft §8.3).
        let status_check = revocation::check_status(
            self.status.as_deref(),
            &self.policy,
            &issuer.iss,
            credential.status.as_ref(),
            now,
        )?;

        // Replay last, so only presentations that are accepted are remembered.
        let presentation_id = presentation_id(kbt);
        if let Some(cache) = &self.replay {
            let keep_until = times.expires_at.saturating_add(self.policy.clock_skew_secs.max(0));
            cache.check_and_record(&presentation_id, keep_until, now)?;
        }

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
            holder_thumbprint: holder_key.thumbprint(),
            holder_algorithm: holder_alg,
            claims,
            other_claims,
            status: credential.status.clone(),
            presentation_id,
            status_check,
            trust_warning: self.trust_warning()?,
        })
    }

    /// The draft's time relations (§8 steps 3 and 6), then freshness against the clock with skew.
    fn check_times(&self, credential: &ClaimsSet, kbt: &ClaimsSet, now: i64) -> Result<Times, VerifyError> {
        if kbt.iss.is_some() || kbt.sub.is_some() {
            return Err(FormatError::invalid("an SD-KBT must not carry iss or sub").into());
        }
        let c_exp = credential.exp.ok_or_else(|| FormatError::invalid("the credential has no exp"))?;
        let c_iat = credential.iat.ok_or_else(|| FormatError::invalid("the credential has no iat"))?;
        let k_iat = kbt.iat.ok_or_else(|| FormatError::invalid("the presentation has no iat"))?;
        // The draft makes the KBT's exp optional (its own example has none): without one, the
        // counter's maximum lifetime from iat stands in for it.
        let max_ttl = self.policy.max_ttl_secs;
        let k_exp = kbt.exp.unwrap_or_else(|| k_iat.saturating_add(max_ttl).min(c_exp));
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

        // Saturating: signed times may sit at the ends of the i64 range (tests/tests/extreme_times.rs).
        let skew = self.policy.clock_skew_secs;
        let ttl = k_exp.saturating_sub(k_iat);
        if ttl > max_ttl {
            return Err(VerifyError::TtlTooLong { ttl, max: max_ttl });
        }
        if now.saturating_sub(skew) >= c_exp {
            return Err(VerifyError::CredentialExpired { seconds_ago: now.saturating_sub(c_exp) });
        }
        let c_start = c_nbf.unwrap_or(c_iat);
        if now.saturating_add(skew) < c_start {
            return Err(VerifyError::CredentialNotYetValid { seconds_ahead: c_start.saturating_sub(now) });
        }
        if now.saturating_sub(skew) >= k_exp {
            return Err(VerifyError::Expired { seconds_ago: now.saturating_sub(k_exp) });
        }
        let k_start = kbt.nbf.unwrap_or(k_iat).max(k_iat);
        if now.saturating_add(skew) < k_start {
            return Err(VerifyError::NotYetValid { seconds_ahead: k_start.saturating_sub(now) });
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

/// A presentation parsed up to its issuer signature.
struct Parsed<'v> {
    kbt: Kbt,
    issuer: &'v TrustedIssuer,
    /// The credential's protected `alg`, checked against the issuer key's type.
    issuer_alg: Algorithm,
}

impl Parsed<'_> {
    /// (key, algorithm, Sig_structure, signature) of the credential.
    fn issuer_signature(&self) -> (&PublicKey, Algorithm, Vec<u8>, &[u8]) {
        let sign1 = &self.kbt.sd_cwt.sign1;
        (&self.issuer.public_key, self.issuer_alg, sign1.to_be_signed(), &sign1.signature)
    }

    /// What the issuer signed that the holder check needs: claims, `iss` match, the `cnf` key,
    /// and the KBT's algorithm. Only called once the issuer signature is known to be valid
    /// (batch verification calls it early, but decides nothing on it before the signature result).
    fn holder_part(&self) -> Result<HolderPart, VerifyError> {
        let payload = self.kbt.sd_cwt.payload(PRESENTATION_LIMITS)?;
        let credential = ClaimsSet::from_map(&payload)?;
        crate::trust::check_iss(self.issuer, credential.iss.as_deref().unwrap_or_default())?;
        // A retired key's signature on a credential dated after its retirement is refused.
        let iat = credential.iat.ok_or_else(|| FormatError::invalid("the credential has no iat"))?;
        self.issuer.check_signed_at(iat)?;
        let cnf = payload.get_int(claim::CNF).ok_or_else(|| FormatError::invalid("the credential has no cnf"))?;
        let holder_key = key::key_from_cnf(cnf)?;
        // The KBT's alg comes from its protected header only, and must be the cnf key's.
        let holder_alg = key::signing_algorithm(&self.kbt.protected_map(), &holder_key)?;
        Ok(HolderPart { payload, credential, holder_key, holder_alg })
    }
}

struct HolderPart {
    payload: Value,
    credential: ClaimsSet,
    holder_key: PublicKey,
    holder_alg: Algorithm,
}

impl HolderPart {
    /// (key, algorithm, Sig_structure, signature) of the presentation.
    fn signature<'a>(&'a self, kbt: &'a Kbt) -> (&'a PublicKey, Algorithm, Vec<u8>, &'a [u8]) {
        (&self.holder_key, self.holder_alg, kbt.sign1.to_be_signed(), &kbt.sign1.signature)
    }
}

/// The replay-cache key of a presentation: SHA-256 of the KBT's Sig_structure (the holder's
/// protected header, which embeds the presented SD-CWT with its disclosures, and the KBT claims).
///
/// Not the signature: ECDSA signatures are malleable ((r, s) and (r, n - s) both verify, and a
/// randomised signer gives a new signature for the same bytes), so hashing the signature would let
/// anyone who saw a QR make a "new" presentation from it. What was signed is fixed by the holder
/// alone; nobody else can produce another message that verifies. The unsigned parts (the KBT's
/// unprotected header, the signature) are outside the id, so changing them changes nothing.
pub fn presentation_id(kbt: &Kbt) -> [u8; 32] {
    Sha256::digest(kbt.sign1.to_be_signed()).into()
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
                            value: ClaimValue::from_cbor(name, v).map_err(|e| match e {
                                ClaimError::Portrait(p) => VerifyError::Portrait(p),
                                other => FormatError::invalid(other.to_string()).into(),
                            })?,
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
