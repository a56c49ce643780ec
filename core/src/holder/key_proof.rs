//! The issuance key proof, holder side (FORMAT.md "Issuance profile"): a COSE_Sign1 by a holder
//! key over the issuer's nonce, the issuer as audience and the signing time, carrying the proven
//! public key in `cnf`. Signed here, beside the presentation, so the wallet (below issuance) can
//! sign with keys that never leave it; read and checked by `issuance::KeyProof`.
//!
//! `18([<<{1: -19, 16: "openid4vci-proof+cwt"}>>, {}, <<{3: aud, 6: iat, 8: {1: COSE_Key}, 10: nonce}>>, sig])`

use super::HolderKey;
use crate::cose::cbor::Value;
use crate::cose::sign1::Sign1;
use crate::cose::{ALG_ED25519, claim, header, key};

/// `typ` of a key proof (protected header 16).
pub const TYP_KEY_PROOF: &str = "openid4vci-proof+cwt";
/// CWT claim key of the nonce (EAT `eat_nonce`, RFC 9711).
pub const CLAIM_NONCE: i64 = 10;
/// Most holder keys proven in one credential request (one credential each).
pub const MAX_KEYS_PER_REQUEST: usize = 10;

/// Signs a key proof for `key`'s public key, through the one COSE_Sign1 path
/// ([`Sign1::sign`]) that credentials, presentations and requests use. Deterministic
/// (Ed25519), so vectors reproduce.
pub fn sign_key_proof(key: &HolderKey, audience: &str, nonce: &str, issued_at: i64) -> Vec<u8> {
    let protected = Value::Map(vec![
        (Value::int(header::ALG), Value::int(ALG_ED25519)),
        (Value::int(header::TYP), Value::text(TYP_KEY_PROOF)),
    ])
    .to_vec();
    let payload = Value::Map(vec![
        (Value::int(claim::AUD), Value::text(audience)),
        (Value::int(claim::IAT), Value::int(issued_at)),
        (Value::int(claim::CNF), key::cnf_claim(&key::PublicKey::Ed25519(key.public_key()))),
        (Value::int(CLAIM_NONCE), Value::text(nonce)),
    ])
    .to_vec();
    Sign1::sign_infallible(protected, payload, None, |m| key.sign(m).to_vec()).to_vec()
}
