//! Salted Disclosed Claims (draft-ietf-spice-sd-cwt §4.1) and their digests.
//!
//! A disclosure is the CBOR array `[salt, value, key]` (map entry), `[salt, value]` (array element)
//! or `[salt]` (decoy), wrapped in a bstr. Its digest is SHA-256 over the **bstr-wrapped** bytes
//! (head included), as every signed example of the draft computes it.

use sha2::{Digest, Sha256};

use super::cbor::{self, Limits, Value};
use crate::error::FormatError;

/// Salt length: 128 bits, the draft's minimum.
pub const SALT_LEN: usize = 16;
/// Longest text map key a disclosure may carry (the draft's label limit).
const MAX_TEXT_KEY: usize = 255;

/// What a disclosure reveals.
#[derive(Clone, PartialEq)]
pub enum DisclosureKind {
    /// A redacted map entry: its key and value.
    MapEntry {
        /// The claim key in its map.
        key: Value,
        /// The claim value.
        value: Value,
    },
    /// A redacted array element.
    ArrayElement {
        /// The element value.
        value: Value,
    },
    /// A decoy: only a salt.
    Decoy,
}

/// One Salted Disclosed Claim, holding its exact bstr-wrapped encoding.
#[derive(Clone, PartialEq)]
pub struct Disclosure {
    encoded: Vec<u8>,
    kind: DisclosureKind,
}

/// Disclosures carry personal data: `Debug` shows only the map key.
impl std::fmt::Debug for Disclosure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            DisclosureKind::MapEntry { key, .. } => write!(f, "Disclosure(key {key:?})"),
            DisclosureKind::ArrayElement { .. } => f.write_str("Disclosure(array element)"),
            DisclosureKind::Decoy => f.write_str("Disclosure(decoy)"),
        }
    }
}

impl Disclosure {
    /// A disclosure of `kind` with this salt, encoded once (its hash is over these bytes).
    pub fn new(salt: [u8; SALT_LEN], kind: DisclosureKind) -> Disclosure {
        let mut items = vec![Value::Bytes(salt.to_vec())];
        match &kind {
            DisclosureKind::MapEntry { key, value } => items.extend([value.clone(), key.clone()]),
            DisclosureKind::ArrayElement { value } => items.push(value.clone()),
            DisclosureKind::Decoy => {}
        }
        Disclosure { encoded: cbor::encode_bstr(&Value::Array(items).to_vec()), kind }
    }

    /// Parses one bstr-wrapped disclosure as received.
    pub fn parse(encoded: &[u8], limits: Limits) -> Result<Disclosure, FormatError> {
        let Value::Bytes(content) = cbor::decode(encoded, limits)? else {
            return Err(FormatError::invalid("a disclosure is not a byte string"));
        };
        let Value::Array(mut items) = cbor::decode(&content, limits)? else {
            return Err(FormatError::invalid("a disclosure is not an array"));
        };
        if !matches!(items.first(), Some(Value::Bytes(salt)) if salt.len() == SALT_LEN) {
            return Err(FormatError::invalid("a disclosure's salt is not 16 bytes"));
        }
        let kind = match items.len() {
            1 => DisclosureKind::Decoy,
            2 => DisclosureKind::ArrayElement { value: items.pop().expect("2 items") },
            3 => {
                let key = items.pop().expect("3 items");
                let valid_key = match &key {
                    Value::Integer(_) => true,
                    Value::Text(t) => !t.is_empty() && t.len() <= MAX_TEXT_KEY,
                    _ => false,
                };
                if !valid_key {
                    return Err(FormatError::invalid("a disclosure's claim key is not an integer or short text"));
                }
                DisclosureKind::MapEntry { key, value: items.pop().expect("3 items") }
            }
            _ => return Err(FormatError::invalid("a disclosure must have 1 to 3 items")),
        };
        Ok(Disclosure { encoded: encoded.to_vec(), kind })
    }

    /// The bytes that are hashed and carried in `sd_claims`: the complete bstr item.
    pub fn encoded(&self) -> &[u8] {
        &self.encoded
    }

    /// What the disclosure reveals.
    pub fn kind(&self) -> &DisclosureKind {
        &self.kind
    }

    /// The Redacted Claim Hash: SHA-256 over the bstr-wrapped disclosure.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(&self.encoded).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_a_bstr_wrapped_array_and_parses_back() {
        let d = Disclosure::new(
            [0xbb; SALT_LEN],
            DisclosureKind::MapEntry { key: Value::int(4), value: Value::text("An") },
        );
        assert_eq!(hex::encode(d.encoded()), format!("568350{}62416e04", "bb".repeat(16)));
        assert_eq!(Disclosure::parse(d.encoded(), Limits::default()).unwrap(), d);
        assert_eq!(d.digest(), <[u8; 32]>::from(Sha256::digest(d.encoded())));
    }

    #[test]
    fn parses_elements_and_decoys_and_rejects_bad_shapes() {
        let l = Limits::default();
        for kind in [DisclosureKind::ArrayElement { value: Value::int(7) }, DisclosureKind::Decoy] {
            let d = Disclosure::new([1; SALT_LEN], kind.clone());
            assert!(Disclosure::parse(d.encoded(), l).unwrap().kind() == &kind);
        }
        let wrap = |v: Value| cbor::encode_bstr(&v.to_vec());
        let salt = Value::Bytes(vec![0; 16]);
        assert!(Disclosure::parse(&wrap(Value::Array(vec![])), l).is_err());
        assert!(Disclosure::parse(&wrap(Value::Array(vec![Value::Bytes(vec![0; 15])])), l).is_err());
        let bad_key = Value::Array(vec![salt.clone(), Value::int(1), Value::Bytes(vec![1])]);
        assert!(Disclosure::parse(&wrap(bad_key), l).is_err());
        let four = Value::Array(vec![salt.clone(), Value::int(1), Value::int(1), Value::int(1)]);
        assert!(Disclosure::parse(&wrap(four), l).is_err());
        assert!(Disclosure::parse(&Value::Array(vec![salt]).to_vec(), l).is_err());
    }
}
