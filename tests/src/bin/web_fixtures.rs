//! Test data for the JavaScript binding and the counter page, made fresh at test time (nothing
//! personal-looking is committed): `cargo run -p cwallet-tests --bin web_fixtures -- DIR`.
//!
//! Writes into DIR: `anchor.json` (the pinned trust anchor) and the signed trust bundles it (or
//! not it) signed: `trust.cwt` (seq 2, the current one), `trust-old.cwt` (seq 1: a rollback once
//! seq 2 is held), `trust-expired.cwt` (seq 3, past its `exp`), `trust-next.cwt` (seq 4),
//! `trust-foreign.cwt` (signed by an anchor nobody pinned), `trust-forged.cwt` (the pinned kid, a
//! different key); `trust.json` (the same issuers as unsigned development JSON, which the page must
//! refuse as a bundle); `status.cwt` (the demo issuer's status list: entry 0 valid, entry 1
//! revoked), `presentation.png`, `presentation-large.png` (the same at
//! 32 px per module, photo-sized) and `camera.y4m` (a valid presentation QR, for the image-file
//! fallback and the fake camera) and `fixtures.json`, the QR texts of every case the tests check.
//! Each `valid` text is a separate presentation, so tests can spend them one by one (replay memory).
//!
//! `--extra-issuers FILE` adds the issuers of a `cwallet issuer init` trust.json to every bundle;
//! `--portrait-qr FILE` (repeatable) takes presentation QR texts with a portrait that `cwallet`
//! made for that issuer: they go into `fixtures.json` (`portrait`), and the first is also filmed
//! as `portrait-camera.y4m` (a phone screen held up to the webcam).

use std::path::PathBuf;

use citizen_wallet::demo;
use citizen_wallet::internal::portrait_unchecked;
use citizen_wallet::qr::{self, EcLevel, QrImage};
use citizen_wallet::status::StatusList;
use citizen_wallet::{
    AnchorKey, CitizenRecord, ClaimName, Credential, DocType, HolderKey, ImageFormat, IssueRequest, Issuer,
    IssuerConfig, IssuerKey, PresentationRequest, TrustAnchor, TrustBundle, TrustList, VerifierRegistry, present,
};
use cwallet_tests::camera;

/// The counter the presentations are addressed to.
const AUDIENCE: &str = "counter-7";
/// Presentations for the tests to spend.
const VALID_COUNT: usize = 24;
/// Presentation lifetime: long enough for a slow browser test run.
const TTL_SECS: u64 = 600;

/// The pinned anchor's key id.
const ANCHOR_KID: &str = "root-web";
/// Lifetime of the fixture bundles.
const BUNDLE_LIFETIME_SECS: u64 = 24 * 3600;

fn main() {
    let usage = "usage: web_fixtures DIR [--extra-issuers trust.json] [--portrait-qr FILE]...";
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect(usage));
    let (mut extra_issuers, mut portrait_qrs) = (None, Vec::new());
    while let Some(flag) = args.next() {
        let value = args.next().expect(usage);
        match flag.as_str() {
            "--extra-issuers" => extra_issuers = Some(std::fs::read_to_string(value).expect("read --extra-issuers")),
            "--portrait-qr" => {
                portrait_qrs.push(std::fs::read_to_string(value).expect("read --portrait-qr").trim().to_owned())
            }
            _ => panic!("{usage}"),
        }
    }
    std::fs::create_dir_all(&dir).expect("create the fixture folder");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64;

    let issuer = new_issuer(demo::DEMO_KID, demo::DEMO_STATUS_URI);
    let mut trusted = vec![issuer.trusted_issuer()];
    trusted[0].name = Some(demo::DEMO_ISSUER_NAME.into());
    if let Some(json) = &extra_issuers {
        trusted.extend(TrustList::from_json(json).expect("--extra-issuers").issuers().iter().cloned());
    }
    let trust = TrustList::new(trusted).expect("trust list");
    write_bundles(&dir, &trust, now);

    let holder = HolderKey::generate();
    let record = demo::sample_record();
    // Issued an hour ago, so a presentation can be dated (and expired) in the past.
    let issued = now - 3600;
    let credential = |issuer: &Issuer, index: u64| -> Credential {
        let request = IssueRequest {
            record: &record,
            doc_type: DocType::Identity,
            holder_key: holder.public_key().into(),
            status_index: Some(index),
        };
        issuer.issue(&request, issued).expect("issue")
    };
    let disclose = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::DateOfBirth, ClaimName::AgeOver(18)];
    let show = |credential: &Credential, audience: &str, at: i64| -> String {
        let mut request = PresentationRequest::new(audience, &disclose);
        request.ttl_secs = TTL_SECS;
        present(credential, &holder, &request, at).expect("present").qr_text
    };

    let mut status = StatusList::new(1, 64).expect("status list");
    status.set(1, 1).expect("revoke entry 1");
    let token = issuer.sign_status_list(&status, now - 60, 24 * 3600, Some(3600)).expect("status token");

    let good = credential(&issuer, 0);
    // Ed25519 is deterministic: presentations made in the same second would be identical, so
    // each is dated a second earlier than the one before.
    let valid: Vec<String> = (0..VALID_COUNT).map(|i| show(&good, AUDIENCE, now - i as i64)).collect();
    let revoked = show(&credential(&issuer, 1), AUDIENCE, now);
    let expired = show(&good, AUDIENCE, now - 1200);
    let wrong_audience = show(&good, "counter-9", now);
    // Same key and iss, but a status list URI the counter has no list for.
    let unlisted = show(&credential(&issuer_with_key(&issuer, "https://id.example.vn/status/9"), 0), AUDIENCE, now);
    let unknown_issuer = show(&credential(&new_issuer("other-1", demo::DEMO_STATUS_URI), 0), AUDIENCE, now);
    let mut kbt = qr::decode_presentation(&valid[0]).expect("own QR");
    let last = kbt.len() - 1;
    kbt[last] ^= 0x01; // one bit of the holder's signature
    let tampered = qr::encode_presentation(&kbt);
    // A printed card QR of the same fictional citizen.
    // An issuer that signed a "WebP" portrait whose bytes are a JPEG: `invalid_portrait`.
    let bad_portrait = {
        let record = CitizenRecord {
            portrait: Some(portrait_unchecked(ImageFormat::WebP, vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0xFF, 0xD9])),
            ..demo::sample_record()
        };
        let request = IssueRequest {
            record: &record,
            doc_type: DocType::Identity,
            holder_key: holder.public_key().into(),
            status_index: Some(0),
        };
        let credential = issuer.issue(&request, issued).expect("issue");
        let mut request = PresentationRequest::new(AUDIENCE, &[ClaimName::FullName, ClaimName::Portrait]);
        request.ttl_secs = TTL_SECS;
        present(&credential, &holder, &request, now).expect("present").qr_text
    };
    let card = format!(
        "{}||{}|15051990|Nữ|{}|10042021",
        record.id_number,
        record.full_name,
        record.place_of_residence.as_deref().unwrap_or_default()
    );

    let image = QrImage::from_text(&valid[VALID_COUNT - 1], EcLevel::M).expect("QR image");
    std::fs::write(dir.join("presentation.png"), image.to_png(8)).expect("write PNG");
    // As a phone photo would be: 3,616 px square, which the page scales down before decoding.
    std::fs::write(dir.join("presentation-large.png"), image.to_png(32)).expect("write PNG");
    // 4.5 px per module turned 10°, and the portrait QR below at 4.4 px turned 3°: sizes and angles
    // at which rqrr, the page's decoder before rxing's detector, found no QR (docs/counter-web.md).
    std::fs::write(dir.join("camera.y4m"), camera_video(&image, 4.5, 10.0)).expect("write Y4M");
    if let Some(first) = portrait_qrs.first() {
        // A phone screen showing the v27 QR held up to the webcam: 585 px of the 720.
        let qr = QrImage::from_text(first, EcLevel::M).expect("portrait QR image");
        std::fs::write(dir.join("portrait-camera.y4m"), camera_video(&qr, 4.4, 3.0)).expect("write Y4M");
        eprintln!("portrait QR: version {}, {} characters", qr.version(), first.len());
    }
    std::fs::write(dir.join("trust.json"), trust.to_json()).expect("write trust list");
    std::fs::write(dir.join("status.cwt"), &token).expect("write status list");
    let fixtures = serde_json_like(&[
        ("audience", quote(AUDIENCE)),
        ("now", now.to_string()),
        ("fullName", quote(&record.full_name)),
        ("idNumber", quote(&record.id_number)),
        ("issuerName", quote(demo::DEMO_ISSUER_NAME)),
        ("valid", format!("[{}]", valid[..VALID_COUNT - 1].iter().map(|t| quote(t)).collect::<Vec<_>>().join(","))),
        ("cameraQr", quote(&valid[VALID_COUNT - 1])),
        ("tampered", quote(&tampered)),
        ("expired", quote(&expired)),
        ("wrongAudience", quote(&wrong_audience)),
        ("revoked", quote(&revoked)),
        ("unlisted", quote(&unlisted)),
        ("unknownIssuer", quote(&unknown_issuer)),
        ("card", quote(&card)),
        ("badPortrait", quote(&bad_portrait)),
        ("portrait", format!("[{}]", portrait_qrs.iter().map(|t| quote(t)).collect::<Vec<_>>().join(","))),
        ("anchorKid", quote(ANCHOR_KID)),
    ]);
    std::fs::write(dir.join("fixtures.json"), fixtures).expect("write fixtures");
    eprintln!("web fixtures written to {} (QR version {})", dir.display(), image.version());
}

/// The anchor and every bundle the tests hand to the page (see the module documentation).
fn write_bundles(dir: &std::path::Path, trust: &TrustList, now: i64) {
    let anchor = AnchorKey::generate(ANCHOR_KID).expect("anchor key");
    let pinned = TrustAnchor::new(anchor.kid(), anchor.public_key()).expect("anchor");
    std::fs::write(dir.join("anchor.json"), pinned.to_json()).expect("write anchor");
    let bundle = |key: &AnchorKey, seq: u64, issued_at: i64| -> Vec<u8> {
        TrustBundle::new(seq, issued_at, BUNDLE_LIFETIME_SECS, trust.clone(), VerifierRegistry::default())
            .sign(key)
            .expect("sign bundle")
    };
    let foreign = AnchorKey::generate("root-elsewhere").expect("anchor key");
    let forged = AnchorKey::generate(ANCHOR_KID).expect("anchor key");
    for (name, bytes) in [
        ("trust-old.cwt", bundle(&anchor, 1, now - 120)),
        ("trust.cwt", bundle(&anchor, 2, now - 60)),
        ("trust-expired.cwt", bundle(&anchor, 3, now - 2 * BUNDLE_LIFETIME_SECS as i64)),
        ("trust-next.cwt", bundle(&anchor, 4, now - 30)),
        ("trust-foreign.cwt", bundle(&foreign, 5, now - 30)),
        ("trust-forged.cwt", bundle(&forged, 5, now - 30)),
    ] {
        std::fs::write(dir.join(name), bytes).expect("write bundle");
    }
}

fn new_issuer(kid: &str, status_uri: &str) -> Issuer {
    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(status_uri.into());
    Issuer::new(IssuerKey::generate(kid).expect("issuer key"), config).expect("issuer")
}

/// The same signing key under another status list URI.
fn issuer_with_key(issuer: &Issuer, status_uri: &str) -> Issuer {
    let mut config = issuer.config().clone();
    config.status_list_uri = Some(status_uri.into());
    let key = IssuerKey::from_secret(issuer.key().kid(), &issuer.key().secret_bytes()).expect("issuer key");
    Issuer::new(key, config).expect("issuer")
}

/// Camera frames for Chromium's fake webcam (`--use-file-for-fake-video-capture`): 1280×720 Y4M,
/// four frames of [`camera::frame`], the phone drifting a few pixels from frame to frame.
/// (`decode_sweep` measures the decoder over many sizes and angles; docs/counter-web.md.)
fn camera_video(image: &QrImage, scale: f64, angle: f64) -> Vec<u8> {
    let (w, h) = (camera::W, camera::H);
    let mut out = format!("YUV4MPEG2 W{w} H{h} F15:1 Ip A1:1 C420jpeg\n").into_bytes();
    let mut noise: u32 = 0x1234_5678;
    for i in 0..4 {
        // The centre of the phone screen, a little right of the frame's centre.
        let centre = (w as f64 / 2.0 + 60.0 + 3.0 * i as f64, h as f64 / 2.0 + 2.0 * i as f64);
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&camera::frame(image, scale, angle, centre, &mut noise));
        out.extend(std::iter::repeat_n(128u8, w * h / 2)); // U and V: grey
    }
    out
}

/// A JSON string literal (the tests crate has no serde_json outside its dev-dependencies).
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn serde_json_like(fields: &[(&str, String)]) -> String {
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("  {}: {v}", quote(k))).collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}
