//! QR images from QR text: alphanumeric mode only, built segment by segment (no automatic byte or
//! Kanji segments), smallest version that fits, ECC M by default.

use qrcode::bits::Bits;
use qrcode::render::{svg, unicode};
use qrcode::{QrCode, Version};

use crate::error::QrError;

/// QR error-correction level (ISO/IEC 18004): the share of the symbol that may be damaged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EcLevel {
    /// ~7 %.
    L,
    /// ~15 %: the default, a good balance for a phone screen under a scanner.
    #[default]
    M,
    /// ~25 %.
    Q,
    /// ~30 %.
    H,
}

impl EcLevel {
    fn to_qrcode(self) -> qrcode::EcLevel {
        match self {
            EcLevel::L => qrcode::EcLevel::L,
            EcLevel::M => qrcode::EcLevel::M,
            EcLevel::Q => qrcode::EcLevel::Q,
            EcLevel::H => qrcode::EcLevel::H,
        }
    }
}

/// A QR code symbol holding one alphanumeric-mode segment.
pub struct QrImage {
    code: QrCode,
}

/// Quiet zone around the symbol, in modules, as ISO/IEC 18004 requires.
const QUIET_ZONE: u32 = 4;

impl QrImage {
    /// Encodes `text` (QR alphanumeric characters only) in the smallest version that fits.
    pub fn from_text(text: &str, ec: EcLevel) -> Result<QrImage, QrError> {
        if !text.bytes().all(is_alphanumeric) {
            return Err(QrError::NotAlphanumeric);
        }
        for v in 1..=40 {
            let mut bits = Bits::new(Version::Normal(v));
            if bits.push_alphanumeric_data(text.as_bytes()).is_err() || bits.push_terminator(ec.to_qrcode()).is_err() {
                continue;
            }
            let code = QrCode::with_bits(bits, ec.to_qrcode()).map_err(|_| QrError::DataTooLong)?;
            return Ok(QrImage { code });
        }
        Err(QrError::DataTooLong)
    }

    /// QR version, 1 to 40 (the symbol is 17 + 4 × version modules wide).
    pub fn version(&self) -> u8 {
        match self.code.version() {
            Version::Normal(v) | Version::Micro(v) => v as u8,
        }
    }

    /// Width in modules, without the quiet zone.
    pub fn width(&self) -> usize {
        self.code.width()
    }

    pub fn to_svg(&self) -> String {
        self.code.render::<svg::Color<'_>>().quiet_zone(true).module_dimensions(8, 8).build()
    }

    /// A PNG with `module_px` pixels per module, clamped to 1 to [`MAX_MODULE_PX`] (a version-40
    /// code at 32 px is about 5,700 pixels wide; more only costs memory).
    #[cfg(feature = "qr-image")]
    pub fn to_png(&self, module_px: u32) -> Vec<u8> {
        let px = module_px.clamp(1, MAX_MODULE_PX);
        let image = self.code.render::<image::Luma<u8>>().quiet_zone(true).module_dimensions(px, px).build();
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Png).expect("encoding a PNG into memory cannot fail");
        out.into_inner()
    }

    /// Two modules per character cell with half blocks, drawn light-on-dark so that it scans from a
    /// terminal with a dark background (as `qrencode -t UTF8` does).
    pub fn to_terminal(&self) -> String {
        self.code
            .render::<unicode::Dense1x2>()
            .quiet_zone(true)
            .dark_color(unicode::Dense1x2::Light)
            .light_color(unicode::Dense1x2::Dark)
            .build()
    }

    /// Module colours, row by row (true = dark), without the quiet zone.
    pub fn modules(&self) -> Vec<bool> {
        self.code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect()
    }

    pub fn quiet_zone(&self) -> u32 {
        QUIET_ZONE
    }
}

/// Largest PNG module size, in pixels.
pub const MAX_MODULE_PX: u32 = 32;

fn is_alphanumeric(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'A'..=b'Z' | b' ' | b'$' | b'%' | b'*' | b'+' | b'-' | b'.' | b'/' | b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_smallest_version_for_the_level() {
        // Alphanumeric capacity of version 1: 25 (L), 20 (M), 16 (Q), 10 (H).
        assert_eq!(QrImage::from_text(&"A".repeat(20), EcLevel::M).unwrap().version(), 1);
        assert_eq!(QrImage::from_text(&"A".repeat(21), EcLevel::M).unwrap().version(), 2);
        assert_eq!(QrImage::from_text(&"A".repeat(25), EcLevel::L).unwrap().version(), 1);
        assert_eq!(QrImage::from_text(&"A".repeat(11), EcLevel::H).unwrap().version(), 2);
        // Version 40-L holds 4296 alphanumeric characters, and no more.
        assert_eq!(QrImage::from_text(&"A".repeat(4296), EcLevel::L).unwrap().version(), 40);
        assert_eq!(QrImage::from_text(&"A".repeat(4297), EcLevel::L).err(), Some(QrError::DataTooLong));
    }

    #[test]
    fn refuses_text_outside_the_alphanumeric_set() {
        assert!(QrImage::from_text("lowercase", EcLevel::M).is_err());
    }
}
