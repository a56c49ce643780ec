//! The issuer role: validate a citizen record, redact every personal claim, bind the holder's key
//! and sign an SD-CWT.

mod key;
mod status;

pub use key::{IssuerKey, MAX_KID_BYTES};
pub use status::{DEFAULT_STATUS_LIST_TTL_SECS, DEFAULT_STATUS_LIST_VALIDITY_SECS};

use crate::claims::{CLAIM_169, CitizenRecord, Date, DocType, PRIVATE_CLAIMS};
use crate::cose::cbor::Value;
use crate::cose::claims_set::StatusReference;
use crate::cose::disclosure::SALT_LEN;
use crate::cose::sign1::{self, Sign1};
use crate::cose::{
    ALG_ED25519, TAG_TO_BE_DECOY, TAG_TO_BE_REDACTED, TYP_SD_CWT, claim, header, key as cose_key, redaction,
};
use crate::credential::Credential;
use crate::error::IssueError;
use crate::random::{OsRandom, RandomSource};
use crate::verifier::TrustedIssuer;

/// Default credential lifetime: one year.
pub const DEFAULT_VALIDITY_SECS: u64 = 365 * 24 * 3600;

/// How an issuer issues.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuerConfig {
    /// The `iss` claim (keep it short: it travels in every QR).
    pub iss: String,
    /// Where this issuer publishes its status list; credentials get a status reference when set.
    pub status_list_uri: Option<String>,
    /// `age_over_NN` flags put into identity credentials.
    pub age_thresholds: Vec<u8>,
    /// Credential lifetime in seconds (shortened to the next age-flag change or card expiry).
    pub validity_secs: u64,
    /// Decoy digests added to the identity map, hiding how many claims a credential holds.
    pub decoys: usize,
}

impl IssuerConfig {
    pub fn new(iss: &str) -> IssuerConfig {
        IssuerConfig {
            iss: iss.to_owned(),
            status_list_uri: None,
            age_thresholds: vec![18],
            validity_secs: DEFAULT_VALIDITY_SECS,
            decoys: 0,
        }
    }
}

/// One credential to issue.
#[derive(Clone, Debug)]
pub struct IssueRequest<'a> {
    pub record: &'a CitizenRecord,
    pub doc_type: DocType,
    /// The holder's Ed25519 public key, bound in `cnf`.
    pub holder_key: [u8; 32],
    /// This credential's index in the issuer's status list.
    pub status_index: Option<u64>,
}

/// An issuer: a signing key and its settings.
#[derive(Debug)]
pub struct Issuer {
    key: IssuerKey,
    config: IssuerConfig,
}

impl Issuer {
    pub fn new(key: IssuerKey, config: IssuerConfig) -> Result<Issuer, IssueError> {
        if config.iss.is_empty() || config.iss.len() > 255 {
            return Err(IssueError::Settings("iss must be 1 to 255 bytes".into()));
        }
        if config.decoys > 16 {
            return Err(IssueError::Settings("at most 16 decoys".into()));
        }
        Ok(Issuer { key, config })
    }

    pub fn key(&self) -> &IssuerKey {
        &self.key
    }

    pub fn config(&self) -> &IssuerConfig {
        &self.config
    }

    /// This issuer's trust-list entry, for verifiers.
    pub fn trusted_issuer(&self) -> TrustedIssuer {
        TrustedIssuer {
            kid: self.key.kid().to_owned(),
            iss: self.config.iss.clone(),
            name: None,
            public_key: self.key.public_key(),
        }
    }

    /// Issues a credential at Unix time `now`, with salts from the OS generator.
    pub fn issue(&self, request: &IssueRequest<'_>, now: i64) -> Result<Credential, IssueError> {
        self.issue_with(request, now, &mut OsRandom)
    }

    /// Issues with salts from `rng` (a seeded source reproduces FORMAT.md's test vectors).
    pub(crate) fn issue_with(
        &self,
        request: &IssueRequest<'_>,
        now: i64,
        rng: &mut dyn RandomSource,
    ) -> Result<Credential, IssueError> {
        let holder_key = cose_key::verifying_key(&request.holder_key)
            .map_err(|_| IssueError::Settings("the holder key is not a valid Ed25519 public key".into()))?;
        let today = Date::from_unix(now);
        let claims = request.record.claims(request.doc_type, &self.config.age_thresholds, today)?;
        let expires_at = self.expiry(request, now, today)?;

        let mut identity_map: Vec<(Value, Value)> = Vec::new();
        let mut private_map: Vec<(Value, Value)> = Vec::new();
        for c in &claims {
            let path = c.name.path();
            let entry = (Value::Tag(TAG_TO_BE_REDACTED, Box::new(Value::int(path.key))), c.value.to_cbor());
            match path.container {
                CLAIM_169 => identity_map.push(entry),
                _ => private_map.push(entry),
            }
        }
        for n in 0..self.config.decoys {
            identity_map.push((Value::Tag(TAG_TO_BE_DECOY, Box::new(Value::int(n as i64 + 1))), Value::Null));
        }

        let mut payload = vec![
            (Value::int(claim::ISS), Value::text(self.config.iss.clone())),
            (Value::int(claim::EXP), Value::int(expires_at)),
            (Value::int(claim::IAT), Value::int(now)),
            (Value::int(claim::CNF), cose_key::cnf_claim(&holder_key)),
            (Value::int(claim::VCT), Value::int(request.doc_type.vct())),
        ];
        if let (Some(uri), Some(index)) = (&self.config.status_list_uri, request.status_index) {
            payload.push((Value::int(claim::STATUS), StatusReference { index, uri: uri.clone() }.to_cbor()));
        }
        payload.push((Value::int(CLAIM_169), Value::Map(identity_map)));
        if !private_map.is_empty() {
            payload.push((Value::int(PRIVATE_CLAIMS), Value::Map(private_map)));
        }

        let mut salt = || {
            let mut s = [0u8; SALT_LEN];
            rng.fill(&mut s);
            s
        };
        let (payload, disclosures) =
            redaction::redact(&Value::Map(payload), &mut salt).map_err(|e| IssueError::Settings(e.to_string()))?;

        let protected = Value::Map(vec![
            (Value::int(header::ALG), Value::int(ALG_ED25519)),
            (Value::int(header::KID), Value::Bytes(self.key.kid().as_bytes().to_vec())),
            (Value::int(header::TYP), Value::int(TYP_SD_CWT)),
        ])
        .to_vec();
        let payload = payload.to_vec();
        let signature = self.key.sign(&sign1::to_be_signed(&protected, &payload)).to_vec();
        let sign1 = Sign1 {
            protected,
            unprotected: Vec::new(),
            sd_claims: Some(disclosures.iter().map(|d| d.encoded().to_vec()).collect()),
            payload,
            signature,
        };
        Credential::from_bytes(&sign1.to_vec())
            .map_err(|e| IssueError::Settings(format!("issued an unreadable credential: {e}")))
    }

    /// The configured lifetime, cut short where the credential would become wrong: when a `false`
    /// age flag turns true, or when the ID card expires.
    fn expiry(&self, request: &IssueRequest<'_>, now: i64, today: Date) -> Result<i64, IssueError> {
        let mut exp = now.saturating_add(self.config.validity_secs.min(i64::MAX as u64) as i64);
        if request.doc_type == DocType::Identity
            && let Some(change) = request.record.next_age_flag_change(&self.config.age_thresholds, today)?
        {
            exp = exp.min(change.to_unix());
        }
        if let Some(card_expiry) = &request.record.card_expiry_date {
            exp = exp.min(Date::parse("card_expiry_date", card_expiry)?.to_unix());
        }
        if exp <= now {
            return Err(IssueError::EmptyValidity);
        }
        Ok(exp)
    }
}
