//! The key proof (FORMAT.md "Issuance profile"): a COSE_Sign1 by the holder key over the issuer's
//! nonce, the issuer as audience and the signing time, carrying the proven public key in `cnf`.
//!
//! `18([<<{1: -19, 16: "openid4vci-proof+cwt"}>>, {}, <<{3: aud, 6: iat, 8: {1: COSE_Key}, 10: nonce}>>, sig])`
//!
//! Signed by the holder side ([`crate::holder::key_proof`]); read and checked here.

use super::error::proof_malformed;
use super::{IssuanceError, MAX_PROOF_AGE_SECS, MAX_PROOF_BYTES, MAX_PROOF_SKEW_SECS, TYP_KEY_PROOF};
use crate::cose::cbor::{self, Limits, Value};
use crate::cose::key::{self, Algorithm};
use crate::cose::sign1::Envelope;
use crate::cose::{ALG_ED25519, ALG_EDDSA, claim, header};
use crate::error::FormatError;
use crate::holder::HolderKey;
pub use crate::holder::key_proof::CLAIM_NONCE;
use crate::holder::key_proof::sign_key_proof;
/// Longest audience and nonce accepted in a proof, in bytes.
pub const MAX_PROOF_TEXT_BYTES: usize = 255;

const LIMITS: Limits = Limits { max_depth: 4, max_items: 16 };

/// A key proof whose signature verified with the key it carries. Whether its audience, time and
/// nonce are acceptable is checked by [`KeyProof::check`] and by the issuer's nonce store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyProof {
    /// `aud`: the credential issuer identifier the proof is for.
    pub audience: String,
    pub issued_at: i64,
    /// The issuer's `c_nonce`.
    pub nonce: String,
    /// The proven Ed25519 public key.
    pub public_key: [u8; 32],
}

impl KeyProof {
    /// Signs a proof for `key`'s public key ([`crate::holder::key_proof::sign_key_proof`]).
    pub fn sign(key: &HolderKey, audience: &str, nonce: &str, issued_at: i64) -> Vec<u8> {
        sign_key_proof(key, audience, nonce, issued_at)
    }

    /// Parses a proof strictly (size, tag, exact header and claim sets) and verifies its signature
    /// with the key in its `cnf`: a proof is by definition signed by the key it proves.
    pub fn verify(bytes: &[u8]) -> Result<KeyProof, IssuanceError> {
        let (sign1, protected) = Envelope {
            what: "a key proof",
            max_bytes: MAX_PROOF_BYTES,
            limits: LIMITS,
            typ: TYP_KEY_PROOF,
            labels: Some(&[header::ALG, header::TYP]),
            unprotected_allowed: false,
        }
        .open(bytes)?;
        // Key proofs are Ed25519 only (the wallet proves software keys; see FORMAT.md).
        match protected.get_int(header::ALG).and_then(Value::as_i64) {
            Some(ALG_ED25519 | ALG_EDDSA) => {}
            Some(other) => return Err(FormatError::UnsupportedAlgorithm(other).into()),
            None => return Err(FormatError::invalid("the protected header has no integer alg").into()),
        }
        let payload = cbor::decode(&sign1.payload, LIMITS).map_err(proof_malformed)?;
        let entries = payload.as_map().ok_or_else(|| proof_malformed("the payload is not a map"))?;
        let known = [claim::AUD, claim::IAT, claim::CNF, CLAIM_NONCE];
        if entries.len() != known.len() || entries.iter().any(|(k, _)| !k.as_i64().is_some_and(|k| known.contains(&k)))
        {
            return Err(proof_malformed("the payload must hold exactly aud, iat, cnf and nonce"));
        }
        let text = |label: i64, what: &str| -> Result<String, IssuanceError> {
            match payload.get_int(label).and_then(Value::as_text) {
                Some(t) if !t.is_empty() && t.len() <= MAX_PROOF_TEXT_BYTES => Ok(t.to_owned()),
                _ => Err(proof_malformed(format!("{what} must be 1 to {MAX_PROOF_TEXT_BYTES} bytes of text"))),
            }
        };
        let audience = text(claim::AUD, "aud")?;
        let nonce = text(CLAIM_NONCE, "the nonce")?;
        let issued_at = payload
            .get_int(claim::IAT)
            .and_then(Value::as_i64)
            .ok_or_else(|| proof_malformed("iat is not an integer"))?;
        let cnf = payload.get_int(claim::CNF).ok_or_else(|| proof_malformed("no cnf"))?;
        let public = key::key_from_cnf(cnf)?;
        let ed25519 = *public.as_ed25519().ok_or_else(|| proof_malformed("the proven key must be an Ed25519 key"))?;
        if !key::verify(&public, Algorithm::Ed25519, &sign1.to_be_signed(), &sign1.signature) {
            return Err(IssuanceError::ProofBadSignature);
        }
        Ok(KeyProof { audience, issued_at, nonce, public_key: ed25519.to_bytes() })
    }

    /// Audience and freshness: for `issuer`, signed at most [`MAX_PROOF_AGE_SECS`] before `now`
    /// and at most [`MAX_PROOF_SKEW_SECS`] after it.
    pub fn check(&self, issuer: &str, now: i64) -> Result<(), IssuanceError> {
        if self.audience != issuer {
            return Err(IssuanceError::ProofWrongAudience);
        }
        let age = now as i128 - self.issued_at as i128;
        if age > MAX_PROOF_AGE_SECS as i128 {
            return Err(IssuanceError::ProofStale);
        }
        if -age > MAX_PROOF_SKEW_SECS as i128 {
            return Err(IssuanceError::ProofFromFuture);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;

    fn key() -> HolderKey {
        HolderKey::from_secret(&[7; 32])
    }

    #[test]
    fn a_signed_proof_verifies_and_names_its_key() {
        let bytes = KeyProof::sign(&key(), "https://issuer.example", "n-1", NOW);
        let proof = KeyProof::verify(&bytes).unwrap();
        assert_eq!(proof.public_key, key().public_key().to_bytes());
        assert_eq!(
            (proof.audience.as_str(), proof.nonce.as_str(), proof.issued_at),
            ("https://issuer.example", "n-1", NOW)
        );
        proof.check("https://issuer.example", NOW + MAX_PROOF_AGE_SECS).unwrap();
        assert_eq!(proof.check("https://other.example", NOW), Err(IssuanceError::ProofWrongAudience));
        assert_eq!(proof.check("https://issuer.example", NOW + MAX_PROOF_AGE_SECS + 1), Err(IssuanceError::ProofStale));
        assert_eq!(
            proof.check("https://issuer.example", NOW - MAX_PROOF_SKEW_SECS - 1),
            Err(IssuanceError::ProofFromFuture)
        );
        assert_eq!(proof.check("https://issuer.example", i64::MIN), Err(IssuanceError::ProofFromFuture));
    }

    #[test]
    fn every_flipped_byte_is_refused_without_panic() {
        let bytes = KeyProof::sign(&key(), "https://issuer.example", "n-1", NOW);
        for i in 0..bytes.len() {
            for bit in [0x01, 0x80] {
                let mut flipped = bytes.clone();
                flipped[i] ^= bit;
                if let Ok(proof) = KeyProof::verify(&flipped) {
                    panic!("byte {i} flipped still verifies: {proof:?}");
                }
            }
        }
        for len in 0..bytes.len() {
            assert!(KeyProof::verify(&bytes[..len]).is_err());
        }
    }

    #[test]
    fn a_proof_carrying_another_key_than_the_signer_fails() {
        // Signed by key A, cnf rewritten to key B: the signature is checked with B and fails.
        let a = key();
        let b = HolderKey::from_secret(&[8; 32]);
        let bytes = KeyProof::sign(&a, "aud", "n", NOW);
        let a_x = a.public_key().to_bytes();
        let pos = bytes.windows(32).position(|w| w == a_x).unwrap();
        let mut swapped = bytes.clone();
        swapped[pos..pos + 32].copy_from_slice(&b.public_key().to_bytes());
        assert_eq!(KeyProof::verify(&swapped), Err(IssuanceError::ProofBadSignature));
    }
}
