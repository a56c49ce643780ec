//! Reading QR text back from a PNG or JPEG image (rqrr).

use crate::error::QrError;

/// Largest image accepted, in pixels: a 12-megapixel phone photo (about 4000 × 3000) fits; the
/// decoded copies of a 16-megapixel image already take about 100 MB, a lot on a phone.
pub const MAX_IMAGE_PIXELS: u64 = 16_000_000;

/// Decodes the first readable QR code in a PNG or JPEG image and returns its text.
pub fn decode_image(bytes: &[u8]) -> Result<String, QrError> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| QrError::Image(e.to_string()))?;
    let (w, h) = reader.into_dimensions().map_err(|e| QrError::Image(e.to_string()))?;
    if w as u64 * h as u64 > MAX_IMAGE_PIXELS {
        return Err(QrError::Image(format!("{w}×{h} pixels is larger than accepted")));
    }
    let image = image::load_from_memory(bytes).map_err(|e| QrError::Image(e.to_string()))?.to_luma8();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(image.width() as usize, image.height() as usize, |x, y| {
            image.get_pixel(x as u32, y as u32).0[0]
        });
    let grids = prepared.detect_grids();
    let mut last_error = None;
    for grid in grids {
        let mut content = Vec::new();
        match grid.decode_to(&mut content) {
            Ok(_) => {
                return String::from_utf8(content).map_err(|_| QrError::Decode("the QR content is not text".into()));
            }
            Err(e) => last_error = Some(e.to_string()),
        }
    }
    Err(last_error.map_or(QrError::NotFound, QrError::Decode))
}
