//! The claim vocabulary: which personal attributes exist, where each lives in the CWT claims set,
//! how its value is encoded, and how inputs are validated and normalised.
//!
//! Identity fields use the registered Claim 169 (MOSIP identity) map keys where one fits, so other
//! national-ID verifiers can read them; the rest live in one private-use claim map
//! (claim key -65537). The layout of both is documented in FORMAT.md.

mod portrait;
mod record;
mod text;
mod value;

pub use portrait::{ImageFormat, MAX_PORTRAIT_BYTES, Portrait};
pub use record::{CitizenRecord, DocType};
pub use text::normalize_text;
pub(crate) use text::{NOT_NFC, check_text, to_nfc};
pub use value::{ClaimValue, Date, Sex};

use std::fmt;
use std::str::FromStr;

use crate::error::ClaimError;

/// CWT claim key of the Claim 169 identity map (IANA CWT registry).
pub(crate) const CLAIM_169: i64 = 169;
/// CWT claim key of our private-use claim map (CWT keys below -65536 are Private Use).
pub(crate) const PRIVATE_CLAIMS: i64 = -65537;
/// Private-map key of `age_over_NN` is `AGE_OVER_BASE + NN`.
pub(crate) const AGE_OVER_BASE: i64 = 100;

/// One selectively disclosable personal attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimName {
    /// `id_number`: the 12-digit personal identification number (Claim 169 key 1).
    IdNumber,
    /// `full_name` (Claim 169 key 4).
    FullName,
    /// `date_of_birth` (Claim 169 key 8).
    DateOfBirth,
    /// `sex` (Claim 169 key 9, `gender` codes).
    Sex,
    /// `nationality`: ISO 3166-1 alpha-3 (Claim 169 key 13).
    Nationality,
    /// `place_of_residence` (Claim 169 key 10).
    PlaceOfResidence,
    /// `place_of_origin` (private claims key 1).
    PlaceOfOrigin,
    /// `ethnicity` (private claims key 2).
    Ethnicity,
    /// `religion` (private claims key 3).
    Religion,
    /// `card_issue_date`: issue date of the chip ID card (private claims key 4).
    CardIssueDate,
    /// `card_expiry_date`: expiry date of the chip ID card (private claims key 5).
    CardExpiryDate,
    /// A small face image: the Claim 169 face biometrics entry (key 62).
    Portrait,
    /// `age_over_NN`: whether the holder was at least NN years old when the credential was issued
    /// (the credential expires before a `false` could become stale).
    AgeOver(u8),
}

/// The claims map a claim lives in, and its key there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ClaimPath {
    /// CWT claim key of the map: [`CLAIM_169`] or [`PRIVATE_CLAIMS`].
    pub container: i64,
    /// Key of the claim inside that map.
    pub key: i64,
}

impl ClaimName {
    /// Every fixed claim (age flags excluded: their thresholds are chosen per issuer).
    pub const FIXED: [ClaimName; 12] = [
        ClaimName::IdNumber,
        ClaimName::FullName,
        ClaimName::DateOfBirth,
        ClaimName::Sex,
        ClaimName::Nationality,
        ClaimName::PlaceOfResidence,
        ClaimName::PlaceOfOrigin,
        ClaimName::Ethnicity,
        ClaimName::Religion,
        ClaimName::CardIssueDate,
        ClaimName::CardExpiryDate,
        ClaimName::Portrait,
    ];

    /// Where this claim lives in the SD-CWT payload (FORMAT.md 3.1).
    pub(crate) fn path(self) -> ClaimPath {
        let (container, key) = match self {
            ClaimName::IdNumber => (CLAIM_169, 1),
            ClaimName::FullName => (CLAIM_169, 4),
            ClaimName::DateOfBirth => (CLAIM_169, 8),
            ClaimName::Sex => (CLAIM_169, 9),
            ClaimName::PlaceOfResidence => (CLAIM_169, 10),
            ClaimName::Nationality => (CLAIM_169, 13),
            ClaimName::Portrait => (CLAIM_169, 62),
            ClaimName::PlaceOfOrigin => (PRIVATE_CLAIMS, 1),
            ClaimName::Ethnicity => (PRIVATE_CLAIMS, 2),
            ClaimName::Religion => (PRIVATE_CLAIMS, 3),
            ClaimName::CardIssueDate => (PRIVATE_CLAIMS, 4),
            ClaimName::CardExpiryDate => (PRIVATE_CLAIMS, 5),
            ClaimName::AgeOver(n) => (PRIVATE_CLAIMS, AGE_OVER_BASE + n as i64),
        };
        ClaimPath { container, key }
    }

    /// The claim at a payload position, or `None` if the position holds no claim of this vocabulary.
    pub(crate) fn from_path(path: ClaimPath) -> Option<ClaimName> {
        if path.container == PRIVATE_CLAIMS && (AGE_OVER_BASE..AGE_OVER_BASE + 100).contains(&path.key) {
            return Some(ClaimName::AgeOver((path.key - AGE_OVER_BASE) as u8));
        }
        ClaimName::FIXED.into_iter().find(|c| c.path() == path)
    }

    /// The stable snake_case name used in the CLI, JSON output and the bindings.
    pub fn as_str(self) -> String {
        match self {
            ClaimName::AgeOver(n) => format!("age_over_{n}"),
            other => other.fixed_name().to_owned(),
        }
    }

    fn fixed_name(self) -> &'static str {
        match self {
            ClaimName::IdNumber => "id_number",
            ClaimName::FullName => "full_name",
            ClaimName::DateOfBirth => "date_of_birth",
            ClaimName::Sex => "sex",
            ClaimName::Nationality => "nationality",
            ClaimName::PlaceOfResidence => "place_of_residence",
            ClaimName::PlaceOfOrigin => "place_of_origin",
            ClaimName::Ethnicity => "ethnicity",
            ClaimName::Religion => "religion",
            ClaimName::CardIssueDate => "card_issue_date",
            ClaimName::CardExpiryDate => "card_expiry_date",
            ClaimName::Portrait => "portrait",
            ClaimName::AgeOver(_) => "age_over",
        }
    }
}

impl fmt::Display for ClaimName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

impl FromStr for ClaimName {
    type Err = ClaimError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(n) = s.strip_prefix("age_over_") {
            return match n.parse::<u8>() {
                Ok(n) if (1..100).contains(&n) => Ok(ClaimName::AgeOver(n)),
                _ => Err(ClaimError::UnknownClaim(s.to_owned())),
            };
        }
        ClaimName::FIXED.into_iter().find(|c| c.fixed_name() == s).ok_or_else(|| ClaimError::UnknownClaim(s.to_owned()))
    }
}

/// A claim with its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// Which claim.
    pub name: ClaimName,
    /// Its value.
    pub value: ClaimValue,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_strings_and_paths() {
        let mut all: Vec<ClaimName> = ClaimName::FIXED.to_vec();
        all.extend([ClaimName::AgeOver(18), ClaimName::AgeOver(65)]);
        for c in all {
            assert_eq!(c.as_str().parse::<ClaimName>().unwrap(), c);
            assert_eq!(ClaimName::from_path(c.path()), Some(c));
        }
        assert!("age_over_0".parse::<ClaimName>().is_err());
        assert!("age_over_100".parse::<ClaimName>().is_err());
        assert!("shoe_size".parse::<ClaimName>().is_err());
        assert_eq!(ClaimName::from_path(ClaimPath { container: CLAIM_169, key: 11 }), None);
    }

    #[test]
    fn paths_are_unique() {
        let paths: Vec<ClaimPath> = ClaimName::FIXED.iter().map(|c| c.path()).collect();
        for (i, p) in paths.iter().enumerate() {
            assert!(!paths[i + 1..].contains(p), "{p:?} repeated");
        }
    }
}
