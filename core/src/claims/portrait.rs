//! The portrait claim: a small face image, encoded as a Claim 169 biometrics entry (map key 62,
//! "Face"): `[{0: image bytes, 1: 0 (image), 2: sub-format}]` (FORMAT.md "Portrait").
//!
//! The verifier never decodes pixels (no image decoder on the phone or WASM path): it checks that
//! the bytes carry the container header of the declared format, so a wrong or truncated image is a
//! typed error rather than a blank picture. A portrait is biometric data: `Debug` and errors show
//! only its media type and length, and its bytes are wiped on drop.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

use crate::cose::cbor::Value;
use crate::error::PortraitError;

/// Largest portrait accepted, in bytes: four times the 700-byte budget, still well inside a QR.
pub const MAX_PORTRAIT_BYTES: usize = 2800;

/// Claim 169 biometrics entry keys.
const KEY_DATA: i64 = 0;
const KEY_FORMAT: i64 = 1;
const KEY_SUB_FORMAT: i64 = 2;
/// Claim 169 data format "Image".
const FORMAT_IMAGE: i64 = 0;

/// The image formats of Claim 169's "Image" sub-format table that a portrait may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// PNG (Claim 169 image sub-format 0).
    Png,
    /// JPEG (sub-format 1).
    Jpeg,
    /// JPEG 2000 (sub-format 2).
    Jpeg2000,
    /// AVIF (sub-format 3).
    Avif,
    /// WebP (sub-format 4).
    WebP,
}

impl ImageFormat {
    const ALL: [ImageFormat; 5] =
        [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Jpeg2000, ImageFormat::Avif, ImageFormat::WebP];

    /// The Claim 169 image sub-format code.
    pub fn sub_format(self) -> i64 {
        match self {
            ImageFormat::Png => 0,
            ImageFormat::Jpeg => 1,
            ImageFormat::Jpeg2000 => 2,
            ImageFormat::Avif => 3,
            ImageFormat::WebP => 4,
        }
    }

    /// The format with this Claim 169 image sub-format code, if a portrait may use it.
    pub(crate) fn from_sub_format(code: i64) -> Option<ImageFormat> {
        ImageFormat::ALL.into_iter().find(|f| f.sub_format() == code)
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Jpeg2000 => "image/jp2",
            ImageFormat::Avif => "image/avif",
            ImageFormat::WebP => "image/webp",
        }
    }

    /// Short name ("png", "jpeg", "jp2", "avif", "webp"), also the usual file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Jpeg2000 => "jp2",
            ImageFormat::Avif => "avif",
            ImageFormat::WebP => "webp",
        }
    }

    /// Reads a short name or media type (`jpeg`, `jpg`, `image/png`, ...), case-insensitive.
    pub fn parse(s: &str) -> Option<ImageFormat> {
        let s = s.trim().to_ascii_lowercase();
        let s = s.strip_prefix("image/").unwrap_or(&s);
        match s {
            "jpg" => Some(ImageFormat::Jpeg),
            "jpeg2000" => Some(ImageFormat::Jpeg2000),
            _ => ImageFormat::ALL.into_iter().find(|f| f.as_str() == s),
        }
    }

    /// Whether `bytes` start (and, where the container says how long it is, end) like this format.
    fn matches(self, b: &[u8]) -> bool {
        match self {
            // SOI, then a marker; EOI at the end catches truncation.
            ImageFormat::Jpeg => b.len() >= 4 && b.starts_with(&[0xFF, 0xD8, 0xFF]) && b.ends_with(&[0xFF, 0xD9]),
            // Signature, then the IHDR chunk (length 13) with non-zero width and height.
            ImageFormat::Png => {
                b.len() >= 33
                    && b.starts_with(b"\x89PNG\r\n\x1a\n")
                    && b[8..16] == *b"\x00\x00\x00\x0dIHDR"
                    && b[16..20] != [0; 4]
                    && b[20..24] != [0; 4]
            }
            // RIFF size field equals the rest of the file; the first chunk is a VP8 kind.
            ImageFormat::WebP => {
                b.len() >= 20
                    && b.starts_with(b"RIFF")
                    && &b[8..12] == b"WEBP"
                    && u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize == b.len() - 8
                    && matches!(&b[12..16], b"VP8 " | b"VP8L" | b"VP8X")
            }
            // An ISO-BMFF `ftyp` box whose major or a compatible brand is AVIF.
            ImageFormat::Avif => {
                if b.len() < 16 || &b[4..8] != b"ftyp" {
                    return false;
                }
                let size = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
                if !(16..=b.len()).contains(&size) {
                    return false;
                }
                let brands = std::iter::once(&b[8..12]).chain(b[16..size].chunks_exact(4));
                brands.into_iter().any(|brand| brand == b"avif" || brand == b"avis")
            }
            // The JP2 signature box, or a bare codestream (SOC + SIZ).
            ImageFormat::Jpeg2000 => {
                b.starts_with(b"\x00\x00\x00\x0cjP  \r\n\x87\n")
                    || (b.len() > 4 && b.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]))
            }
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.media_type())
    }
}

/// A face image and its format, checked to look like that format.
#[derive(Clone, PartialEq, Eq)]
pub struct Portrait {
    format: ImageFormat,
    bytes: Vec<u8>,
}

impl Portrait {
    /// The image `bytes` in `format`, or a typed error when they are empty, too large, or do not
    /// carry that format's header.
    pub fn new(format: ImageFormat, bytes: Vec<u8>) -> Result<Portrait, PortraitError> {
        let mut bytes = bytes;
        let check = if bytes.is_empty() {
            Err(PortraitError::Empty)
        } else if bytes.len() > MAX_PORTRAIT_BYTES {
            Err(PortraitError::TooLarge { len: bytes.len(), max: MAX_PORTRAIT_BYTES })
        } else if !format.matches(&bytes) {
            Err(PortraitError::NotDeclaredFormat { media_type: format.media_type() })
        } else {
            Ok(())
        };
        match check {
            Ok(()) => Ok(Portrait { format, bytes }),
            Err(e) => {
                bytes.zeroize();
                Err(e)
            }
        }
    }

    #[cfg(feature = "test-support")]
    pub(crate) fn unchecked(format: ImageFormat, bytes: Vec<u8>) -> Portrait {
        Portrait { format, bytes }
    }

    /// The image format, as declared in the claim and checked against the bytes.
    pub fn format(&self) -> ImageFormat {
        self.format
    }

    /// The IANA media type of the image, e.g. `image/jpeg`.
    pub fn media_type(&self) -> &'static str {
        self.format.media_type()
    }

    /// The encoded image, as issued.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The Claim 169 face entry: an array holding one biometrics map.
    pub(crate) fn to_cbor(&self) -> Value {
        Value::Array(vec![Value::Map(vec![
            (Value::int(KEY_DATA), Value::Bytes(self.bytes.clone())),
            (Value::int(KEY_FORMAT), Value::int(FORMAT_IMAGE)),
            (Value::int(KEY_SUB_FORMAT), Value::int(self.format.sub_format())),
        ])])
    }

    /// Reads the first image entry of a Claim 169 face array. Other entries (templates, or images
    /// after the first) are ignored; an entry without a format is not an image we can show.
    pub(crate) fn from_cbor(value: &Value) -> Result<Portrait, PortraitError> {
        let Value::Array(entries) = value else {
            return Err(PortraitError::Malformed("the face claim is not an array"));
        };
        for entry in entries {
            let map = entry.as_map().ok_or(PortraitError::Malformed("a face entry is not a map"))?;
            let get = |k: i64| map.iter().find(|(key, _)| key.as_i64() == Some(k)).map(|(_, v)| v);
            let format = get(KEY_FORMAT).and_then(Value::as_integer);
            if format != Some(FORMAT_IMAGE as i128) {
                continue;
            }
            let sub = get(KEY_SUB_FORMAT)
                .and_then(Value::as_integer)
                .ok_or(PortraitError::Malformed("a face image has no sub-format"))?;
            let image = ImageFormat::from_sub_format(i64::try_from(sub).unwrap_or(-1))
                .ok_or(PortraitError::UnsupportedFormat { sub_format: i64::try_from(sub).unwrap_or(i64::MAX) })?;
            let Some(Value::Bytes(data)) = get(KEY_DATA) else {
                return Err(PortraitError::Malformed("a face image has no byte string data"));
            };
            return Portrait::new(image, data.clone());
        }
        Err(PortraitError::Malformed("the face claim holds no image"))
    }
}

impl Drop for Portrait {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

/// Biometric data: only the media type and the length.
impl fmt::Debug for Portrait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Portrait({}, {} bytes)", self.format.media_type(), self.bytes.len())
    }
}

/// For text output: what it is, never the bytes.
impl fmt::Display for Portrait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} portrait, {} bytes]", self.format.media_type(), self.bytes.len())
    }
}

/// In a citizen record (JSON): `{"media_type": "image/webp", "base64": "..."}`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PortraitJson {
    media_type: String,
    base64: String,
}

impl Serialize for Portrait {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PortraitJson { media_type: self.media_type().to_owned(), base64: BASE64.encode(&self.bytes) }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Portrait {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Portrait, D::Error> {
        use serde::de::Error;
        let json = PortraitJson::deserialize(d)?;
        let format = ImageFormat::parse(&json.media_type).ok_or_else(|| {
            D::Error::custom("portrait media_type must be image/webp, image/jpeg, image/png, image/avif or image/jp2")
        })?;
        let bytes =
            BASE64.decode(json.base64.as_bytes()).map_err(|_| D::Error::custom("portrait base64 is invalid"))?;
        Portrait::new(format, bytes).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn webp(payload: &[u8]) -> Vec<u8> {
        let mut b = b"RIFF".to_vec();
        b.extend_from_slice(&((payload.len() + 4) as u32).to_le_bytes());
        b.extend_from_slice(b"WEBP");
        b.extend_from_slice(payload);
        b
    }

    #[test]
    fn headers_of_each_format_are_recognised() {
        let ok = [
            (ImageFormat::Jpeg, vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9]),
            (ImageFormat::WebP, webp(b"VP8 \x04\x00\x00\x00abcd")),
            (ImageFormat::Avif, b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00avifmif1".to_vec()),
            (ImageFormat::Jpeg2000, b"\x00\x00\x00\x0cjP  \r\n\x87\nrest".to_vec()),
        ];
        for (format, bytes) in ok {
            let p = Portrait::new(format, bytes.clone()).unwrap_or_else(|e| panic!("{format}: {e}"));
            assert_eq!(p.bytes(), &bytes[..]);
            assert_eq!(Portrait::from_cbor(&p.to_cbor()).unwrap(), p);
        }
    }

    #[test]
    fn bytes_of_another_format_or_truncated_are_refused() {
        let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9];
        let err = Portrait::new(ImageFormat::WebP, jpeg.clone()).unwrap_err();
        assert_eq!(err, PortraitError::NotDeclaredFormat { media_type: "image/webp" });
        assert!(Portrait::new(ImageFormat::Jpeg, jpeg[..6].to_vec()).is_err(), "truncated JPEG");
        let mut w = webp(b"VP8 \x04\x00\x00\x00abcd");
        w.pop();
        assert!(Portrait::new(ImageFormat::WebP, w).is_err(), "RIFF size disagrees");
        assert_eq!(Portrait::new(ImageFormat::Png, Vec::new()).unwrap_err(), PortraitError::Empty);
        let big = [&jpeg[..4], &vec![0; MAX_PORTRAIT_BYTES][..], &[0xFF, 0xD9]].concat();
        assert!(matches!(Portrait::new(ImageFormat::Jpeg, big), Err(PortraitError::TooLarge { .. })));
    }

    #[test]
    fn unknown_sub_formats_and_missing_images_are_typed_errors() {
        let entry = |sub: i64| {
            Value::Array(vec![Value::Map(vec![
                (Value::int(0), Value::Bytes(vec![1, 2, 3])),
                (Value::int(1), Value::int(0)),
                (Value::int(2), Value::int(sub)),
            ])])
        };
        assert_eq!(Portrait::from_cbor(&entry(6)).unwrap_err(), PortraitError::UnsupportedFormat { sub_format: 6 });
        assert!(matches!(Portrait::from_cbor(&entry(4)), Err(PortraitError::NotDeclaredFormat { .. })));
        assert!(matches!(Portrait::from_cbor(&Value::Array(vec![])), Err(PortraitError::Malformed(_))));
        assert!(matches!(Portrait::from_cbor(&Value::int(1)), Err(PortraitError::Malformed(_))));
    }

    #[test]
    fn debug_and_display_show_only_type_and_length() {
        let p = Portrait::new(ImageFormat::Jpeg, vec![0xFF, 0xD8, 0xFF, 0xAB, 0xCD, 0xFF, 0xD9]).unwrap();
        assert_eq!(format!("{p:?}"), "Portrait(image/jpeg, 7 bytes)");
        assert_eq!(p.to_string(), "[image/jpeg portrait, 7 bytes]");
        assert!(!format!("{p:?}{p}").to_lowercase().contains("abcd"));
    }

    #[test]
    fn json_round_trips_and_checks_the_format() {
        let p = Portrait::new(ImageFormat::WebP, webp(b"VP8 \x04\x00\x00\x00abcd")).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Portrait>(&json).unwrap(), p);
        let lie = json.replace("image/webp", "image/png");
        assert!(serde_json::from_str::<Portrait>(&lie).is_err());
    }
}
