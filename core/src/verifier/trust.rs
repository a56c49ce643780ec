//! The trust list: which issuer keys a verifier (or a wallet importing credentials) accepts.
//!
//! JSON form (FORMAT.md "Trust list"):
//! `{"version": 1, "issuers": [{"kid", "iss", "name"?, "key": {"kty": "OKP", "crv": "Ed25519", "x": base64url}}]}`

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::cose::{SdCwt, key};
use crate::credential::{Credential, kid_to_string};
use crate::error::{FormatError, VerifyError};

/// One trusted issuer key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedIssuer {
    pub kid: String,
    /// The `iss` its credentials must carry.
    pub iss: String,
    /// A display name for counter staff.
    pub name: Option<String>,
    pub public_key: VerifyingKey,
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
}

/// The public key as an OKP JWK (RFC 8037), familiar to anyone who has handled a JWKS.
/// Also the key form of the registered-verifier list (`crate::request::VerifierRegistry`).
#[derive(Serialize, Deserialize)]
pub(crate) struct JwkJson {
    kty: String,
    crv: String,
    x: String,
}

impl JwkJson {
    pub(crate) fn from_key(key: &VerifyingKey) -> JwkJson {
        JwkJson { kty: "OKP".into(), crv: "Ed25519".into(), x: URL_SAFE_NO_PAD.encode(key.as_bytes()) }
    }

    /// The Ed25519 key; `list` and `kid` name it in errors.
    pub(crate) fn to_key(&self, list: &str, kid: &str) -> Result<VerifyingKey, FormatError> {
        if self.kty != "OKP" || self.crv != "Ed25519" {
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
        key::verifying_key(issuer.public_key.as_bytes())?;
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
                let public_key = i.key.to_key("trust list", &i.kid)?;
                Ok(TrustedIssuer { kid: i.kid, iss: i.iss, name: i.name, public_key })
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
                    key: JwkJson::from_key(&i.public_key),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&json).expect("a trust list always serializes")
    }

    /// Finds the SD-CWT's key by `kid` and checks its algorithm is Ed25519 (signature not checked).
    pub(crate) fn issuer_for(&self, sd_cwt: &SdCwt) -> Result<&TrustedIssuer, VerifyError> {
        let kid = kid_to_string(sd_cwt.kid().unwrap_or_default());
        let issuer = self.get(&kid).ok_or(VerifyError::UnknownIssuer { kid })?;
        key::check_ed25519_alg(&sd_cwt.protected)?;
        Ok(issuer)
    }

    /// Finds the SD-CWT's key by `kid` and checks the issuer signature: the first thing verified,
    /// before any claim is read.
    pub(crate) fn check_issuer_signature(&self, sd_cwt: &SdCwt) -> Result<&TrustedIssuer, VerifyError> {
        let issuer = self.issuer_for(sd_cwt)?;
        if !key::verify_ed25519(&issuer.public_key, &sd_cwt.sign1.to_be_signed(), &sd_cwt.sign1.signature) {
            return Err(VerifyError::BadIssuerSignature);
        }
        Ok(issuer)
    }

    /// Checks a whole credential came from a trusted issuer: signature, then `iss`.
    pub fn check_credential(&self, credential: &Credential) -> Result<&TrustedIssuer, VerifyError> {
        let issuer = self.check_issuer_signature(credential.sd_cwt())?;
        check_iss(issuer, &credential.info().issuer)?;
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
        TrustedIssuer {
            kid: kid.into(),
            iss: "https://id.example.vn".into(),
            name: Some("Bộ Công an (test)".into()),
            public_key: SigningKey::from_bytes(&[seed; 32]).verifying_key(),
        }
    }

    #[test]
    fn json_round_trips() {
        let list = TrustList::new(vec![issuer("a", 1), issuer("b", 2)]).unwrap();
        let json = list.to_json();
        assert!(json.contains("\"crv\": \"Ed25519\""));
        assert_eq!(TrustList::from_json(&json).unwrap(), list);
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
