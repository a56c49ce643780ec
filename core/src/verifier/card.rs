//! The QR printed on Vietnamese chip ID cards (CCCD): plain text, fields separated by `|`:
//! 12-digit ID number | old 9-digit ID (CMND, may be empty) | full name | date of birth ddmmyyyy |
//! sex (Nam / Nữ) | address | issue date ddmmyyyy [| further fields on some cards].
//!
//! It carries **no signature**: anyone can print one. It is parsed so that one scanner serves both
//! kinds of QR, into [`UnsignedCardQr`], a type that can never be mistaken for a
//! [`super::VerifiedPresentation`]. The first seven fields are checked strictly; further fields are
//! kept as text.

use std::fmt;

use crate::claims::{Date, NOT_NFC, Sex, to_nfc};
use crate::error::CardQrError;

/// Longest card QR text accepted, in bytes (real ones are about 150).
pub const MAX_CARD_QR_BYTES: usize = 1024;
/// The fields every card QR has.
pub const CARD_QR_FIELDS: usize = 7;
/// Most fields accepted (newer cards add a few trailing ones).
pub const MAX_CARD_QR_FIELDS: usize = 16;
/// Longest text field, in UTF-8 bytes after NFC normalisation.
pub const MAX_CARD_FIELD_BYTES: usize = 300;

/// How counters must label these fields.
pub const UNSIGNED_NOTICE: &str = "UNSIGNED — not verified: anyone can print this QR code";

/// The fields of a printed card QR. **Unsigned, not verified**: they say what is printed, not
/// who the holder is. Text is NFC-normalised and trimmed.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnsignedCardQr {
    /// Field 1: the 12-digit ID number.
    pub id_number: String,
    /// Field 2: the old 9-digit ID number (CMND), when printed.
    pub old_id_number: Option<String>,
    /// Field 3: full name.
    pub full_name: String,
    /// Field 4: date of birth.
    pub date_of_birth: Date,
    /// Field 5: sex (`Nam` or `Nữ` on the card).
    pub sex: Sex,
    /// Field 6: address.
    pub address: String,
    /// Field 7: card issue date.
    pub issue_date: Date,
    /// Fields after the seventh, as printed.
    pub extra_fields: Vec<String>,
}

/// Names the fields, never their values (personal data stays out of logs).
impl fmt::Debug for UnsignedCardQr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnsignedCardQr")
            .field("verified", &false)
            .field("has_old_id_number", &self.old_id_number.is_some())
            .field("extra_fields", &self.extra_fields.len())
            .finish_non_exhaustive()
    }
}

impl UnsignedCardQr {
    /// Whether `text` has the shape of a card QR (12 digits then `|`), so a scanner can route it here
    /// instead of reporting "not a presentation".
    pub fn looks_like(text: &str) -> bool {
        let b = trim_line_ends(text).as_bytes();
        b.len() > 12 && b[..12].iter().all(u8::is_ascii_digit) && b[12] == b'|'
    }

    /// Parses the text of a card QR.
    pub fn parse(text: &str) -> Result<UnsignedCardQr, CardQrError> {
        if text.len() > MAX_CARD_QR_BYTES {
            return Err(CardQrError::TooLong { len: text.len(), max: MAX_CARD_QR_BYTES });
        }
        let fields: Vec<&str> = trim_line_ends(text).split('|').collect();
        if !(CARD_QR_FIELDS..=MAX_CARD_QR_FIELDS).contains(&fields.len()) {
            return Err(CardQrError::FieldCount { found: fields.len(), min: CARD_QR_FIELDS, max: MAX_CARD_QR_FIELDS });
        }
        let id_number = digits("id_number", fields[0], 12)?;
        let old_id_number = match fields[1].trim() {
            "" => None,
            old => Some(digits("old_id_number", old, 9)?),
        };
        let full_name = text_field("full_name", fields[2])?;
        let date_of_birth = date("date_of_birth", fields[3])?;
        let sex = sex(fields[4])?;
        let address = text_field("address", fields[5])?;
        let issue_date = date("issue_date", fields[6])?;
        if issue_date < date_of_birth {
            return Err(CardQrError::InvalidField { field: "issue_date", reason: "is before the date of birth" });
        }
        let extra_fields = fields[CARD_QR_FIELDS..]
            .iter()
            .map(|f| {
                let f =
                    to_nfc(f.trim()).ok_or(CardQrError::InvalidField { field: "extra", reason: NOT_NFC })?.into_owned();
                if f.chars().any(char::is_control) {
                    return Err(CardQrError::InvalidField { field: "extra", reason: "contains control characters" });
                }
                Ok(f)
            })
            .collect::<Result<_, _>>()?;
        Ok(UnsignedCardQr {
            id_number,
            old_id_number,
            full_name,
            date_of_birth,
            sex,
            address,
            issue_date,
            extra_fields,
        })
    }

    /// Always false: a printed card QR proves nothing about who shows it.
    pub fn is_verified(&self) -> bool {
        false
    }
}

/// Scanners and files add line ends; nothing else is stripped.
fn trim_line_ends(text: &str) -> &str {
    text.trim_matches(|c| matches!(c, '\r' | '\n'))
}

fn digits(field: &'static str, value: &str, len: usize) -> Result<String, CardQrError> {
    let value = value.trim();
    if value.len() != len || !value.bytes().all(|b| b.is_ascii_digit()) {
        let reason = if len == 12 { "is not 12 digits" } else { "is not 9 digits" };
        return Err(CardQrError::InvalidField { field, reason });
    }
    Ok(value.to_owned())
}

fn text_field(field: &'static str, value: &str) -> Result<String, CardQrError> {
    let value = to_nfc(value.trim()).ok_or(CardQrError::InvalidField { field, reason: NOT_NFC })?.into_owned();
    let reason = if value.is_empty() {
        "is empty"
    } else if value.len() > MAX_CARD_FIELD_BYTES {
        "is too long"
    } else if value.chars().any(char::is_control) {
        "contains control characters"
    } else {
        return Ok(value);
    };
    Err(CardQrError::InvalidField { field, reason })
}

/// ddmmyyyy, a real calendar date.
fn date(field: &'static str, value: &str) -> Result<Date, CardQrError> {
    let b = value.trim().as_bytes();
    let invalid = CardQrError::InvalidField { field, reason: "is not a real date written ddmmyyyy" };
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return Err(invalid);
    }
    let num = |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, d| n * 10 + (d - b'0') as u32);
    Date::new(field, num(4..8) as i32, num(2..4) as u8, num(0..2) as u8).map_err(|_| invalid)
}

fn sex(value: &str) -> Result<Sex, CardQrError> {
    let value = to_nfc(value.trim()).ok_or(CardQrError::InvalidField { field: "sex", reason: NOT_NFC })?.to_lowercase();
    match value.as_str() {
        "nam" => Ok(Sex::Male),
        "nữ" => Ok(Sex::Female),
        _ => Err(CardQrError::InvalidField { field: "sex", reason: "is not Nam or Nữ" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "079190001234|025123456|Nguyễn Thị Minh Khai|15051990|Nữ|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|10042021";

    #[test]
    fn parses_a_card_qr() {
        let card = UnsignedCardQr::parse(SAMPLE).unwrap();
        assert_eq!(card.id_number, "079190001234");
        assert_eq!(card.old_id_number.as_deref(), Some("025123456"));
        assert_eq!(card.full_name, "Nguyễn Thị Minh Khai");
        assert_eq!(card.date_of_birth.to_string(), "1990-05-15");
        assert_eq!(card.sex, Sex::Female);
        assert_eq!(card.issue_date.to_string(), "2021-04-10");
        assert!(card.extra_fields.is_empty());
        assert!(!card.is_verified());
        let debug = format!("{card:?}");
        assert!(!debug.contains("Nguyễn") && !debug.contains("079190001234"), "{debug}");
    }

    #[test]
    #[cfg(feature = "nfc")]
    fn tolerates_empty_old_id_trailing_fields_line_ends_and_nfd() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "001099012345||Trần Văn Nam|01011999|NAM|Hà Nội|02022022||extra\r\n".nfd().collect();
        assert!(UnsignedCardQr::looks_like(&nfd));
        let card = UnsignedCardQr::parse(&nfd).unwrap();
        assert_eq!(card.old_id_number, None);
        assert_eq!(card.full_name, "Trần Văn Nam");
        assert_eq!(card.sex, Sex::Male);
        assert_eq!(card.extra_fields, vec!["".to_owned(), "extra".to_owned()]);
    }

    #[test]
    #[cfg(not(feature = "nfc"))]
    fn without_the_tables_nfd_text_is_refused_not_changed() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "001099012345||Trần Văn Nam|01011999|NAM|Hà Nội|02022022".nfd().collect();
        let err = UnsignedCardQr::parse(&nfd).unwrap_err();
        assert_eq!(err, CardQrError::InvalidField { field: "full_name", reason: NOT_NFC });
        let nfc: String = nfd.nfc().collect();
        assert_eq!(UnsignedCardQr::parse(&nfc).unwrap().full_name, "Trần Văn Nam");
    }

    #[test]
    fn rejects_malformed_first_fields() {
        let cases: [(&str, &str); 10] = [
            ("07919000123|025123456|A|15051990|Nữ|X|10042021", "id_number"),
            ("07919000123a|025123456|A|15051990|Nữ|X|10042021", "id_number"),
            ("079190001234|02512345|A|15051990|Nữ|X|10042021", "old_id_number"),
            ("079190001234|025123456| |15051990|Nữ|X|10042021", "full_name"),
            ("079190001234|025123456|A|31021990|Nữ|X|10042021", "date_of_birth"),
            ("079190001234|025123456|A|1990-05-15|Nữ|X|10042021", "date_of_birth"),
            ("079190001234|025123456|A|15051990|F|X|10042021", "sex"),
            ("079190001234|025123456|A|15051990|Nữ||10042021", "address"),
            ("079190001234|025123456|A|15051990|Nữ|X|10041980", "issue_date"),
            ("079190001234|025123456|A\u{1b}[31m|15051990|Nữ|X|10042021", "full_name"),
        ];
        for (text, field) in cases {
            match UnsignedCardQr::parse(text) {
                Err(CardQrError::InvalidField { field: f, .. }) => assert_eq!(f, field, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(matches!(UnsignedCardQr::parse("079190001234|1|2"), Err(CardQrError::FieldCount { found: 3, .. })));
        let many = format!("{SAMPLE}{}", "|x".repeat(MAX_CARD_QR_FIELDS));
        assert!(matches!(UnsignedCardQr::parse(&many), Err(CardQrError::FieldCount { .. })));
        let long = format!("{SAMPLE}|{}", "x".repeat(MAX_CARD_QR_BYTES));
        assert!(matches!(UnsignedCardQr::parse(&long), Err(CardQrError::TooLong { .. })));
        assert!(!UnsignedCardQr::looks_like("CW1:ABC"));
        assert!(!UnsignedCardQr::looks_like("079190001234"));
    }
}
