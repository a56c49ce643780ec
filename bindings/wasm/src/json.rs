//! JavaScript-facing shapes as JSON (camelCase keys): the verifier's options in, results out.
//! Personal values appear only in `claims` and card `fields`, which the page shows and never stores.

use citizen_wallet::status::{StoreUpdate, VerifiedStatusList};
use citizen_wallet::verifier::{StatusAction, StatusCheck, StatusPolicy, UNSIGNED_NOTICE, UnsignedCardQr};
use citizen_wallet::{ClaimName, ClaimValue, Portrait, VerifiedPresentation, VerifierPolicy};
use serde::Deserialize;
use serde_json::{Value, json};

/// Default bound of the replay memory (entries live only while their presentation could be replayed).
pub const DEFAULT_REPLAY_CAPACITY: usize = 65_536;

/// `new Verifier(trust, options)`: every field optional.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Presentations must be addressed to this counter.
    pub audience: Option<String>,
    /// Longest presentation lifetime accepted (default 900 s).
    pub max_ttl_secs: Option<i64>,
    /// Tolerated clock difference between phone and counter (default 60 s).
    pub skew_secs: Option<i64>,
    /// `"reject"` (default) or `"warn"` when no status list is held for a credential.
    pub status_missing: Option<Action>,
    /// `"reject"` (default) or `"warn"` when the status list held has expired.
    pub status_expired: Option<Action>,
    pub replay_capacity: Option<usize>,
    /// `false` turns the replay memory off (benchmarks re-verifying one QR; never a counter).
    pub replay: Option<bool>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Reject,
    Warn,
}

impl From<Action> for StatusAction {
    fn from(a: Action) -> StatusAction {
        match a {
            Action::Reject => StatusAction::Reject,
            Action::Warn => StatusAction::Warn,
        }
    }
}

impl Options {
    pub fn from_json(text: &str) -> Result<Options, String> {
        let options: Options = serde_json::from_str(text).map_err(|e| format!("options: {e}"))?;
        for (name, value) in [("maxTtlSecs", options.max_ttl_secs), ("skewSecs", options.skew_secs)] {
            if value.is_some_and(|v| v < 0) {
                return Err(format!("options: {name} must not be negative"));
            }
        }
        Ok(options)
    }

    pub fn policy(&self) -> VerifierPolicy {
        let mut policy = VerifierPolicy { audience: self.audience.clone(), ..VerifierPolicy::default() };
        if let Some(ttl) = self.max_ttl_secs {
            policy.max_ttl_secs = ttl;
        }
        if let Some(skew) = self.skew_secs {
            policy.clock_skew_secs = skew;
        }
        let default = StatusPolicy::default();
        policy.status = StatusPolicy {
            missing: self.status_missing.map_or(default.missing, Into::into),
            expired: self.status_expired.map_or(default.expired, Into::into),
        };
        policy
    }

    pub fn replay_capacity(&self) -> usize {
        self.replay_capacity.unwrap_or(DEFAULT_REPLAY_CAPACITY).max(1)
    }
}

fn claim_value(value: &ClaimValue) -> Value {
    match value {
        ClaimValue::Bool(b) => Value::Bool(*b),
        // The bytes are added as a Uint8Array by the JavaScript glue (lib.rs `verified_js`).
        ClaimValue::Portrait(p) => portrait(p),
        other => Value::String(other.to_string()),
    }
}

pub fn verified(v: &VerifiedPresentation) -> Value {
    let status_check = match &v.status_check {
        StatusCheck::NoStatusClaim => json!({ "kind": "no_status_claim" }),
        StatusCheck::NotChecked => json!({ "kind": "not_checked" }),
        StatusCheck::Valid { list_issued_at } => json!({ "kind": "valid", "listIssuedAt": list_issued_at }),
        StatusCheck::Warning(w) => json!({ "kind": "warning", "code": w.code(), "reason": w.to_string() }),
    };
    json!({
        "issuer": v.issuer,
        "issuerName": v.issuer_name,
        "kid": v.kid,
        "docType": v.doc_type.map(|d| d.as_str()),
        "claims": v.claims.iter().map(|c| json!({ "name": c.name.as_str(), "value": claim_value(&c.value) })).collect::<Vec<_>>(),
        "otherClaims": v.other_claims.iter().map(|(path, value)| json!({ "path": path, "value": value })).collect::<Vec<_>>(),
        "audience": v.audience,
        "nonce": v.nonce.as_ref().map(hex::encode),
        "presentedAt": v.presented_at,
        "expiresAt": v.expires_at,
        "credentialIssuedAt": v.credential_issued_at,
        "credentialExpiresAt": v.credential_expires_at,
        "holderThumbprint": hex::encode(v.holder_thumbprint),
        "presentationId": hex::encode(v.presentation_id),
        "status": v.status.as_ref().map(|s| json!({ "uri": s.uri, "index": s.index })),
        "statusCheck": status_check,
        "trustWarning": v.trust_warning.as_ref().map(crate::trust::warning),
        "portrait": v.claim(ClaimName::Portrait).and_then(|c| match c {
            ClaimValue::Portrait(p) => Some(portrait(p)),
            _ => None,
        }),
    })
}

/// A portrait's media type and length (biometric data: the bytes never pass through JSON text).
fn portrait(p: &Portrait) -> Value {
    json!({ "mediaType": p.media_type(), "length": p.bytes().len() })
}

pub fn unsigned_card(card: &UnsignedCardQr) -> Value {
    json!({
        "kind": "unsigned_card",
        "verified": false,
        "notice": UNSIGNED_NOTICE,
        "fields": {
            "idNumber": card.id_number,
            "oldIdNumber": card.old_id_number,
            "fullName": card.full_name,
            "dateOfBirth": card.date_of_birth.to_string(),
            "sex": card.sex.as_str(),
            "address": card.address,
            "issueDate": card.issue_date.to_string(),
            "extraFields": card.extra_fields,
        },
    })
}

pub fn status_lists(lists: &[std::sync::Arc<VerifiedStatusList>]) -> Value {
    Value::Array(
        lists
            .iter()
            .map(|l| {
                json!({
                    "iss": l.iss,
                    "kid": l.kid,
                    "uri": l.claims.uri,
                    "issuedAt": l.claims.issued_at,
                    "expiresAt": l.claims.expires_at,
                    "refreshDueAt": l.claims.refresh_due_at(),
                    "entries": l.claims.list.len(),
                })
            })
            .collect(),
    )
}

pub fn store_update(update: StoreUpdate) -> &'static str {
    match update {
        StoreUpdate::Added => "added",
        StoreUpdate::Replaced => "replaced",
        StoreUpdate::Unchanged => "unchanged",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_map_onto_the_core_policy() {
        let o = Options::from_json(r#"{"audience":"counter-7","maxTtlSecs":300,"skewSecs":30,"statusMissing":"warn"}"#)
            .unwrap();
        let p = o.policy();
        assert_eq!(p.audience.as_deref(), Some("counter-7"));
        assert_eq!((p.max_ttl_secs, p.clock_skew_secs), (300, 30));
        assert_eq!(p.status.missing, StatusAction::Warn);
        assert_eq!(p.status.expired, StatusAction::Reject);
        assert_eq!(Options::from_json("{}").unwrap().policy(), VerifierPolicy::default());
    }

    #[test]
    fn unknown_or_negative_options_are_refused() {
        assert!(Options::from_json(r#"{"audiance":"x"}"#).unwrap_err().contains("audiance"));
        assert!(Options::from_json(r#"{"skewSecs":-1}"#).unwrap_err().contains("negative"));
        assert!(Options::from_json(r#"{"statusMissing":"ignore"}"#).is_err());
    }
}
