//! Scans that a keyboard input method changed on their way from a USB scanner to the page.
//!
//! A USB 2D scanner in keyboard mode "types" the QR text. Vietnamese PCs usually run a Telex or
//! VNI input method (Unikey, EVKey), which turns "AA" into "Â", "DD" into "Đ", "W" into "Ư" and a
//! trailing S/F/R/X/J (or, with VNI, a digit) after a vowel into a tone mark. A presentation QR
//! holds only the QR alphanumeric alphabet (FORMAT.md "QR text"), so any letter outside ASCII
//! in a scan that is not a printed card QR (whose Vietnamese text is legitimate) means the input
//! method is on: the clerk should switch it to English, not be told the QR is malformed.

use citizen_wallet::verifier::UnsignedCardQr;

/// Why a scan cannot be what the QR holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputProblem {
    /// A Vietnamese input method (Telex, VNI) rewrote the scanner's keystrokes.
    VietnameseInputMethod,
}

impl InputProblem {
    /// Stable code, beside FORMAT.md's verification codes.
    pub fn code(self) -> &'static str {
        match self {
            InputProblem::VietnameseInputMethod => "input_method",
        }
    }

    /// English reason (the page shows its own Vietnamese text for the code).
    pub fn reason(self) -> &'static str {
        match self {
            InputProblem::VietnameseInputMethod => {
                "the scan holds letters a QR code's text cannot (such as Â, Đ, Ư or tone marks): a Vietnamese \
                 input method (Telex/VNI) changed what the scanner typed; switch the keyboard to English (E) and scan again"
            }
        }
    }
}

/// The problem with `text` as typed by a scanner, if it has one.
pub fn input_problem(text: &str) -> Option<InputProblem> {
    if UnsignedCardQr::looks_like(text) {
        return None;
    }
    (!text.is_ascii()).then_some(InputProblem::VietnameseInputMethod)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Unikey's Telex makes of upper-case keystrokes (the rules the module comment lists).
    fn telex(text: &str) -> String {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            let last = out.last().copied();
            let replaced = match (last, c) {
                (Some('A'), 'A') => Some('Â'),
                (Some('E'), 'E') => Some('Ê'),
                (Some('O'), 'O') => Some('Ô'),
                (Some('D'), 'D') => Some('Đ'),
                (Some('A'), 'S') => Some('Á'),
                (Some('E'), 'F') => Some('È'),
                _ => None,
            };
            match replaced {
                Some(r) => *out.last_mut().unwrap() = r,
                None if c == 'W' => out.push('Ư'),
                None => out.push(c),
            }
        }
        out.into_iter().collect()
    }

    #[test]
    fn a_presentation_typed_through_telex_is_flagged_as_the_input_method() {
        let typed = telex("CW1:6BFOXN*TS0BI$ZDDAAS");
        assert_ne!(typed, "CW1:6BFOXN*TS0BI$ZDDAAS");
        assert_eq!(input_problem(&typed), Some(InputProblem::VietnameseInputMethod));
    }

    #[test]
    fn clean_scans_and_card_qrs_pass() {
        assert_eq!(input_problem("CW1:6BFOXN*TS0BI$ZDDAAS"), None);
        assert_eq!(input_problem("not a QR at all"), None);
        let card = "079190001234||Nguyễn Thị Minh Khai|15051990|Nữ|12 Lê Lợi, Quận 1|10042021";
        assert_eq!(input_problem(card), None);
    }
}
