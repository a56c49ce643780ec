//! Test data for the JavaScript binding and the counter page, made fresh at test time (nothing
//! personal-looking is committed): `cargo run -p cwallet-tests --bin web_fixtures -- DIR`.
//!
//! Writes into DIR: `trust.json` (the demo issuer), `status.cwt` (its status list: entry 0 valid,
//! entry 1 revoked), `presentation.png` (a valid presentation QR, for the fake camera and the
//! image-file fallback) and `fixtures.json`, the QR texts of every case the tests check. Each
//! `valid` text is a separate presentation, so tests can spend them one by one (replay memory).

use std::path::PathBuf;

use citizen_wallet::demo;
use citizen_wallet::qr::{self, EcLevel, QrImage};
use citizen_wallet::status::StatusList;
use citizen_wallet::{
    ClaimName, Credential, DocType, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey, PresentationRequest,
    TrustList, present,
};

/// The counter the presentations are addressed to.
const AUDIENCE: &str = "counter-7";
/// Presentations for the tests to spend.
const VALID_COUNT: usize = 24;
/// Presentation lifetime: long enough for a slow browser test run.
const TTL_SECS: u64 = 600;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: web_fixtures DIR"));
    std::fs::create_dir_all(&dir).expect("create the fixture folder");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64;

    let issuer = new_issuer(demo::DEMO_KID, demo::DEMO_STATUS_URI);
    let mut trusted = issuer.trusted_issuer();
    trusted.name = Some(demo::DEMO_ISSUER_NAME.into());
    let trust = TrustList::new(vec![trusted]).expect("trust list");

    let holder = HolderKey::generate();
    let record = demo::sample_record();
    // Issued an hour ago, so a presentation can be dated (and expired) in the past.
    let issued = now - 3600;
    let credential = |issuer: &Issuer, index: u64| -> Credential {
        let request = IssueRequest {
            record: &record,
            doc_type: DocType::Identity,
            holder_key: holder.public_key().to_bytes(),
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
    let card = format!(
        "{}||{}|15051990|Nữ|{}|10042021",
        record.id_number,
        record.full_name,
        record.place_of_residence.as_deref().unwrap_or_default()
    );

    let image = QrImage::from_text(&valid[VALID_COUNT - 1], EcLevel::M).expect("QR image");
    std::fs::write(dir.join("presentation.png"), image.to_png(8)).expect("write PNG");
    std::fs::write(dir.join("camera.y4m"), camera_video(&image)).expect("write Y4M");
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
    ]);
    std::fs::write(dir.join("fixtures.json"), fixtures).expect("write fixtures");
    eprintln!("web fixtures written to {} (QR version {})", dir.display(), image.version());
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
/// the QR about 500 px wide as a phone screen held up to a webcam shows it, resampled at a
/// non-integer scale, blurred, with low contrast, uneven light and a little sensor noise (±1 grey
/// level: rqrr, the page's decoder, misses codes in frames much noisier than a webcam's denoised
/// output), drifting a few pixels from frame to frame.
fn camera_video(image: &QrImage) -> Vec<u8> {
    const W: usize = 1280;
    const H: usize = 720;
    const FRAMES: usize = 4;
    let side = image.width();
    let quiet = image.quiet_zone() as usize;
    let modules = image.modules();
    let total = side + 2 * quiet;
    let scale = 5.0_f64; // pixels per module
    let size = total as f64 * scale;
    let mut out = format!("YUV4MPEG2 W{W} H{H} F15:1 Ip A1:1 C420jpeg\n").into_bytes();
    let mut noise: u32 = 0x1234_5678;
    for frame in 0..FRAMES {
        let (x0, y0) = (300.0 + 3.0 * frame as f64, ((H as f64 - size) / 2.0).floor() + 2.0 * frame as f64);
        // Dark module or not at a point of the picture (outside the phone screen: a grey desk).
        let dark = |x: f64, y: f64| -> Option<bool> {
            let (mx, my) = ((x - x0) / scale, (y - y0) / scale);
            if mx < 0.0 || my < 0.0 || mx >= total as f64 || my >= total as f64 {
                return None;
            }
            let (mx, my) = (mx as usize, my as usize);
            if mx < quiet || my < quiet || mx >= quiet + side || my >= quiet + side {
                return Some(false);
            }
            Some(modules[(my - quiet) * side + (mx - quiet)])
        };
        let mut luma = vec![0u8; W * H];
        for y in 0..H {
            for x in 0..W {
                // 2×2 supersampling: edges land between pixels as a lens would put them.
                let mut sum = 0.0;
                for (dx, dy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                    sum += match dark(x as f64 + dx, y as f64 + dy) {
                        Some(true) => 45.0,
                        Some(false) => 205.0,
                        None => 110.0,
                    };
                }
                let light = 0.85 + 0.15 * (x as f64 / W as f64); // brighter to the right
                luma[y * W + x] = (sum / 4.0 * light) as u8;
            }
        }
        // A light blur (focus: the centre weighs 8/17 of a 3×3 window), then noise.
        let mut blurred = luma.clone();
        for y in 1..H - 1 {
            for x in 1..W - 1 {
                let mut s = 0u32;
                for yy in y - 1..=y + 1 {
                    for xx in x - 1..=x + 1 {
                        s += luma[yy * W + xx] as u32;
                    }
                }
                noise = noise.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let n = (noise >> 24) as i32 % 3 - 1;
                blurred[y * W + x] = (((s + 8 * luma[y * W + x] as u32) / 17) as i32 + n).clamp(0, 255) as u8;
            }
        }
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&blurred);
        out.extend(std::iter::repeat_n(128u8, W * H / 2)); // U and V: grey
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
