//! The request token on the wire (FORMAT.md "Verifier requests"): building and signing it, and
//! reading it strictly within explicit limits. Whom to trust is decided in `read.rs`.

use ed25519_dalek::VerifyingKey;

use super::{
    CLAIM_REQUEST, MAX_AUDIENCE_BYTES, MAX_CLAIM_NAME_BYTES, MAX_NAME_BYTES, MAX_NONCE_BYTES, MAX_PURPOSE_BYTES,
    MAX_REQUEST_BYTES, MAX_REQUEST_CLAIMS, MAX_REQUEST_LIFETIME_SECS, MAX_VERIFIER_ID_BYTES, MIN_NONCE_BYTES,
    REQUEST_LIMITS, TYP_REQUEST, label,
};
use crate::claims::{ClaimName, check_text};
use crate::cose::cbor::{self, Value};
use crate::cose::claims_set::ClaimsSet;
use crate::cose::kid_to_string;
use crate::cose::sign1::{Envelope, Sign1};
use crate::cose::{claim, header, key};
use crate::error::{FormatError, RequestError};
use crate::signer::{MAX_KID_BYTES, VerifierKey};

/// What a request says, exactly as signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestClaims {
    /// `iss`: the verifier id.
    pub verifier_id: String,
    pub issued_at: i64,
    pub expires_at: i64,
    /// `cnonce`: the nonce the presentation must carry.
    pub nonce: Vec<u8>,
    /// The verifier's own display name (self-asserted: wallets show the registered name).
    pub name: String,
    pub purpose: String,
    /// The claims asked for, in the verifier's order, no repeats.
    pub claims: Vec<ClaimName>,
    /// The `aud` the presentation must carry.
    pub audience: String,
}

/// Why a field is unacceptable; the caller decides whether that is bad input or bad settings.
pub(crate) enum FieldProblem {
    Invalid(String),
    ForeignAudience,
}

impl RequestClaims {
    /// Every rule of FORMAT.md on the fields, the same when building and when reading.
    pub(crate) fn check(&self) -> Result<(), FieldProblem> {
        let invalid = |reason: String| Err(FieldProblem::Invalid(reason));
        check_text("the verifier id", &self.verifier_id, MAX_VERIFIER_ID_BYTES).map_err(FieldProblem::Invalid)?;
        check_text("the name", &self.name, MAX_NAME_BYTES).map_err(FieldProblem::Invalid)?;
        check_text("the purpose", &self.purpose, MAX_PURPOSE_BYTES).map_err(FieldProblem::Invalid)?;
        check_text("the audience", &self.audience, MAX_AUDIENCE_BYTES).map_err(FieldProblem::Invalid)?;
        if !(MIN_NONCE_BYTES..=MAX_NONCE_BYTES).contains(&self.nonce.len()) {
            return invalid(format!("the nonce must be {MIN_NONCE_BYTES} to {MAX_NONCE_BYTES} bytes"));
        }
        if self.claims.is_empty() || self.claims.len() > MAX_REQUEST_CLAIMS {
            return invalid(format!("a request asks for 1 to {MAX_REQUEST_CLAIMS} claims"));
        }
        if self.claims.iter().enumerate().any(|(i, c)| self.claims[..i].contains(c)) {
            return invalid("a request names a claim twice".into());
        }
        // i128: hostile times near the ends of i64 must not overflow.
        let lifetime = self.expires_at as i128 - self.issued_at as i128;
        if lifetime <= 0 || lifetime > MAX_REQUEST_LIFETIME_SECS as i128 {
            return invalid(format!("a request must expire 1 to {MAX_REQUEST_LIFETIME_SECS} s after it is issued"));
        }
        if !audience_belongs_to(&self.audience, &self.verifier_id) {
            return Err(FieldProblem::ForeignAudience);
        }
        Ok(())
    }

    /// The CBOR payload, keys in deterministic (encoded bytewise) order.
    fn to_payload(&self) -> Vec<u8> {
        let names = self.claims.iter().map(|c| Value::text(c.as_str())).collect();
        Value::Map(vec![
            (Value::int(claim::ISS), Value::text(self.verifier_id.clone())),
            (Value::int(claim::EXP), Value::int(self.expires_at)),
            (Value::int(claim::IAT), Value::int(self.issued_at)),
            (Value::int(claim::CNONCE), Value::Bytes(self.nonce.clone())),
            (
                Value::int(CLAIM_REQUEST),
                Value::Map(vec![
                    (Value::int(label::NAME), Value::text(self.name.clone())),
                    (Value::int(label::PURPOSE), Value::text(self.purpose.clone())),
                    (Value::int(label::CLAIMS), Value::Array(names)),
                    (Value::int(label::AUDIENCE), Value::text(self.audience.clone())),
                ]),
            ),
        ])
        .to_vec()
    }

    fn from_payload(bytes: &[u8]) -> Result<RequestClaims, RequestError> {
        let payload = cbor::decode(bytes, REQUEST_LIMITS)?;
        let entries = payload.as_map().ok_or_else(|| invalid("the request payload is not a map"))?;
        let known = [claim::ISS, claim::EXP, claim::IAT, claim::CNONCE, CLAIM_REQUEST];
        if entries.iter().any(|(k, _)| !k.as_i64().is_some_and(|k| known.contains(&k))) {
            return Err(invalid("the request payload carries a claim this format does not define"));
        }
        let registered = ClaimsSet::from_map(&payload)?;
        let request = payload.get_int(CLAIM_REQUEST).ok_or_else(|| invalid("the request has no request claim"))?;
        let fields = request.as_map().ok_or_else(|| invalid("the request claim is not a map"))?;
        let labels = [label::NAME, label::PURPOSE, label::CLAIMS, label::AUDIENCE];
        if fields.iter().any(|(k, _)| !k.as_i64().is_some_and(|k| labels.contains(&k))) {
            return Err(invalid("the request claim carries a label this format does not define"));
        }
        let text = |label: i64, what: &str| -> Result<String, RequestError> {
            request
                .get_int(label)
                .and_then(Value::as_text)
                .map(str::to_owned)
                .ok_or_else(|| invalid(format!("the request has no {what} text")))
        };
        let names = request
            .get_int(label::CLAIMS)
            .and_then(Value::as_array)
            .ok_or_else(|| invalid("the request has no array of claim names"))?;
        let claims = names.iter().map(claim_name).collect::<Result<Vec<_>, _>>()?;
        let parsed = RequestClaims {
            verifier_id: registered.iss.ok_or_else(|| invalid("the request has no iss (verifier id)"))?,
            issued_at: registered.iat.ok_or_else(|| invalid("the request has no iat"))?,
            expires_at: registered.exp.ok_or_else(|| invalid("the request has no exp"))?,
            nonce: registered.cnonce.ok_or_else(|| invalid("the request has no cnonce"))?,
            name: text(label::NAME, "name")?,
            purpose: text(label::PURPOSE, "purpose")?,
            claims,
            audience: text(label::AUDIENCE, "audience")?,
        };
        match parsed.check() {
            Ok(()) => Ok(parsed),
            Err(FieldProblem::Invalid(reason)) => Err(invalid(reason)),
            Err(FieldProblem::ForeignAudience) => {
                Err(RequestError::ForeignAudience { audience: parsed.audience, id: parsed.verifier_id })
            }
        }
    }
}

/// A request token, parsed up to its signature. Its claims are read by [`RequestToken::claims`].
#[derive(Clone, Debug, PartialEq)]
pub struct RequestToken {
    sign1: Sign1,
    kid: String,
}

impl RequestToken {
    /// Reads the envelope: size, tag 18, COSE_Sign1 shape, an empty unprotected header, and a
    /// protected header of exactly `alg` (Ed25519), `kid` and `typ`.
    pub fn from_bytes(bytes: &[u8]) -> Result<RequestToken, RequestError> {
        // Nothing unsigned may travel with a request.
        let (sign1, protected) = Envelope {
            what: "a request",
            max_bytes: MAX_REQUEST_BYTES,
            limits: REQUEST_LIMITS,
            typ: TYP_REQUEST,
            labels: Some(&[header::ALG, header::KID, header::TYP]),
            unprotected_allowed: false,
        }
        .open(bytes)?;
        // Verifier (counter) keys are Ed25519 only: any other algorithm is unsupported here.
        match protected.get_int(header::ALG).and_then(Value::as_i64) {
            Some(alg) if key::Algorithm::from_cose(alg) == Ok(key::Algorithm::Ed25519) => {}
            Some(alg) => return Err(RequestError::Malformed(FormatError::UnsupportedAlgorithm(alg))),
            None => return Err(invalid("the protected header has no integer alg")),
        }
        let kid = match protected.get_int(header::KID).and_then(Value::as_bytes) {
            Some(kid) if !kid.is_empty() && kid.len() <= MAX_KID_BYTES => kid_to_string(kid),
            _ => return Err(invalid(format!("a request's kid must be a byte string of 1 to {MAX_KID_BYTES} bytes"))),
        };
        Ok(RequestToken { sign1, kid })
    }

    /// The verifier key id, as text (hex for non-text ids, as in trust lists).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Strict Ed25519 verification of the signature with `key`.
    pub fn signed_by(&self, key: &VerifyingKey) -> bool {
        key::verify(&(*key).into(), key::Algorithm::Ed25519, &self.sign1.to_be_signed(), &self.sign1.signature)
    }

    /// Decodes and checks the payload. Check the signature first where there is a key to check it with.
    pub fn claims(&self) -> Result<RequestClaims, RequestError> {
        RequestClaims::from_payload(&self.sign1.payload)
    }
}

/// Signs `claims` with `key`: `18([<<{1: -19, 4: kid, 16: typ}>>, {}, <<claims>>, signature])`.
pub(crate) fn sign(key: &VerifierKey, claims: &RequestClaims) -> Vec<u8> {
    key.sign_token(Value::text(TYP_REQUEST), claims.to_payload(), None).to_vec()
}

/// The audience a presentation carries must be the verifier id itself or a path under it
/// (`id/counter-7`), so a registered verifier cannot ask for presentations addressed to another.
pub fn audience_belongs_to(audience: &str, verifier_id: &str) -> bool {
    audience == verifier_id || audience.strip_prefix(verifier_id).is_some_and(|rest| rest.starts_with('/'))
}

fn claim_name(value: &Value) -> Result<ClaimName, RequestError> {
    let name = value.as_text().ok_or_else(|| invalid("a requested claim name is not text"))?;
    if name.is_empty() || name.len() > MAX_CLAIM_NAME_BYTES {
        return Err(invalid(format!("a requested claim name must be 1 to {MAX_CLAIM_NAME_BYTES} bytes")));
    }
    name.parse().map_err(|_| RequestError::UnknownClaim(name.to_owned()))
}

fn invalid(what: impl Into<String>) -> RequestError {
    RequestError::Malformed(FormatError::Invalid(what.into()))
}
