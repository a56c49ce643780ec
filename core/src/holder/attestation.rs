//! Where a key attestation travels in an issuance request (the hook; verification is not
//! implemented: docs/hardware-keys.md "Key attestation" says what an issuer would check).
//!
//! The issuance proof of possession is a COSE_Sign1 made by the holder key over the issuer's nonce.
//! Its protected header carries the attestation, so the attestation is bound to that proof:
//! - Android key attestation: the Keystore's certificate chain for the holder key (leaf first,
//!   DER), generated with the issuer's nonce as attestation challenge, under `x5chain` (label 33,
//!   RFC 9360): one bstr for a single certificate, else an array of bstr.
//! - Apple App Attest: the attestation object (CBOR, from `DCAppAttestService.attestKey` with
//!   clientDataHash = SHA-256(issuer nonce ‖ holder COSE_Key)) under the private-use label
//!   [`HEADER_APP_ATTEST`] as a bstr.

use crate::cose::cbor::Value;
use crate::error::FormatError;

/// COSE header `x5chain` (RFC 9360).
pub const HEADER_X5CHAIN: i64 = 33;
/// Private-use COSE header label for an Apple App Attest attestation object.
pub const HEADER_APP_ATTEST: i64 = -65540;
/// Most certificates accepted in a chain (Android chains are 3 to 5 long).
pub const MAX_CHAIN_LEN: usize = 8;
/// Largest attestation accepted, in bytes (chains are a few KiB; App Attest objects ~5 KiB).
pub const MAX_ATTESTATION_BYTES: usize = 16 * 1024;

/// Evidence from the platform that the holder key lives in secure hardware.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyAttestation {
    /// Android key attestation certificate chain, leaf first, DER.
    AndroidKeyChain(Vec<Vec<u8>>),
    /// Apple App Attest attestation object.
    AppleAppAttest(Vec<u8>),
}

impl KeyAttestation {
    /// The protected-header entry that carries this attestation.
    pub fn header_entry(&self) -> Result<(Value, Value), FormatError> {
        self.check()?;
        Ok(match self {
            KeyAttestation::AndroidKeyChain(chain) if chain.len() == 1 => {
                (Value::int(HEADER_X5CHAIN), Value::Bytes(chain[0].clone()))
            }
            KeyAttestation::AndroidKeyChain(chain) => {
                (Value::int(HEADER_X5CHAIN), Value::Array(chain.iter().map(|c| Value::Bytes(c.clone())).collect()))
            }
            KeyAttestation::AppleAppAttest(object) => (Value::int(HEADER_APP_ATTEST), Value::Bytes(object.clone())),
        })
    }

    /// The attestation in a decoded protected header, if any (both kinds at once is malformed).
    pub fn from_protected(protected: &Value) -> Result<Option<KeyAttestation>, FormatError> {
        let chain = protected.get_int(HEADER_X5CHAIN);
        let apple = protected.get_int(HEADER_APP_ATTEST);
        let found = match (chain, apple) {
            (None, None) => return Ok(None),
            (Some(_), Some(_)) => return Err(FormatError::invalid("two key attestations in one header")),
            (Some(Value::Bytes(cert)), None) => KeyAttestation::AndroidKeyChain(vec![cert.clone()]),
            (Some(Value::Array(items)), None) => KeyAttestation::AndroidKeyChain(
                items
                    .iter()
                    .map(|i| i.as_bytes().map(<[u8]>::to_vec))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| FormatError::invalid("x5chain holds a non-bstr item"))?,
            ),
            (Some(_), None) => return Err(FormatError::invalid("x5chain is neither a bstr nor an array")),
            (None, Some(Value::Bytes(object))) => KeyAttestation::AppleAppAttest(object.clone()),
            (None, Some(_)) => return Err(FormatError::invalid("the App Attest object is not a bstr")),
        };
        found.check()?;
        Ok(Some(found))
    }

    fn check(&self) -> Result<(), FormatError> {
        let (count, bytes) = match self {
            KeyAttestation::AndroidKeyChain(chain) => (chain.len(), chain.iter().map(Vec::len).sum()),
            KeyAttestation::AppleAppAttest(object) => (1, object.len()),
        };
        if count == 0 || count > MAX_CHAIN_LEN || bytes == 0 || bytes > MAX_ATTESTATION_BYTES {
            return Err(FormatError::invalid(format!(
                "a key attestation holds 1 to {MAX_CHAIN_LEN} items of at most {MAX_ATTESTATION_BYTES} bytes in all"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(entry: (Value, Value)) -> Value {
        Value::Map(vec![(Value::int(1), Value::int(-7)), entry])
    }

    #[test]
    fn each_kind_round_trips_through_a_protected_header() {
        for attestation in [
            KeyAttestation::AndroidKeyChain(vec![vec![0x30, 1], vec![0x30, 2], vec![0x30, 3]]),
            KeyAttestation::AndroidKeyChain(vec![vec![0x30, 9]]),
            KeyAttestation::AppleAppAttest(vec![0xa3, 0x01]),
        ] {
            let protected = header(attestation.header_entry().unwrap());
            let decoded = crate::cose::cbor::decode(&protected.to_vec(), Default::default()).unwrap();
            assert_eq!(KeyAttestation::from_protected(&decoded).unwrap(), Some(attestation));
        }
        assert_eq!(KeyAttestation::from_protected(&Value::Map(vec![])).unwrap(), None);
    }

    #[test]
    fn malformed_or_oversized_attestations_are_refused() {
        assert!(KeyAttestation::AndroidKeyChain(vec![]).header_entry().is_err());
        assert!(KeyAttestation::AndroidKeyChain(vec![vec![1]; MAX_CHAIN_LEN + 1]).header_entry().is_err());
        assert!(KeyAttestation::AppleAppAttest(vec![0; MAX_ATTESTATION_BYTES + 1]).header_entry().is_err());
        for bad in [
            header((Value::int(HEADER_X5CHAIN), Value::int(5))),
            header((Value::int(HEADER_X5CHAIN), Value::Array(vec![Value::text("x")]))),
            header((Value::int(HEADER_APP_ATTEST), Value::text("x"))),
            Value::Map(vec![
                (Value::int(HEADER_X5CHAIN), Value::Bytes(vec![1])),
                (Value::int(HEADER_APP_ATTEST), Value::Bytes(vec![1])),
            ]),
        ] {
            assert!(KeyAttestation::from_protected(&bad).is_err(), "{bad:?}");
        }
    }
}
