//! Trust anchors: the public keys that sign trust bundles, as apps pin them.
//!
//! JSON form (an app asset, `cwallet trust init` output):
//! `{"kid": "...", "key": {"kty": "OKP", "crv": "Ed25519", "x": base64url}}`

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use super::JwkJson;
use super::MAX_ANCHORS;
use crate::cose::cbor::Value;
use crate::cose::key;
use crate::error::{FormatError, TrustError};
use crate::signer::MAX_KID_BYTES;

/// One trust anchor public key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TrustAnchor {
    pub kid: String,
    pub public_key: VerifyingKey,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnchorJson {
    kid: String,
    key: JwkJson,
}

impl TrustAnchor {
    pub fn new(kid: &str, public_key: VerifyingKey) -> Result<TrustAnchor, TrustError> {
        check_kid(kid).map_err(TrustError::Settings)?;
        key::verifying_key(public_key.as_bytes())?;
        Ok(TrustAnchor { kid: kid.to_owned(), public_key })
    }

    /// From a kid and the 32 bytes of an Ed25519 public key (what the bindings pass).
    pub fn from_bytes(kid: &str, public_key: &[u8]) -> Result<TrustAnchor, TrustError> {
        let bytes = <[u8; 32]>::try_from(public_key)
            .map_err(|_| TrustError::Settings("an anchor public key is 32 bytes (Ed25519)".into()))?;
        TrustAnchor::new(kid, key::verifying_key(&bytes)?)
    }

    pub fn from_json(json: &str) -> Result<TrustAnchor, TrustError> {
        let parsed: AnchorJson =
            serde_json::from_str(json).map_err(|e| TrustError::Settings(format!("trust anchor: {e}")))?;
        let public_key = parsed.key.to_key("trust anchor", &parsed.kid)?;
        TrustAnchor::new(&parsed.kid, public_key)
    }

    pub fn to_json(&self) -> String {
        let json = AnchorJson { kid: self.kid.clone(), key: JwkJson::from_key(&self.public_key) };
        serde_json::to_string_pretty(&json).expect("an anchor always serializes")
    }

    /// `{1: kid, 2: COSE_Key}`, as bundles name their successor anchors.
    pub(crate) fn to_cbor(&self) -> Value {
        Value::Map(vec![
            (Value::int(super::entry::KID), Value::text(self.kid.clone())),
            (Value::int(super::entry::KEY), key::PublicKey::Ed25519(self.public_key).to_cose_key()),
        ])
    }

    pub(crate) fn from_cbor(value: &Value) -> Result<TrustAnchor, FormatError> {
        super::bundle::only_labels(value, &[super::entry::KID, super::entry::KEY], "an anchor entry")?;
        let kid = super::bundle::text(value, super::entry::KID, "an anchor entry's kid")?;
        check_kid(&kid).map_err(FormatError::Invalid)?;
        let cose_key =
            value.get_int(super::entry::KEY).ok_or_else(|| FormatError::invalid("an anchor entry has no key"))?;
        Ok(TrustAnchor { public_key: key::ed25519_from_cose_key(cose_key, "an anchor key")?, kid })
    }
}

/// A set of anchors must be 1 to [`MAX_ANCHORS`] keys with distinct kids.
pub(crate) fn check_anchor_set(anchors: &[TrustAnchor]) -> Result<(), String> {
    if anchors.is_empty() || anchors.len() > MAX_ANCHORS {
        return Err(format!("a set of trust anchors holds 1 to {MAX_ANCHORS} keys"));
    }
    if anchors.iter().enumerate().any(|(i, a)| anchors[..i].iter().any(|b| b.kid == a.kid)) {
        return Err("two trust anchors share a kid".into());
    }
    Ok(())
}

fn check_kid(kid: &str) -> Result<(), String> {
    if kid.is_empty() || kid.len() > MAX_KID_BYTES || kid.chars().any(char::is_control) {
        return Err(format!("an anchor kid must be 1 to {MAX_KID_BYTES} bytes of printable text"));
    }
    Ok(())
}
