//! A citizen's record as an issuer receives it, validated and split into credentials.
//!
//! Every redacted claim puts a 34-byte digest into every QR, disclosed or not, so the record is
//! issued as two credentials rather than one: the everyday identity credential and a residence /
//! origin credential (FORMAT.md "Credential design" has the numbers).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ClaimError;

use super::{Claim, ClaimName, ClaimValue, Date, Portrait, Sex, normalize_text};

/// The kind of credential, carried in the `vct` claim (11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocType {
    /// ID number, name, date of birth, sex, nationality and age flags: what most counters ask for.
    Identity,
    /// ID number, name, residence, origin, ethnicity, religion and card dates.
    Residence,
}

impl DocType {
    /// `vct` values from the draft's Experimental Use range (65000-65535), until registered.
    pub fn vct(self) -> i64 {
        match self {
            DocType::Identity => 65000,
            DocType::Residence => 65001,
        }
    }

    /// The document type of a `vct` value, if it is one of ours.
    pub fn from_vct(vct: i64) -> Option<DocType> {
        [DocType::Identity, DocType::Residence].into_iter().find(|d| d.vct() == vct)
    }

    /// The stable name used in the CLI, JSON and the bindings: `identity` or `residence`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Identity => "identity",
            DocType::Residence => "residence",
        }
    }

    /// Reads the name [`DocType::as_str`] gives.
    pub fn parse(s: &str) -> Option<DocType> {
        [DocType::Identity, DocType::Residence].into_iter().find(|d| d.as_str() == s)
    }

    /// Every claim a credential of this type can hold, present or not in a given record. The
    /// issuer pads each redacted map to this many digests, so the count reveals nothing.
    pub fn possible_claims(self, age_thresholds: &[u8]) -> Result<Vec<ClaimName>, ClaimError> {
        Ok(match self {
            DocType::Identity => {
                let mut names = vec![
                    ClaimName::IdNumber,
                    ClaimName::FullName,
                    ClaimName::DateOfBirth,
                    ClaimName::Sex,
                    ClaimName::Nationality,
                ];
                names.extend(normalized_thresholds(age_thresholds)?.into_iter().map(ClaimName::AgeOver));
                names
            }
            DocType::Residence => vec![
                ClaimName::IdNumber,
                ClaimName::FullName,
                ClaimName::PlaceOfResidence,
                ClaimName::PlaceOfOrigin,
                ClaimName::Ethnicity,
                ClaimName::Religion,
                ClaimName::CardIssueDate,
                ClaimName::CardExpiryDate,
            ],
        })
    }
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The personal data of one citizen, as typed into an issuer system (dates as YYYY-MM-DD).
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CitizenRecord {
    /// Personal identification number: 12 digits.
    pub id_number: String,
    /// Full name as on the ID card, UTF-8 (Vietnamese diacritics kept).
    pub full_name: String,
    /// Date of birth, YYYY-MM-DD.
    pub date_of_birth: String,
    /// "male", "female" or "other".
    pub sex: String,
    /// ISO 3166-1 alpha-3 code, e.g. "VNM".
    pub nationality: String,
    /// Place of residence (residence credentials).
    #[serde(default)]
    pub place_of_residence: Option<String>,
    /// Place of origin (residence credentials).
    #[serde(default)]
    pub place_of_origin: Option<String>,
    /// Ethnicity (residence credentials).
    #[serde(default)]
    pub ethnicity: Option<String>,
    /// Religion (residence credentials).
    #[serde(default)]
    pub religion: Option<String>,
    /// Issue date of the chip ID card, YYYY-MM-DD.
    #[serde(default)]
    pub card_issue_date: Option<String>,
    /// Expiry date of the chip ID card, YYYY-MM-DD.
    #[serde(default)]
    pub card_expiry_date: Option<String>,
    /// A small face image, put into identity credentials as the separately disclosable
    /// `portrait` claim (`cwallet issuer issue --portrait PHOTO` makes one from a photo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portrait: Option<Portrait>,
}

/// Personal data stays out of logs: only the shape is shown.
impl fmt::Debug for CitizenRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CitizenRecord { .. }")
    }
}

impl CitizenRecord {
    /// Validates and normalises the record and returns the claims of a `doc_type` credential
    /// issued on `today`, with an `age_over_NN` flag for each threshold (identity credential only).
    pub fn claims(&self, doc_type: DocType, age_thresholds: &[u8], today: Date) -> Result<Vec<Claim>, ClaimError> {
        let id_number = self.id_number.trim();
        if id_number.len() != 12 || !id_number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ClaimError::invalid("id_number", "must be exactly 12 digits"));
        }
        let date_of_birth = Date::parse("date_of_birth", &self.date_of_birth)?;
        if date_of_birth > today {
            return Err(ClaimError::invalid("date_of_birth", "is in the future"));
        }
        let mut claims = vec![
            claim(ClaimName::IdNumber, ClaimValue::Text(id_number.to_owned())),
            claim(ClaimName::FullName, ClaimValue::Text(normalize_text("full_name", &self.full_name)?)),
        ];
        match doc_type {
            DocType::Identity => {
                let nationality = self.nationality.trim();
                if nationality.len() != 3 || !nationality.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(ClaimError::invalid("nationality", "must be a 3-letter ISO 3166 code such as VNM"));
                }
                claims.push(claim(ClaimName::DateOfBirth, ClaimValue::Date(date_of_birth)));
                claims.push(claim(ClaimName::Sex, ClaimValue::Sex(Sex::parse(&self.sex)?)));
                claims.push(claim(ClaimName::Nationality, ClaimValue::Text(nationality.to_owned())));
                for n in normalized_thresholds(age_thresholds)? {
                    let over = date_of_birth.age_on(today) >= n as i32;
                    claims.push(claim(ClaimName::AgeOver(n), ClaimValue::Bool(over)));
                }
                if let Some(p) = &self.portrait {
                    claims.push(claim(ClaimName::Portrait, ClaimValue::Portrait(p.clone())));
                }
            }
            DocType::Residence => {
                let residence = self
                    .place_of_residence
                    .as_deref()
                    .ok_or_else(|| ClaimError::invalid("place_of_residence", "is required"))?;
                claims.push(claim(ClaimName::PlaceOfResidence, text("place_of_residence", residence)?));
                for (name, value) in [
                    (ClaimName::PlaceOfOrigin, &self.place_of_origin),
                    (ClaimName::Ethnicity, &self.ethnicity),
                    (ClaimName::Religion, &self.religion),
                ] {
                    if let Some(v) = value {
                        claims.push(claim(name, text(&name.as_str(), v)?));
                    }
                }
                claims.extend(self.card_dates(date_of_birth, today)?);
            }
        }
        Ok(claims)
    }

    fn card_dates(&self, date_of_birth: Date, today: Date) -> Result<Vec<Claim>, ClaimError> {
        let issue = self.card_issue_date.as_deref().map(|s| Date::parse("card_issue_date", s)).transpose()?;
        let expiry = self.card_expiry_date.as_deref().map(|s| Date::parse("card_expiry_date", s)).transpose()?;
        if let Some(issue) = issue
            && (issue < date_of_birth || issue > today)
        {
            return Err(ClaimError::invalid("card_issue_date", "must be between birth and today"));
        }
        if let (Some(issue), Some(expiry)) = (issue, expiry)
            && expiry <= issue
        {
            return Err(ClaimError::invalid("card_expiry_date", "must be after the card issue date"));
        }
        let mut claims = Vec::new();
        if let Some(d) = issue {
            claims.push(claim(ClaimName::CardIssueDate, ClaimValue::Date(d)));
        }
        if let Some(d) = expiry {
            claims.push(claim(ClaimName::CardExpiryDate, ClaimValue::Date(d)));
        }
        Ok(claims)
    }

    /// The first day on which one of the `false` age flags of an identity credential issued
    /// `today` would become stale: a wallet may ask for re-issuance then (the issuer does not cut
    /// `exp` to it, which would reveal the date of birth).
    pub fn next_age_flag_change(&self, age_thresholds: &[u8], today: Date) -> Result<Option<Date>, ClaimError> {
        let dob = Date::parse("date_of_birth", &self.date_of_birth)?;
        Ok(normalized_thresholds(age_thresholds)?
            .into_iter()
            .map(|n| dob.add_years(n as i32))
            .filter(|birthday| *birthday > today)
            .min())
    }
}

fn claim(name: ClaimName, value: ClaimValue) -> Claim {
    Claim { name, value }
}

fn text(field: &str, value: &str) -> Result<ClaimValue, ClaimError> {
    Ok(ClaimValue::Text(normalize_text(field, value)?))
}

/// Thresholds sorted, deduplicated and within 1..=99.
fn normalized_thresholds(thresholds: &[u8]) -> Result<Vec<u8>, ClaimError> {
    if let Some(bad) = thresholds.iter().find(|n| !(1..100).contains(*n)) {
        return Err(ClaimError::invalid("age_over", format!("threshold {bad} is outside 1 to 99")));
    }
    let mut t = thresholds.to_vec();
    t.sort_unstable();
    t.dedup();
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> CitizenRecord {
        CitizenRecord {
            id_number: "079203001234".into(),
            full_name: "Nguyễn Văn An".into(),
            date_of_birth: "2008-06-15".into(),
            sex: "male".into(),
            nationality: "VNM".into(),
            place_of_residence: Some("Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh".into()),
            card_issue_date: Some("2022-01-10".into()),
            card_expiry_date: Some("2033-06-15".into()),
            ..Default::default()
        }
    }

    fn today() -> Date {
        Date::parse("t", "2026-06-14").unwrap()
    }

    #[test]
    fn identity_claims_include_age_flags_computed_on_the_issue_day() {
        let claims = record().claims(DocType::Identity, &[18, 16], today()).unwrap();
        let names: Vec<String> = claims.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["id_number", "full_name", "date_of_birth", "sex", "nationality", "age_over_16", "age_over_18"]
        );
        assert_eq!(claims[5].value, ClaimValue::Bool(true));
        assert_eq!(claims[6].value, ClaimValue::Bool(false), "turns 18 tomorrow");
        let change = record().next_age_flag_change(&[16, 18], today()).unwrap();
        assert_eq!(change, Some(Date::parse("t", "2026-06-15").unwrap()));
    }

    #[test]
    fn residence_claims_hold_the_optional_fields_given() {
        let claims = record().claims(DocType::Residence, &[18], today()).unwrap();
        let names: Vec<String> = claims.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id_number", "full_name", "place_of_residence", "card_issue_date", "card_expiry_date"]);
    }

    #[test]
    fn invalid_inputs_name_the_field() {
        type Mutation = fn(&mut CitizenRecord);
        let cases: Vec<(Mutation, &str)> = vec![
            (|r| r.id_number = "07920300123".into(), "id_number"),
            (|r| r.id_number = "07920300123a".into(), "id_number"),
            (|r| r.date_of_birth = "2031-01-01".into(), "date_of_birth"),
            (|r| r.date_of_birth = "2001-02-29".into(), "date_of_birth"),
            (|r| r.sex = "unknown".into(), "sex"),
            (|r| r.nationality = "vn".into(), "nationality"),
            (|r| r.full_name = " ".into(), "full_name"),
        ];
        for (mutate, field) in cases {
            let mut r = record();
            mutate(&mut r);
            let err = r.claims(DocType::Identity, &[18], today()).unwrap_err();
            assert!(err.to_string().contains(field), "{err} should name {field}");
        }
        let mut r = record();
        r.card_expiry_date = Some("2021-01-01".into());
        assert!(r.claims(DocType::Residence, &[], today()).is_err());
        r = record();
        r.place_of_residence = None;
        assert!(r.claims(DocType::Residence, &[], today()).is_err());
        assert!(record().claims(DocType::Identity, &[0], today()).is_err());
    }

    #[test]
    fn debug_hides_personal_data() {
        assert!(!format!("{:?}", record()).contains("079203001234"));
    }
}
