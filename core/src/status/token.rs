//! The Status List Token in CWT form (draft-ietf-oauth-status-list §5.2): a tagged COSE_Sign1 with
//! `typ` "application/statuslist+cwt", whose claims are `sub` (the list's URI), `iat`, `exp`,
//! `ttl` (65534) and `status_list` (65533).
//!
//! Parsing is in two steps so that nothing the issuer signed is read before its signature is
//! checked: [`StatusListToken::from_bytes`] reads the envelope only, [`StatusListToken::verify`]
//! checks the signature against the trust list and only then decodes the claims and the list.

use super::list::StatusList;
use crate::cose::cbor::{self, Limits, Value};
use crate::cose::claims_set::ClaimsSet;
use crate::cose::kid_to_string;
use crate::cose::sign1::{Envelope, Sign1};
use crate::cose::{claim, header, key};
use crate::error::StatusListError;
use crate::issuer::IssuerKey;
use crate::trust::TrustList;

/// `typ` of a Status List Token in CWT form (its CoAP content format number is not assigned yet).
pub const TYP_STATUSLIST_CWT: &str = "application/statuslist+cwt";
/// CWT claim key of `ttl`: seconds a consumer may cache the token before fetching a fresh one.
pub const CLAIM_TTL: i64 = 65534;
/// CWT claim key of `status_list`.
pub const CLAIM_STATUS_LIST: i64 = 65533;
/// Largest Status List Token accepted, in bytes. A list of 2^20 one-bit entries with 10%
/// revoked at random compresses to about 60 KB; this leaves room for far larger lists.
pub const MAX_TOKEN_BYTES: usize = 4 * 1024 * 1024;
/// CBOR bounds for a Status List Token (its structure is small; only `lst` is large).
pub const TOKEN_LIMITS: Limits = Limits { max_depth: 8, max_items: 32 };

/// The claims of a Status List Token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusListClaims {
    /// `iss`, when the token carries one (ours always do; the draft does not require it).
    pub iss: Option<String>,
    /// `sub`: the URI credentials name in their `status` claim.
    pub uri: String,
    pub issued_at: i64,
    pub expires_at: Option<i64>,
    pub not_before: Option<i64>,
    /// `ttl` in seconds.
    pub ttl: Option<u64>,
    pub list: StatusList,
}

impl StatusListClaims {
    /// When a consumer should fetch a fresh copy: `iat + ttl` (draft §12.11, second option), else `exp`.
    pub fn refresh_due_at(&self) -> Option<i64> {
        match self.ttl {
            Some(ttl) => Some(self.issued_at.saturating_add(i64::try_from(ttl).unwrap_or(i64::MAX))),
            None => self.expires_at,
        }
    }
}

/// A Status List Token whose signature has been checked against the trust list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedStatusList {
    /// The trusted issuer's `iss`: credentials from this issuer may be checked against this list.
    pub iss: String,
    /// The signing key's id in the trust list.
    pub kid: String,
    pub claims: StatusListClaims,
}

/// A parsed Status List Token envelope; its claims are not read until [`StatusListToken::verify`].
#[derive(Clone, Debug, PartialEq)]
pub struct StatusListToken {
    sign1: Sign1,
    protected: Value,
}

impl StatusListToken {
    /// Reads the COSE_Sign1_Tagged envelope and checks `typ` and the presence of `alg`.
    pub fn from_bytes(bytes: &[u8]) -> Result<StatusListToken, StatusListError> {
        // The draft requires the COSE_Sign1_Tagged form and forbids the CWT tag (61) around it.
        let (sign1, protected) = Envelope {
            what: "a status list token",
            max_bytes: MAX_TOKEN_BYTES,
            limits: TOKEN_LIMITS,
            typ: TYP_STATUSLIST_CWT,
            labels: None,
            unprotected_allowed: true,
        }
        .open(bytes)?;
        let token = StatusListToken { sign1, protected };
        if let Some(kid) = token.kid_value() {
            kid.as_bytes().ok_or_else(|| StatusListError::invalid("kid is not a byte string"))?;
        }
        Ok(token)
    }

    /// The COSE algorithm of the signature.
    pub fn alg(&self) -> i64 {
        self.protected.get_int(header::ALG).and_then(Value::as_i64).expect("checked at parse")
    }

    /// `kid`, from the protected header or else (as in the draft's example) the unprotected one.
    pub fn kid(&self) -> Option<&[u8]> {
        self.kid_value().and_then(Value::as_bytes)
    }

    fn kid_value(&self) -> Option<&Value> {
        let kid = Value::int(header::KID);
        self.protected.get(&kid).or_else(|| self.sign1.unprotected.iter().find(|(k, _)| *k == kid).map(|(_, v)| v))
    }

    /// Checks the signature with the trusted key named by `kid`, then reads and checks the claims.
    pub fn verify(&self, trust: &TrustList) -> Result<VerifiedStatusList, StatusListError> {
        let kid = kid_to_string(self.kid().unwrap_or_default());
        let issuer = trust.get(&kid).ok_or(StatusListError::UnknownIssuer { kid })?;
        let alg = key::signing_algorithm(&self.protected, &issuer.public_key)?;
        if !key::verify(&issuer.public_key, alg, &self.sign1.to_be_signed(), &self.sign1.signature) {
            return Err(StatusListError::BadSignature);
        }
        let claims = self.claims_unverified()?;
        if let Some(iss) = &claims.iss
            && *iss != issuer.iss
        {
            return Err(StatusListError::IssuerMismatch { iss: iss.clone(), expected: issuer.iss.clone() });
        }
        Ok(VerifiedStatusList { iss: issuer.iss.clone(), kid: issuer.kid.clone(), claims })
    }

    /// The claims **without** any signature check: for inspecting tokens signed by keys one does not
    /// hold (such as the draft's example). Never base a decision on them.
    pub fn claims_unverified(&self) -> Result<StatusListClaims, StatusListError> {
        let payload = cbor::decode(&self.sign1.payload, TOKEN_LIMITS)?;
        let registered = ClaimsSet::from_map(&payload)?;
        let uri = registered.sub.ok_or_else(|| StatusListError::invalid("the token has no sub (the list's URI)"))?;
        let issued_at = registered.iat.ok_or_else(|| StatusListError::invalid("the token has no iat"))?;
        if registered.exp.is_some_and(|exp| exp <= issued_at) {
            return Err(StatusListError::invalid("the token expires before it was issued"));
        }
        let ttl = match payload.get_int(CLAIM_TTL) {
            None => None,
            Some(v) => Some(
                v.as_integer()
                    .and_then(|t| u64::try_from(t).ok())
                    .filter(|&t| t > 0)
                    .ok_or_else(|| StatusListError::invalid("ttl is not a positive integer"))?,
            ),
        };
        let list = payload
            .get_int(CLAIM_STATUS_LIST)
            .ok_or_else(|| StatusListError::invalid("the token has no status_list claim"))?;
        Ok(StatusListClaims {
            iss: registered.iss,
            uri,
            issued_at,
            expires_at: registered.exp,
            not_before: registered.nbf,
            ttl,
            list: StatusList::from_cbor(list)?,
        })
    }
}

/// Signs `claims` as a Status List Token with `key` (Ed25519, `kid` in the protected header).
pub(crate) fn sign(key: &IssuerKey, claims: &StatusListClaims) -> Vec<u8> {
    // Claim order follows the draft's example, with iss first.
    let mut payload = Vec::new();
    if let Some(iss) = &claims.iss {
        payload.push((Value::int(claim::ISS), Value::text(iss.clone())));
    }
    payload.push((Value::int(claim::SUB), Value::text(claims.uri.clone())));
    payload.push((Value::int(claim::IAT), Value::int(claims.issued_at)));
    if let Some(exp) = claims.expires_at {
        payload.push((Value::int(claim::EXP), Value::int(exp)));
    }
    if let Some(nbf) = claims.not_before {
        payload.push((Value::int(claim::NBF), Value::int(nbf)));
    }
    if let Some(ttl) = claims.ttl {
        payload.push((Value::int(CLAIM_TTL), Value::int(ttl)));
    }
    payload.push((Value::int(CLAIM_STATUS_LIST), claims.list.to_cbor()));
    key.sign_token(Value::text(TYP_STATUSLIST_CWT), Value::Map(payload).to_vec(), None).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SigningPeriod;
    use crate::trust::TrustedIssuer;

    fn key() -> IssuerKey {
        IssuerKey::from_secret("sl-1", &[9; 32]).unwrap()
    }

    fn trust(key: &IssuerKey, iss: &str) -> TrustList {
        TrustList::new(vec![TrustedIssuer {
            kid: key.kid().into(),
            iss: iss.into(),
            name: None,
            public_key: key.public_key().into(),
            signing_period: SigningPeriod::ALWAYS,
            status_uris: Vec::new(),
        }])
        .unwrap()
    }

    fn claims() -> StatusListClaims {
        let mut list = StatusList::new(2, 1024).unwrap();
        list.set(3, 1).unwrap();
        StatusListClaims {
            iss: Some("https://id.example.vn".into()),
            uri: "https://id.example.vn/status/1".into(),
            issued_at: 1_790_000_000,
            expires_at: Some(1_790_086_400),
            not_before: None,
            ttl: Some(3600),
            list,
        }
    }

    #[test]
    fn signed_token_verifies_and_round_trips_its_claims() {
        let key = key();
        let bytes = sign(&key, &claims());
        let verified =
            StatusListToken::from_bytes(&bytes).unwrap().verify(&trust(&key, "https://id.example.vn")).unwrap();
        assert_eq!(verified.claims, claims());
        assert_eq!(verified.kid, "sl-1");
        assert_eq!(verified.claims.refresh_due_at(), Some(1_790_003_600));
    }

    #[test]
    fn rejects_wrong_signer_issuer_and_tampering() {
        let key = key();
        let bytes = sign(&key, &claims());
        let token = StatusListToken::from_bytes(&bytes).unwrap();
        assert!(matches!(
            token.verify(&trust(&key, "https://other.example")),
            Err(StatusListError::IssuerMismatch { .. })
        ));
        let other = IssuerKey::from_secret("sl-1", &[8; 32]).unwrap();
        assert_eq!(token.verify(&trust(&other, "https://id.example.vn")), Err(StatusListError::BadSignature));
        let stranger = IssuerKey::from_secret("zz", &[8; 32]).unwrap();
        assert!(matches!(token.verify(&trust(&stranger, "x")), Err(StatusListError::UnknownIssuer { .. })));
        let mut tampered = bytes.clone();
        let last = tampered.len() - 70;
        tampered[last] ^= 1;
        let result =
            StatusListToken::from_bytes(&tampered).and_then(|t| t.verify(&trust(&key, "https://id.example.vn")));
        assert!(result.is_err());
    }

    #[test]
    fn rejects_untagged_and_wrong_typ() {
        let bytes = sign(&key(), &claims());
        assert!(StatusListToken::from_bytes(&bytes[1..]).is_err());
        let mut cwt_tagged = vec![0xd8, 0x3d];
        cwt_tagged.extend_from_slice(&bytes);
        assert!(StatusListToken::from_bytes(&cwt_tagged).is_err());
        let mut sign1 = Sign1::from_bytes(&bytes, TOKEN_LIMITS).unwrap();
        sign1.protected =
            Value::Map(vec![(Value::int(1), Value::int(-19)), (Value::int(16), Value::text("application/cwt"))])
                .to_vec();
        assert!(StatusListToken::from_bytes(&sign1.to_vec()).is_err());
        assert!(StatusListToken::from_bytes(&[0xd2]).is_err());
    }
}
