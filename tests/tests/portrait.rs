//! The portrait claim across issuer, holder, wallet, request flow and verifier: the image and its
//! media type arrive when disclosed, not a byte of it travels when withheld, a broken image is a
//! typed error, and neither errors nor Debug output carry it.

mod common;

use citizen_wallet::internal::portrait_unchecked;
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::request::read_request;
use citizen_wallet::{
    CitizenRecord, ClaimName, ClaimValue, ImageFormat, IssueRequest, Portrait, PortraitError, RequestSpec, VerifierKey,
    VerifyError, create_request, demo,
};
use citizen_wallet::{RegisteredVerifier, VerifierRegistry};
use cwallet_tests::{Fixture, NOW};

/// A WebP container around 300 bytes of distinctive filler (the verifier checks headers only).
fn webp_bytes() -> Vec<u8> {
    let payload: Vec<u8> = (0..300u32).map(|i| (i * 37 % 251) as u8 ^ 0x5A).collect();
    let mut chunk = b"VP8 ".to_vec();
    chunk.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    chunk.extend_from_slice(&payload);
    let mut b = b"RIFF".to_vec();
    b.extend_from_slice(&((chunk.len() + 4) as u32).to_le_bytes());
    b.extend_from_slice(b"WEBP");
    b.extend_from_slice(&chunk);
    b
}

fn record_with(portrait: Portrait) -> CitizenRecord {
    CitizenRecord { portrait: Some(portrait), ..demo::sample_record() }
}

fn disclosed_portrait(claims: &[citizen_wallet::Claim]) -> Option<&Portrait> {
    claims.iter().find_map(|c| match &c.value {
        ClaimValue::Portrait(p) => Some(p),
        _ => None,
    })
}

#[test]
fn a_disclosed_portrait_arrives_with_its_bytes_and_media_type() {
    let image = webp_bytes();
    let f = Fixture::with_record(&record_with(Portrait::new(ImageFormat::WebP, image.clone()).unwrap()));
    assert!(f.identity.info().claims.contains(&ClaimName::Portrait));
    assert!(!f.residence.info().claims.contains(&ClaimName::Portrait), "identity credentials only");
    let p = f.present(&f.identity, &[ClaimName::FullName, ClaimName::Portrait]);
    let verified = f.verifier.verify(&p.qr_text).unwrap();
    let portrait = disclosed_portrait(&verified.claims).expect("portrait disclosed");
    assert_eq!(portrait.media_type(), "image/webp");
    assert_eq!(portrait.bytes(), &image[..]);
    assert!(!format!("{verified:?}").contains("RIFF"));
}

#[test]
fn a_withheld_portrait_leaves_no_byte_of_the_image_in_the_qr() {
    let image = webp_bytes();
    let with = Fixture::with_record(&record_with(Portrait::new(ImageFormat::WebP, image.clone()).unwrap()));
    let names = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)];
    let p = with.present(&with.identity, &names);
    for window in image[20..].windows(12) {
        assert!(!p.kbt.windows(12).any(|w| w == window), "image bytes in a presentation that withholds them");
    }
    let verified = with.verifier.verify(&p.qr_text).unwrap();
    assert!(disclosed_portrait(&verified.claims).is_none());

    // The redacted portrait costs its digest (and a little CBOR) in every QR, no more.
    let without = Fixture::new();
    let base = without.present(&without.identity, &names);
    let extra = p.kbt.len() as i64 - base.kbt.len() as i64;
    assert!((30..=40).contains(&extra), "a withheld portrait costs {extra} bytes");
}

#[test]
fn the_qr_with_a_portrait_fits_version_30_m_and_reads_back_from_a_4_px_png() {
    // A 400-byte image: the issuer's default budget.
    let mut image = webp_bytes();
    let filler: Vec<u8> = (0..(400 - image.len()) as u32).map(|i| (i * 91 % 253) as u8).collect();
    image.extend_from_slice(&filler);
    let (size, rest) = (image.len() as u32 - 8, image.len() as u32 - 20);
    image[4..8].copy_from_slice(&size.to_le_bytes());
    image[16..20].copy_from_slice(&rest.to_le_bytes());
    let f = Fixture::with_record(&record_with(Portrait::new(ImageFormat::WebP, image).unwrap()));
    let names = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18), ClaimName::Portrait];
    let p = f.present(&f.identity, &names);
    let qr = QrImage::from_text(&p.qr_text, EcLevel::M).unwrap();
    assert!(qr.version() <= 30, "version {}", qr.version());
    let verified = f.verifier.verify_image(&qr.to_png(4)).unwrap();
    assert_eq!(disclosed_portrait(&verified.claims).unwrap().bytes().len(), 400);
}

#[test]
fn a_signed_portrait_that_is_not_its_declared_format_is_a_typed_error() {
    let jpeg_bytes = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[0x42; 64], &[0xFF, 0xD9]].concat();
    let lie = portrait_unchecked(ImageFormat::WebP, jpeg_bytes);
    let f = Fixture::with_record(&record_with(lie));
    let p = f.present(&f.identity, &[ClaimName::Portrait]);
    let err = f.verifier.verify(&p.qr_text).unwrap_err();
    assert_eq!(err, VerifyError::Portrait(PortraitError::NotDeclaredFormat { media_type: "image/webp" }));
    assert_eq!(err.code(), "invalid_portrait");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("66") && !shown.contains("42, 42"), "{shown}");

    // Undisclosed, the broken image is never read: the rest still verifies.
    let p = f.present(&f.identity, &[ClaimName::FullName]);
    assert!(f.verifier.verify(&p.qr_text).is_ok());
}

#[test]
fn an_issuer_refuses_a_record_whose_portrait_lies_about_its_format() {
    let json = serde_json::json!({
        "id_number": "079190001234", "full_name": "A", "date_of_birth": "1990-05-15", "sex": "female",
        "nationality": "VNM", "portrait": {"media_type": "image/png", "base64": "/9j/4AAQ/9k="}
    });
    let err = serde_json::from_value::<CitizenRecord>(json).unwrap_err().to_string();
    assert!(err.contains("not a image/png image"), "{err}");
}

#[test]
fn a_counter_can_ask_for_the_portrait_and_the_wallet_logs_that_it_was_shown() {
    let key = VerifierKey::from_secret("hotel-1", &[9; 32]).unwrap();
    let registry = VerifierRegistry::new(vec![RegisteredVerifier {
        id: "https://hotel.example.vn".into(),
        kid: "hotel-1".into(),
        name: "Khách sạn Ví dụ".into(),
        public_key: key.public_key(),
        claims: vec![ClaimName::FullName, ClaimName::IdNumber, ClaimName::Portrait],
        purposes: None,
        valid: citizen_wallet::clock::SigningPeriod::ALWAYS,
    }])
    .unwrap();
    let spec = RequestSpec::new(
        "https://hotel.example.vn",
        "Reception",
        "Đăng ký lưu trú",
        &[ClaimName::FullName, ClaimName::IdNumber, ClaimName::Portrait],
    );
    let created = create_request(&key, &spec, NOW).unwrap();
    let view = read_request(&created.qr_text, &registry, NOW + 1).unwrap();
    assert!(view.requested.contains(&ClaimName::Portrait));

    // The wallet answers with the portrait; its log names the claim, never the image.
    let setup = common::Setup::new();
    let wallet = setup.create("w.db");
    let record = record_with(Portrait::new(ImageFormat::WebP, webp_bytes()).unwrap());
    let request = IssueRequest {
        record: &record,
        doc_type: citizen_wallet::DocType::Identity,
        holder_key: wallet.holder_public_key().unwrap(),
        status_index: None,
    };
    let bytes = setup.issuer.issue(&request, common::NOW).unwrap().to_bytes().to_vec();
    let id = wallet.import_credential(&bytes, &setup.trust).unwrap();
    wallet.present(id, &[ClaimName::FullName, ClaimName::Portrait], "reception", 60, None).unwrap();
    let log = wallet.presentation_log().unwrap();
    assert_eq!(log.len(), 1);
    assert!(log[0].disclosed.contains(&ClaimName::Portrait));
    assert!(!format!("{log:?}").contains("RIFF"));
}
