//! The issuer role: validate a citizen record, redact every personal claim, bind the holder's key
//! and sign an SD-CWT.

mod key;
mod status;

pub use key::{IssuerKey, MAX_KID_BYTES};
pub use status::{DEFAULT_STATUS_LIST_TTL_SECS, DEFAULT_STATUS_LIST_VALIDITY_SECS};

use crate::claims::{CLAIM_169, CitizenRecord, Date, DocType, PRIVATE_CLAIMS};
use crate::clock::SigningPeriod;
use crate::cose::cbor::Value;
use crate::cose::claims_set::StatusReference;
use crate::cose::disclosure::SALT_LEN;
use crate::cose::key::PublicKey;
use crate::cose::{TAG_TO_BE_DECOY, TAG_TO_BE_REDACTED, TYP_SD_CWT, claim, key as cose_key, redaction};
use crate::credential::Credential;
use crate::error::IssueError;
use crate::random::{OsRandom, RandomSource};
use crate::trust::TrustedIssuer;

/// Default credential lifetime: one year.
pub const DEFAULT_VALIDITY_SECS: u64 = 365 * 24 * 3600;

/// `iat` and `exp` lie on this grid (whole UTC days): `iat` is the issue day's midnight and the
/// lifetime is rounded up to whole days, so neither time says who the citizen is or at which
/// second the credential was made. Every credential issued on one day has the same `iat`/`exp`.
pub const VALIDITY_GRID_SECS: i64 = 86_400;

/// How an issuer issues.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuerConfig {
    /// The `iss` claim (keep it short: it travels in every QR).
    pub iss: String,
    /// Where this issuer publishes its status list; credentials get a status reference when set.
    pub status_list_uri: Option<String>,
    /// `age_over_NN` flags put into identity credentials.
    pub age_thresholds: Vec<u8>,
    /// Credential lifetime in seconds, rounded up to whole days and counted from the issue day's
    /// midnight (UTC). It is the same for every citizen: it is never cut to a birthday or to the
    /// card's expiry, which would reveal them. Wallets renew credentials by re-issuance.
    pub validity_secs: u64,
    /// Extra decoy digests added to the identity map. (Every map is already padded to the number
    /// of claims its credential type can hold, so optional fields never show in the counts.)
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
    /// The holder's public key (Ed25519, or P-256 from phone secure hardware), bound in `cnf`.
    pub holder_key: PublicKey,
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
            public_key: self.key.public_key().into(),
            signing_period: SigningPeriod::ALWAYS,
            status_uris: self.config.status_list_uri.iter().cloned().collect(),
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
        let today = Date::from_unix(now);
        let claims = request.record.claims(request.doc_type, &self.config.age_thresholds, today)?;
        let (issued_at, expires_at) = self.validity(request, now, today)?;

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
        // Pad each map with decoys to the number of claims this type of credential can hold, so
        // the digest counts do not say which optional fields the citizen has on record.
        let possible = request.doc_type.possible_claims(&self.config.age_thresholds)?;
        let slots = |container| possible.iter().filter(|c| c.path().container == container).count();
        let identity_decoys = slots(CLAIM_169).saturating_sub(identity_map.len()) + self.config.decoys;
        let private_decoys = slots(PRIVATE_CLAIMS).saturating_sub(private_map.len());
        for (map, decoys) in [(&mut identity_map, identity_decoys), (&mut private_map, private_decoys)] {
            for n in 0..decoys {
                map.push((Value::Tag(TAG_TO_BE_DECOY, Box::new(Value::int(n as i64 + 1))), Value::Null));
            }
        }

        let mut payload = vec![
            (Value::int(claim::ISS), Value::text(self.config.iss.clone())),
            (Value::int(claim::EXP), Value::int(expires_at)),
            (Value::int(claim::IAT), Value::int(issued_at)),
            (Value::int(claim::CNF), cose_key::cnf_claim(&request.holder_key)),
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
            redaction::redact(&Value::Map(payload), &mut salt).map_err(IssueError::Internal)?;

        let disclosures = disclosures.iter().map(|d| d.encoded().to_vec()).collect();
        let sign1 = self.key.sign_token(Value::int(TYP_SD_CWT), payload.to_vec(), Some(disclosures));
        Credential::from_bytes(&sign1.to_vec()).map_err(IssueError::Internal)
    }

    /// `iat` and `exp`: the issue day's midnight (UTC) and the configured lifetime after it in
    /// whole days. Nothing personal goes in: a stale `false` age flag errs on the safe side (ages
    /// only grow) and the wallet refreshes by re-issuance. A card that has already expired is
    /// refused here rather than shortening the validity.
    fn validity(&self, request: &IssueRequest<'_>, now: i64, today: Date) -> Result<(i64, i64), IssueError> {
        if let Some(card_expiry) = &request.record.card_expiry_date
            && Date::parse("card_expiry_date", card_expiry)? <= today
        {
            return Err(IssueError::Claim(crate::error::ClaimError::invalid(
                "card_expiry_date",
                "the card has expired",
            )));
        }
        let grid = VALIDITY_GRID_SECS;
        let issued_at = now - now.rem_euclid(grid);
        let days = i64::try_from(self.config.validity_secs.div_ceil(grid as u64)).unwrap_or(i64::MAX);
        if days == 0 {
            return Err(IssueError::EmptyValidity);
        }
        Ok((issued_at, issued_at.saturating_add(days.saturating_mul(grid))))
    }
}
