//! Claim values and their CBOR encodings (Claim 169 conventions: dates as "YYYYMMDD" text,
//! sex as 1 male / 2 female / 3 other).

use std::fmt;

use crate::cose::cbor::Value;
use crate::error::ClaimError;

use super::{ClaimName, Portrait};

/// A calendar date, encoded as the 8-character text "YYYYMMDD" (as Claim 169 encodes date of birth).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// A real calendar date, or an error naming the field.
    pub fn new(field: &str, year: i32, month: u8, day: u8) -> Result<Date, ClaimError> {
        let month = time::Month::try_from(month).map_err(|_| ClaimError::invalid(field, "month must be 1 to 12"))?;
        if !(1900..=9999).contains(&year) {
            return Err(ClaimError::invalid(field, "year must be between 1900 and 9999"));
        }
        time::Date::from_calendar_date(year, month, day)
            .map(Date)
            .map_err(|_| ClaimError::invalid(field, "is not a real calendar date"))
    }

    /// Parses "YYYY-MM-DD" (ISO 8601, as typed by people) or "YYYYMMDD" (as encoded).
    pub fn parse(field: &str, s: &str) -> Result<Date, ClaimError> {
        let s = s.trim().as_bytes();
        let digits: Vec<u8> = match s.len() {
            8 => s.to_vec(),
            10 if s[4] == b'-' && s[7] == b'-' => [&s[0..4], &s[5..7], &s[8..10]].concat(),
            _ => Vec::new(),
        };
        if digits.len() != 8 || !digits.iter().all(u8::is_ascii_digit) {
            return Err(ClaimError::invalid(field, "must be a date written YYYY-MM-DD"));
        }
        let num = |r: std::ops::Range<usize>| digits[r].iter().fold(0u32, |n, d| n * 10 + (d - b'0') as u32);
        Date::new(field, num(0..4) as i32, num(4..6) as u8, num(6..8) as u8)
    }

    /// The date of a Unix time (UTC).
    pub fn from_unix(secs: i64) -> Date {
        let dt = time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        Date(dt.date())
    }

    /// Midnight UTC at the start of this date, as Unix time.
    pub fn to_unix(self) -> i64 {
        self.0.midnight().assume_utc().unix_timestamp()
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The encoded form, "YYYYMMDD".
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.0.year(), self.0.month() as u8, self.0.day())
    }

    /// The date `years` later; 29 February becomes 1 March in a common year (when a birthday is reached).
    pub fn add_years(self, years: i32) -> Date {
        let y = self.0.year() + years;
        let d = time::Date::from_calendar_date(y, self.0.month(), self.0.day())
            .or_else(|_| time::Date::from_calendar_date(y, time::Month::March, 1))
            .expect("1 March always exists");
        Date(d)
    }

    /// Whole years from `self` (a birth date) to `on`.
    pub fn age_on(self, on: Date) -> i32 {
        let mut age = on.0.year() - self.0.year();
        if self.add_years(age) > on {
            age -= 1;
        }
        age
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month() as u8, self.0.day())
    }
}

/// Sex as recorded on the ID card, with the Claim 169 `gender` codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Male (`gender` code 1).
    Male,
    /// Female (`gender` code 2).
    Female,
    /// Other (`gender` code 3).
    Other,
}

impl Sex {
    /// The Claim 169 `gender` code: 1 male, 2 female, 3 other.
    pub fn code(self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
            Sex::Other => 3,
        }
    }

    /// The sex of a Claim 169 `gender` code, or `None` for another code.
    pub fn from_code(code: i128) -> Option<Sex> {
        match code {
            1 => Some(Sex::Male),
            2 => Some(Sex::Female),
            3 => Some(Sex::Other),
            _ => None,
        }
    }

    /// Reads `male`/`female`/`other` (also `m`/`f`/`x` and the Vietnamese `nam`/`nữ`), case-insensitive.
    pub fn parse(s: &str) -> Result<Sex, ClaimError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "m" | "male" | "nam" => Ok(Sex::Male),
            "f" | "female" | "nữ" | "nu" => Ok(Sex::Female),
            "x" | "other" => Ok(Sex::Other),
            _ => Err(ClaimError::invalid("sex", "must be male, female or other")),
        }
    }

    /// The stable name: `male`, `female` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Other => "other",
        }
    }
}

/// The value of one claim.
#[derive(Clone, PartialEq, Eq)]
pub enum ClaimValue {
    /// Text (names, places, the id number, nationality).
    Text(String),
    /// A calendar date (birth date, card dates).
    Date(Date),
    /// The sex.
    Sex(Sex),
    /// A yes/no answer (`age_over_NN`).
    Bool(bool),
    /// A face image (biometric data: never printed, see [`Portrait`]).
    Portrait(Portrait),
}

/// Values are personal data: `Debug` shows only the kind, so they never reach logs by accident.
impl fmt::Debug for ClaimValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self {
            ClaimValue::Text(_) => "Text",
            ClaimValue::Date(_) => "Date",
            ClaimValue::Sex(_) => "Sex",
            ClaimValue::Bool(_) => "Bool",
            ClaimValue::Portrait(p) => return write!(f, "{p:?}"),
        };
        write!(f, "{kind}(…)")
    }
}

/// Human-readable form (dates as YYYY-MM-DD), for display to the person at the counter.
impl fmt::Display for ClaimValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClaimValue::Text(t) => f.write_str(t),
            ClaimValue::Date(d) => write!(f, "{d}"),
            ClaimValue::Sex(s) => f.write_str(s.as_str()),
            ClaimValue::Bool(b) => write!(f, "{b}"),
            ClaimValue::Portrait(p) => write!(f, "{p}"),
        }
    }
}

impl ClaimValue {
    pub(crate) fn to_cbor(&self) -> Value {
        match self {
            ClaimValue::Text(t) => Value::Text(t.clone()),
            ClaimValue::Date(d) => Value::Text(d.compact()),
            ClaimValue::Sex(s) => Value::int(s.code()),
            ClaimValue::Bool(b) => Value::Bool(*b),
            ClaimValue::Portrait(p) => p.to_cbor(),
        }
    }

    /// Decodes the value of `name` from its CBOR form, checking the type the vocabulary prescribes.
    pub(crate) fn from_cbor(name: ClaimName, value: &Value) -> Result<ClaimValue, ClaimError> {
        let field = name.as_str();
        let wrong_type = || ClaimError::invalid(&field, "has the wrong CBOR type");
        Ok(match name {
            ClaimName::DateOfBirth | ClaimName::CardIssueDate | ClaimName::CardExpiryDate => {
                let text = value.as_text().ok_or_else(wrong_type)?;
                if text.len() != 8 {
                    return Err(ClaimError::invalid(&field, "must be YYYYMMDD"));
                }
                ClaimValue::Date(Date::parse(&field, text)?)
            }
            ClaimName::Sex => {
                let code = value.as_integer().ok_or_else(wrong_type)?;
                ClaimValue::Sex(Sex::from_code(code).ok_or_else(|| ClaimError::invalid("sex", "unknown code"))?)
            }
            ClaimName::Portrait => ClaimValue::Portrait(Portrait::from_cbor(value)?),
            ClaimName::AgeOver(_) => match value {
                Value::Bool(b) => ClaimValue::Bool(*b),
                _ => return Err(wrong_type()),
            },
            _ => ClaimValue::Text(value.as_text().ok_or_else(wrong_type)?.to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_validate_as_real_calendar_dates() {
        assert_eq!(Date::parse("d", "2000-02-29").unwrap().compact(), "20000229");
        assert_eq!(Date::parse("d", "19900515").unwrap().to_string(), "1990-05-15");
        for bad in [
            "1900-02-29",
            "2023-13-01",
            "2023-04-31",
            "1899-12-31",
            "2023-1-01",
            "20230101x",
            "abcd-ef-gh",
            "2023-1001-",
        ] {
            assert!(Date::parse("d", bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn ages_count_whole_years_including_leap_birthdays() {
        let dob = Date::parse("d", "2008-02-29").unwrap();
        assert_eq!(dob.age_on(Date::parse("d", "2026-02-28").unwrap()), 17);
        assert_eq!(dob.age_on(Date::parse("d", "2026-03-01").unwrap()), 18);
        assert_eq!(dob.add_years(18), Date::parse("d", "2026-03-01").unwrap());
    }

    #[test]
    fn values_round_trip_through_cbor_with_type_checks() {
        let cases = [
            (ClaimName::FullName, ClaimValue::Text("Trần Thị B".into())),
            (ClaimName::DateOfBirth, ClaimValue::Date(Date::parse("d", "1990-05-15").unwrap())),
            (ClaimName::Sex, ClaimValue::Sex(Sex::Female)),
            (ClaimName::AgeOver(18), ClaimValue::Bool(true)),
        ];
        for (name, value) in cases {
            assert_eq!(ClaimValue::from_cbor(name, &value.to_cbor()).unwrap(), value);
        }
        assert!(ClaimValue::from_cbor(ClaimName::Sex, &Value::int(9)).is_err());
        assert!(ClaimValue::from_cbor(ClaimName::FullName, &Value::int(1)).is_err());
        assert!(ClaimValue::from_cbor(ClaimName::DateOfBirth, &Value::text("1990-05-15")).is_err());
    }

    #[test]
    fn debug_never_shows_the_value() {
        let v = ClaimValue::Text("079203001234".into());
        assert!(!format!("{v:?}").contains("0792"));
    }
}
