//! QR images from QR text: alphanumeric mode only, built segment by segment (no automatic byte or
//! Kanji segments), smallest version that fits, ECC M by default.

use fast_qr::{ECL, Mode, QRBuilder, QRCode};

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
    fn to_fast_qr(self) -> ECL {
        match self {
            EcLevel::L => ECL::L,
            EcLevel::M => ECL::M,
            EcLevel::Q => ECL::Q,
            EcLevel::H => ECL::H,
        }
    }
}

/// A QR code symbol holding one alphanumeric-mode segment.
pub struct QrImage {
    /// Module colours, row by row (true = dark), without the quiet zone.
    modules: Vec<bool>,
    width: usize,
}

/// Quiet zone around the symbol, in modules, as ISO/IEC 18004 requires.
const QUIET_ZONE: u32 = 4;

impl QrImage {
    /// Encodes `text` (QR alphanumeric characters only) in the smallest version that fits.
    ///
    /// The encoder is `fast_qr` with the mode fixed to alphanumeric (one segment, no automatic
    /// byte or Kanji segments): about ten times faster than the `qrcode` crate for the same symbol
    /// (docs/packages.md, "QR matrix"), which matters on a phone that redraws on every refresh.
    pub fn from_text(text: &str, ec: EcLevel) -> Result<QrImage, QrError> {
        if !text.bytes().all(is_alphanumeric) {
            return Err(QrError::NotAlphanumeric);
        }
        let code: QRCode = QRBuilder::new(text.as_bytes())
            .mode(Mode::Alphanumeric)
            .ecl(ec.to_fast_qr())
            .build()
            .map_err(|_| QrError::DataTooLong)?;
        let width = code.size;
        let modules = code.data[..width * width].iter().map(|m| m.value()).collect();
        Ok(QrImage { modules, width })
    }

    /// QR version, 1 to 40 (the symbol is 17 + 4 × version modules wide).
    pub fn version(&self) -> u8 {
        ((self.width - 17) / 4) as u8
    }

    /// Width in modules, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at (`x`, `y`) is dark; positions in the quiet zone or outside are light.
    /// Coordinates count from the outer corner of the quiet zone.
    fn dark_with_quiet_zone(&self, x: usize, y: usize) -> bool {
        let q = QUIET_ZONE as usize;
        let (Some(x), Some(y)) = (x.checked_sub(q), y.checked_sub(q)) else { return false };
        x < self.width && y < self.width && self.modules[y * self.width + x]
    }

    /// An SVG image with the quiet zone, 8 units per module: one path of dark squares on white.
    pub fn to_svg(&self) -> String {
        use std::fmt::Write;
        const UNIT: usize = 8;
        let side = (self.width + 2 * QUIET_ZONE as usize) * UNIT;
        let mut svg = format!(
            "<?xml version=\"1.0\" standalone=\"yes\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
             width=\"{side}\" height=\"{side}\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
             <rect x=\"0\" y=\"0\" width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
        );
        let q = QUIET_ZONE as usize;
        for y in 0..self.width {
            for x in 0..self.width {
                if self.modules[y * self.width + x] {
                    let _ = write!(svg, "M{} {}h{UNIT}v{UNIT}h-{UNIT}z", (x + q) * UNIT, (y + q) * UNIT);
                }
            }
        }
        svg.push_str("\"/></svg>\n");
        svg
    }

    /// A PNG with `module_px` pixels per module, quiet zone included, clamped to 1 to
    /// [`MAX_MODULE_PX`] (a version-40 code at 32 px is about 5,700 pixels wide; more only costs memory).
    #[cfg(feature = "qr-image")]
    pub fn to_png(&self, module_px: u32) -> Vec<u8> {
        let px = module_px.clamp(1, MAX_MODULE_PX);
        let side = (self.width as u32 + 2 * QUIET_ZONE) * px;
        let image = image::GrayImage::from_fn(side, side, |x, y| {
            let dark = self.dark_with_quiet_zone((x / px) as usize, (y / px) as usize);
            image::Luma([if dark { 0 } else { 255 }])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Png).expect("encoding a PNG into memory cannot fail");
        out.into_inner()
    }

    /// Two modules per character cell with half blocks, drawn light-on-dark so that it scans from a
    /// terminal with a dark background (as `qrencode -t UTF8` does): a light module (quiet zone
    /// included) is a lit half block, a dark module is the terminal's background.
    pub fn to_terminal(&self) -> String {
        let side = self.width + 2 * QUIET_ZONE as usize;
        let lit = |x, y| y < side && !self.dark_with_quiet_zone(x, y);
        let mut out = String::with_capacity((side + 1) * side.div_ceil(2) * 3);
        for y in (0..side).step_by(2) {
            for x in 0..side {
                out.push(match (lit(x, y), lit(x, y + 1)) {
                    (true, true) => '\u{2588}',
                    (true, false) => '\u{2580}',
                    (false, true) => '\u{2584}',
                    (false, false) => ' ',
                });
            }
            out.push('\n');
        }
        out.pop();
        out
    }

    /// Module colours, row by row (true = dark), without the quiet zone.
    pub fn modules(&self) -> Vec<bool> {
        self.modules.clone()
    }

    /// Width of the blank border around the symbol, in modules (QR requires 4).
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

    /// Alphanumeric text of `len` characters that uses the whole character set.
    fn sample_text(len: usize) -> String {
        const SET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        (0..len).map(|i| SET[(i * 7 + i / 45) % SET.len()] as char).collect()
    }

    /// The version the previous encoder (`qrcode`, one alphanumeric segment built bit by bit) chose.
    fn qrcode_crate_version(text: &str, ec: qrcode::EcLevel) -> Option<u8> {
        (1..=40)
            .find(|&v| {
                let mut bits = qrcode::bits::Bits::new(qrcode::Version::Normal(v));
                bits.push_alphanumeric_data(text.as_bytes()).is_ok() && bits.push_terminator(ec).is_ok()
            })
            .map(|v| v as u8)
    }

    #[test]
    fn picks_the_same_version_as_the_previous_encoder_at_every_level() {
        let levels = [
            (EcLevel::L, qrcode::EcLevel::L),
            (EcLevel::M, qrcode::EcLevel::M),
            (EcLevel::Q, qrcode::EcLevel::Q),
            (EcLevel::H, qrcode::EcLevel::H),
        ];
        for (ours, theirs) in levels {
            for len in (1..=4300).step_by(37).chain([596, 597, 700, 701, 824, 1009]) {
                let text = sample_text(len);
                let expected = qrcode_crate_version(&text, theirs);
                let got = QrImage::from_text(&text, ours).ok().map(|i| i.version());
                assert_eq!(got, expected, "{len} characters at {ours:?}");
            }
        }
    }

    #[test]
    fn the_symbol_is_square_and_17_plus_4_per_version_wide() {
        let image = QrImage::from_text(&sample_text(1009), EcLevel::M).unwrap();
        assert_eq!(image.width(), 17 + 4 * image.version() as usize);
        assert_eq!(image.modules().len(), image.width() * image.width());
    }

    #[cfg(feature = "qr-image")]
    #[test]
    fn png_rendering_decodes_back_to_the_same_text() {
        for len in [1, 20, 21, 597, 1009, 1400] {
            let text = sample_text(len);
            let image = QrImage::from_text(&text, EcLevel::M).unwrap();
            assert_eq!(crate::qr::decode_image(&image.to_png(4)).unwrap(), text, "{len} characters");
        }
    }

    #[test]
    fn svg_and_terminal_renderings_cover_the_quiet_zone() {
        let image = QrImage::from_text(&sample_text(100), EcLevel::M).unwrap();
        let side = image.width() + 8;
        assert!(image.to_svg().contains(&format!("width=\"{}\"", side * 8)));
        let terminal = image.to_terminal();
        assert_eq!(terminal.lines().count(), side.div_ceil(2));
        assert!(terminal.lines().all(|l| l.chars().count() == side));
        // The first row is quiet zone: all light, drawn lit.
        assert!(terminal.lines().next().unwrap().chars().all(|c| c == '\u{2588}'));
    }
}
