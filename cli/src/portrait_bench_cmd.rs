//! `cwallet portrait-bench`: the measurements behind the portrait claim (docs/portrait.md).
//!
//! 1. Codecs: bytes against SSIM for JPEG and WebP lossy (this crate's encoders) and, when the
//!    Debian `libavif-bin` tools are installed, AVIF, on drawn synthetic portraits.
//! 2. Sizes: the presentation of name + ID number + age_over_18 (+ portrait): bytes, Base45
//!    characters and QR version at ECC M and L; `--png-dir` writes the QR PNGs at 4 px per module,
//!    their texts, the portrait (`portrait.webp`) and the issuer's list (`issuers.json`).

use std::path::{Path, PathBuf};
use std::process::Command;

use citizen_wallet::demo;
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::{
    ClaimName, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey, PresentationRequest, present,
};
use clap::Args;
use image::{DynamicImage, GrayImage};

use crate::helpers::now;
use crate::portrait::{self, PortraitOptions};
use crate::{CliError, CliResult};

#[derive(Args)]
pub struct PortraitBenchArgs {
    /// Number of synthetic faces per codec setting (the table reports medians).
    #[arg(long, default_value_t = 5)]
    faces: u32,
    /// Skip the codec comparison (sizes only).
    #[arg(long)]
    sizes_only: bool,
    /// Write each presentation QR as PNG (4 px per module) into this folder.
    #[arg(long)]
    png_dir: Option<PathBuf>,
    /// Only write the drawn synthetic face (no real person) as a PNG photo to this file, as input
    /// for `issuer issue --portrait` in tests.
    #[arg(long)]
    synthetic_photo: Option<PathBuf>,
}

pub fn run(args: PortraitBenchArgs) -> CliResult {
    if let Some(path) = &args.synthetic_photo {
        let photo = DynamicImage::ImageRgb8(portrait::synthetic_photo(480, 1));
        photo
            .save_with_format(path, image::ImageFormat::Png)
            .map_err(|e| CliError::failed(format!("{}: {e}", path.display())))?;
        println!("synthetic photo written to {}", path.display());
        return Ok(());
    }
    if !args.sizes_only {
        codecs(args.faces.max(1))?;
    }
    sizes(args.png_dir.as_deref())
}

/// One encoded sample: bytes and SSIM of the decoded image against the reference.
type Sample = (usize, f64);

fn codecs(faces: u32) -> CliResult {
    let tmp = std::env::temp_dir().join(format!("cwallet-portrait-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| CliError::failed(format!("{}: {e}", tmp.display())))?;
    let refs: Vec<GrayImage> = (1..=faces)
        .map(|seed| {
            let photo = DynamicImage::ImageRgb8(portrait::synthetic_photo(480, seed));
            photo.resize_exact(64, 86, image::imageops::FilterType::Lanczos3).to_luma8()
        })
        .collect();
    println!("codec comparison: {faces} synthetic faces, 64×86 grayscale, median bytes / median SSIM per setting");
    println!("| codec | setting | bytes | SSIM |");
    println!("|---|---|---|---|");
    let mut rows: Vec<(String, Vec<(String, Sample)>)> = Vec::new();

    let mut jpeg = Vec::new();
    for q in (10..=90).step_by(10) {
        let s = median_sample(&refs, |r| {
            let bytes = portrait::encode_jpeg(&DynamicImage::ImageLuma8(r.clone()), q)?;
            let back = image::load_from_memory(&bytes).map_err(|e| CliError::failed(e.to_string()))?.to_luma8();
            Ok((bytes.len(), portrait::ssim(r, &back)))
        })?;
        jpeg.push((format!("quality {q}"), s));
    }
    rows.push(("JPEG (image crate, baseline)".into(), jpeg));

    let mut webp = Vec::new();
    for q in (10..=90).step_by(10) {
        let s = median_sample(&refs, |r| {
            let bytes = portrait::encode_webp(&DynamicImage::ImageLuma8(r.clone()), q)?;
            Ok((bytes.len(), portrait::ssim(r, &portrait::decode_webp(&bytes)?.to_luma8())))
        })?;
        webp.push((format!("quality {q}, method 6"), s));
    }
    rows.push(("WebP lossy (libwebp via the webp crate)".into(), webp));
    if tool("avifenc") && tool("avifdec") {
        let mut avif = Vec::new();
        for qz in [60, 55, 50, 45, 40, 35, 30] {
            let q = qz.to_string();
            let s = median_sample(&refs, |r| {
                let enc = ["avifenc", "-s", "0", "-y", "400", "--min", &q, "--max", &q];
                external(&tmp, r, "avif", &enc, &["avifdec"])
            })?;
            avif.push((format!("quantizer {qz}, 4:0:0"), s));
        }
        rows.push(("AVIF (avifenc, aom)".into(), avif));
    } else {
        println!("(AVIF skipped: install Debian `libavif-bin` for avifenc/avifdec)");
    }
    for (codec, samples) in &rows {
        for (setting, (bytes, ssim)) in samples {
            println!("| {codec} | {setting} | {bytes} | {ssim:.3} |");
        }
    }
    println!();
    println!("best SSIM within 700 bytes, and the fewest bytes among the settings tried reaching SSIM 0.90 / 0.95:");
    for (codec, samples) in &rows {
        let best = samples.iter().filter(|(_, (b, _))| *b <= 700).map(|(_, (_, s))| *s).fold(f64::NAN, f64::max);
        let need = |t: f64| {
            samples
                .iter()
                .filter(|(_, (_, s))| *s >= t)
                .map(|(_, (b, _))| *b)
                .min()
                .map_or("-".into(), |b| b.to_string())
        };
        println!("  {codec}: {best:.3} within 700 B; {} B for 0.90; {} B for 0.95", need(0.90), need(0.95));
    }
    std::fs::remove_dir_all(&tmp).ok();
    println!();
    Ok(())
}

fn median_sample(refs: &[GrayImage], f: impl Fn(&GrayImage) -> Result<Sample, CliError>) -> Result<Sample, CliError> {
    let mut bytes = Vec::new();
    let mut ssims = Vec::new();
    for r in refs {
        let (b, s) = f(r)?;
        bytes.push(b);
        ssims.push(s);
    }
    bytes.sort_unstable();
    ssims.sort_by(f64::total_cmp);
    Ok((bytes[bytes.len() / 2], ssims[ssims.len() / 2]))
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-h").output().is_ok()
}

/// Encodes `r` with an external encoder (`enc… in.png out.ext`), decodes it back to PNG with
/// `dec… out.ext back.png`, and measures.
fn external(tmp: &Path, r: &GrayImage, ext: &str, enc: &[&str], dec: &[&str]) -> Result<Sample, CliError> {
    let input = tmp.join("in.png");
    let out = tmp.join(format!("out.{ext}"));
    let back = tmp.join("back.png");
    r.save(&input).map_err(|e| CliError::failed(e.to_string()))?;
    let run = |cmd: &[&str], args: &[&Path]| -> CliResult {
        let mut c = Command::new(cmd[0]);
        c.args(&cmd[1..]).arg(args[0]).arg(args[1]);
        let status = c.output().map_err(|e| CliError::failed(format!("{}: {e}", cmd[0])))?;
        if !status.status.success() {
            return Err(CliError::failed(format!("{} failed: {}", cmd[0], String::from_utf8_lossy(&status.stderr))));
        }
        Ok(())
    };
    run(enc, &[&input, &out])?;
    let dec_cmd: Vec<&str> = dec.to_vec();
    run(&dec_cmd, &[&out, &back])?;
    let bytes = std::fs::metadata(&out).map_err(|e| CliError::failed(e.to_string()))?.len() as usize;
    let decoded = image::open(&back).map_err(|e| CliError::failed(e.to_string()))?.to_luma8();
    Ok((bytes, portrait::ssim(r, &decoded)))
}

fn sizes(png_dir: Option<&Path>) -> CliResult {
    let now = now();
    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let issuer = Issuer::new(IssuerKey::generate(demo::DEMO_KID).map_err(CliError::failed)?, config)
        .map_err(CliError::failed)?;
    let holder = HolderKey::generate();
    let photo = DynamicImage::ImageRgb8(portrait::synthetic_photo(480, 1));
    let mut png = Vec::new();
    photo
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| CliError::failed(e.to_string()))?;
    let encoded = portrait::from_photo(&png, PortraitOptions::default())?;
    println!(
        "portrait: {}×{} grayscale {}, quality {}, {} bytes, SSIM {:.3}",
        encoded.width,
        encoded.height,
        encoded.portrait.media_type(),
        encoded.quality,
        encoded.portrait.bytes().len(),
        encoded.ssim
    );
    if let Some(dir) = png_dir {
        // The portrait itself and the issuer's list, so a scanner test can check the image and
        // verify what it decoded (scripts/test-portrait.sh).
        std::fs::create_dir_all(dir).map_err(|e| CliError::failed(e.to_string()))?;
        std::fs::write(dir.join("portrait.webp"), encoded.portrait.bytes())
            .map_err(|e| CliError::failed(e.to_string()))?;
        let issuers = citizen_wallet::TrustList::new(vec![issuer.trusted_issuer()]).map_err(CliError::failed)?;
        std::fs::write(dir.join("issuers.json"), issuers.to_json()).map_err(|e| CliError::failed(e.to_string()))?;
    }
    let plain = demo::sample_record();
    let mut with_photo = demo::sample_record();
    with_photo.portrait = Some(encoded.portrait.clone());
    let base = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)];
    let with = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18), ClaimName::Portrait];
    let cases: [(&str, &_, &[ClaimName]); 4] = [
        ("credential without portrait, name+ID+age_over_18", &plain, &base),
        ("credential with portrait, name+ID+age_over_18 (portrait withheld)", &with_photo, &base),
        ("credential with portrait, name+ID+age_over_18+portrait", &with_photo, &with),
        ("credential with portrait, nothing disclosed", &with_photo, &[]),
    ];
    println!("| presentation | bytes | Base45 chars | QR ECC M | QR ECC L |");
    println!("|---|---|---|---|---|");
    for (i, (label, record, disclose)) in cases.into_iter().enumerate() {
        let request = IssueRequest {
            record,
            doc_type: citizen_wallet::DocType::Identity,
            holder_key: holder.public_key().into(),
            status_index: Some(7),
        };
        let credential = issuer.issue(&request, now).map_err(CliError::failed)?;
        let req = PresentationRequest::new(demo::DEMO_AUDIENCE, disclose);
        let p = present(&credential, &holder, &req, now).map_err(CliError::failed)?;
        let text = &p.qr_text;
        let version =
            |ec| QrImage::from_text(text, ec).map(|q| q.version().to_string()).unwrap_or_else(|_| "too big".into());
        println!("| {label} | {} | {} | {} | {} |", p.kbt.len(), text.len(), version(EcLevel::M), version(EcLevel::L));
        if let Some(dir) = png_dir {
            std::fs::create_dir_all(dir).map_err(|e| CliError::failed(e.to_string()))?;
            for (ec, name) in [(EcLevel::M, "m"), (EcLevel::L, "l")] {
                if let Ok(qr) = QrImage::from_text(text, ec) {
                    let path = dir.join(format!("case{}-{name}.png", i + 1));
                    std::fs::write(&path, qr.to_png(4))
                        .map_err(|e| CliError::failed(format!("{}: {e}", path.display())))?;
                    std::fs::write(dir.join(format!("case{}.txt", i + 1)), text)
                        .map_err(|e| CliError::failed(e.to_string()))?;
                }
            }
        }
    }
    Ok(())
}
