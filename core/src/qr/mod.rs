//! QR text (a versioned prefix + Base45) and QR images (rendering and decoding).

pub(crate) mod base45;
#[cfg(feature = "qr-encode")]
mod render;
#[cfg(feature = "qr-decode")]
pub(crate) mod scan;

#[cfg(feature = "qr-encode")]
pub use render::{EcLevel, MAX_MODULE_PX, QrImage};
#[cfg(feature = "qr-image")]
pub use scan::decode_image;
#[cfg(feature = "qr-decode")]
pub use scan::{MAX_IMAGE_PIXELS, decode_luma, decode_rgba};

use crate::error::QrError;

/// Prefix of a presentation QR: "CW" (citizen wallet) + format version 1. Alphanumeric-mode safe.
pub const PRESENTATION_PREFIX: &str = "CW1:";
/// Longest QR text accepted: the alphanumeric capacity of the largest QR code (version 40-L).
pub const MAX_QR_TEXT_LEN: usize = 4296;

/// The QR text of a presentation.
pub fn encode_presentation(kbt: &[u8]) -> String {
    format!("{PRESENTATION_PREFIX}{}", base45::encode(kbt))
}

/// The KBT bytes of a presentation QR text, after checking length and prefix.
pub fn decode_presentation(text: &str) -> Result<Vec<u8>, QrError> {
    decode_prefixed(text, PRESENTATION_PREFIX)
}

/// Strips `prefix` and decodes the Base45 after it. Line breaks and tabs around the text (which
/// files and clipboards add) are ignored; spaces are not, as space is a Base45 digit.
pub fn decode_prefixed(text: &str, prefix: &'static str) -> Result<Vec<u8>, QrError> {
    let text = text.trim_matches(|c| matches!(c, '\r' | '\n' | '\t'));
    if text.len() > MAX_QR_TEXT_LEN {
        return Err(QrError::TooLong { len: text.len(), max: MAX_QR_TEXT_LEN });
    }
    let body = text.strip_prefix(prefix).ok_or(QrError::UnknownPrefix { expected: prefix })?;
    base45::decode(body).map_err(|i| QrError::Base45(i + prefix.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_text_round_trips_and_checks_its_prefix() {
        let text = encode_presentation(&[0xd2, 0x84, 0x00]);
        assert!(text.starts_with("CW1:"));
        assert_eq!(decode_presentation(&text).unwrap(), vec![0xd2, 0x84, 0x00]);
        assert_eq!(decode_presentation(&format!("{text}\r\n")).unwrap(), vec![0xd2, 0x84, 0x00]);
        assert!(matches!(decode_presentation("HC1:ABC"), Err(QrError::UnknownPrefix { .. })));
        assert!(matches!(decode_presentation("CW1:a"), Err(QrError::Base45(4))));
        let long = "A".repeat(MAX_QR_TEXT_LEN + 1);
        assert!(matches!(decode_presentation(&long), Err(QrError::TooLong { .. })));
    }
}
