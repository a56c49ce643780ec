//! The presentation log: the citizen's own record of what was shown, to whom, and when.
//!
//! An entry holds claim *names* only, never values. It is sealed like every other record; its
//! plaintext is a small JSON object (FORMAT.md "Storage").

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::CredentialId;
use crate::claims::ClaimName;

/// The id of a presentation log entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LogEntryId(pub i64);

impl fmt::Display for LogEntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One presentation made from this wallet.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogEntry {
    /// The entry's id, for [`crate::Wallet::delete_log_entry`].
    pub id: LogEntryId,
    /// `iat` of the presentation (Unix seconds).
    pub presented_at: i64,
    /// `exp` of the presentation.
    pub expires_at: i64,
    /// The credential presented (it may have been deleted since).
    pub credential_id: CredentialId,
    /// The verifier it was made for.
    pub audience: String,
    /// The claims disclosed, by name.
    pub disclosed: Vec<ClaimName>,
}

/// The sealed plaintext of an entry (format version 1).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogRecord {
    v: u8,
    presented_at: i64,
    expires_at: i64,
    credential_id: i64,
    audience: String,
    disclosed: Vec<String>,
}

pub(crate) fn encode(entry: &LogEntry) -> Zeroizing<Vec<u8>> {
    let record = LogRecord {
        v: 1,
        presented_at: entry.presented_at,
        expires_at: entry.expires_at,
        credential_id: entry.credential_id.0,
        audience: entry.audience.clone(),
        disclosed: entry.disclosed.iter().map(|c| c.as_str()).collect(),
    };
    Zeroizing::new(serde_json::to_vec(&record).expect("a log record always serializes"))
}

/// `None` when the plaintext is not a log record of a known version.
pub(crate) fn decode(id: i64, plaintext: &[u8]) -> Option<LogEntry> {
    let record: LogRecord = serde_json::from_slice(plaintext).ok()?;
    if record.v != 1 {
        return None;
    }
    let disclosed = record.disclosed.iter().map(|n| n.parse::<ClaimName>().ok()).collect::<Option<Vec<_>>>()?;
    Some(LogEntry {
        id: LogEntryId(id),
        presented_at: record.presented_at,
        expires_at: record.expires_at,
        credential_id: CredentialId(record.credential_id),
        audience: record.audience,
        disclosed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_carry_names_only() {
        let entry = LogEntry {
            id: LogEntryId(4),
            presented_at: 1_790_000_000,
            expires_at: 1_790_000_060,
            credential_id: CredentialId(2),
            audience: "bank-counter-7".into(),
            disclosed: vec![ClaimName::FullName, ClaimName::AgeOver(18)],
        };
        let bytes = encode(&entry);
        assert_eq!(
            std::str::from_utf8(&bytes).unwrap(),
            r#"{"v":1,"presented_at":1790000000,"expires_at":1790000060,"credential_id":2,"audience":"bank-counter-7","disclosed":["full_name","age_over_18"]}"#
        );
        assert_eq!(decode(4, &bytes), Some(entry));
        assert_eq!(decode(4, b"{}"), None);
        assert_eq!(
            decode(4, br#"{"v":2,"presented_at":1,"expires_at":1,"credential_id":1,"audience":"a","disclosed":[]}"#),
            None
        );
    }
}
