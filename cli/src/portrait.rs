//! Issuer side of the portrait claim: an ordinary photo (JPEG/PNG) becomes a small WebP (or JPEG)
//! within a byte budget. The encoders live here, in the CLI, so the phone library and the WASM
//! verifier carry none (docs/portrait.md has the codec measurements behind WebP).
//!
//! Steps: decode, centre-crop to 3:4, resize (Lanczos), optionally grayscale, then the highest
//! quality whose output fits the budget. Also here: SSIM, to report what the budget cost, and
//! a drawn, fictional face for tests, demos and measurements (no real person's photo).

use citizen_wallet::{ImageFormat, Portrait};
use image::imageops::FilterType;
use image::{DynamicImage, GrayImage, ImageEncoder, Rgb, RgbImage};

use crate::CliError;

/// The default byte budget. Claim 169's guidance is 400–700 bytes for the photo; WebP reaches
/// SSIM ≈ 0.98 at 400 bytes on 64×86 grayscale and gains little above, while every byte grows the
/// QR (docs/portrait.md).
pub const DEFAULT_MAX_BYTES: usize = 400;
/// The smallest portrait accepted: 64×80 pixels.
pub const MIN_WIDTH: u32 = 64;
pub const MIN_HEIGHT: u32 = 80;
/// Largest input photo decoded (pixels), so a hostile file cannot ask for gigabytes.
const MAX_INPUT_PIXELS: u64 = 40_000_000;

/// The codec of the portrait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Codec {
    /// WebP lossy (libwebp, method 6): the default, about 3× smaller than JPEG at equal SSIM.
    Webp,
    /// Baseline JPEG (the `image` crate).
    Jpeg,
}

/// How to make the portrait.
#[derive(Clone, Copy, Debug)]
pub struct PortraitOptions {
    pub codec: Codec,
    /// Output width; the height is width × 4 / 3.
    pub width: u32,
    pub grayscale: bool,
    pub max_bytes: usize,
}

impl Default for PortraitOptions {
    fn default() -> Self {
        PortraitOptions { codec: Codec::Webp, width: MIN_WIDTH, grayscale: true, max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// A portrait made from a photo, with what it cost.
pub struct Encoded {
    pub portrait: Portrait,
    pub width: u32,
    pub height: u32,
    pub quality: u8,
    /// SSIM of the decoded JPEG against the resized photo (luma), 1.0 = identical.
    pub ssim: f64,
}

/// Makes a portrait from the bytes of a JPEG or PNG photo.
pub fn from_photo(photo: &[u8], options: PortraitOptions) -> Result<Encoded, CliError> {
    let width = options.width;
    if !(MIN_WIDTH..=480).contains(&width) {
        return Err(CliError::usage(format!("--portrait-width must be {MIN_WIDTH} to 480 pixels")));
    }
    let height = (width * 4).div_ceil(3).max(MIN_HEIGHT);
    let format = image::guess_format(photo).map_err(|_| CliError::usage("the portrait photo is not a JPEG or PNG"))?;
    if !matches!(format, image::ImageFormat::Jpeg | image::ImageFormat::Png) {
        return Err(CliError::usage("the portrait photo must be a JPEG or PNG"));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(photo), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_INPUT_PIXELS * 4);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| CliError::usage(format!("the portrait photo cannot be read: {e}")))?;
    if img.width() < width || img.height() < height {
        return Err(CliError::usage(format!(
            "the portrait photo is {}×{} pixels, smaller than the {width}×{height} portrait",
            img.width(),
            img.height()
        )));
    }
    let resized = crop_3_4(&img).resize_exact(width, height, FilterType::Lanczos3);
    let resized =
        if options.grayscale { DynamicImage::ImageLuma8(resized.to_luma8()) } else { resized.to_rgb8().into() };
    let reference = resized.to_luma8();

    // The highest quality that fits: size grows with quality (almost monotonically; the binary
    // search's answer is an encoding that does fit, which is what matters).
    let encode = |q: u8| match options.codec {
        Codec::Webp => encode_webp(&resized, q),
        Codec::Jpeg => encode_jpeg(&resized, q),
    };
    let fits = |q: u8| -> Result<Option<Vec<u8>>, CliError> {
        let bytes = encode(q)?;
        Ok((bytes.len() <= options.max_bytes).then_some(bytes))
    };
    let (mut lo, mut hi) = (1u8, 100u8);
    let mut best = None;
    while lo <= hi {
        let q = lo + (hi - lo) / 2;
        match fits(q)? {
            Some(bytes) => {
                best = Some((q, bytes));
                lo = q + 1;
            }
            None => hi = q - 1,
        }
        if hi == 0 {
            break;
        }
    }
    let (quality, bytes) = best.ok_or_else(|| {
        CliError::usage(format!(
            "a {width}×{height} portrait does not fit in {} bytes even at the lowest quality",
            options.max_bytes
        ))
    })?;
    let (decoded, format) = match options.codec {
        Codec::Webp => (decode_webp(&bytes)?, ImageFormat::WebP),
        Codec::Jpeg => (
            image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg)
                .map_err(|e| CliError::failed(format!("the encoded portrait does not decode: {e}")))?,
            ImageFormat::Jpeg,
        ),
    };
    let ssim = ssim(&reference, &decoded.to_luma8());
    let portrait = Portrait::new(format, bytes).map_err(CliError::failed)?;
    Ok(Encoded { portrait, width, height, quality, ssim })
}

/// The largest centred 3:4 (portrait orientation) crop.
fn crop_3_4(img: &DynamicImage) -> DynamicImage {
    let (w, h) = (img.width() as u64, img.height() as u64);
    let (cw, ch) = if w * 4 > h * 3 { (h * 3 / 4, h) } else { (w, w * 4 / 3) };
    img.crop_imm(((w - cw) / 2) as u32, ((h - ch) / 2) as u32, cw as u32, ch as u32)
}

/// Baseline JPEG (grayscale when the image is), at quality 1..=100.
pub fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, CliError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    encoder
        .write_image(img.as_bytes(), img.width(), img.height(), img.color().into())
        .map_err(|e| CliError::failed(format!("JPEG encoding failed: {e}")))?;
    Ok(out)
}

/// WebP lossy at quality 0..=100, libwebp method 6 (slowest, smallest). Grayscale images are
/// given as RGB with equal channels (flat chroma costs almost nothing).
pub fn encode_webp(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, CliError> {
    let rgb = img.to_rgb8();
    let mut config = webp::WebPConfig::new().map_err(|_| CliError::failed("libwebp configuration failed"))?;
    config.quality = quality as f32;
    config.method = 6;
    let out = webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height())
        .encode_advanced(&config)
        .map_err(|e| CliError::failed(format!("WebP encoding failed: {e:?}")))?;
    Ok(out.to_vec())
}

/// Decodes a WebP (to measure what the encoder produced).
pub fn decode_webp(bytes: &[u8]) -> Result<DynamicImage, CliError> {
    let img = webp::Decoder::new(bytes)
        .decode()
        .ok_or_else(|| CliError::failed("the encoded WebP portrait does not decode"))?;
    let (w, h) = (img.width(), img.height());
    let pixels = img.to_vec();
    let decoded = if img.is_alpha() {
        image::RgbaImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgba8)
    } else {
        RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8)
    };
    decoded.ok_or_else(|| CliError::failed("the decoded WebP portrait has the wrong size"))
}

/// Mean SSIM (Wang et al. 2004) of two same-sized grayscale images over 8×8 windows, stride 4,
/// with the usual constants for 8-bit data.
pub fn ssim(a: &GrayImage, b: &GrayImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions(), "SSIM compares images of the same size");
    const C1: f64 = (0.01 * 255.0) * (0.01 * 255.0);
    const C2: f64 = (0.03 * 255.0) * (0.03 * 255.0);
    let (w, h) = a.dimensions();
    let (mut total, mut windows) = (0.0, 0u32);
    for y in (0..=h.saturating_sub(8)).step_by(4) {
        for x in (0..=w.saturating_sub(8)).step_by(4) {
            let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for dy in 0..8 {
                for dx in 0..8 {
                    let pa = a.get_pixel(x + dx, y + dy).0[0] as f64;
                    let pb = b.get_pixel(x + dx, y + dy).0[0] as f64;
                    sa += pa;
                    sb += pb;
                    saa += pa * pa;
                    sbb += pb * pb;
                    sab += pa * pb;
                }
            }
            let n = 64.0;
            let (ma, mb) = (sa / n, sb / n);
            let va = saa / n - ma * ma;
            let vb = sbb / n - mb * mb;
            let cov = sab / n - ma * mb;
            total += ((2.0 * ma * mb + C1) * (2.0 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
            windows += 1;
        }
    }
    if windows == 0 { 1.0 } else { total / windows as f64 }
}

/// A drawn, fictional head-and-shoulders picture (width × width·4/3, RGB): background gradient,
/// shoulders, neck, shaded face, hair, eyes, brows, nose and mouth, with a little film grain.
/// `seed` varies the colours and proportions. No real person is depicted.
pub fn synthetic_photo(width: u32, seed: u32) -> RgbImage {
    let height = width * 4 / 3;
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(12_345);
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 1000) as f64 / 1000.0
    };
    let (w, h) = (width as f64, height as f64);
    let skin = [200.0 + 40.0 * rand(), 150.0 + 40.0 * rand(), 120.0 + 30.0 * rand()];
    let hair = [30.0 + 60.0 * rand(), 20.0 + 40.0 * rand(), 15.0 + 30.0 * rand()];
    let shirt = [40.0 + 150.0 * rand(), 60.0 + 100.0 * rand(), 80.0 + 150.0 * rand()];
    let (fx, fy, rx, ry) = (w * 0.5, h * (0.40 + 0.04 * rand()), w * (0.24 + 0.04 * rand()), h * 0.23);
    let grains: Vec<f64> = (0..64).map(|_| rand() - 0.5).collect();
    let ell = |x: f64, y: f64, cx: f64, cy: f64, ax: f64, ay: f64| ((x - cx) / ax).powi(2) + ((y - cy) / ay).powi(2);
    let mut img = RgbImage::new(width, height);
    for (px, py, pixel) in img.enumerate_pixels_mut() {
        let (x, y) = (px as f64 + 0.5, py as f64 + 0.5);
        let t = y / h;
        let mut c = [150.0 + 60.0 * t, 170.0 + 40.0 * t, 200.0 - 20.0 * t];
        if ell(x, y, w * 0.5, h * 1.05, w * 0.55, h * 0.30) < 1.0 {
            let fold = 0.85 + 0.15 * ((x / w * 12.0).sin());
            c = shirt.map(|v| v * fold);
        }
        if (x - fx).abs() < rx * 0.45 && y > fy && y < fy + ry * 1.55 {
            c = skin.map(|v| v * 0.8);
        }
        if ell(x, y, fx, fy - ry * 0.15, rx * 1.12, ry * 1.0) < 1.0 {
            c = hair;
        }
        let face = ell(x, y, fx, fy + ry * 0.08, rx, ry * 0.95);
        if face < 1.0 && y > fy - ry * 0.55 {
            let light = 1.0 - 0.25 * ((x - fx + rx * 0.3) / rx).powi(2).min(1.0) - 0.15 * face;
            c = skin.map(|v| v * light);
            for side in [-1.0, 1.0] {
                let (ex, ey) = (fx + side * rx * 0.42, fy - ry * 0.05);
                if ell(x, y, ex, ey, rx * 0.20, ry * 0.07) < 1.0 {
                    c = [235.0, 235.0, 230.0];
                }
                if ell(x, y, ex, ey, rx * 0.08, ry * 0.065) < 1.0 {
                    c = [50.0, 35.0, 25.0];
                }
                let brow = ell(x, y, ex, ey - ry * 0.16, rx * 0.24, ry * 0.035);
                if brow < 1.0 {
                    c = hair;
                }
            }
            if (x - fx - rx * 0.05).abs() < rx * 0.05 && y > fy && y < fy + ry * 0.3 {
                c = c.map(|v| v * 0.85);
            }
            if ell(x, y, fx, fy + ry * 0.48, rx * 0.32, ry * 0.07) < 1.0 {
                c = [170.0, 70.0, 70.0];
            }
        }
        let g = grains[((px * 7 + py * 13) % 64) as usize] * 10.0;
        *pixel = Rgb(c.map(|v| (v + g).clamp(0.0, 255.0) as u8));
    }
    img
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(img: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    #[test]
    fn a_synthetic_photo_becomes_a_grayscale_jpeg_within_700_bytes() {
        let photo = png(&synthetic_photo(360, 1));
        let options = PortraitOptions { codec: Codec::Jpeg, max_bytes: 700, ..PortraitOptions::default() };
        let e = from_photo(&photo, options).unwrap();
        assert!(e.portrait.bytes().len() <= 700, "{} bytes", e.portrait.bytes().len());
        assert_eq!(e.portrait.media_type(), "image/jpeg");
        assert_eq!((e.width, e.height), (64, 86));
        let back = image::load_from_memory(e.portrait.bytes()).unwrap();
        assert_eq!((back.width(), back.height()), (64, 86));
        assert_eq!(back.color(), image::ColorType::L8);
        assert!(e.ssim > 0.85, "ssim {}", e.ssim);
    }

    #[test]
    fn a_jpeg_photo_becomes_a_webp_within_budget_that_decodes_at_size() {
        let rgb = DynamicImage::ImageRgb8(synthetic_photo(600, 2));
        let photo = encode_jpeg(&rgb, 90).unwrap();
        let options = PortraitOptions { max_bytes: 400, ..PortraitOptions::default() };
        let e = from_photo(&photo, options).unwrap();
        assert!(e.portrait.bytes().len() <= 400, "{} bytes", e.portrait.bytes().len());
        assert_eq!(e.portrait.media_type(), "image/webp");
        let back = decode_webp(e.portrait.bytes()).unwrap();
        assert_eq!((back.width(), back.height()), (64, 86));
        assert!(e.ssim > 0.9, "ssim {}", e.ssim);
        let colour = PortraitOptions { grayscale: false, width: 72, ..PortraitOptions::default() };
        let e = from_photo(&photo, colour).unwrap();
        assert!(e.portrait.bytes().len() <= 700);
        assert_eq!((e.width, e.height), (72, 96));
    }

    #[test]
    fn ssim_is_one_for_identical_images_and_falls_with_noise() {
        let a = DynamicImage::ImageRgb8(synthetic_photo(64, 3)).to_luma8();
        assert!((ssim(&a, &a) - 1.0).abs() < 1e-9);
        let mut b = a.clone();
        for (i, p) in b.pixels_mut().enumerate() {
            p.0[0] = p.0[0].wrapping_add(if i % 2 == 0 { 40 } else { 0 });
        }
        assert!(ssim(&a, &b) < 0.9);
    }

    #[test]
    fn photos_it_cannot_read_or_fit_are_refused() {
        assert!(from_photo(b"not an image", PortraitOptions::default()).is_err());
        let small = png(&synthetic_photo(32, 1));
        assert!(from_photo(&small, PortraitOptions::default()).is_err(), "smaller than 64x80");
        let tight = PortraitOptions { max_bytes: 100, ..PortraitOptions::default() };
        assert!(from_photo(&png(&synthetic_photo(360, 1)), tight).is_err(), "100 bytes cannot hold a JPEG");
        let mut truncated = png(&synthetic_photo(360, 1));
        truncated.truncate(truncated.len() / 2);
        assert!(from_photo(&truncated, PortraitOptions::default()).is_err());
    }
}
