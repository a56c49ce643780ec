//! Public keys and signature algorithms: the one place that knows which key may verify what.
//!
//! - Keys: COSE_Key (RFC 9052 §7, RFC 9053 §7) of kty OKP / crv Ed25519 and kty EC2 / crv P-256 or
//!   P-384, in `cnf` claims (RFC 8747), trust lists and thumbprints (RFC 9679).
//! - Algorithms: Ed25519 (-19, and the polymorphic EdDSA -8 on input), ES256 (-7) and ES384 (-35),
//!   read only from a protected header and each bound to its key type: an EC2 key never verifies an
//!   EdDSA signature, a P-256 key never an ES384 one, and the other way round.
//! - [`verify`]: the single signature check every token type (SD-CWT, SD-KBT, status list token,
//!   request token) goes through. ECDSA signatures are the fixed-size r‖s of RFC 9053 §2.1; DER is
//!   refused. High-S ECDSA signatures verify (RFC 9053 does not require low S): the replay cache
//!   does not key on signature bytes (see `verifier::presentation_id`).

use std::fmt;

use ed25519_dalek::Signature as EdSignature;
use p256::ecdsa::signature::Verifier as _;
use sha2::{Digest, Sha256};

use super::cbor::Value;
use super::{ALG_ED25519, ALG_EDDSA, ALG_ES256, ALG_ES384};
use crate::error::FormatError;

const KTY: i64 = 1;
const KEY_ALG: i64 = 3;
const KTY_OKP: i64 = 1;
const KTY_EC2: i64 = 2;
const CRV: i64 = -1;
const CRV_P256: i64 = 1;
const CRV_P384: i64 = 2;
const CRV_ED25519: i64 = 6;
const X: i64 = -2;
const Y: i64 = -3;
const D: i64 = -4;
/// Label of COSE_Key inside a `cnf` claim.
const CNF_COSE_KEY: i64 = 1;

/// A public key of one of the accepted types. Points are validated on construction (on the curve,
/// not the identity; Ed25519 keys not of small order).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PublicKey {
    /// An Ed25519 key (COSE OKP, crv 6).
    Ed25519(ed25519_dalek::VerifyingKey),
    /// A P-256 key (COSE EC2, crv 1), e.g. from phone secure hardware.
    P256(p256::ecdsa::VerifyingKey),
    /// A P-384 key (COSE EC2, crv 2).
    P384(p384::ecdsa::VerifyingKey),
}

/// A signature algorithm the verifier accepts, read from a protected header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// COSE -19 (Ed25519), or -8 (EdDSA) on input.
    Ed25519,
    /// COSE -7: ECDSA with SHA-256 on P-256.
    Es256,
    /// COSE -35: ECDSA with SHA-384 on P-384.
    Es384,
}

impl Algorithm {
    /// The algorithm of a COSE `alg` value; anything else is [`FormatError::UnsupportedAlgorithm`].
    pub fn from_cose(alg: i64) -> Result<Algorithm, FormatError> {
        match alg {
            ALG_ED25519 | ALG_EDDSA => Ok(Algorithm::Ed25519),
            ALG_ES256 => Ok(Algorithm::Es256),
            ALG_ES384 => Ok(Algorithm::Es384),
            other => Err(FormatError::UnsupportedAlgorithm(other)),
        }
    }

    /// The COSE `alg` value we write (-19 for Ed25519, fully specified).
    pub fn cose_id(self) -> i64 {
        match self {
            Algorithm::Ed25519 => ALG_ED25519,
            Algorithm::Es256 => ALG_ES256,
            Algorithm::Es384 => ALG_ES384,
        }
    }

    /// Length of a signature: 64 for Ed25519 and ES256 (r‖s), 96 for ES384.
    pub fn signature_len(self) -> usize {
        match self {
            Algorithm::Ed25519 | Algorithm::Es256 => 64,
            Algorithm::Es384 => 96,
        }
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({}, thumbprint {})", self.key_type(), hex::encode(self.thumbprint()))
    }
}

impl PublicKey {
    /// An Ed25519 key from its 32 bytes (invalid and small-order points are refused).
    pub fn ed25519(bytes: &[u8; 32]) -> Result<PublicKey, FormatError> {
        verifying_key(bytes).map(PublicKey::Ed25519)
    }

    /// A P-256 key from its SEC1 encoding (uncompressed `04‖x‖y` or compressed).
    pub fn p256_sec1(bytes: &[u8]) -> Result<PublicKey, FormatError> {
        p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
            .map(PublicKey::P256)
            .map_err(|_| FormatError::invalid("not a valid P-256 public key"))
    }

    /// A P-384 key from its SEC1 encoding.
    pub fn p384_sec1(bytes: &[u8]) -> Result<PublicKey, FormatError> {
        p384::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
            .map(PublicKey::P384)
            .map_err(|_| FormatError::invalid("not a valid P-384 public key"))
    }

    /// "Ed25519", "P-256" or "P-384" (the JWK / COSE curve name).
    pub fn key_type(&self) -> &'static str {
        match self {
            PublicKey::Ed25519(_) => "Ed25519",
            PublicKey::P256(_) => "P-256",
            PublicKey::P384(_) => "P-384",
        }
    }

    /// The algorithm this key signs with (each key type has exactly one).
    pub fn algorithm(&self) -> Algorithm {
        match self {
            PublicKey::Ed25519(_) => Algorithm::Ed25519,
            PublicKey::P256(_) => Algorithm::Es256,
            PublicKey::P384(_) => Algorithm::Es384,
        }
    }

    /// The Ed25519 key inside, if this is one.
    pub fn as_ed25519(&self) -> Option<&ed25519_dalek::VerifyingKey> {
        match self {
            PublicKey::Ed25519(key) => Some(key),
            _ => None,
        }
    }

    /// The raw public key: 32 bytes for Ed25519, SEC1 uncompressed (`04‖x‖y`) for EC2.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            PublicKey::Ed25519(key) => key.as_bytes().to_vec(),
            PublicKey::P256(key) => key.to_sec1_point(false).as_bytes().to_vec(),
            PublicKey::P384(key) => key.to_sec1_point(false).as_bytes().to_vec(),
        }
    }

    /// Parses [`PublicKey::to_bytes`]: 32 bytes are Ed25519, 65 bytes P-256, 97 bytes P-384.
    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey, FormatError> {
        match bytes.len() {
            32 => PublicKey::ed25519(bytes.try_into().expect("32 bytes")),
            65 => PublicKey::p256_sec1(bytes),
            97 => PublicKey::p384_sec1(bytes),
            n => Err(FormatError::invalid(format!("a {n}-byte public key is none of Ed25519, P-256, P-384"))),
        }
    }

    /// The minimal COSE_Key with only the RFC 9679 required members, in deterministic order
    /// (also the thumbprint input): OKP `{1: 1, -1: 6, -2: x}`, EC2 `{1: 2, -1: crv, -2: x, -3: y}`.
    pub fn to_cose_key(&self) -> Value {
        let ec2 = |crv: i64, sec1: &[u8]| {
            let (x, y) = sec1[1..].split_at((sec1.len() - 1) / 2);
            Value::Map(vec![
                (Value::int(KTY), Value::int(KTY_EC2)),
                (Value::int(CRV), Value::int(crv)),
                (Value::int(X), Value::Bytes(x.to_vec())),
                (Value::int(Y), Value::Bytes(y.to_vec())),
            ])
        };
        match self {
            PublicKey::Ed25519(key) => Value::Map(vec![
                (Value::int(KTY), Value::int(KTY_OKP)),
                (Value::int(CRV), Value::int(CRV_ED25519)),
                (Value::int(X), Value::Bytes(key.as_bytes().to_vec())),
            ]),
            PublicKey::P256(_) => ec2(CRV_P256, &self.to_bytes()),
            PublicKey::P384(_) => ec2(CRV_P384, &self.to_bytes()),
        }
    }

    /// Reads a COSE_Key: OKP/Ed25519 or EC2/P-256/P-384 with x and y as byte strings. Other members
    /// are ignored, except a private key `d` (refused: a public key slot must never carry a secret)
    /// and `alg`, which must be the key type's algorithm when present.
    pub fn from_cose_key(cose_key: &Value) -> Result<PublicKey, FormatError> {
        if cose_key.as_map().is_none() {
            return Err(FormatError::invalid("a COSE_Key is not a map"));
        }
        if cose_key.get_int(D).is_some() {
            return Err(FormatError::invalid("a public COSE_Key carries a private key (d)"));
        }
        let int = |label: i64| cose_key.get_int(label).and_then(Value::as_i64);
        let bytes = |label: i64, len: usize, name: &str| {
            cose_key
                .get_int(label)
                .and_then(Value::as_bytes)
                .filter(|b| b.len() == len)
                .ok_or_else(|| FormatError::invalid(format!("the COSE_Key's {name} is not a {len}-byte string")))
        };
        let key = match (int(KTY), int(CRV)) {
            (Some(KTY_OKP), Some(CRV_ED25519)) => PublicKey::ed25519(bytes(X, 32, "x")?.try_into().expect("32 bytes"))?,
            (Some(KTY_EC2), Some(crv @ (CRV_P256 | CRV_P384))) => {
                let len = if crv == CRV_P256 { 32 } else { 48 };
                let mut sec1 = vec![0x04];
                sec1.extend_from_slice(bytes(X, len, "x")?);
                sec1.extend_from_slice(bytes(Y, len, "y")?);
                if crv == CRV_P256 { PublicKey::p256_sec1(&sec1)? } else { PublicKey::p384_sec1(&sec1)? }
            }
            (kty, crv) => {
                return Err(FormatError::invalid(format!(
                    "unsupported COSE_Key kty {kty:?} / crv {crv:?} (accepted: OKP/Ed25519, EC2/P-256, EC2/P-384)"
                )));
            }
        };
        if let Some(alg) = cose_key.get_int(KEY_ALG) {
            let alg = alg.as_i64().ok_or_else(|| FormatError::invalid("the COSE_Key's alg is not an integer"))?;
            check_binding(&key, Algorithm::from_cose(alg)?, alg)?;
        }
        Ok(key)
    }

    /// RFC 9679 COSE Key Thumbprint (SHA-256).
    pub fn thumbprint(&self) -> [u8; 32] {
        Sha256::digest(self.to_cose_key().to_vec()).into()
    }
}

impl From<ed25519_dalek::VerifyingKey> for PublicKey {
    fn from(key: ed25519_dalek::VerifyingKey) -> PublicKey {
        PublicKey::Ed25519(key)
    }
}

/// The `cnf` claim value binding `key`: `{1: COSE_Key}`.
pub fn cnf_claim(key: &PublicKey) -> Value {
    Value::Map(vec![(Value::int(CNF_COSE_KEY), key.to_cose_key())])
}

/// Extracts the holder's public key from a `cnf` claim value.
pub fn key_from_cnf(cnf: &Value) -> Result<PublicKey, FormatError> {
    let cose_key = cnf.get_int(CNF_COSE_KEY).ok_or_else(|| FormatError::invalid("cnf holds no COSE_Key"))?;
    PublicKey::from_cose_key(cose_key)
}

/// Reads a COSE_Key that must be Ed25519 (trust anchors sign bundles with Ed25519 only). `what`
/// names the key in errors. Parsing is [`PublicKey::from_cose_key`]'s.
pub fn ed25519_from_cose_key(cose_key: &Value, what: &str) -> Result<ed25519_dalek::VerifyingKey, FormatError> {
    match PublicKey::from_cose_key(cose_key)? {
        PublicKey::Ed25519(key) => Ok(key),
        other => Err(FormatError::invalid(format!("{what} is a {} key, not Ed25519", other.key_type()))),
    }
}

/// Parses 32 bytes as an Ed25519 public key, rejecting invalid and small-order (weak) points.
pub fn verifying_key(bytes: &[u8; 32]) -> Result<ed25519_dalek::VerifyingKey, FormatError> {
    let key = ed25519_dalek::VerifyingKey::from_bytes(bytes)
        .map_err(|_| FormatError::invalid("not a valid Ed25519 public key"))?;
    if key.is_weak() {
        return Err(FormatError::invalid("the Ed25519 public key has small order"));
    }
    Ok(key)
}

/// RFC 9679 COSE Key Thumbprint (SHA-256) of an Ed25519 key.
pub fn thumbprint(key: &ed25519_dalek::VerifyingKey) -> [u8; 32] {
    PublicKey::Ed25519(*key).thumbprint()
}

/// The `alg` of a protected header (never the unprotected one), which must be accepted and be the
/// algorithm of `key`: the check made before any signature is verified.
pub fn signing_algorithm(protected: &Value, key: &PublicKey) -> Result<Algorithm, FormatError> {
    let alg = protected
        .get_int(super::header::ALG)
        .and_then(Value::as_i64)
        .ok_or_else(|| FormatError::invalid("the protected header has no integer alg"))?;
    let algorithm = Algorithm::from_cose(alg)?;
    check_binding(key, algorithm, alg)?;
    Ok(algorithm)
}

fn check_binding(key: &PublicKey, algorithm: Algorithm, alg: i64) -> Result<(), FormatError> {
    if key.algorithm() == algorithm {
        Ok(())
    } else {
        Err(FormatError::AlgorithmKeyMismatch { alg, key_type: key.key_type() })
    }
}

/// The signature check of every token: `signature` by `key` over `message` under `algorithm`.
/// False when the algorithm is not the key's, when the signature is not the algorithm's fixed size
/// (ECDSA as r‖s, never DER), or when it does not verify. Ed25519 is verified strictly (no
/// non-canonical S, no small-order R or key).
pub fn verify(key: &PublicKey, algorithm: Algorithm, message: &[u8], signature: &[u8]) -> bool {
    if key.algorithm() != algorithm || signature.len() != algorithm.signature_len() {
        return false;
    }
    match key {
        PublicKey::Ed25519(key) => {
            let Ok(sig) = <[u8; 64]>::try_from(signature) else { return false };
            key.verify_strict(message, &EdSignature::from_bytes(&sig)).is_ok()
        }
        PublicKey::P256(key) => {
            p256::ecdsa::Signature::from_slice(signature).is_ok_and(|sig| key.verify(message, &sig).is_ok())
        }
        PublicKey::P384(key) => {
            p384::ecdsa::Signature::from_slice(signature).is_ok_and(|sig| key.verify(message, &sig).is_ok())
        }
    }
}

/// A signature from a platform signer (Android Keystore and Apple's Security framework give
/// DER-encoded ECDSA) as the fixed-size r‖s COSE needs. Fixed-size input passes through unchanged.
pub fn ecdsa_signature_to_fixed(algorithm: Algorithm, signature: &[u8]) -> Result<Vec<u8>, FormatError> {
    let bad = || FormatError::invalid("the signature is neither fixed-size r‖s nor DER ECDSA");
    match algorithm {
        Algorithm::Ed25519 => Ok(signature.to_vec()),
        _ if signature.len() == algorithm.signature_len() => Ok(signature.to_vec()),
        Algorithm::Es256 => {
            p256::ecdsa::Signature::from_der(signature).map(|s| s.to_bytes().to_vec()).map_err(|_| bad())
        }
        Algorithm::Es384 => {
            p384::ecdsa::Signature::from_der(signature).map(|s| s.to_bytes().to_vec()).map_err(|_| bad())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;
    use p256::ecdsa::signature::Signer as _;

    fn p256_key(seed: u8) -> p256::ecdsa::SigningKey {
        p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap()
    }

    fn p384_key(seed: u8) -> p384::ecdsa::SigningKey {
        p384::ecdsa::SigningKey::from_slice(&[seed; 48]).unwrap()
    }

    fn with_alg(a: i64) -> Value {
        Value::Map(vec![(Value::int(1), Value::int(a))])
    }

    #[test]
    fn cnf_round_trips_and_thumbprint_matches_rfc9679_layout() {
        let key = PublicKey::Ed25519(SigningKey::from_bytes(&[3; 32]).verifying_key());
        let cnf = cnf_claim(&key);
        assert_eq!(key_from_cnf(&cnf).unwrap(), key);
        let cose_key = key.to_cose_key().to_vec();
        assert_eq!(&cose_key[..8], &hex::decode("a301012006215820").unwrap()[..]);
        assert_eq!(key.thumbprint(), <[u8; 32]>::from(Sha256::digest(&cose_key)));
    }

    #[test]
    fn ec2_keys_round_trip_through_cose_key_and_raw_bytes() {
        let p256 = PublicKey::P256(*p256_key(7).verifying_key());
        let p384 = PublicKey::P384(*p384_key(7).verifying_key());
        for key in [p256, p384] {
            assert_eq!(key_from_cnf(&cnf_claim(&key)).unwrap(), key);
            assert_eq!(PublicKey::from_bytes(&key.to_bytes()).unwrap(), key);
        }
        // {1: 2, -1: 1, -2: h'..32..', -3: h'..32..'}: RFC 9679's required members, in order.
        let encoded = p256.to_cose_key().to_vec();
        assert_eq!(&encoded[..8], &hex::decode("a401022001215820").unwrap()[..]);
        assert_eq!(encoded.len(), 75);
        assert_eq!(p384.to_cose_key().to_vec().len(), 107);
        assert_ne!(p256.thumbprint(), p384.thumbprint());
    }

    #[test]
    fn rejects_bad_cose_keys() {
        let good = PublicKey::P256(*p256_key(7).verifying_key()).to_cose_key();
        let Value::Map(entries) = good.clone() else { unreachable!() };
        let edit = |label: i64, value: Option<Value>| {
            let mut e: Vec<(Value, Value)> = entries.iter().filter(|(k, _)| *k != Value::int(label)).cloned().collect();
            if let Some(v) = value {
                e.push((Value::int(label), v));
            }
            Value::Map(e)
        };
        assert!(PublicKey::from_cose_key(&good).is_ok());
        let y = good.get_int(Y).unwrap().as_bytes().unwrap().to_vec();
        let mut off_curve = y.clone();
        off_curve[31] ^= 1;
        for (what, bad) in [
            ("no y", edit(Y, None)),
            ("compressed y", edit(Y, Some(Value::Bool(true)))),
            ("point off the curve", edit(Y, Some(Value::Bytes(off_curve)))),
            ("P-384 length on P-256", edit(CRV, Some(Value::int(CRV_P384)))),
            ("secp256k1", edit(CRV, Some(Value::int(8)))),
            ("symmetric kty", edit(KTY, Some(Value::int(4)))),
            ("private d", edit(D, Some(Value::Bytes(vec![1; 32])))),
            ("EdDSA alg on an EC2 key", edit(KEY_ALG, Some(Value::int(ALG_EDDSA)))),
            ("ES384 alg on a P-256 key", edit(KEY_ALG, Some(Value::int(ALG_ES384)))),
            ("not a map", Value::Array(vec![])),
        ] {
            assert!(PublicKey::from_cose_key(&bad).is_err(), "{what}");
        }
        assert!(PublicKey::from_cose_key(&edit(KEY_ALG, Some(Value::int(ALG_ES256)))).is_ok());
        // The identity point encodes as 1 followed by zeros: small order.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(verifying_key(&identity).is_err());
        assert!(PublicKey::from_bytes(&[4; 64]).is_err());
    }

    #[test]
    fn every_key_accepts_only_its_own_algorithm() {
        let keys = [
            PublicKey::Ed25519(SigningKey::from_bytes(&[3; 32]).verifying_key()),
            PublicKey::P256(*p256_key(3).verifying_key()),
            PublicKey::P384(*p384_key(3).verifying_key()),
        ];
        let own = [vec![-19, -8], vec![-7], vec![-35]];
        for (key, own) in keys.iter().zip(own) {
            for alg in [-19, -8, -7, -35] {
                let result = signing_algorithm(&with_alg(alg), key);
                if own.contains(&alg) {
                    assert_eq!(result.unwrap(), key.algorithm());
                } else {
                    assert_eq!(
                        result,
                        Err(FormatError::AlgorithmKeyMismatch { alg, key_type: key.key_type() }),
                        "{alg} with {}",
                        key.key_type()
                    );
                }
            }
            for unsupported in [-36, -37, -257, 1, 0] {
                assert_eq!(
                    signing_algorithm(&with_alg(unsupported), key),
                    Err(FormatError::UnsupportedAlgorithm(unsupported))
                );
            }
            assert!(signing_algorithm(&Value::Map(vec![]), key).is_err());
        }
    }

    #[test]
    fn verify_checks_size_form_and_binding() {
        let message = b"to be signed";
        let p256_signer = p256_key(5);
        let p256 = PublicKey::P256(*p256_signer.verifying_key());
        let sig: p256::ecdsa::Signature = p256_signer.sign(message);
        assert!(verify(&p256, Algorithm::Es256, message, &sig.to_bytes()));
        assert!(!verify(&p256, Algorithm::Es256, b"other", &sig.to_bytes()));
        assert!(!verify(&p256, Algorithm::Es384, message, &sig.to_bytes()));
        assert!(!verify(&p256, Algorithm::Es256, message, sig.to_der().as_bytes()), "DER is refused");
        // High S (n - s) verifies: RFC 9053 does not ask for low S.
        let high = p256::ecdsa::Signature::from_scalars(sig.r().to_bytes(), (-*sig.s()).to_bytes()).unwrap();
        assert!(verify(&p256, Algorithm::Es256, message, &high.to_bytes()));
        assert_eq!(
            ecdsa_signature_to_fixed(Algorithm::Es256, sig.to_der().as_bytes()).unwrap(),
            sig.to_bytes().to_vec()
        );

        let p384_signer = p384_key(5);
        let p384 = PublicKey::P384(*p384_signer.verifying_key());
        let sig: p384::ecdsa::Signature = p384_signer.sign(message);
        assert!(verify(&p384, Algorithm::Es384, message, &sig.to_bytes()));
        assert!(!verify(&p384, Algorithm::Es256, message, &sig.to_bytes()[..64]));

        let ed_signer = SigningKey::from_bytes(&[5; 32]);
        let ed = PublicKey::Ed25519(ed_signer.verifying_key());
        let sig = ed25519_dalek::Signer::sign(&ed_signer, message).to_bytes();
        assert!(verify(&ed, Algorithm::Ed25519, message, &sig));
        assert!(!verify(&ed, Algorithm::Es256, message, &sig), "an Ed25519 key never verifies ES256");
        assert!(!verify(&p256, Algorithm::Ed25519, message, &sig), "an EC2 key never verifies EdDSA");
    }
}
