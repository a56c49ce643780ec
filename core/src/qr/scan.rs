//! Finding and reading a QR code in pixels: camera frames (the counter page's webcam) and decoded
//! photos or screenshots.
//!
//! Two crates, each for what it does best (measured in docs/counter-web.md):
//! - rxing (a Rust port of ZXing) binarises the picture and finds and samples the symbol. Its
//!   detectors read presentation QRs (version 22) and portrait QRs (version 27) at any size from
//!   2.5 pixels per module and any angle; rqrr's own detector missed most of those frames.
//! - rqrr corrects errors and decodes the segments of the sampled modules. rxing's text decoder is
//!   left out: it needs character-set tables (about 140 KB compressed in the browser) for text a
//!   citizen-wallet QR never holds; rqrr returns the bytes, which must be UTF-8.

use rxing::common::{BitMatrix, DetectorRXingResult, HybridBinarizer};
use rxing::qrcode::cpp_port::detector::{FindFinderPatterns, GenerateFinderPatternSets, SampleQR};
use rxing::qrcode::detector::Detector;
use rxing::{BinaryBitmap, DecodeHints, Luma8LuminanceSource};

use crate::error::QrError;

/// Largest image accepted, in pixels: a 12-megapixel phone photo (about 4000 × 3000) fits; the
/// decoded copies of a 16-megapixel image already take about 100 MB, a lot on a phone.
pub const MAX_IMAGE_PIXELS: u64 = 16_000_000;

/// Longest side searched, in pixels: larger pictures are scaled down first (by a whole factor,
/// averaging each block of pixels). The detectors' work grows with the square of the finder-like
/// shapes they meet, which a hostile picture can tile by the tens of thousands; a QR that a phone
/// photo or a screenshot shows still has 4 or more pixels per module at this size.
const MAX_SEARCH_SIDE: u32 = 2048;
/// Finder patterns kept (the largest) and sets of three tried: a real picture has 3 to a dozen.
const MAX_FINDER_PATTERNS: usize = 48;
const MAX_PATTERN_SETS: usize = 32;

/// Finds a QR code in a greyscale frame (`luma`: one byte per pixel, rows top to bottom) and
/// returns its text. Tuned for camera frames, one after another: a missed frame costs little, so
/// the search is the quick one.
pub fn decode_luma(luma: &[u8], width: usize, height: usize) -> Result<String, QrError> {
    find_and_read(luma.to_vec(), width, height, false)
}

/// [`decode_luma`] on RGBA pixels (a browser canvas's `ImageData`), converted to luma with the
/// BT.601 integer weights: the camera path's one copy of the frame.
pub fn decode_rgba(rgba: &[u8], width: usize, height: usize) -> Result<String, QrError> {
    if width.checked_mul(height).and_then(|n| n.checked_mul(4)) != Some(rgba.len()) {
        return Err(QrError::Image(format!("{} bytes of RGBA are not a {width}×{height} picture", rgba.len())));
    }
    let luma =
        rgba.chunks_exact(4).map(|p| ((77 * p[0] as u32 + 150 * p[1] as u32 + 29 * p[2] as u32) >> 8) as u8).collect();
    find_and_read(luma, width, height, false)
}

/// Decodes the first readable QR code in a PNG or JPEG image and returns its text.
#[cfg(feature = "qr-image")]
pub fn decode_image(bytes: &[u8]) -> Result<String, QrError> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| QrError::Image(e.to_string()))?;
    let (w, h) = reader.into_dimensions().map_err(|e| QrError::Image(e.to_string()))?;
    if w as u64 * h as u64 > MAX_IMAGE_PIXELS {
        return Err(QrError::Image(format!("{w}×{h} pixels is larger than accepted")));
    }
    let image = image::load_from_memory(bytes).map_err(|e| QrError::Image(e.to_string()))?.to_luma8();
    let (w, h) = (image.width() as usize, image.height() as usize);
    // One picture, not a stream of frames: worth the thorough search.
    find_and_read(image.into_raw(), w, h, true)
}

/// Finds and reads a QR code in greyscale pixels: the thorough search (every third row, for a
/// single picture, [`decode_image`]) or the quick one (rows spaced for codes at least a quarter
/// of the height, for camera frames, [`decode_luma`]).
pub fn find_and_read(luma: Vec<u8>, width: usize, height: usize, thorough: bool) -> Result<String, QrError> {
    let pixels = width.checked_mul(height).filter(|&n| n as u64 <= MAX_IMAGE_PIXELS);
    if pixels != Some(luma.len()) {
        return Err(QrError::Image(format!("{} bytes of luma are not a {width}×{height} picture", luma.len())));
    }
    // Too small for the smallest QR code, or a strip (rxing keeps state per row and per column).
    if width.min(height) < 21 || width.max(height) > 8 * width.min(height) {
        return Err(QrError::Image(format!("no QR code fits in {width}×{height} pixels")));
    }
    let (luma, width, height) = scale_down(luma, width, height);
    let source =
        Luma8LuminanceSource::new(luma, width as u32, height as u32).map_err(|e| QrError::Image(e.to_string()))?;
    let bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let black = bitmap.get_black_matrix();
    let mut last_error = None;
    let mut read = |bits: &BitMatrix| match read_modules(bits) {
        Ok(text) => Some(text),
        Err(e) => {
            last_error = Some(e);
            None
        }
    };
    // zxing-cpp's detector (ported in rxing): every plausible set of three finder patterns,
    // sampled through the alignment patterns. Then ZXing's older one, which finds some codes the
    // first misses (and the reverse).
    let mut patterns = FindFinderPatterns(black, thorough, 0);
    let crowded = patterns.len() > MAX_FINDER_PATTERNS;
    patterns.sort_by_key(|p| std::cmp::Reverse(p.size));
    patterns.truncate(MAX_FINDER_PATTERNS);
    for set in GenerateFinderPatternSets(&mut patterns).into_iter().take(MAX_PATTERN_SETS) {
        if let Some(text) = SampleQR(black, &set).ok().and_then(|found| read(found.getBits())) {
            return Ok(text);
        }
    }
    // The older detector tries every triple of its own candidates: not on a crowded picture.
    if !crowded {
        let hints = DecodeHints { TryHarder: Some(thorough), ..DecodeHints::default() };
        if let Some(text) = Detector::new(black).detect_with_hints(&hints).ok().and_then(|found| read(found.getBits()))
        {
            return Ok(text);
        }
    }
    Err(last_error.unwrap_or(QrError::NotFound))
}

/// `luma` with its longest side at most [`MAX_SEARCH_SIDE`]: each block of `factor × factor`
/// pixels becomes their mean.
fn scale_down(luma: Vec<u8>, width: usize, height: usize) -> (Vec<u8>, usize, usize) {
    let factor = width.max(height).div_ceil(MAX_SEARCH_SIDE as usize);
    if factor == 1 {
        return (luma, width, height);
    }
    let (w, h) = (width / factor, height / factor);
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let block = (0..factor).flat_map(|dy| {
                let row = (y * factor + dy) * width + x * factor;
                &luma[row..row + factor]
            });
            out[y * w + x] = (block.map(|&v| v as u32).sum::<u32>() / (factor * factor) as u32) as u8;
        }
    }
    (out, w, h)
}

/// Error correction and text of a sampled symbol (`true` = dark module). rqrr also tries the
/// symbol mirrored (a selfie camera's picture).
fn read_modules(bits: &BitMatrix) -> Result<String, QrError> {
    let size = bits.getWidth() as usize;
    // Versions 1 to 40: 21 to 177 modules, in steps of 4.
    if size != bits.getHeight() as usize || !(21..=177).contains(&size) || !(size - 17).is_multiple_of(4) {
        return Err(QrError::Decode(format!("a sampled symbol of {size} modules is no QR version")));
    }
    let grid = rqrr::Grid::new(rqrr::SimpleGrid::from_func(size, |x, y| bits.get(x as u32, y as u32)));
    let mut content = Vec::new();
    grid.decode_to(&mut content).map_err(|e| QrError::Decode(e.to_string()))?;
    String::from_utf8(content).map_err(|_| QrError::Decode("the QR content is not text".into()))
}
