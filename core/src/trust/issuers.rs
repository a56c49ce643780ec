//! The trust list: which issuer keys a verifier (or a wallet importing credentials) accepts.
//!
//! JSON form (FORMAT.md "Trust list"), for development only (deployments use the signed trust
//! bundle of `crate::trust`):
//! `{"version": 1, "issuers": [{"kid", "iss", "name"?, "key": JWK, "valid_from"?, "valid_until"?, "status_uris"?}]}`,
//! the JWK an OKP/Ed25519 key `{"kty": "OKP", "crv": "Ed25519", "x"}` or an EC key
//! `{"kty": "EC", "crv": "P-256" | "P-384", "x", "y"}`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::clock::SigningPeriod;
use crate::cose::SdCwt;
use crate::cose::key::{self, PublicKey};
use crate::cose::kid_to_string;
use crate::error::{FormatError, VerifyError};

/// One trusted issuer key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedIssuer {
    pub kid: String,
    /// The `iss` its credentials must carry.
    pub iss: String,
    /// A display name for counter staff.
    pub name: Option<String>,
    /// Ed25519 (signs with -19 / -8), P-256 (ES256) or P-384 (ES384).
    pub public_key: PublicKey,
    /// When this key may sign: a credential verifies only if its `iat` falls in this period.
    pub signing_period: SigningPeriod,
    /// The status list URIs this issuer publishes (informative: where a counter syncs from).
    pub status_uris: Vec<String>,
}

impl TrustedIssuer {
    /// A key that may sign at any time and names no status list.
    pub fn new(kid: &str, iss: &str, name: Option<&str>, public_key: PublicKey) -> TrustedIssuer {
        TrustedIssuer {
            kid: kid.to_owned(),
            iss: iss.to_owned(),
            name: name.map(str::to_owned),
            public_key,
            signing_period: SigningPeriod::ALWAYS,
            status_uris: Vec::new(),
        }
    }

    /// A credential (or status list) signed at `iat` by this key is acceptable only inside its period.
    pub(crate) fn check_signed_at(&self, iat: i64) -> Result<(), VerifyError> {
        if !self.signing_period.contains(iat) {
            return Err(VerifyError::OutsideSigningPeriod { kid: self.kid.clone(), iat });
        }
        Ok(())
    }
}

/// The issuer keys a verifier accepts, by `kid`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustList {
    issuers: Vec<TrustedIssuer>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustListJson {
    version: u32,
    issuers: Vec<IssuerJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuerJson {
    kid: String,
    iss: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    key: JwkJson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_from: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_until: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    status_uris: Vec<String>,
}

/// The public key as a JWK: OKP (RFC 8037) or EC (RFC 7518 §6.2), familiar to anyone who has
/// handled a JWKS. Also the key form of the registered-verifier list ([`super::VerifierRegistry`]),
/// where only Ed25519 is accepted.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JwkJson {
    kty: String,
    crv: String,
    x: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    y: Option<String>,
}

impl JwkJson {
    pub(crate) fn from_key(key: &VerifyingKey) -> JwkJson {
        JwkJson::from_public_key(&PublicKey::Ed25519(*key))
    }

    pub(crate) fn from_public_key(key: &PublicKey) -> JwkJson {
        let b64 = |b: &[u8]| URL_SAFE_NO_PAD.encode(b);
        let bytes = key.to_bytes();
        match key {
            PublicKey::Ed25519(_) => JwkJson { kty: "OKP".into(), crv: "Ed25519".into(), x: b64(&bytes), y: None },
            PublicKey::P256(_) | PublicKey::P384(_) => {
                let (x, y) = bytes[1..].split_at((bytes.len() - 1) / 2);
                JwkJson { kty: "EC".into(), crv: key.key_type().into(), x: b64(x), y: Some(b64(y)) }
            }
        }
    }

    /// Any accepted key type (trust lists).
    pub(crate) fn to_public_key(&self, list: &str, kid: &str) -> Result<PublicKey, FormatError> {
        let len = match (self.kty.as_str(), self.crv.as_str()) {
            ("OKP", "Ed25519") => return self.to_key(list, kid).map(PublicKey::Ed25519),
            ("EC", "P-256") => 32,
            ("EC", "P-384") => 48,
            _ => {
                return Err(FormatError::invalid(format!(
                    "{list}: key {kid:?} is none of OKP/Ed25519, EC/P-256, EC/P-384"
                )));
            }
        };
        let coordinate = |name: &str, value: Option<&String>| {
            value.and_then(|v| URL_SAFE_NO_PAD.decode(v.as_bytes()).ok()).filter(|b| b.len() == len).ok_or_else(|| {
                FormatError::invalid(format!("{list}: key {kid:?} {name} is not {len} bytes of base64url"))
            })
        };
        let mut sec1 = vec![0x04];
        sec1.extend(coordinate("x", Some(&self.x))?);
        sec1.extend(coordinate("y", self.y.as_ref())?);
        PublicKey::from_bytes(&sec1).map_err(|e| FormatError::invalid(format!("{list}: key {kid:?}: {e}")))
    }

    /// The Ed25519 key; `list` and `kid` name it in errors.
    pub(crate) fn to_key(&self, list: &str, kid: &str) -> Result<VerifyingKey, FormatError> {
        if self.kty != "OKP" || self.crv != "Ed25519" || self.y.is_some() {
            return Err(FormatError::invalid(format!("{list}: key {kid:?} is not OKP/Ed25519")));
        }
        let x = URL_SAFE_NO_PAD
            .decode(self.x.as_bytes())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| FormatError::invalid(format!("{list}: key {kid:?} x is not 32 bytes of base64url")))?;
        key::verifying_key(&x)
    }
}

impl TrustList {
    pub fn new(issuers: Vec<TrustedIssuer>) -> Result<TrustList, FormatError> {
        let mut list = TrustList::default();
        for issuer in issuers {
            list.add(issuer)?;
        }
        Ok(list)
    }

    pub fn add(&mut self, issuer: TrustedIssuer) -> Result<(), FormatError> {
        if self.get(&issuer.kid).is_some() {
            return Err(FormatError::invalid(format!("trust list: kid {:?} appears twice", issuer.kid)));
        }
        if let PublicKey::Ed25519(ed) = &issuer.public_key {
            key::verifying_key(ed.as_bytes())?;
        }
        if !issuer.signing_period.is_valid() {
            return Err(FormatError::invalid(format!("trust list: kid {:?} has an empty signing period", issuer.kid)));
        }
        self.issuers.push(issuer);
        Ok(())
    }

    pub fn issuers(&self) -> &[TrustedIssuer] {
        &self.issuers
    }

    pub fn get(&self, kid: &str) -> Option<&TrustedIssuer> {
        self.issuers.iter().find(|i| i.kid == kid)
    }

    pub fn from_json(json: &str) -> Result<TrustList, FormatError> {
        let parsed: TrustListJson =
            serde_json::from_str(json).map_err(|e| FormatError::invalid(format!("trust list: {e}")))?;
        if parsed.version != 1 {
            return Err(FormatError::invalid(format!("trust list: version {} is not supported", parsed.version)));
        }
        let issuers = parsed
            .issuers
            .into_iter()
            .map(|i| {
                let public_key = i.key.to_public_key("trust list", &i.kid)?;
                Ok(TrustedIssuer {
                    kid: i.kid,
                    iss: i.iss,
                    name: i.name,
                    public_key,
                    signing_period: SigningPeriod { from: i.valid_from, until: i.valid_until },
                    status_uris: i.status_uris,
                })
            })
            .collect::<Result<Vec<_>, FormatError>>()?;
        TrustList::new(issuers)
    }

    pub fn to_json(&self) -> String {
        let json = TrustListJson {
            version: 1,
            issuers: self
                .issuers
                .iter()
                .map(|i| IssuerJson {
                    kid: i.kid.clone(),
                    iss: i.iss.clone(),
                    name: i.name.clone(),
                    key: JwkJson::from_public_key(&i.public_key),
                    valid_from: i.signing_period.from,
                    valid_until: i.signing_period.until,
                    status_uris: i.status_uris.clone(),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&json).expect("a trust list always serializes")
    }

    /// Finds the SD-CWT's key by `kid` and checks its protected `alg` is that key's algorithm
    /// (signature not checked).
    pub(crate) fn issuer_for(&self, sd_cwt: &SdCwt) -> Result<(&TrustedIssuer, key::Algorithm), VerifyError> {
        let kid = kid_to_string(sd_cwt.kid().unwrap_or_default());
        let issuer = self.get(&kid).ok_or(VerifyError::UnknownIssuer { kid })?;
        let alg = key::signing_algorithm(&sd_cwt.protected, &issuer.public_key)?;
        Ok((issuer, alg))
    }

    /// Finds the SD-CWT's key by `kid` and checks the issuer signature: the first thing verified,
    /// before any claim is read.
    pub(crate) fn check_issuer_signature(&self, sd_cwt: &SdCwt) -> Result<&TrustedIssuer, VerifyError> {
        let (issuer, alg) = self.issuer_for(sd_cwt)?;
        if !key::verify(&issuer.public_key, alg, &sd_cwt.sign1.to_be_signed(), &sd_cwt.sign1.signature) {
            return Err(VerifyError::BadIssuerSignature);
        }
        Ok(issuer)
    }
}

/// The signed `iss` must be the one the trust list names for this key.
pub(crate) fn check_iss(issuer: &TrustedIssuer, iss: &str) -> Result<(), VerifyError> {
    if iss != issuer.iss {
        return Err(VerifyError::IssuerMismatch { iss: iss.to_owned(), expected: issuer.iss.clone() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    fn issuer(kid: &str, seed: u8) -> TrustedIssuer {
        let mut issuer = TrustedIssuer::new(
            kid,
            "https://id.example.vn",
            Some("Bộ Công an (test)"),
            SigningKey::from_bytes(&[seed; 32]).verifying_key().into(),
        );
        issuer.signing_period = SigningPeriod { from: Some(1_000), until: None };
        issuer.status_uris = vec!["https://id.example.vn/status/1".into()];
        issuer
    }

    #[test]
    fn json_round_trips() {
        let list = TrustList::new(vec![issuer("a", 1), issuer("b", 2)]).unwrap();
        let json = list.to_json();
        assert!(json.contains("\"crv\": \"Ed25519\""));
        assert_eq!(TrustList::from_json(&json).unwrap(), list);
    }

    #[test]
    fn ec_keys_round_trip_as_jwk() {
        let p256 = p256::ecdsa::SigningKey::from_slice(&[9; 32]).unwrap();
        let p384 = p384::ecdsa::SigningKey::from_slice(&[9; 48]).unwrap();
        let mut a = issuer("a", 1);
        a.public_key = PublicKey::P256(*p256.verifying_key());
        let mut b = issuer("b", 1);
        b.public_key = PublicKey::P384(*p384.verifying_key());
        let list = TrustList::new(vec![a, b]).unwrap();
        let json = list.to_json();
        assert!(json.contains("\"crv\": \"P-256\"") && json.contains("\"crv\": \"P-384\""), "{json}");
        assert_eq!(TrustList::from_json(&json).unwrap(), list);
        // A P-384 curve name on P-256 coordinates, or a missing y, is refused.
        let first_crv = json.find("P-256").unwrap();
        let mut wrong = json.clone();
        wrong.replace_range(first_crv..first_crv + 5, "P-384");
        assert!(TrustList::from_json(&wrong).is_err());
        let no_y = json.replacen("\"y\"", "\"z\"", 1);
        assert!(TrustList::from_json(&no_y).is_err());
    }

    #[test]
    fn rejects_bad_lists() {
        assert!(TrustList::new(vec![issuer("a", 1), issuer("a", 2)]).is_err());
        let good = TrustList::new(vec![issuer("a", 1)]).unwrap().to_json();
        for (from, to) in [("\"version\": 1", "\"version\": 2"), ("Ed25519", "P-256"), ("\"x\": \"", "\"x\": \"AA")] {
            assert!(TrustList::from_json(&good.replace(from, to)).is_err(), "{to}");
        }
        assert!(TrustList::from_json("{").is_err());
        assert!(TrustList::from_json(&good.replace("\"iss\"", "\"extra\": 1, \"iss\"")).is_err());
    }
}
