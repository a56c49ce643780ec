//! Signed trust for the browser: the pinned anchors and the held bundle, exactly through the
//! core's `trust` module (`TrustState`: signature, anchor, expiry and rollback checks). This file
//! only reads the anchors' JSON, maps policies and shapes what JavaScript sees; it never parses a
//! bundle itself.

use citizen_wallet::{ExpiryPolicy, TrustAnchor, TrustState, TrustWarning, VerifiedBundle};
use serde::Deserialize;
use serde_json::{Value, json};

/// Code of a refused anchor set or store option (the core's `TrustError::Settings` code).
pub const SETTINGS_CODE: &str = "invalid_trust_settings";

/// `{ expired: "reject" | "warn" }`: what to do with a bundle whose `exp` has passed.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoreOptions {
    pub expired: Option<super::json::Action>,
}

impl StoreOptions {
    pub fn from_json(text: &str) -> Result<StoreOptions, String> {
        serde_json::from_str(text).map_err(|e| format!("trust store options: {e}"))
    }

    pub fn expiry(&self) -> ExpiryPolicy {
        match self.expired {
            None | Some(super::json::Action::Reject) => ExpiryPolicy::Reject,
            Some(super::json::Action::Warn) => ExpiryPolicy::Warn,
        }
    }
}

/// The pinned anchors from JSON text: one anchor (`{kid, key}`, what `cwallet trust init` writes
/// to anchor.json) or an array of them; array items may also be anchor JSON given as strings.
pub fn anchors_from_json(text: &str) -> Result<Vec<TrustAnchor>, (&'static str, String)> {
    let settings = |reason: String| (SETTINGS_CODE, reason);
    let value: Value = serde_json::from_str(text).map_err(|e| settings(format!("trust anchors: {e}")))?;
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    if items.is_empty() {
        return Err(settings("no trust anchor given".into()));
    }
    items
        .into_iter()
        .map(|item| {
            let text = match item {
                Value::String(s) => s,
                other => other.to_string(),
            };
            TrustAnchor::from_json(&text).map_err(|e| (e.code(), e.to_string()))
        })
        .collect()
}

/// A fresh state on `anchors`, or the saved one re-verified from them.
pub fn open_state(anchors: Vec<TrustAnchor>, saved: Option<&[u8]>) -> Result<TrustState, (&'static str, String)> {
    let state = match saved {
        Some(bytes) => TrustState::restore(anchors, bytes),
        None => TrustState::new(anchors),
    };
    state.map_err(|e| (e.code(), e.to_string()))
}

/// Accepts `bundle` into `state` (the core's checks, in order). Handing in the very bundle already
/// held changes nothing and is not a rollback; any other bundle must have a higher `seq`.
pub fn update(
    state: &mut TrustState,
    bundle: &[u8],
    now: i64,
    expiry: ExpiryPolicy,
) -> Result<Value, (&'static str, String)> {
    if state.current_bytes() == Some(bundle) {
        return Ok(
            json!({ "seq": state.seq(), "previousSeq": state.seq(), "anchorsChanged": false, "unchanged": true }),
        );
    }
    let update = state.update(bundle, now, expiry).map_err(|e| (e.code(), e.to_string()))?;
    Ok(json!({
        "seq": update.seq,
        "previousSeq": update.previous_seq,
        "anchorsChanged": update.anchors_changed,
        "unchanged": false,
    }))
}

/// What the held bundle says, for the page's settings and header (public data only).
pub fn bundle_info(bundle: &VerifiedBundle, now: i64) -> Value {
    let b = &bundle.bundle;
    json!({
        "seq": b.seq,
        "issuedAt": b.issued_at,
        "expiresAt": b.expires_at,
        "expired": now >= b.expires_at,
        "anchorKid": bundle.anchor_kid,
        "issuers": b.issuers.issuers().iter().map(|i| json!({
            "iss": i.iss,
            "kid": i.kid,
            "name": i.name,
            "statusUris": i.status_uris,
        })).collect::<Vec<_>>(),
        "verifiers": b.verifiers.verifiers().len(),
    })
}

/// A verdict given on an expired bundle under the "warn" policy.
pub fn warning(w: &TrustWarning) -> Value {
    match w {
        TrustWarning::BundleExpired { seconds_ago } => json!({
            "code": "trust_bundle_expired",
            "secondsAgo": seconds_ago,
            "reason": w.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citizen_wallet::{AnchorKey, TrustBundle, TrustList, VerifierRegistry};

    const NOW: i64 = 1_800_000_000;

    fn anchor() -> (AnchorKey, String) {
        let key = AnchorKey::generate("root-1").unwrap();
        let json = TrustAnchor::new(key.kid(), key.public_key()).unwrap().to_json();
        (key, json)
    }

    fn bundle(key: &AnchorKey, seq: u64, issued_at: i64, lifetime: u64) -> Vec<u8> {
        let list = TrustList::new(Vec::new()).unwrap();
        TrustBundle::new(seq, issued_at, lifetime, list, VerifierRegistry::default()).sign(key).unwrap()
    }

    #[test]
    fn anchors_are_read_alone_in_arrays_and_as_strings() {
        let (_, one) = anchor();
        let (_, two) = anchor();
        assert_eq!(anchors_from_json(&one).unwrap().len(), 1);
        let both = format!("[{one}, {}]", serde_json::to_string(&two).unwrap());
        // Same kid twice: the core refuses the set when a state is opened on it.
        let anchors = anchors_from_json(&both).unwrap();
        assert_eq!(open_state(anchors, None).unwrap_err().0, SETTINGS_CODE);
        assert_eq!(anchors_from_json("[]").unwrap_err().0, SETTINGS_CODE);
        assert_eq!(anchors_from_json("{\"kid\":\"x\"}").unwrap_err().0, SETTINGS_CODE);
    }

    #[test]
    fn the_held_bundle_again_is_unchanged_but_an_older_one_is_a_rollback() {
        let (key, json) = anchor();
        let mut state = open_state(anchors_from_json(&json).unwrap(), None).unwrap();
        let (b1, b2) = (bundle(&key, 1, NOW, 3600), bundle(&key, 2, NOW, 3600));
        assert_eq!(update(&mut state, &b2, NOW, ExpiryPolicy::Reject).unwrap()["unchanged"], false);
        assert_eq!(update(&mut state, &b2, NOW, ExpiryPolicy::Reject).unwrap()["unchanged"], true);
        assert_eq!(update(&mut state, &b1, NOW, ExpiryPolicy::Reject).unwrap_err().0, "trust_bundle_rollback");
        // After a reload (saved state restored), still refused.
        let mut reloaded = open_state(anchors_from_json(&json).unwrap(), Some(&state.to_bytes())).unwrap();
        assert_eq!(reloaded.seq(), Some(2));
        assert_eq!(update(&mut reloaded, &b1, NOW, ExpiryPolicy::Reject).unwrap_err().0, "trust_bundle_rollback");
    }

    #[test]
    fn an_expired_bundle_is_refused_by_default_and_kept_with_a_warning_on_request() {
        let (key, json) = anchor();
        let old = bundle(&key, 3, NOW - 7200, 3600);
        let mut state = open_state(anchors_from_json(&json).unwrap(), None).unwrap();
        let expiry = StoreOptions::from_json("{}").unwrap().expiry();
        assert_eq!(update(&mut state, &old, NOW, expiry).unwrap_err().0, "trust_bundle_expired");
        let warn = StoreOptions::from_json(r#"{"expired":"warn"}"#).unwrap().expiry();
        update(&mut state, &old, NOW, warn).unwrap();
        let held = state.current_at(NOW, warn).unwrap();
        assert_eq!(warning(held.warning.as_ref().unwrap())["code"], "trust_bundle_expired");
        assert_eq!(bundle_info(&held, NOW)["expired"], true);
        assert!(StoreOptions::from_json(r#"{"expird":"warn"}"#).is_err());
    }
}
