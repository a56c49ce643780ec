//! A test issuer, for demos, test suites and integration environments. Production issuers sign in
//! their own back office, with keys in an HSM.

use std::sync::Arc;

use citizen_wallet as core;
use citizen_wallet::status::{Status, StatusList};
use citizen_wallet::{Clock, IssuerConfig, IssuerKey, SystemClock, TrustList};

use crate::errors::IssuerError;
use crate::types::{CitizenRecord, DocType};

#[derive(uniffi::Object)]
pub struct Issuer {
    inner: core::Issuer,
    name: Option<String>,
}

#[uniffi::export]
impl Issuer {
    /// A new issuer with a fresh key. `age_thresholds` are the `age_over_NN` flags of identity credentials.
    #[uniffi::constructor(default(name = None, status_list_uri = None))]
    pub fn new(
        kid: String,
        iss: String,
        age_thresholds: Vec<u32>,
        name: Option<String>,
        status_list_uri: Option<String>,
    ) -> Result<Arc<Self>, IssuerError> {
        let mut config = IssuerConfig::new(&iss);
        config.status_list_uri = status_list_uri;
        config.age_thresholds = age_thresholds
            .into_iter()
            .map(|n| u8::try_from(n).ok().filter(|n| (1..100).contains(n)))
            .collect::<Option<_>>()
            .ok_or_else(|| IssuerError::InvalidSettings { reason: "age thresholds must be 1 to 99".into() })?;
        let inner = core::Issuer::new(IssuerKey::generate(&kid)?, config)?;
        Ok(Arc::new(Issuer { inner, name }))
    }

    /// The bundled demo issuer (`demo-1`, https://id.example.vn): always the same key, TEST DATA.
    #[uniffi::constructor]
    pub fn demo() -> Arc<Self> {
        let key = core::demo::issuer_key();
        let mut config = IssuerConfig::new(core::demo::DEMO_ISS);
        config.status_list_uri = Some(core::demo::DEMO_STATUS_URI.into());
        let inner = core::Issuer::new(key, config).expect("the demo settings are valid");
        Arc::new(Issuer { inner, name: Some(core::demo::DEMO_ISSUER_NAME.into()) })
    }

    /// Issues a credential bound to `holder_public_key` (from `Wallet.holderPublicKey()`: 32 bytes of
    /// Ed25519, or 65 bytes of SEC1 uncompressed P-256 for a key in secure hardware).
    /// `now` (Unix seconds) defaults to the system clock.
    #[uniffi::method(default(status_index = None, now = None))]
    pub fn issue(
        &self,
        record: CitizenRecord,
        doc_type: DocType,
        holder_public_key: Vec<u8>,
        status_index: Option<u64>,
        now: Option<i64>,
    ) -> Result<Vec<u8>, IssuerError> {
        let holder_key = citizen_wallet::PublicKey::from_bytes(&holder_public_key)
            .map_err(|e| IssuerError::InvalidSettings { reason: format!("the holder public key: {e}") })?;
        let record = core::CitizenRecord::try_from(record).map_err(|e| IssuerError::InvalidClaim {
            field: "portrait".into(),
            reason: core::ClaimError::Portrait(e).to_string(),
        })?;
        let request = core::IssueRequest { record: &record, doc_type: doc_type.into(), holder_key, status_index };
        let credential = self.inner.issue(&request, now.unwrap_or_else(|| SystemClock.now()))?;
        Ok(credential.to_bytes().to_vec())
    }

    pub fn kid(&self) -> String {
        self.inner.key().kid().to_owned()
    }

    pub fn iss(&self) -> String {
        self.inner.config().iss.clone()
    }

    pub fn public_key(&self) -> Vec<u8> {
        self.inner.key().public_key().to_bytes().to_vec()
    }

    /// A signed Status List Token of `size` entries (2 bits each) with the given entries revoked
    /// or suspended, valid `validity_secs` from `now` (default: the system clock).
    #[uniffi::method(default(revoked = [], suspended = [], validity_secs = 86400, now = None))]
    pub fn status_list_token(
        &self,
        size: u32,
        revoked: Vec<u64>,
        suspended: Vec<u64>,
        validity_secs: u64,
        now: Option<i64>,
    ) -> Result<Vec<u8>, IssuerError> {
        let invalid = |e: core::error::StatusListError| IssuerError::InvalidSettings { reason: e.to_string() };
        let mut list = StatusList::new(2, size as usize).map_err(invalid)?;
        for index in revoked {
            list.set(index, Status::Revoked.value()).map_err(invalid)?;
        }
        for index in suspended {
            list.set(index, Status::Suspended.value()).map_err(invalid)?;
        }
        let now = now.unwrap_or_else(|| SystemClock.now());
        Ok(self.inner.sign_status_list(&list, now, validity_secs, None)?)
    }

    /// A trust list (JSON) holding this issuer's key, for verifiers and wallets.
    pub fn trust_list_json(&self) -> String {
        let mut trusted = self.inner.trusted_issuer();
        trusted.name = self.name.clone();
        TrustList::new(vec![trusted]).expect("one valid key").to_json()
    }
}

/// The fictional sample citizen used by the demos (TEST DATA).
#[uniffi::export]
pub fn demo_citizen_record() -> CitizenRecord {
    core::demo::sample_record().into()
}
