//! The portrait claim through the binary: `issuer issue --portrait PHOTO`, `present --disclose
//! portrait`, `verify --portrait-out FILE`; withheld, not a byte of the image is in the QR.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::arg as s;

use image::{ImageEncoder, Rgb, RgbImage};

fn cwallet(args: &[&str]) -> Output {
    common::run(None, args, &[])
}

fn ok(out: &Output) -> String {
    assert_eq!(common::code(out), 0, "{}", common::text(&out.stderr));
    common::text(&out.stdout)
}

/// A drawn face (no real person): gradient background, skin ellipse, dark eyes and hair.
fn synthetic_photo_png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f64 / width as f64 - 0.5, y as f64 / height as f64 - 0.42);
        let face = (fx / 0.26).powi(2) + (fy / 0.24).powi(2);
        let eye = |cx: f64| ((fx - cx) / 0.05).powi(2) + ((fy + 0.03) / 0.025).powi(2) < 1.0;
        if eye(-0.1) || eye(0.1) {
            Rgb([40, 30, 20])
        } else if face < 1.0 {
            let shade = (220.0 - 60.0 * face) as u8;
            Rgb([shade, (shade as f64 * 0.75) as u8, (shade as f64 * 0.6) as u8])
        } else if face < 1.4 && fy < 0.0 {
            Rgb([50, 35, 25])
        } else {
            Rgb([120 + (y * 100 / height) as u8, 150, 190])
        }
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

struct Setup {
    /// Removed with the setup.
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    trust: PathBuf,
    holder: PathBuf,
    credential: PathBuf,
    issue_stdout: String,
}

fn issue_with_portrait(extra: &[&str]) -> Setup {
    let tmp = common::temp_dir();
    let dir = tmp.path().to_path_buf();
    let (issuer, trust, holder) = (dir.join("issuer.json"), dir.join("trust.json"), dir.join("holder.json"));
    ok(&cwallet(&[
        "issuer",
        "init",
        "--kid",
        "p-1",
        "--iss",
        "https://p.example",
        "--out",
        s(&issuer),
        "--trust-out",
        s(&trust),
    ]));
    let public_key = ok(&cwallet(&["holder", "init", "--out", s(&holder)])).trim().to_owned();
    let record = dir.join("record.json");
    std::fs::write(
        &record,
        r#"{"id_number": "001099012345", "full_name": "Lê Văn Tám", "date_of_birth": "1999-09-09",
            "sex": "male", "nationality": "VNM"}"#,
    )
    .unwrap();
    let photo = dir.join("photo.png");
    std::fs::write(&photo, synthetic_photo_png(480, 600)).unwrap();
    let credential = dir.join("id.cbor");
    let mut args = vec![
        "issuer",
        "issue",
        "--issuer",
        s(&issuer),
        "--record",
        s(&record),
        "--test-only-holder-key",
        &public_key,
        "--out",
        s(&credential),
        "--portrait",
        s(&photo),
    ];
    args.extend_from_slice(extra);
    let issue_stdout = ok(&cwallet(&args));
    Setup { _tmp: tmp, dir, trust, holder, credential, issue_stdout }
}

fn present(setup: &Setup, disclose: &str) -> PathBuf {
    let qr = setup.dir.join(format!("qr-{}.txt", disclose.replace(',', "-")));
    ok(&cwallet(&[
        "present",
        "--credential",
        s(&setup.credential),
        "--holder",
        s(&setup.holder),
        "--disclose",
        disclose,
        "--audience",
        "post-office",
        "--out",
        s(&qr),
    ]));
    qr
}

#[test]
fn a_disclosed_portrait_is_written_where_the_clerk_asked_and_a_withheld_one_is_not_in_the_qr() {
    let setup = issue_with_portrait(&[]);
    assert!(setup.issue_stdout.contains("image/webp") && setup.issue_stdout.contains("portrait"));

    let with = present(&setup, "full_name,portrait");
    let out = setup.dir.join("face.webp");
    let verify = |qr: &Path, out: &Path| {
        cwallet(&[
            "verify",
            "--dev-unsigned-trust",
            s(&setup.trust),
            "--text",
            s(qr),
            "--audience",
            "post-office",
            "--portrait-out",
            s(out),
        ])
    };
    let stdout = ok(&verify(&with, &out));
    assert!(stdout.contains("portrait (image/webp"), "{stdout}");
    assert!(stdout.contains("written to"));
    let face = std::fs::read(&out).unwrap();
    assert!(face.starts_with(b"RIFF") && &face[8..12] == b"WEBP");
    assert!(face.len() <= 400, "default budget: {} bytes", face.len());

    // Withheld: verification succeeds, nothing is written, and no run of the image is in the QR.
    let without = present(&setup, "full_name,age_over_18");
    let out2 = setup.dir.join("none.webp");
    let stdout = ok(&verify(&without, &out2));
    assert!(stdout.contains("no portrait was disclosed"));
    assert!(!out2.exists());
    let text = std::fs::read_to_string(&without).unwrap();
    let payload = text.trim().split_once(':').map_or(text.trim(), |(_, b)| b);
    let bytes = base45_decode(payload);
    for window in face.windows(16).step_by(8) {
        assert!(!bytes.windows(16).any(|w| w == window), "image bytes found in a QR that withholds the portrait");
    }
}

#[test]
fn portrait_options_and_unreadable_photos() {
    let setup = issue_with_portrait(&["--portrait-codec", "jpeg", "--portrait-max-bytes", "700"]);
    assert!(setup.issue_stdout.contains("image/jpeg"), "{}", setup.issue_stdout);

    let bad = setup.dir.join("bad.png");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    let refused = cwallet(&[
        "issuer",
        "issue",
        "--issuer",
        s(&setup.dir.join("issuer.json")),
        "--record",
        s(&setup.dir.join("record.json")),
        "--test-only-holder-key",
        &"00".repeat(32),
        "--out",
        s(&setup.dir.join("x.cbor")),
        "--portrait",
        s(&bad),
    ]);
    assert_eq!(refused.status.code(), Some(2), "{}", String::from_utf8_lossy(&refused.stderr));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("portrait photo"));
    assert!(!setup.dir.join("x.cbor").exists(), "no partial write");
}

/// RFC 9285 Base45 (the test's own decoder, independent of the core's).
fn base45_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let v: Vec<u32> = text.bytes().map(|c| ALPHABET.iter().position(|&a| a == c).unwrap() as u32).collect();
    let mut out = Vec::new();
    for chunk in v.chunks(3) {
        match chunk {
            [a, b, c] => {
                let n = a + b * 45 + c * 45 * 45;
                out.extend_from_slice(&[(n >> 8) as u8, n as u8]);
            }
            [a, b] => out.push((a + b * 45) as u8),
            _ => panic!("bad base45 length"),
        }
    }
    out
}
