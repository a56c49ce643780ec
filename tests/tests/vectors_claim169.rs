//! MOSIP Claim 169 QR vectors (../shared/vectors/claim169): an independent Base45 + COSE_Sign1 +
//! CWT producer. Our Base45 decoder, CBOR codec and COSE_Sign1 parser must read all of them, check
//! the Ed25519 and ES256 signatures, and find the Claim 169 keys our vocabulary reuses.

use std::fs;
use std::io::Read;
use std::path::Path;

use citizen_wallet::internal::base45;
use citizen_wallet::internal::cose::cbor::{self, Limits, Value};
use citizen_wallet::internal::cose::claims_set::ClaimsSet;
use citizen_wallet::internal::cose::key;
use citizen_wallet::internal::cose::sign1::Sign1;
use cwallet_tests::vectors_dir;
use serde_json::Value as Json;

/// Biometric vectors carry long arrays; a national-ID reader needs more room than a presentation.
const LIMITS: Limits = Limits { max_depth: 16, max_items: 512 };

fn vectors(dir: &Path, category: &str) -> Vec<Json> {
    let mut files: Vec<_> =
        fs::read_dir(dir.join("claim169").join(category)).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|p| serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()).collect()
}

fn inflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

/// Base45 → zlib → COSE_Sign1 → the CWT claims map.
fn open(qr_data: &str) -> Result<(Sign1, Value), String> {
    let compressed = base45::decode(qr_data).map_err(|i| format!("Base45Decode at {i}"))?;
    let raw = inflate(&compressed).map_err(|e| format!("Decompress: {e}"))?;
    let sign1 = Sign1::from_bytes(&raw, LIMITS).map_err(|e| format!("CoseParse: {e}"))?;
    let claims = cbor::decode(&sign1.payload, LIMITS).map_err(|e| format!("CoseParse: {e}"))?;
    Ok((sign1, claims))
}

#[test]
fn valid_vectors_decode_and_carry_the_expected_claims() {
    let Some(dir) = vectors_dir() else { return };
    let valid = vectors(&dir, "valid");
    assert!(valid.len() >= 10);
    for v in &valid {
        let name = v["name"].as_str().unwrap();
        if name.starts_with("encrypted") {
            continue; // COSE_Encrypt0 wrapping: not a format this project reads
        }
        let (_, claims) = open(v["qr_data"].as_str().unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let identity = claims.get_int(169).unwrap_or_else(|| panic!("{name}: no claim 169"));
        let expected = &v["expected_claim169"];
        // The Claim 169 keys our vocabulary reuses: 1 id, 4 fullName, 8 dateOfBirth, 9 gender, 10 address, 13 nationality.
        for (key, field) in [(1, "id"), (4, "fullName"), (8, "dateOfBirth"), (10, "address"), (13, "nationality")] {
            if let Some(text) = expected[field].as_str() {
                assert_eq!(identity.get_int(key).and_then(Value::as_text), Some(text), "{name} {field}");
            }
        }
        if let Some(gender) = expected["gender"].as_i64() {
            assert_eq!(identity.get_int(9).and_then(Value::as_i64), Some(gender), "{name} gender");
        }
        let meta = ClaimsSet::from_map(&claims).unwrap();
        assert_eq!(meta.iss.as_deref(), v["expected_cwt_meta"]["issuer"].as_str(), "{name}");
        assert_eq!(meta.exp, v["expected_cwt_meta"]["expiresAt"].as_i64(), "{name}");
    }
}

#[test]
fn signed_vectors_verify_with_their_keys() {
    let Some(dir) = vectors_dir() else { return };
    let valid = vectors(&dir, "valid");
    let by_name = |n: &str| valid.iter().find(|v| v["name"] == n).unwrap_or_else(|| panic!("{n} missing"));

    let ed = by_name("ed25519-signed");
    let (sign1, _) = open(ed["qr_data"].as_str().unwrap()).unwrap();
    let public: [u8; 32] =
        hex::decode(ed["signing_key"]["public_key_hex"].as_str().unwrap()).unwrap().try_into().unwrap();
    let public = key::PublicKey::ed25519(&public).unwrap();
    let alg = key::signing_algorithm(&sign1.protected_map(Default::default()).unwrap(), &public).unwrap();
    assert!(key::verify(&public, alg, &sign1.to_be_signed(), &sign1.signature));
    let mut tampered = sign1.to_be_signed();
    *tampered.last_mut().unwrap() ^= 1;
    assert!(!key::verify(&public, alg, &tampered, &sign1.signature));

    // The ES256 vector through the product's signature check (cose::key::verify).
    let es = by_name("ecdsa-p256-signed");
    let (sign1, _) = open(es["qr_data"].as_str().unwrap()).unwrap();
    let sec1 = hex::decode(es["signing_key"]["public_key_hex"].as_str().unwrap()).unwrap();
    let public = key::PublicKey::from_bytes(&sec1).unwrap();
    let alg = key::signing_algorithm(&sign1.protected_map(Default::default()).unwrap(), &public).unwrap();
    assert_eq!(alg, key::Algorithm::Es256);
    assert!(key::verify(&public, alg, &sign1.to_be_signed(), &sign1.signature), "ES256 signature");
    let mut tampered = sign1.to_be_signed();
    *tampered.last_mut().unwrap() ^= 1;
    assert!(!key::verify(&public, alg, &tampered, &sign1.signature));
}

#[test]
fn invalid_vectors_fail_at_the_stage_they_name() {
    let Some(dir) = vectors_dir() else { return };
    let invalid = vectors(&dir, "invalid");
    assert_eq!(invalid.len(), 4);
    for v in invalid {
        let expected = v["expected_error"].as_str().unwrap();
        let outcome = open(v["qr_data"].as_str().unwrap());
        match expected {
            "Claim169NotFound" => assert!(outcome.unwrap().1.get_int(169).is_none()),
            stage => {
                let err = outcome.expect_err(stage);
                assert!(err.starts_with(stage), "{}: expected {stage}, got {err}", v["name"]);
            }
        }
    }
}

#[test]
fn edge_vectors_decode() {
    let Some(dir) = vectors_dir() else { return };
    for v in vectors(&dir, "edge") {
        let (_, claims) = open(v["qr_data"].as_str().unwrap()).unwrap();
        assert!(claims.get_int(169).is_some(), "{}", v["name"]);
    }
}
