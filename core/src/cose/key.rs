//! Ed25519 keys as COSE_Key (RFC 9053 OKP), the `cnf` claim (RFC 8747), key thumbprints (RFC 9679)
//! and signature checks.

use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use super::cbor::Value;
use super::{ALG_ED25519, ALG_EDDSA};
use crate::error::FormatError;

const KTY: i64 = 1;
const KTY_OKP: i64 = 1;
const CRV: i64 = -1;
const CRV_ED25519: i64 = 6;
const X: i64 = -2;
/// Label of COSE_Key inside a `cnf` claim.
const CNF_COSE_KEY: i64 = 1;

/// `{1: 1, -1: 6, -2: x}`: the minimal OKP COSE_Key, in deterministic order (also the thumbprint input).
pub fn ed25519_cose_key(key: &VerifyingKey) -> Value {
    Value::Map(vec![
        (Value::int(KTY), Value::int(KTY_OKP)),
        (Value::int(CRV), Value::int(CRV_ED25519)),
        (Value::int(X), Value::Bytes(key.as_bytes().to_vec())),
    ])
}

/// The `cnf` claim value binding `key`: `{1: COSE_Key}`.
pub fn cnf_claim(key: &VerifyingKey) -> Value {
    Value::Map(vec![(Value::int(CNF_COSE_KEY), ed25519_cose_key(key))])
}

/// Extracts an Ed25519 public key from a `cnf` claim value.
pub fn key_from_cnf(cnf: &Value) -> Result<VerifyingKey, FormatError> {
    let cose_key = cnf
        .get_int(CNF_COSE_KEY)
        .ok_or_else(|| FormatError::invalid("cnf holds no COSE_Key (only Ed25519 COSE_Key is supported)"))?;
    ed25519_from_cose_key(cose_key, "the cnf key")
}

/// Reads an OKP Ed25519 COSE_Key (`{1: 1, -1: 6, -2: x}`; other labels such as `kid` are ignored).
/// `what` names the key in errors.
pub fn ed25519_from_cose_key(cose_key: &Value, what: &str) -> Result<VerifyingKey, FormatError> {
    if cose_key.as_map().is_none() {
        return Err(FormatError::invalid(format!("{what} is not a COSE_Key map")));
    }
    if cose_key.get_int(KTY).and_then(Value::as_i64) != Some(KTY_OKP)
        || cose_key.get_int(CRV).and_then(Value::as_i64) != Some(CRV_ED25519)
    {
        return Err(FormatError::invalid(format!("{what} is not an Ed25519 OKP key")));
    }
    let x = cose_key.get_int(X).and_then(Value::as_bytes).and_then(|b| <[u8; 32]>::try_from(b).ok());
    let x = x.ok_or_else(|| FormatError::invalid(format!("{what}'s x is not 32 bytes")))?;
    verifying_key(&x)
}

/// Parses 32 bytes as an Ed25519 public key, rejecting invalid and small-order (weak) points.
pub fn verifying_key(bytes: &[u8; 32]) -> Result<VerifyingKey, FormatError> {
    let key = VerifyingKey::from_bytes(bytes).map_err(|_| FormatError::invalid("not a valid Ed25519 public key"))?;
    if key.is_weak() {
        return Err(FormatError::invalid("the Ed25519 public key has small order"));
    }
    Ok(key)
}

/// RFC 9679 COSE Key Thumbprint (SHA-256) of an Ed25519 key.
pub fn thumbprint(key: &VerifyingKey) -> [u8; 32] {
    Sha256::digest(ed25519_cose_key(key).to_vec()).into()
}

/// Checks the `alg` of a protected header is Ed25519 (-19, or the polymorphic EdDSA -8).
pub fn check_ed25519_alg(protected: &Value) -> Result<(), FormatError> {
    match protected.get_int(super::header::ALG).and_then(Value::as_i64) {
        Some(ALG_ED25519 | ALG_EDDSA) => Ok(()),
        Some(other) => Err(FormatError::UnsupportedAlgorithm(other)),
        None => Err(FormatError::invalid("the protected header has no integer alg")),
    }
}

/// Strict Ed25519 verification (no malleable signatures, no small-order keys), so one signature
/// identifies one presentation (the replay cache relies on this).
pub fn verify_ed25519(key: &VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    let Ok(sig) = <[u8; 64]>::try_from(signature) else { return false };
    key.verify_strict(message, &Signature::from_bytes(&sig)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    #[test]
    fn cnf_round_trips_and_thumbprint_matches_rfc9679_layout() {
        let key = SigningKey::from_bytes(&[3; 32]).verifying_key();
        let cnf = cnf_claim(&key);
        assert_eq!(key_from_cnf(&cnf).unwrap(), key);
        let cose_key = ed25519_cose_key(&key).to_vec();
        assert_eq!(&cose_key[..8], &hex::decode("a301012006215820").unwrap()[..]);
        assert_eq!(thumbprint(&key), <[u8; 32]>::from(Sha256::digest(&cose_key)));
    }

    #[test]
    fn rejects_other_key_types_and_weak_keys() {
        let ec2 = Value::Map(vec![(
            Value::int(1),
            Value::Map(vec![(Value::int(1), Value::int(2)), (Value::int(-1), Value::int(1))]),
        )]);
        assert!(key_from_cnf(&ec2).is_err());
        assert!(key_from_cnf(&Value::Map(vec![])).is_err());
        // The identity point encodes as 1 followed by zeros: small order.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(verifying_key(&identity).is_err());
    }

    #[test]
    fn accepts_only_ed25519_algorithms() {
        let with_alg = |a: i64| Value::Map(vec![(Value::int(1), Value::int(a))]);
        assert!(check_ed25519_alg(&with_alg(-19)).is_ok());
        assert!(check_ed25519_alg(&with_alg(-8)).is_ok());
        assert_eq!(check_ed25519_alg(&with_alg(-7)), Err(FormatError::UnsupportedAlgorithm(-7)));
        assert!(check_ed25519_alg(&Value::Map(vec![])).is_err());
    }
}
