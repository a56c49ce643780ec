//! The trust bundle on the wire: building and signing it, and verifying it against pinned anchors.
//!
//! `18([<<{1: -19, 4: anchor kid, 16: "application/cw-trust+cwt"}>>, {}, <<payload>>, signature])`
//! with payload `{4: exp, 6: iat, -65539: {1: seq, 2: [issuer...], 3: [verifier...], 4?: [anchor...]}}`.

use super::anchor::{TrustAnchor, check_anchor_set};
use super::{
    BUNDLE_LIMITS, CLAIM_TRUST, ExpiryPolicy, MAX_BUNDLE_BYTES, MAX_BUNDLE_LIFETIME_SECS, MAX_ENTRIES, MAX_STATUS_URIS,
    MAX_URI_BYTES, TRUST_CLOCK_SKEW_SECS, TYP_TRUST_BUNDLE, TrustWarning, check_expiry, entry, label,
};
use super::{RegisteredVerifier, TrustList, TrustedIssuer, VerifierRegistry};
use crate::claims::ClaimName;
use crate::clock::SigningPeriod;
use crate::cose::cbor::{self, Value};
use crate::cose::sign1::{Envelope, Sign1};
use crate::cose::{claim, header, key, kid_to_string};
use crate::error::{FormatError, TrustError};
use crate::signer::{AnchorKey, MAX_KID_BYTES};

/// What a trust bundle says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustBundle {
    /// Strictly increasing from one bundle to the next: a store refuses any bundle not newer than its own.
    pub seq: u64,
    pub issued_at: i64,
    pub expires_at: i64,
    /// Issuer keys, for counters (and for wallets importing credentials).
    pub issuers: TrustList,
    /// Registered verifier keys, for wallets reading request QR codes.
    pub verifiers: VerifierRegistry,
    /// The complete set of anchors that sign the next bundles, when it changes (anchor rotation);
    /// `None`: unchanged.
    pub next_anchors: Option<Vec<TrustAnchor>>,
}

/// A bundle whose signature by a trusted anchor was checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedBundle {
    pub bundle: TrustBundle,
    /// The kid of the anchor that signed it.
    pub anchor_kid: String,
    /// Set when the bundle had expired at verification and the policy let it through.
    pub warning: Option<TrustWarning>,
}

impl TrustBundle {
    /// A bundle valid from `issued_at` for `lifetime_secs`.
    pub fn new(
        seq: u64,
        issued_at: i64,
        lifetime_secs: u64,
        issuers: TrustList,
        verifiers: VerifierRegistry,
    ) -> TrustBundle {
        let expires_at = issued_at.saturating_add(i64::try_from(lifetime_secs).unwrap_or(i64::MAX));
        TrustBundle { seq, issued_at, expires_at, issuers, verifiers, next_anchors: None }
    }

    /// Signs the bundle with `anchor` after checking it satisfies every rule a reader applies.
    pub fn sign(&self, anchor: &AnchorKey) -> Result<Vec<u8>, TrustError> {
        self.check().map_err(TrustError::Settings)?;
        let bytes = anchor.sign_token(Value::text(TYP_TRUST_BUNDLE), self.to_payload(), None).to_vec();
        if bytes.len() > MAX_BUNDLE_BYTES {
            return Err(TrustError::Settings(format!("the bundle is larger than {MAX_BUNDLE_BYTES} bytes")));
        }
        Ok(bytes)
    }

    /// Verifies `bytes` against `anchors` at Unix time `now` (FORMAT.md "Signed trust", steps 1-7).
    /// Only the signature and content are checked here; rollback is the store's job ([`super::TrustState`]).
    pub fn verify(
        bytes: &[u8],
        anchors: &[TrustAnchor],
        now: i64,
        policy: ExpiryPolicy,
    ) -> Result<VerifiedBundle, TrustError> {
        let mut verified = TrustBundle::verify_signature(bytes, anchors)?;
        let bundle = &verified.bundle;
        if now.saturating_add(TRUST_CLOCK_SKEW_SECS) < bundle.issued_at {
            return Err(TrustError::NotYetValid { seconds_ahead: bundle.issued_at.saturating_sub(now) });
        }
        verified.warning = check_expiry(bundle.expires_at, now, policy)?;
        Ok(verified)
    }

    /// Steps 1-6: envelope, anchor, signature, payload. No clock.
    pub(crate) fn verify_signature(bytes: &[u8], anchors: &[TrustAnchor]) -> Result<VerifiedBundle, TrustError> {
        let (sign1, protected) = Envelope {
            what: "a trust bundle",
            max_bytes: MAX_BUNDLE_BYTES,
            limits: BUNDLE_LIMITS,
            typ: TYP_TRUST_BUNDLE,
            labels: Some(&[header::ALG, header::KID, header::TYP]),
            unprotected_allowed: false,
        }
        .open(bytes)?;
        let kid = match protected.get_int(header::KID).and_then(Value::as_bytes) {
            Some(kid) if !kid.is_empty() && kid.len() <= MAX_KID_BYTES => kid_to_string(kid),
            _ => {
                return Err(invalid(format!(
                    "a trust bundle's kid must be a byte string of 1 to {MAX_KID_BYTES} bytes"
                )));
            }
        };
        let anchor = anchors.iter().find(|a| a.kid == kid).ok_or(TrustError::UnknownAnchor { kid: kid.clone() })?;
        // The anchor's alg (Ed25519) from the protected header, then the signature, before anything
        // the anchor signed is read.
        let anchor_key = key::PublicKey::Ed25519(anchor.public_key);
        let algorithm = key::signing_algorithm(&protected, &anchor_key)?;
        if !key::verify(&anchor_key, algorithm, &sign1.to_be_signed(), &sign1.signature) {
            return Err(TrustError::BadSignature { kid });
        }
        let bundle = TrustBundle::from_payload(&sign1.payload)?;
        Ok(VerifiedBundle { bundle, anchor_kid: kid, warning: None })
    }

    /// The `seq` of a bundle whose signature cannot be checked (its anchor is no longer known): only
    /// ever used to make a store stricter, never to accept anything.
    pub(crate) fn seq_unverified(bytes: &[u8]) -> Option<u64> {
        let sign1 = Sign1::from_bytes(bytes, BUNDLE_LIMITS).ok()?;
        TrustBundle::from_payload(&sign1.payload).ok().map(|b| b.seq)
    }

    /// The rules on content, the same when signing and when reading.
    fn check(&self) -> Result<(), String> {
        // i128: hostile times near the ends of i64 must not overflow.
        let lifetime = self.expires_at as i128 - self.issued_at as i128;
        if lifetime <= 0 || lifetime > MAX_BUNDLE_LIFETIME_SECS as i128 {
            return Err(format!("a trust bundle must expire 1 to {MAX_BUNDLE_LIFETIME_SECS} s after it is issued"));
        }
        if self.issuers.issuers().len() > MAX_ENTRIES || self.verifiers.verifiers().len() > MAX_ENTRIES {
            return Err(format!("a trust bundle lists at most {MAX_ENTRIES} issuers and {MAX_ENTRIES} verifiers"));
        }
        for issuer in self.issuers.issuers() {
            if issuer.status_uris.len() > MAX_STATUS_URIS {
                return Err(format!("issuer {:?} lists more than {MAX_STATUS_URIS} status list URIs", issuer.kid));
            }
            if issuer.status_uris.iter().any(|u| u.is_empty() || u.len() > MAX_URI_BYTES) {
                return Err(format!("issuer {:?}: a status list URI must be 1 to {MAX_URI_BYTES} bytes", issuer.kid));
            }
            if issuer.kid.is_empty() || issuer.kid.len() > MAX_KID_BYTES || issuer.iss.is_empty() {
                return Err(format!("issuer {:?}: kid must be 1 to {MAX_KID_BYTES} bytes, iss not empty", issuer.kid));
            }
        }
        if let Some(anchors) = &self.next_anchors {
            check_anchor_set(anchors)?;
        }
        Ok(())
    }

    fn to_payload(&self) -> Vec<u8> {
        let issuers = self.issuers.issuers().iter().map(issuer_to_cbor).collect();
        let verifiers = self.verifiers.verifiers().iter().map(verifier_to_cbor).collect();
        let mut trust = vec![
            (Value::int(label::SEQ), Value::int(self.seq)),
            (Value::int(label::ISSUERS), Value::Array(issuers)),
            (Value::int(label::VERIFIERS), Value::Array(verifiers)),
        ];
        if let Some(anchors) = &self.next_anchors {
            trust.push((Value::int(label::ANCHORS), Value::Array(anchors.iter().map(TrustAnchor::to_cbor).collect())));
        }
        // Deterministic order: 4, 6, then the negative private claim key.
        Value::Map(vec![
            (Value::int(claim::EXP), Value::int(self.expires_at)),
            (Value::int(claim::IAT), Value::int(self.issued_at)),
            (Value::int(CLAIM_TRUST), Value::Map(trust)),
        ])
        .to_vec()
    }

    fn from_payload(bytes: &[u8]) -> Result<TrustBundle, TrustError> {
        let payload = cbor::decode(bytes, BUNDLE_LIMITS)?;
        only_labels(&payload, &[claim::EXP, claim::IAT, CLAIM_TRUST], "the trust bundle payload")?;
        let int = |v: &Value, l: i64, what: &str| {
            v.get_int(l)
                .and_then(Value::as_i64)
                .ok_or_else(|| FormatError::invalid(format!("the trust bundle has no integer {what}")))
        };
        let expires_at = int(&payload, claim::EXP, "exp")?;
        let issued_at = int(&payload, claim::IAT, "iat")?;
        let trust = payload.get_int(CLAIM_TRUST).ok_or_else(|| invalid("the trust bundle has no trust claim"))?;
        only_labels(trust, &[label::SEQ, label::ISSUERS, label::VERIFIERS, label::ANCHORS], "the trust claim")?;
        let seq = trust
            .get_int(label::SEQ)
            .and_then(Value::as_integer)
            .and_then(|s| u64::try_from(s).ok())
            .ok_or_else(|| invalid("the trust bundle's seq is not an unsigned integer"))?;
        let list = |l: i64, what: &str| {
            trust
                .get_int(l)
                .and_then(Value::as_array)
                .ok_or_else(|| invalid(format!("the trust bundle has no {what} array")))
        };
        let issuers = list(label::ISSUERS, "issuers")?.iter().map(issuer_from_cbor).collect::<Result<Vec<_>, _>>()?;
        let verifiers =
            list(label::VERIFIERS, "verifiers")?.iter().map(verifier_from_cbor).collect::<Result<Vec<_>, _>>()?;
        let next_anchors = match trust.get_int(label::ANCHORS) {
            None => None,
            Some(v) => {
                let items = v.as_array().ok_or_else(|| invalid("the trust bundle's anchors are not an array"))?;
                Some(items.iter().map(TrustAnchor::from_cbor).collect::<Result<Vec<_>, _>>()?)
            }
        };
        let bundle = TrustBundle {
            seq,
            issued_at,
            expires_at,
            issuers: TrustList::new(issuers)?,
            verifiers: VerifierRegistry::new(verifiers)?,
            next_anchors,
        };
        bundle.check().map_err(invalid)?;
        Ok(bundle)
    }
}

fn period_entries(period: &SigningPeriod, out: &mut Vec<(Value, Value)>) {
    if let Some(from) = period.from {
        out.push((Value::int(entry::FROM), Value::int(from)));
    }
    if let Some(until) = period.until {
        out.push((Value::int(entry::UNTIL), Value::int(until)));
    }
}

fn texts(items: &[String]) -> Value {
    Value::Array(items.iter().map(|s| Value::text(s.clone())).collect())
}

fn issuer_to_cbor(issuer: &TrustedIssuer) -> Value {
    let mut map = vec![
        (Value::int(entry::KID), Value::text(issuer.kid.clone())),
        (Value::int(entry::KEY), issuer.public_key.to_cose_key()),
        (Value::int(entry::ID), Value::text(issuer.iss.clone())),
    ];
    if let Some(name) = &issuer.name {
        map.push((Value::int(entry::NAME), Value::text(name.clone())));
    }
    period_entries(&issuer.signing_period, &mut map);
    if !issuer.status_uris.is_empty() {
        map.push((Value::int(entry::STATUS_URIS), texts(&issuer.status_uris)));
    }
    Value::Map(map)
}

fn verifier_to_cbor(verifier: &RegisteredVerifier) -> Value {
    let mut map = vec![
        (Value::int(entry::KID), Value::text(verifier.kid.clone())),
        (Value::int(entry::KEY), key::PublicKey::Ed25519(verifier.public_key).to_cose_key()),
        (Value::int(entry::ID), Value::text(verifier.id.clone())),
        (Value::int(entry::NAME), Value::text(verifier.name.clone())),
    ];
    period_entries(&verifier.valid, &mut map);
    let claims: Vec<String> = verifier.claims.iter().map(|c| c.as_str()).collect();
    map.push((Value::int(entry::CLAIMS), texts(&claims)));
    if let Some(purposes) = &verifier.purposes {
        map.push((Value::int(entry::PURPOSES), texts(purposes)));
    }
    Value::Map(map)
}

fn issuer_from_cbor(value: &Value) -> Result<TrustedIssuer, FormatError> {
    let labels = [entry::KID, entry::KEY, entry::ID, entry::NAME, entry::FROM, entry::UNTIL, entry::STATUS_URIS];
    only_labels(value, &labels, "an issuer entry")?;
    let kid = text(value, entry::KID, "an issuer entry's kid")?;
    let cose_key = value.get_int(entry::KEY).ok_or_else(|| FormatError::invalid("an issuer entry has no key"))?;
    Ok(TrustedIssuer {
        public_key: key::PublicKey::from_cose_key(cose_key)?,
        iss: text(value, entry::ID, "an issuer entry's iss")?,
        name: optional_text(value, entry::NAME, "an issuer entry's name")?,
        signing_period: period(value)?,
        status_uris: optional_texts(value, entry::STATUS_URIS, "an issuer entry's status URIs")?.unwrap_or_default(),
        kid,
    })
}

fn verifier_from_cbor(value: &Value) -> Result<RegisteredVerifier, FormatError> {
    let labels =
        [entry::KID, entry::KEY, entry::ID, entry::NAME, entry::FROM, entry::UNTIL, entry::CLAIMS, entry::PURPOSES];
    only_labels(value, &labels, "a verifier entry")?;
    let kid = text(value, entry::KID, "a verifier entry's kid")?;
    let cose_key = value.get_int(entry::KEY).ok_or_else(|| FormatError::invalid("a verifier entry has no key"))?;
    let claims = optional_texts(value, entry::CLAIMS, "a verifier entry's claims")?
        .ok_or_else(|| FormatError::invalid("a verifier entry has no claims array"))?
        .iter()
        .map(|c| c.parse::<ClaimName>().map_err(|e| FormatError::invalid(format!("verifier {kid:?}: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RegisteredVerifier {
        public_key: key::ed25519_from_cose_key(cose_key, "a verifier key")?,
        id: text(value, entry::ID, "a verifier entry's id")?,
        name: text(value, entry::NAME, "a verifier entry's name")?,
        valid: period(value)?,
        claims,
        purposes: optional_texts(value, entry::PURPOSES, "a verifier entry's purposes")?,
        kid,
    })
}

fn period(value: &Value) -> Result<SigningPeriod, FormatError> {
    let time = |l: i64| match value.get_int(l) {
        None => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| FormatError::invalid("a signing period bound is not an integer")),
    };
    Ok(SigningPeriod { from: time(entry::FROM)?, until: time(entry::UNTIL)? })
}

/// Refuses a map with labels other than `allowed` (or a value that is not a map).
pub(crate) fn only_labels(value: &Value, allowed: &[i64], what: &str) -> Result<(), FormatError> {
    let entries = value.as_map().ok_or_else(|| FormatError::invalid(format!("{what} is not a map")))?;
    if entries.iter().any(|(k, _)| !k.as_i64().is_some_and(|k| allowed.contains(&k))) {
        return Err(FormatError::invalid(format!("{what} carries a label this format does not define")));
    }
    Ok(())
}

pub(crate) fn text(value: &Value, label: i64, what: &str) -> Result<String, FormatError> {
    optional_text(value, label, what)?.ok_or_else(|| FormatError::invalid(format!("{what} is missing")))
}

fn optional_text(value: &Value, label: i64, what: &str) -> Result<Option<String>, FormatError> {
    match value.get_int(label) {
        None => Ok(None),
        Some(v) => {
            v.as_text().map(|t| Some(t.to_owned())).ok_or_else(|| FormatError::invalid(format!("{what} is not text")))
        }
    }
}

fn optional_texts(value: &Value, label: i64, what: &str) -> Result<Option<Vec<String>>, FormatError> {
    let Some(v) = value.get_int(label) else { return Ok(None) };
    let items = v.as_array().ok_or_else(|| FormatError::invalid(format!("{what} is not an array")))?;
    let texts = items.iter().map(|i| i.as_text().map(str::to_owned)).collect::<Option<Vec<_>>>();
    texts.map(Some).ok_or_else(|| FormatError::invalid(format!("{what} holds an item that is not text")))
}

fn invalid(what: impl Into<String>) -> TrustError {
    TrustError::Malformed(FormatError::Invalid(what.into()))
}
