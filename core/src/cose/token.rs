//! The two token types: the issuer-signed SD-CWT (typ 293) and the holder-signed SD-KBT (typ 294)
//! that carries it in its `kcwt` protected header.

use super::cbor::{self, Limits, Reader, Value};
use super::disclosure::Disclosure;
use super::sign1::Sign1;
use super::{ALG_SHA256, TYP_KB_CWT, TYP_SD_CWT, header};
use crate::error::FormatError;

/// An SD-CWT: a COSE_Sign1 whose unprotected header carries disclosures.
#[derive(Clone, Debug, PartialEq)]
pub struct SdCwt {
    /// The COSE_Sign1 as read.
    pub sign1: Sign1,
    /// The decoded protected header.
    pub protected: Value,
    /// The disclosures of `sd_claims`, decoded.
    pub disclosures: Vec<Disclosure>,
}

impl SdCwt {
    /// Reads an SD-CWT, refusing what exceeds `limits`.
    pub fn from_bytes(bytes: &[u8], limits: Limits) -> Result<SdCwt, FormatError> {
        SdCwt::from_sign1(Sign1::from_bytes(bytes, limits)?, limits)
    }

    /// Checks the SD-CWT header rules and parses the disclosures.
    pub fn from_sign1(sign1: Sign1, limits: Limits) -> Result<SdCwt, FormatError> {
        let protected = sign1.protected_map(limits)?;
        check_typ(&protected, TYP_SD_CWT, "application/sd-cwt", "+sd-cwt")?;
        if protected.get_int(header::ALG).and_then(Value::as_i64).is_none() {
            return Err(FormatError::invalid("the SD-CWT protected header has no integer alg"));
        }
        if let Some(kid) = protected.get_int(header::KID) {
            kid.as_bytes().ok_or_else(|| FormatError::invalid("kid is not a byte string"))?;
        }
        match protected.get_int(header::SD_ALG).map(Value::as_i64) {
            None | Some(Some(ALG_SHA256)) => {}
            Some(Some(other)) => return Err(FormatError::UnsupportedAlgorithm(other)),
            Some(None) => return Err(FormatError::invalid("sd_alg is not an integer")),
        }
        if sign1.unprotected.iter().any(|(k, _)| *k == Value::int(header::SD_AEAD_ENCRYPTED_CLAIMS)) {
            return Err(FormatError::invalid("encrypted disclosures (sd_aead_encrypted_claims) are not supported"));
        }
        let disclosures = match &sign1.sd_claims {
            Some(raw) if raw.is_empty() => return Err(FormatError::invalid("sd_claims is an empty array")),
            Some(raw) => raw.iter().map(|d| Disclosure::parse(d, limits)).collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        Ok(SdCwt { sign1, protected, disclosures })
    }

    #[cfg(any(test, feature = "test-support"))]
    /// The protected `alg`.
    pub fn alg(&self) -> i64 {
        self.protected.get_int(header::ALG).and_then(Value::as_i64).expect("checked at parse")
    }

    /// The protected `kid` bytes, when present.
    pub fn kid(&self) -> Option<&[u8]> {
        self.protected.get_int(header::KID).and_then(Value::as_bytes)
    }

    /// The decoded payload claims map.
    pub fn payload(&self, limits: Limits) -> Result<Value, FormatError> {
        match cbor::decode(&self.sign1.payload, limits)? {
            map @ Value::Map(_) => Ok(map),
            _ => Err(FormatError::invalid("the SD-CWT payload is not a map")),
        }
    }

    /// A copy carrying only the disclosures at `chosen` (sd_claims omitted when none are chosen).
    pub fn with_disclosures(&self, chosen: &[usize]) -> SdCwt {
        let disclosures: Vec<Disclosure> = chosen.iter().map(|&i| self.disclosures[i].clone()).collect();
        let mut sign1 = self.sign1.clone();
        sign1.sd_claims = if disclosures.is_empty() {
            None
        } else {
            Some(disclosures.iter().map(|d| d.encoded().to_vec()).collect())
        };
        SdCwt { sign1, protected: self.protected.clone(), disclosures }
    }

    #[cfg(any(test, feature = "test-support"))]
    /// The encoding, disclosures included.
    pub fn to_vec(&self) -> Vec<u8> {
        self.sign1.to_vec()
    }
}

/// An SD-KBT: the holder's COSE_Sign1 over the presented SD-CWT (in `kcwt`) and its own claims.
#[derive(Clone, Debug, PartialEq)]
pub struct Kbt {
    /// The COSE_Sign1 as read.
    pub sign1: Sign1,
    /// The protected header entries other than `kcwt`.
    pub protected: Vec<(Value, Value)>,
    /// The SD-CWT from `kcwt`, with the disclosures the holder chose.
    pub sd_cwt: SdCwt,
}

impl Kbt {
    /// Reads an SD-KBT, refusing what exceeds `limits`.
    pub fn from_bytes(bytes: &[u8], limits: Limits) -> Result<Kbt, FormatError> {
        let sign1 = Sign1::from_bytes(bytes, limits)?;
        let (protected, sd_cwt) = read_kbt_protected(&sign1.protected, limits)?;
        let as_map = Value::Map(protected.clone());
        super::sign1::check_critical(&as_map)?;
        check_typ(&as_map, TYP_KB_CWT, "application/kb+cwt", "+kb+cwt")?;
        if as_map.get_int(header::CWT_CLAIMS).is_some() {
            return Err(FormatError::invalid("an SD-KBT must not carry CWT Claims in its protected header"));
        }
        if as_map.get_int(header::ALG).and_then(Value::as_i64).is_none() {
            return Err(FormatError::invalid("the SD-KBT protected header has no integer alg"));
        }
        Ok(Kbt { sign1, protected, sd_cwt })
    }

    /// The protected header entries other than `kcwt`, as a map.
    pub fn protected_map(&self) -> Value {
        Value::Map(self.protected.clone())
    }

    /// The decoded KBT payload claims map.
    pub fn payload(&self, limits: Limits) -> Result<Value, FormatError> {
        match cbor::decode(&self.sign1.payload, limits)? {
            map @ Value::Map(_) => Ok(map),
            _ => Err(FormatError::invalid("the SD-KBT payload is not a map")),
        }
    }
}

/// The protected header of an SD-KBT: `{1: alg, 13: <SD-CWT inline>, 16: 294}`.
pub fn kbt_protected_header(alg: i64, sd_cwt: &SdCwt) -> Vec<u8> {
    let mut out = Vec::with_capacity(sd_cwt.sign1.payload.len() + 256);
    cbor::write_head(5, 3, &mut out);
    cbor::encode_into(&Value::int(header::ALG), &mut out);
    cbor::encode_into(&Value::int(alg), &mut out);
    cbor::encode_into(&Value::int(header::KCWT), &mut out);
    sd_cwt.sign1.encode_into(&mut out);
    cbor::encode_into(&Value::int(header::TYP), &mut out);
    cbor::encode_into(&Value::int(TYP_KB_CWT), &mut out);
    out
}

/// Walks the KBT protected header by hand so the embedded SD-CWT keeps its disclosures' raw bytes.
fn read_kbt_protected(bytes: &[u8], limits: Limits) -> Result<(Vec<(Value, Value)>, SdCwt), FormatError> {
    let mut reader = Reader::new(bytes, limits);
    let entries = reader.read_map_len()?;
    let mut others: Vec<(Value, Value)> = Vec::with_capacity(entries);
    let mut sd_cwt = None;
    let kcwt = Value::int(header::KCWT);
    for _ in 0..entries {
        let key = reader.read_value()?;
        if others.iter().any(|(k, _)| *k == key) || (key == kcwt && sd_cwt.is_some()) {
            return Err(FormatError::invalid("the SD-KBT protected header repeats a label"));
        }
        if key == kcwt {
            sd_cwt = Some(SdCwt::from_sign1(Sign1::read(&mut reader)?, limits)?);
        } else {
            others.push((key, reader.read_value()?));
        }
    }
    reader.finish()?;
    let sd_cwt = sd_cwt.ok_or_else(|| FormatError::invalid("the SD-KBT has no kcwt (the credential)"))?;
    Ok((others, sd_cwt))
}

/// `typ` must be the CoAP content format, the media type, or a media type with the structured suffix.
fn check_typ(protected: &Value, number: i64, media_type: &str, suffix: &str) -> Result<(), FormatError> {
    let ok = match protected.get_int(header::TYP) {
        Some(Value::Integer(n)) => *n == number as i128,
        Some(Value::Text(t)) => t == media_type || t.ends_with(suffix),
        _ => false,
    };
    if ok { Ok(()) } else { Err(FormatError::invalid(format!("typ is not {number} ({media_type})"))) }
}
