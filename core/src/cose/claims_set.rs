//! Typed access to the registered claims of a CWT claims set (RFC 8392) with the SD-CWT rules:
//! time claims must be finite numbers within ±2^53.

use super::cbor::Value;
use super::claim;
use crate::error::FormatError;

/// A Token Status List reference (draft-ietf-oauth-status-list): `65535: {"status_list": {"idx", "uri"}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusReference {
    /// `idx`: the credential's entry in the list.
    pub index: u64,
    /// `uri`: where the Status List Token is published (the token's `sub`).
    pub uri: String,
}

impl StatusReference {
    /// The claim value: `{"status_list": {"idx": .., "uri": ..}}`.
    pub fn to_cbor(&self) -> Value {
        Value::Map(vec![(
            Value::text("status_list"),
            Value::Map(vec![
                (Value::text("idx"), Value::int(self.index)),
                (Value::text("uri"), Value::text(self.uri.clone())),
            ]),
        )])
    }

    /// Reads the claim value, refusing any other shape.
    pub fn from_cbor(value: &Value) -> Result<StatusReference, FormatError> {
        let invalid = || FormatError::invalid("the status claim is not {status_list: {idx, uri}}");
        let list = value.get(&Value::text("status_list")).ok_or_else(invalid)?;
        let index = list.get(&Value::text("idx")).and_then(Value::as_integer).ok_or_else(invalid)?;
        let uri = list.get(&Value::text("uri")).and_then(Value::as_text).ok_or_else(invalid)?;
        Ok(StatusReference { index: u64::try_from(index).map_err(|_| invalid())?, uri: uri.to_owned() })
    }
}

/// The registered claims of a claims set, checked for type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimsSet {
    /// `iss` (claim 1).
    pub iss: Option<String>,
    /// `sub` (claim 2).
    pub sub: Option<String>,
    /// `aud` (claim 3).
    pub aud: Option<String>,
    /// `exp` (claim 4), Unix seconds.
    pub exp: Option<i64>,
    /// `nbf` (claim 5), Unix seconds.
    pub nbf: Option<i64>,
    /// `iat` (claim 6), Unix seconds.
    pub iat: Option<i64>,
    /// `cti` (claim 7): token id bytes.
    pub cti: Option<Vec<u8>>,
    /// `cnonce` (claim 39): the verifier's nonce bytes.
    pub cnonce: Option<Vec<u8>>,
    /// `vct` (claim 11): the credential type, as found.
    pub vct: Option<Value>,
    /// `status` (claim 65535): the Token Status List reference.
    pub status: Option<StatusReference>,
}

impl ClaimsSet {
    /// Reads the registered claims of a claims map, refusing a wrong type for any of them.
    pub fn from_map(map: &Value) -> Result<ClaimsSet, FormatError> {
        if map.as_map().is_none() {
            return Err(FormatError::invalid("the claims set is not a map"));
        }
        let text = |label: i64, name: &str| -> Result<Option<String>, FormatError> {
            map.get_int(label)
                .map(|v| {
                    v.as_text().map(str::to_owned).ok_or_else(|| FormatError::invalid(format!("{name} is not text")))
                })
                .transpose()
        };
        let bytes = |label: i64, name: &str| -> Result<Option<Vec<u8>>, FormatError> {
            map.get_int(label)
                .map(|v| {
                    v.as_bytes().map(<[u8]>::to_vec).ok_or_else(|| FormatError::invalid(format!("{name} is not bytes")))
                })
                .transpose()
        };
        let time = |label: i64, name: &str| map.get_int(label).map(|v| numeric_date(v, name)).transpose();
        Ok(ClaimsSet {
            iss: text(claim::ISS, "iss")?,
            sub: text(claim::SUB, "sub")?,
            aud: text(claim::AUD, "aud")?,
            exp: time(claim::EXP, "exp")?,
            nbf: time(claim::NBF, "nbf")?,
            iat: time(claim::IAT, "iat")?,
            cti: bytes(claim::CTI, "cti")?,
            cnonce: bytes(claim::CNONCE, "cnonce")?,
            vct: map.get_int(claim::VCT).cloned(),
            status: map.get_int(claim::STATUS).map(StatusReference::from_cbor).transpose()?,
        })
    }
}

/// A NumericDate: an integer, or a finite float within ±2^53 (rounded down to whole seconds).
fn numeric_date(value: &Value, name: &str) -> Result<i64, FormatError> {
    const LIMIT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Integer(i) => i64::try_from(*i).map_err(|_| FormatError::invalid(format!("{name} is out of range"))),
        Value::Float(f) if f.is_finite() && f.abs() <= LIMIT => Ok(f.floor() as i64),
        _ => Err(FormatError::invalid(format!("{name} is not a finite number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_registered_claims_and_rejects_wrong_types() {
        let map = Value::Map(vec![
            (Value::int(1), Value::text("https://id.example.vn")),
            (Value::int(4), Value::Float(1700000000.5)),
            (Value::int(6), Value::int(1690000000)),
            (Value::int(65535), StatusReference { index: 7, uri: "https://s".into() }.to_cbor()),
        ]);
        let c = ClaimsSet::from_map(&map).unwrap();
        assert_eq!(c.iss.as_deref(), Some("https://id.example.vn"));
        assert_eq!((c.exp, c.iat, c.nbf), (Some(1700000000), Some(1690000000), None));
        assert_eq!(c.status.unwrap().index, 7);

        for bad in [Value::Float(f64::NAN), Value::Float(f64::INFINITY), Value::Float(1e300), Value::text("x")] {
            let m = Value::Map(vec![(Value::int(4), bad)]);
            assert!(ClaimsSet::from_map(&m).is_err());
        }
        assert!(ClaimsSet::from_map(&Value::Map(vec![(Value::int(1), Value::int(1))])).is_err());
        assert!(ClaimsSet::from_map(&Value::int(1)).is_err());
    }
}
