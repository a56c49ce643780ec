//! Times at the ends of the integer range, signed by a trusted issuer and the bound holder (the
//! fuzz harness's re-signing mode), give typed verdicts, never an arithmetic overflow.
//! `WRITE_REPRODUCERS=DIR` writes each input in the fuzz target's re-signing form (fuzz/regressions/verify_qr/).

use citizen_wallet::VerifyError;
use citizen_wallet::internal::PRESENTATION_LIMITS;
use citizen_wallet::internal::cose::cbor::Value;
use citizen_wallet::internal::cose::sign1::Sign1;
use citizen_wallet::internal::cose::token::kbt_protected_header;
use citizen_wallet::internal::cose::{ALG_ED25519, claim};
use cwallet_tests::fuzz::{self, AUDIENCE, VERIFIED_AT};

/// A presentation whose credential says `iat`/`exp` = `credential` and whose KBT says `kbt`,
/// both signed with the right keys.
fn presentation(credential: (i64, i64), kbt: (i64, i64)) -> Vec<u8> {
    let w = fuzz::world();
    let mut sd_cwt = citizen_wallet::internal::sd_cwt(&w.identity).with_disclosures(&[]);
    let mut payload = sd_cwt.payload(PRESENTATION_LIMITS).unwrap();
    let Value::Map(entries) = &mut payload else { unreachable!() };
    for (k, v) in entries.iter_mut() {
        if *k == Value::int(claim::IAT) {
            *v = Value::int(credential.0);
        } else if *k == Value::int(claim::EXP) {
            *v = Value::int(credential.1);
        }
    }
    sd_cwt.sign1.payload = payload.to_vec();
    let kbt_payload = Value::Map(vec![
        (Value::int(claim::AUD), Value::text(AUDIENCE)),
        (Value::int(claim::EXP), Value::int(kbt.1)),
        (Value::int(claim::IAT), Value::int(kbt.0)),
    ]);
    let unsigned = Sign1 {
        protected: kbt_protected_header(ALG_ED25519, &sd_cwt),
        unprotected: vec![],
        sd_claims: None,
        payload: kbt_payload.to_vec(),
        signature: vec![0; 64],
    };
    if let Some(dir) = std::env::var_os("WRITE_REPRODUCERS") {
        let name = format!("extreme-times-{}-{}", credential.0, kbt.1);
        std::fs::write(std::path::Path::new(&dir).join(name), [&[1u8][..], &unsigned.to_vec()].concat()).unwrap();
    }
    fuzz::resign_kbt(w, &unsigned.to_vec()).expect("a well-formed KBT")
}

fn verify(bytes: &[u8]) -> Result<citizen_wallet::VerifiedPresentation, VerifyError> {
    fuzz::world().verifier(None).verify_kbt(bytes)
}

#[test]
fn lifetimes_wider_than_i64_are_too_long_not_an_overflow() {
    let bytes = presentation((i64::MIN, i64::MAX), (i64::MIN, i64::MAX - 1));
    assert_eq!(verify(&bytes).unwrap_err(), VerifyError::TtlTooLong { ttl: i64::MAX, max: 900 });
}

#[test]
fn long_expired_and_far_future_credentials_saturate() {
    let bytes = presentation((i64::MIN, i64::MIN + 10), (i64::MIN, i64::MIN + 5));
    assert_eq!(verify(&bytes).unwrap_err(), VerifyError::CredentialExpired { seconds_ago: i64::MAX });
    let bytes = presentation((i64::MAX - 10, i64::MAX), (i64::MAX - 5, i64::MAX));
    assert_eq!(
        verify(&bytes).unwrap_err(),
        VerifyError::CredentialNotYetValid { seconds_ahead: i64::MAX - 10 - VERIFIED_AT }
    );
}

#[test]
fn the_harness_itself_accepts_a_normal_re_signed_presentation() {
    let w = fuzz::world();
    let issued = w.identity.info().issued_at;
    let bytes = presentation((issued, issued + 86_400), (issued + 5, issued + 65));
    assert!(verify(&bytes).is_ok());
}
