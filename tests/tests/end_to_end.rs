//! Issue → present → verify, for every claim and several disclosure sets, with the privacy and
//! normalisation properties the counter and the citizen rely on.

use citizen_wallet::claims::ClaimValue;
use citizen_wallet::demo;
use citizen_wallet::qr::{self, EcLevel, QrImage};
use citizen_wallet::{ClaimName, Credential, PresentError, PresentationRequest, VerifierPolicy, present};
use cwallet_tests::{Fixture, NOW};

fn all_claims(credential: &Credential) -> Vec<ClaimName> {
    credential.info().claims.clone()
}

#[test]
fn every_single_claim_round_trips_alone() {
    let f = Fixture::new();
    for credential in [&f.identity, &f.residence] {
        for name in all_claims(credential) {
            let p = f.present(credential, &[name]);
            let verified = f.verifier.verify(&p.qr_text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(verified.claims.len(), 1, "{name}");
            assert_eq!(verified.claims[0].name, name);
            assert_eq!(Some(&verified.claims[0].value), credential.claim_value(name).as_ref());
        }
    }
}

#[test]
fn disclosure_sets_reveal_exactly_what_was_chosen() {
    let f = Fixture::new();
    let identity_sets: Vec<Vec<ClaimName>> = vec![
        vec![],
        vec![ClaimName::AgeOver(18)],
        vec![ClaimName::FullName, ClaimName::IdNumber],
        vec![ClaimName::FullName, ClaimName::DateOfBirth, ClaimName::Sex, ClaimName::Nationality],
        all_claims(&f.identity),
    ];
    for set in identity_sets {
        let verified = f.verifier.verify(&f.present(&f.identity, &set).qr_text).unwrap();
        let mut got: Vec<ClaimName> = verified.claims.iter().map(|c| c.name).collect();
        let mut want = set.clone();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        assert!(verified.other_claims.is_empty());
    }
    let residence_set = [ClaimName::PlaceOfResidence, ClaimName::FullName];
    let verified = f.verifier.verify(&f.present(&f.residence, &residence_set).qr_text).unwrap();
    assert_eq!(verified.claims.len(), 2);
    assert_eq!(verified.doc_type, Some(citizen_wallet::DocType::Residence));
}

#[test]
fn asking_for_a_claim_the_credential_lacks_is_a_typed_error() {
    let f = Fixture::new();
    let request = PresentationRequest::new(demo::DEMO_AUDIENCE, &[ClaimName::Religion]);
    let err = present(&f.identity, &f.holder, &request, NOW + 5).unwrap_err();
    assert_eq!(err, PresentError::ClaimNotInCredential("religion".into()));
}

#[test]
fn verified_metadata_describes_issuer_holder_and_times() {
    let f = Fixture::new();
    let p = f.present(&f.identity, &[ClaimName::FullName]);
    let v = f.verifier.verify(&p.qr_text).unwrap();
    assert_eq!(v.issuer, demo::DEMO_ISS);
    assert_eq!(v.kid, demo::DEMO_KID);
    assert_eq!(v.audience, demo::DEMO_AUDIENCE);
    assert_eq!(v.holder_thumbprint, f.holder.thumbprint());
    assert_eq!((v.presented_at, v.expires_at), (p.issued_at, p.expires_at));
    assert_eq!(v.expires_at - v.presented_at, 60, "default TTL");
    assert_eq!(v.credential_issued_at, NOW);
    assert_eq!(v.credential_expires_at, f.identity.info().expires_at);
    assert_eq!(v.status.as_ref().map(|s| s.index), Some(3));
}

/// Undisclosed values must not be anywhere in the QR's bytes, in any encoding we use.
#[test]
fn undisclosed_values_never_appear_in_the_qr_bytes() {
    let f = Fixture::new();
    for credential in [&f.identity, &f.residence] {
        let names = all_claims(credential);
        for shown in &names {
            let p = f.present(credential, &[*shown]);
            let bytes = qr::decode_presentation(&p.qr_text).unwrap();
            for hidden in names.iter().filter(|n| *n != shown) {
                let value = credential.claim_value(*hidden).unwrap();
                for needle in encodings(&value) {
                    assert!(
                        !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                        "{hidden} leaks while showing {shown}"
                    );
                }
            }
        }
    }
}

/// The byte forms a value could take in the token: its CBOR encoding and its raw text.
fn encodings(value: &ClaimValue) -> Vec<Vec<u8>> {
    let mut out = vec![citizen_wallet::internal::claim_value_cbor(value)];
    if let ClaimValue::Text(t) = value {
        out.push(t.as_bytes().to_vec());
    }
    // One-byte encodings (booleans, sex codes) occur in any CBOR by chance; a disclosure of
    // them is caught by the claim-count checks above instead.
    out.retain(|n| n.len() >= 4);
    out
}

#[test]
fn a_name_typed_in_nfd_verifies_the_same_as_nfc() {
    let mut nfd_record = demo::sample_record();
    nfd_record.full_name = "Nguye\u{302}\u{303}n Va\u{306}n A\u{300}nh".into();
    let mut nfc_record = demo::sample_record();
    nfc_record.full_name = "Nguy\u{1ec5}n V\u{103}n \u{c0}nh".into();
    for record in [nfd_record, nfc_record] {
        let f = Fixture::with_record(&record);
        let v = f.verifier.verify(&f.present(&f.identity, &[ClaimName::FullName]).qr_text).unwrap();
        let name = v.claim(ClaimName::FullName).unwrap();
        assert_eq!(name, &ClaimValue::Text("Nguy\u{1ec5}n V\u{103}n \u{c0}nh".into()));
    }
}

#[test]
fn freshness_edges_respect_the_clock_skew() {
    let f = Fixture::new();
    let p = f.present(&f.identity, &[ClaimName::AgeOver(18)]);
    let skew = f.verifier.policy().clock_skew_secs;
    // Valid until exp + skew (exclusive), then Expired.
    f.clock.set(p.expires_at + skew - 1);
    assert!(f.verifier.verify(&p.qr_text).is_ok());
    f.clock.set(p.expires_at + skew);
    assert_eq!(f.verifier.verify(&p.qr_text).unwrap_err().code(), "expired");
    // A phone clock ahead by up to the skew is fine; further ahead is NotYetValid.
    f.clock.set(p.issued_at - skew);
    assert!(f.verifier.verify(&p.qr_text).is_ok());
    f.clock.set(p.issued_at - skew - 1);
    assert_eq!(f.verifier.verify(&p.qr_text).unwrap_err().code(), "not_yet_valid");
}

#[test]
fn credential_expiry_is_enforced_at_presentation_and_verification() {
    let f = Fixture::new();
    let exp = f.identity.info().expires_at;
    let request = PresentationRequest::new(demo::DEMO_AUDIENCE, &[ClaimName::FullName]);
    // The holder cannot sign past the credential's expiry...
    assert!(matches!(present(&f.identity, &f.holder, &request, exp), Err(PresentError::CredentialExpired { .. })));
    // ...and a presentation made just before it ends with the credential.
    let p = present(&f.identity, &f.holder, &request, exp - 10).unwrap();
    assert_eq!(p.expires_at, exp);
    f.clock.set(exp - 5);
    assert!(f.verifier.verify(&p.qr_text).is_ok());
    // Verified later, the credential's own expiry is the reason given.
    f.clock.set(exp + 3600);
    assert_eq!(f.verifier.verify(&p.qr_text).unwrap_err().code(), "credential_expired");
}

#[test]
fn a_credential_not_yet_valid_is_rejected_with_its_own_reason() {
    let f = Fixture::new();
    let p = f.present(&f.identity, &[ClaimName::FullName]);
    f.clock.set(NOW - 3600);
    assert_eq!(f.verifier.verify(&p.qr_text).unwrap_err().code(), "credential_not_yet_valid");
}

#[test]
fn audience_and_nonce_are_checked_when_the_counter_sets_them() {
    let f = Fixture::new();
    let nonce = vec![0xA5; 16];
    let mut request = PresentationRequest::new(demo::DEMO_AUDIENCE, &[ClaimName::FullName]);
    request.nonce = Some(nonce.clone());
    let with_nonce = present(&f.identity, &f.holder, &request, NOW + 5).unwrap();
    let policy = VerifierPolicy { nonce: Some(nonce), ..VerifierPolicy::for_audience(demo::DEMO_AUDIENCE) };
    let v = f.verifier_with(policy).verify(&with_nonce.qr_text).unwrap();
    assert_eq!(v.nonce.as_deref(), Some(&[0xA5; 16][..]));
    // A verifier without audience or nonce settings accepts any audience.
    assert!(f.verifier_with(VerifierPolicy::default()).verify(&with_nonce.qr_text).is_ok());
}

#[test]
fn the_rendered_png_decodes_back_to_the_same_text() {
    let f = Fixture::new();
    let p = f.present(&f.identity, &[ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)]);
    let image = QrImage::from_text(&p.qr_text, EcLevel::M).unwrap();
    assert!(image.version() <= 22, "three claims must fit QR version 22-M, got {}", image.version());
    let png = image.to_png(4);
    assert_eq!(qr::decode_image(&png).unwrap(), p.qr_text);
    assert_eq!(f.verifier.verify_image(&png).unwrap().claims.len(), 3);
    // A JPEG (lossy, as from a camera pipeline) of the same code decodes too.
    let decoded = image::load_from_memory(&png).unwrap();
    let mut jpeg = std::io::Cursor::new(Vec::new());
    decoded.to_rgb8().write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    assert_eq!(qr::decode_image(jpeg.get_ref()).unwrap(), p.qr_text);
    assert!(image.to_svg().starts_with("<?xml"));
    assert!(image.to_terminal().lines().count() > image.width() / 2);
}

#[test]
fn presentations_of_the_same_claims_differ_and_each_verifies() {
    let f = Fixture::new();
    let a = f.present(&f.identity, &[ClaimName::FullName]);
    let mut request = PresentationRequest::new("hotel-desk", &[ClaimName::FullName]);
    request.ttl_secs = 120;
    let b = present(&f.identity, &f.holder, &request, NOW + 5).unwrap();
    assert_ne!(a.qr_text, b.qr_text);
    assert_eq!(b.expires_at - b.issued_at, 120);
    let hotel = f.verifier_with(VerifierPolicy::for_audience("hotel-desk"));
    assert_eq!(hotel.verify(&b.qr_text).unwrap().audience, "hotel-desk");
}
