//! COSE_Sign1 (RFC 9052 §4.2) with the SD-CWT twist: the disclosures in the unprotected header
//! (`sd_claims`) are kept exactly as received, because their bytes are what the issuer hashed.

use super::cbor::{self, Limits, Reader, Value};
use super::{TAG_COSE_SIGN1, header};
use crate::error::FormatError;

/// The envelope rules of one signed token type (request, status list, trust bundle, key proof).
pub struct Envelope {
    /// What the token is called in error messages, with its article ("a request").
    pub what: &'static str,
    /// Largest token accepted, in bytes.
    pub max_bytes: usize,
    /// CBOR parse limits for the token.
    pub limits: Limits,
    /// The protected `typ` the token must carry (text).
    pub typ: &'static str,
    /// The only protected header labels allowed; `None`: any (alg and typ are always required).
    pub labels: Option<&'static [i64]>,
    /// Whether the unprotected header may carry entries (never disclosures).
    pub unprotected_allowed: bool,
}

impl Envelope {
    /// The checks every signed token type shares, in this order, before any key is looked up:
    /// size, tag 18, no disclosures, the unprotected header, a protected map whose `crit` is
    /// understood, its labels, `typ`, an integer `alg`. Returns the token and its protected map.
    pub fn open(&self, bytes: &[u8]) -> Result<(Sign1, Value), FormatError> {
        let what = self.what;
        if bytes.len() > self.max_bytes {
            return Err(FormatError::invalid(format!("{what} is larger than {} bytes", self.max_bytes)));
        }
        if bytes.first() != Some(&(0xc0 | TAG_COSE_SIGN1 as u8)) {
            return Err(FormatError::invalid(format!("{what} must be a tagged COSE_Sign1 (tag 18)")));
        }
        let sign1 = Sign1::from_bytes(bytes, self.limits)?;
        if sign1.sd_claims.is_some() {
            return Err(FormatError::invalid(format!("{what} carries no disclosures")));
        }
        if !self.unprotected_allowed && !sign1.unprotected.is_empty() {
            return Err(FormatError::invalid(format!("{what}'s unprotected header must be empty")));
        }
        let protected = sign1.protected_map(self.limits)?;
        if let Some(allowed) = self.labels {
            let entries = protected.as_map().unwrap_or_default();
            if entries.iter().any(|(k, _)| !k.as_i64().is_some_and(|k| allowed.contains(&k))) {
                return Err(FormatError::invalid(format!(
                    "{what}'s protected header carries a label this format does not define"
                )));
            }
        }
        if protected.get_int(header::TYP).and_then(Value::as_text) != Some(self.typ) {
            return Err(FormatError::invalid(format!("typ is not {:?}", self.typ)));
        }
        if protected.get_int(header::ALG).and_then(Value::as_i64).is_none() {
            return Err(FormatError::invalid("the protected header has no integer alg"));
        }
        Ok((sign1, protected))
    }
}

/// A parsed COSE_Sign1. Byte fields hold exactly the bytes that were signed or hashed.
#[derive(Clone, PartialEq)]
pub struct Sign1 {
    /// The serialized protected header map (the content of the first bstr).
    pub protected: Vec<u8>,
    /// Unprotected header entries other than `sd_claims`.
    pub unprotected: Vec<(Value, Value)>,
    /// `sd_claims` (label 17): each disclosure as its complete CBOR bstr item (head included).
    pub sd_claims: Option<Vec<Vec<u8>>>,
    /// The payload bytes (the claims set).
    pub payload: Vec<u8>,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

impl std::fmt::Debug for Sign1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sign1")
            .field("protected_len", &self.protected.len())
            .field("disclosures", &self.sd_claims.as_ref().map_or(0, Vec::len))
            .field("payload_len", &self.payload.len())
            .finish_non_exhaustive()
    }
}

impl Sign1 {
    /// Parses a complete, optionally tag-18-wrapped COSE_Sign1.
    pub fn from_bytes(bytes: &[u8], limits: Limits) -> Result<Sign1, FormatError> {
        let mut reader = Reader::new(bytes, limits);
        let sign1 = Sign1::read(&mut reader)?;
        reader.finish()?;
        Ok(sign1)
    }

    /// Reads a COSE_Sign1 from the current position of `reader`.
    pub fn read(reader: &mut Reader<'_>) -> Result<Sign1, FormatError> {
        reader.skip_tag(TAG_COSE_SIGN1)?;
        if reader.read_array_len()? != 4 {
            return Err(FormatError::invalid("a COSE_Sign1 must be an array of 4 items"));
        }
        let protected = expect_bytes(reader.read_value()?, "the protected header")?;
        let (unprotected, sd_claims) = read_unprotected(reader)?;
        let payload = expect_bytes(reader.read_value()?, "the payload")?;
        let signature = expect_bytes(reader.read_value()?, "the signature")?;
        Ok(Sign1 { protected, unprotected, sd_claims, payload, signature })
    }

    /// The decoded protected header map (an empty bstr means an empty map), with its `crit`
    /// checked: every token type reads its protected header through here (or, for the SD-KBT whose
    /// header embeds the credential, calls [`check_critical`] itself).
    pub fn protected_map(&self, limits: Limits) -> Result<Value, FormatError> {
        if self.protected.is_empty() {
            return Ok(Value::Map(Vec::new()));
        }
        match cbor::decode(&self.protected, limits)? {
            map @ Value::Map(_) => {
                check_critical(&map)?;
                Ok(map)
            }
            _ => Err(FormatError::invalid("the protected header is not a map")),
        }
    }

    /// The one way every token is signed: the encoded `protected` header map and `payload` are
    /// signed by `sign` over their Sig_structure. The unprotected header stays empty except for
    /// an SD-CWT's disclosures (`sd_claims`).
    pub fn sign<E>(
        protected: Vec<u8>,
        payload: Vec<u8>,
        sd_claims: Option<Vec<Vec<u8>>>,
        sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
    ) -> Result<Sign1, E> {
        let signature = sign(&to_be_signed(&protected, &payload))?;
        Ok(Sign1 { protected, unprotected: Vec::new(), sd_claims, payload, signature })
    }

    /// [`Sign1::sign`] with a signer that cannot fail (a key held in this process).
    pub fn sign_infallible(
        protected: Vec<u8>,
        payload: Vec<u8>,
        sd_claims: Option<Vec<Vec<u8>>>,
        sign: impl FnOnce(&[u8]) -> Vec<u8>,
    ) -> Sign1 {
        let signed: Result<Sign1, std::convert::Infallible> =
            Sign1::sign(protected, payload, sd_claims, |message| Ok(sign(message)));
        match signed {
            Ok(sign1) => sign1,
        }
    }

    /// The bytes a COSE_Sign1 signature covers: Sig_structure with an empty external_aad.
    pub fn to_be_signed(&self) -> Vec<u8> {
        to_be_signed(&self.protected, &self.payload)
    }

    /// Tag-18-wrapped encoding, with the disclosures written back byte for byte.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.protected.len() + self.payload.len() + 128);
        self.encode_into(&mut out);
        out
    }

    /// Appends the tag-18-wrapped encoding to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        cbor::write_head(6, TAG_COSE_SIGN1, out);
        cbor::write_head(4, 4, out);
        out.extend(cbor::encode_bstr(&self.protected));
        let entries = self.unprotected.len() + usize::from(self.sd_claims.is_some());
        cbor::write_head(5, entries as u64, out);
        if let Some(disclosures) = &self.sd_claims {
            cbor::encode_into(&Value::int(header::SD_CLAIMS), out);
            cbor::write_head(4, disclosures.len() as u64, out);
            disclosures.iter().for_each(|d| out.extend_from_slice(d));
        }
        for (k, v) in &self.unprotected {
            cbor::encode_into(k, out);
            cbor::encode_into(v, out);
        }
        out.extend(cbor::encode_bstr(&self.payload));
        out.extend(cbor::encode_bstr(&self.signature));
    }
}

/// The header parameters citizen-wallet processes. A `crit` may name only these.
pub const UNDERSTOOD_HEADERS: [i64; 6] =
    [header::ALG, header::KID, header::KCWT, header::TYP, header::SD_CLAIMS, header::SD_ALG];

/// RFC 9052 §3.1: `crit` is a non-empty array of labels, each present in the protected header;
/// a label this library does not process makes the whole message unacceptable
/// ([`FormatError::UnknownCriticalHeader`]).
pub fn check_critical(protected: &Value) -> Result<(), FormatError> {
    let Some(crit) = protected.get_int(header::CRIT) else { return Ok(()) };
    let labels = match crit.as_array() {
        Some(labels) if !labels.is_empty() => labels,
        _ => return Err(FormatError::invalid("crit must be a non-empty array of header labels")),
    };
    for label in labels {
        let known = match label {
            Value::Integer(_) => label.as_i64().is_some_and(|l| UNDERSTOOD_HEADERS.contains(&l)),
            Value::Text(_) => false,
            _ => return Err(FormatError::invalid("crit must list integer or text labels")),
        };
        if protected.get(label).is_none() {
            return Err(FormatError::invalid("crit names a label the protected header does not carry"));
        }
        if !known {
            let name = match label {
                Value::Text(t) => format!("{t:?}"),
                other => other.as_integer().map_or_else(String::new, |i| i.to_string()),
            };
            return Err(FormatError::UnknownCriticalHeader(name));
        }
    }
    Ok(())
}

/// Sig_structure = ["Signature1", body_protected, external_aad = h'', payload].
pub fn to_be_signed(protected: &[u8], payload: &[u8]) -> Vec<u8> {
    Value::Array(vec![
        Value::text("Signature1"),
        Value::Bytes(protected.to_vec()),
        Value::Bytes(Vec::new()),
        Value::Bytes(payload.to_vec()),
    ])
    .to_vec()
}

fn expect_bytes(value: Value, what: &str) -> Result<Vec<u8>, FormatError> {
    match value {
        Value::Bytes(b) => Ok(b),
        _ => Err(FormatError::invalid(format!("{what} is not a byte string"))),
    }
}

type Unprotected = (Vec<(Value, Value)>, Option<Vec<Vec<u8>>>);

fn read_unprotected(reader: &mut Reader<'_>) -> Result<Unprotected, FormatError> {
    let entries = reader.read_map_len()?;
    let mut others: Vec<(Value, Value)> = Vec::new();
    let mut sd_claims = None;
    let sd_label = Value::int(header::SD_CLAIMS);
    for _ in 0..entries {
        let key = reader.read_value()?;
        let repeated = others.iter().any(|(k, _)| *k == key) || (key == sd_label && sd_claims.is_some());
        if repeated {
            return Err(FormatError::invalid("the unprotected header repeats a label"));
        }
        if key == Value::int(header::CRIT) {
            return Err(FormatError::invalid("crit (label 2) is only allowed in the protected header"));
        }
        if key == sd_label {
            sd_claims = Some(read_raw_bstrs(reader)?);
        } else {
            others.push((key, reader.read_value()?));
        }
    }
    Ok((others, sd_claims))
}

/// Reads an array of byte strings, returning each item's complete encoding.
fn read_raw_bstrs(reader: &mut Reader<'_>) -> Result<Vec<Vec<u8>>, FormatError> {
    let count = reader.read_array_len()?;
    let mut items = Vec::with_capacity(count);
    for _ in 0..count {
        let start = reader.position();
        if !matches!(reader.read_value()?, Value::Bytes(_)) {
            return Err(FormatError::invalid("a disclosure is not a byte string"));
        }
        items.push(reader.slice(start, reader.position()).to_vec());
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_disclosures_byte_for_byte() {
        let sign1 = Sign1 {
            protected: Value::Map(vec![(Value::int(1), Value::int(-19))]).to_vec(),
            unprotected: vec![(Value::int(99), Value::text("x"))],
            sd_claims: Some(vec![cbor::encode_bstr(&[0x81, 0x01]), cbor::encode_bstr(&[0x80])]),
            payload: vec![0xa0],
            signature: vec![7; 64],
        };
        let bytes = sign1.to_vec();
        assert_eq!(bytes[0], 0xd2);
        assert_eq!(Sign1::from_bytes(&bytes, Limits::default()).unwrap(), sign1);
    }

    #[test]
    fn rejects_wrong_shapes() {
        let l = Limits::default();
        assert!(Sign1::from_bytes(&hex::decode("d28340a040").unwrap(), l).is_err());
        assert!(Sign1::from_bytes(&hex::decode("d28440a00040").unwrap(), l).is_err());
        assert!(Sign1::from_bytes(&hex::decode("d28440a11181014040").unwrap(), l).is_err());
        assert!(Sign1::from_bytes(&hex::decode("d28440a2018001804040").unwrap(), l).is_err());
        assert!(Sign1::from_bytes(&hex::decode("d28440a0404000").unwrap(), l).is_err());
    }
}
