//! Text normalisation: every text claim is stored in Unicode NFC, so "Nguyễn" typed with combining
//! marks (NFD) and with precomposed letters (NFC) are the same bytes, and hence the same credential.

use std::borrow::Cow;

use crate::error::ClaimError;

/// Longest accepted text claim, in UTF-8 bytes after normalisation (a long Vietnamese address is ~150).
pub const MAX_TEXT_BYTES: usize = 300;

/// Normalises a text claim to NFC, trims surrounding whitespace and rejects empty, over-long
/// or control-character input. `field` names the claim in the error, never the value.
pub fn normalize_text(field: &str, input: &str) -> Result<String, ClaimError> {
    let normalized = to_nfc(input.trim()).ok_or_else(|| ClaimError::invalid(field, NOT_NFC))?.into_owned();
    if normalized.is_empty() {
        return Err(ClaimError::invalid(field, "must not be empty"));
    }
    if normalized.len() > MAX_TEXT_BYTES {
        return Err(ClaimError::invalid(field, format!("longer than {MAX_TEXT_BYTES} bytes")));
    }
    if normalized.chars().any(char::is_control) {
        return Err(ClaimError::invalid(field, "contains control characters"));
    }
    Ok(normalized)
}

/// Why [`to_nfc`] refused a text (only in builds without the `nfc` feature).
pub(crate) const NOT_NFC: &str = "is not in Unicode NFC";

/// `text` in Unicode NFC (Vietnamese typed with combining marks becomes precomposed letters).
///
/// Builds without the `nfc` feature (the WebAssembly verifier, whose host normalises with
/// `String.prototype.normalize` before handing text over) leave out the composition tables,
/// about 56 KB of the browser download: they take text that Unicode's quick check confirms is NFC
/// and give `None` for the rest, never a silently different string. (The quick check cannot
/// confirm some rare NFC text, a combining mark with no precomposed letter to join; such text is
/// refused there too.)
pub(crate) fn to_nfc(text: &str) -> Option<Cow<'_, str>> {
    #[cfg(feature = "nfc")]
    {
        use unicode_normalization::UnicodeNormalization;
        Some(Cow::Owned(text.nfc().collect()))
    }
    #[cfg(not(feature = "nfc"))]
    {
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        (is_nfc_quick(text.chars()) == IsNormalized::Yes).then_some(Cow::Borrowed(text))
    }
}

/// Display text: 1 to `max` bytes, no white space at either end, no control characters and no
/// bidirectional controls (which could make a purpose read differently from what was signed).
pub(crate) fn check_text(what: &str, text: &str, max: usize) -> Result<(), String> {
    if text.is_empty() || text.len() > max {
        return Err(format!("{what} must be 1 to {max} bytes"));
    }
    if text.trim() != text {
        return Err(format!("{what} must not start or end with white space"));
    }
    let bidi =
        |c: char| matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if text.chars().any(|c| c.is_control() || bidi(c)) {
        return Err(format!("{what} must not contain control or bidirectional-control characters"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "nfc")]
    fn nfd_and_nfc_inputs_normalise_to_the_same_bytes() {
        let nfc = "Nguy\u{1ec5}n V\u{103}n A";
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n A";
        assert_ne!(nfc.as_bytes(), nfd.as_bytes());
        assert_eq!(normalize_text("full_name", nfd).unwrap(), nfc);
        assert_eq!(normalize_text("full_name", nfc).unwrap(), nfc);
    }

    #[test]
    #[cfg(not(feature = "nfc"))]
    fn without_the_tables_nfc_text_passes_and_nfd_text_is_refused() {
        let nfc = "Nguy\u{1ec5}n V\u{103}n A";
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n A";
        assert_eq!(normalize_text("full_name", nfc).unwrap(), nfc);
        let err = normalize_text("full_name", nfd).unwrap_err().to_string();
        assert!(err.contains(NOT_NFC) && !err.contains("Nguy"), "{err}");
    }

    #[test]
    fn rejects_empty_long_and_control_text() {
        assert!(normalize_text("full_name", "   ").is_err());
        assert!(normalize_text("full_name", &"a".repeat(MAX_TEXT_BYTES + 1)).is_err());
        assert!(normalize_text("full_name", "a\u{0}b").is_err());
        let err = normalize_text("religion", "x\ny").unwrap_err().to_string();
        assert!(err.contains("religion") && !err.contains("x\ny"), "{err}");
    }
}
