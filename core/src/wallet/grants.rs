//! Issuance grants the wallet keeps for refresh (schema 3): sealed JSON records.

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The id of a stored issuance grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GrantId(pub i64);

impl fmt::Display for GrantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What is needed to refresh the credentials of one issuance: the refresh token is a secret
/// (zeroized, never in `Debug`).
#[derive(Clone, PartialEq, Eq)]
pub struct StoredGrant {
    /// The credential issuer identifier (its base URL).
    pub issuer: String,
    /// The credential configurations received under this grant.
    pub configuration_ids: Vec<String>,
    /// The issuer's refresh token (a secret: wiped on drop, never in Debug).
    pub refresh_token: Zeroizing<String>,
    /// The holder public key the refresh token is bound to (a refresh is proven with it).
    pub wallet_key: [u8; 32],
}

impl fmt::Debug for StoredGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredGrant")
            .field("issuer", &self.issuer)
            .field("configuration_ids", &self.configuration_ids)
            .field("refresh_token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantRecord {
    v: u8,
    issuer: String,
    configuration_ids: Vec<String>,
    refresh_token: String,
    wallet_key: String,
}

pub(crate) fn encode(grant: &StoredGrant) -> Zeroizing<Vec<u8>> {
    let record = GrantRecord {
        v: 1,
        issuer: grant.issuer.clone(),
        configuration_ids: grant.configuration_ids.clone(),
        refresh_token: grant.refresh_token.to_string(),
        wallet_key: hex::encode(grant.wallet_key),
    };
    let bytes = Zeroizing::new(serde_json::to_vec(&record).expect("a grant always serializes"));
    let GrantRecord { mut refresh_token, .. } = record;
    zeroize::Zeroize::zeroize(&mut refresh_token);
    bytes
}

pub(crate) fn decode(bytes: &[u8]) -> Option<StoredGrant> {
    let record: GrantRecord = serde_json::from_slice(bytes).ok()?;
    let GrantRecord { v, issuer, configuration_ids, refresh_token, wallet_key } = record;
    let refresh_token = Zeroizing::new(refresh_token);
    if v != 1 {
        return None;
    }
    let wallet_key: [u8; 32] = hex::decode(wallet_key).ok()?.try_into().ok()?;
    Some(StoredGrant { issuer, configuration_ids, refresh_token, wallet_key })
}
