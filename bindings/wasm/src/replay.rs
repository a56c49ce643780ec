//! A replay memory the page can save and restore (localStorage), so a reload does not let a QR
//! be accepted twice. It holds only presentation ids: SHA-256 hashes of holder signatures.

use std::collections::HashMap;
use std::sync::Mutex;

use citizen_wallet::VerifyError;
use citizen_wallet::verifier::ReplayCache;
use serde::{Deserialize, Serialize};

#[derive(Debug)]
pub struct ExportableReplayCache {
    capacity: usize,
    /// id → (keep_until, first_seen_at)
    seen: Mutex<HashMap<[u8; 32], (i64, i64)>>,
}

/// One remembered presentation, as exported.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Entry {
    /// Hex of the 32-byte presentation id.
    pub id: String,
    pub keep_until: i64,
    pub first_seen_at: i64,
}

impl ExportableReplayCache {
    pub fn new(capacity: usize) -> ExportableReplayCache {
        ExportableReplayCache { capacity: capacity.max(1), seen: Mutex::new(HashMap::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], (i64, i64)>> {
        // Every update is a single map operation: a poisoned lock still holds a consistent map.
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Unexpired entries at `now`, oldest first.
    pub fn export(&self, now: i64) -> serde_json::Value {
        let mut entries: Vec<Entry> = self
            .lock()
            .iter()
            .filter(|(_, (until, _))| *until > now)
            .map(|(id, (until, first))| Entry { id: hex::encode(id), keep_until: *until, first_seen_at: *first })
            .collect();
        entries.sort_by_key(|e| (e.first_seen_at, e.id.clone()));
        serde_json::to_value(entries).unwrap_or_default()
    }

    /// Adds the unexpired entries of an export; all or nothing when one is malformed.
    pub fn import(&self, json: &str, now: i64) -> Result<usize, String> {
        let entries: Vec<Entry> = serde_json::from_str(json).map_err(|e| format!("replay entries: {e}"))?;
        let mut parsed = Vec::with_capacity(entries.len());
        for e in entries {
            let id: [u8; 32] = hex::decode(&e.id)
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| format!("replay entries: id {:?} is not 64 hex digits", e.id))?;
            if e.keep_until > now {
                parsed.push((id, (e.keep_until, e.first_seen_at)));
            }
        }
        let mut seen = self.lock();
        let mut taken = 0;
        for (id, value) in parsed {
            if seen.len() >= self.capacity && !seen.contains_key(&id) {
                break;
            }
            seen.insert(id, value);
            taken += 1;
        }
        Ok(taken)
    }
}

impl ReplayCache for ExportableReplayCache {
    fn check_and_record(&self, id: &[u8; 32], keep_until: i64, now: i64) -> Result<(), VerifyError> {
        let mut seen = self.lock();
        if let Some(&(until, first_seen_at)) = seen.get(id)
            && until > now
        {
            return Err(VerifyError::Replayed { first_seen_at });
        }
        if seen.len() >= self.capacity {
            seen.retain(|_, (until, _)| *until > now);
            if seen.len() >= self.capacity {
                // Fail closed: never forget an entry that could still be replayed.
                return Err(VerifyError::ReplayCacheFull { capacity: self.capacity });
            }
        }
        seen.insert(*id, (keep_until, now));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exported_memory_refuses_the_same_presentation_after_import() {
        let first = ExportableReplayCache::new(10);
        first.check_and_record(&[7; 32], 200, 100).unwrap();
        first.check_and_record(&[8; 32], 120, 100).unwrap();
        let saved = first.export(130).to_string();
        assert!(!saved.contains(&hex::encode([8u8; 32])), "expired entries are not exported");

        let reloaded = ExportableReplayCache::new(10);
        assert_eq!(reloaded.import(&saved, 130), Ok(1));
        assert_eq!(reloaded.check_and_record(&[7; 32], 200, 140), Err(VerifyError::Replayed { first_seen_at: 100 }));
    }

    #[test]
    fn a_full_memory_fails_closed_and_bad_imports_change_nothing() {
        let cache = ExportableReplayCache::new(1);
        cache.check_and_record(&[1; 32], 200, 100).unwrap();
        assert_eq!(cache.check_and_record(&[2; 32], 200, 100), Err(VerifyError::ReplayCacheFull { capacity: 1 }));
        cache.check_and_record(&[2; 32], 300, 250).unwrap();
        assert!(cache.import(r#"[{"id":"zz","keepUntil":9,"firstSeenAt":1}]"#, 0).is_err());
        assert_eq!(cache.export(250).as_array().unwrap().len(), 1);
    }
}
