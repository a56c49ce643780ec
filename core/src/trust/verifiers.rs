//! The registered-verifier list a wallet loads: which verifier keys exist, whose they are, and
//! which claims (and, optionally, which purposes) each verifier is registered to ask for.
//!
//! JSON form (FORMAT.md "Registered verifiers"):
//! `{"version": 1, "verifiers": [{"id", "kid", "name", "key": JWK, "claims": [...], "purposes"?: [...]}]}`

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use super::issuers::JwkJson;
use super::{MAX_NAME_BYTES, MAX_PURPOSE_BYTES, MAX_VERIFIER_ID_BYTES};
use crate::claims::{ClaimName, check_text};
use crate::clock::SigningPeriod;
use crate::cose::key;
use crate::error::FormatError;
use crate::signer::MAX_KID_BYTES;

/// One registered verifier key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisteredVerifier {
    /// The verifier id its requests carry in `iss`.
    pub id: String,
    pub kid: String,
    /// The name a wallet shows for it (the request's own name is only a claim).
    pub name: String,
    pub public_key: VerifyingKey,
    /// The claims it is registered to ask for; a request for others is over-asking.
    pub claims: Vec<ClaimName>,
    /// The purposes it is registered for; `None`: any purpose.
    pub purposes: Option<Vec<String>>,
    /// When this key may sign requests: a request whose `iat` falls outside is refused.
    pub valid: SigningPeriod,
}

/// The verifier keys a wallet recognises, by `kid`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifierRegistry {
    verifiers: Vec<RegisteredVerifier>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryJson {
    version: u32,
    verifiers: Vec<VerifierJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifierJson {
    id: String,
    kid: String,
    name: String,
    key: JwkJson,
    claims: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    purposes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_from: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_until: Option<i64>,
}

impl VerifierRegistry {
    pub fn new(verifiers: Vec<RegisteredVerifier>) -> Result<VerifierRegistry, FormatError> {
        let mut registry = VerifierRegistry::default();
        for verifier in verifiers {
            registry.add(verifier)?;
        }
        Ok(registry)
    }

    /// Adds an entry after checking it and its relation to the others: unique `kid`, and no
    /// verifier id that is a path under another (`bank` and `bank/x`), because a verifier may
    /// address presentations to any path under its own id.
    pub fn add(&mut self, verifier: RegisteredVerifier) -> Result<(), FormatError> {
        let bad = |reason: String| FormatError::invalid(format!("verifier registry: {:?}: {reason}", verifier.kid));
        if verifier.kid.is_empty() || verifier.kid.len() > MAX_KID_BYTES {
            return Err(bad(format!("kid must be 1 to {MAX_KID_BYTES} bytes")));
        }
        check_text("the verifier id", &verifier.id, MAX_VERIFIER_ID_BYTES).map_err(bad)?;
        check_text("the name", &verifier.name, MAX_NAME_BYTES).map_err(bad)?;
        for purpose in verifier.purposes.iter().flatten() {
            check_text("a purpose", purpose, MAX_PURPOSE_BYTES).map_err(bad)?;
        }
        if self.get(&verifier.kid).is_some() {
            return Err(bad("the kid appears twice".into()));
        }
        let nested = |a: &str, b: &str| a.strip_prefix(b).is_some_and(|rest| rest.starts_with('/'));
        if self.verifiers.iter().any(|v| nested(&v.id, &verifier.id) || nested(&verifier.id, &v.id)) {
            return Err(bad("its id is a path under another verifier's id, or the other way round".into()));
        }
        if !verifier.valid.is_valid() {
            return Err(bad("its validity period is empty".into()));
        }
        key::verifying_key(verifier.public_key.as_bytes())?;
        self.verifiers.push(verifier);
        Ok(())
    }

    pub fn verifiers(&self) -> &[RegisteredVerifier] {
        &self.verifiers
    }

    pub fn get(&self, kid: &str) -> Option<&RegisteredVerifier> {
        self.verifiers.iter().find(|v| v.kid == kid)
    }

    pub fn from_json(json: &str) -> Result<VerifierRegistry, FormatError> {
        let parsed: RegistryJson =
            serde_json::from_str(json).map_err(|e| FormatError::invalid(format!("verifier registry: {e}")))?;
        if parsed.version != 1 {
            return Err(FormatError::invalid(format!(
                "verifier registry: version {} is not supported",
                parsed.version
            )));
        }
        let verifiers = parsed
            .verifiers
            .into_iter()
            .map(|v| {
                let public_key = v.key.to_key("verifier registry", &v.kid)?;
                let claims = v
                    .claims
                    .iter()
                    .map(|c| c.parse::<ClaimName>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| FormatError::invalid(format!("verifier registry: {:?}: {e}", v.kid)))?;
                Ok(RegisteredVerifier {
                    id: v.id,
                    kid: v.kid,
                    name: v.name,
                    public_key,
                    claims,
                    purposes: v.purposes,
                    valid: SigningPeriod { from: v.valid_from, until: v.valid_until },
                })
            })
            .collect::<Result<Vec<_>, FormatError>>()?;
        VerifierRegistry::new(verifiers)
    }

    pub fn to_json(&self) -> String {
        let json = RegistryJson {
            version: 1,
            verifiers: self
                .verifiers
                .iter()
                .map(|v| VerifierJson {
                    id: v.id.clone(),
                    kid: v.kid.clone(),
                    name: v.name.clone(),
                    key: JwkJson::from_key(&v.public_key),
                    claims: v.claims.iter().map(|c| c.as_str()).collect(),
                    purposes: v.purposes.clone(),
                    valid_from: v.valid.from,
                    valid_until: v.valid.until,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&json).expect("a verifier registry always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    fn entry(id: &str, kid: &str, seed: u8) -> RegisteredVerifier {
        RegisteredVerifier {
            id: id.into(),
            kid: kid.into(),
            name: "Ngân hàng Ví dụ (test)".into(),
            public_key: SigningKey::from_bytes(&[seed; 32]).verifying_key(),
            claims: vec![ClaimName::FullName, ClaimName::AgeOver(18)],
            purposes: Some(vec!["Mở tài khoản".into()]),
            valid: SigningPeriod::ALWAYS,
        }
    }

    #[test]
    fn json_round_trips() {
        let mut no_purposes = entry("https://hotel.example.vn", "h1", 2);
        no_purposes.purposes = None;
        let registry = VerifierRegistry::new(vec![entry("https://bank.example.vn", "b1", 1), no_purposes]).unwrap();
        let json = registry.to_json();
        assert!(json.contains("\"age_over_18\""), "{json}");
        assert!(!json.contains("\"purposes\": null"), "{json}");
        assert_eq!(VerifierRegistry::from_json(&json).unwrap(), registry);
    }

    #[test]
    fn rejects_bad_registries() {
        let bank = || entry("https://bank.example.vn", "b1", 1);
        assert!(VerifierRegistry::new(vec![bank(), entry("https://other.example.vn", "b1", 2)]).is_err());
        // One id under another would let the outer verifier use the inner one's audiences.
        assert!(VerifierRegistry::new(vec![bank(), entry("https://bank.example.vn/x", "b2", 2)]).is_err());
        // The same verifier with a second key (rotation) is fine.
        assert!(VerifierRegistry::new(vec![bank(), entry("https://bank.example.vn", "b2", 2)]).is_ok());
        let mut bidi = bank();
        bidi.name = "Bank \u{202E}knaB".into();
        assert!(VerifierRegistry::new(vec![bidi]).is_err());
        let good = VerifierRegistry::new(vec![bank()]).unwrap().to_json();
        for (from, to) in [
            ("\"version\": 1", "\"version\": 2"),
            ("Ed25519", "P-256"),
            ("\"age_over_18\"", "\"shoe_size\""),
            ("\"kid\": \"b1\"", "\"kid\": \"\""),
            ("\"claims\"", "\"extra\": 1, \"claims\""),
        ] {
            assert!(VerifierRegistry::from_json(&good.replace(from, to)).is_err(), "{to}");
        }
        assert!(VerifierRegistry::from_json("[]").is_err());
    }
}
