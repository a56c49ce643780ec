//! The issuer side: offers, the token, nonce and credential endpoints as plain functions over
//! request bytes, with the state in SQLite. The HTTP layer (the CLI's `issuer serve`) only moves
//! bytes in and out and maps [`IssuanceError::http_status`].
//!
//! Every state change of one request happens in one SQLite transaction, so a crash or a failed
//! issuance never leaves a code used without a token, or a nonce spent without credentials.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::messages::{
    CredentialOffer, CredentialRequest, CredentialResponse, Grants, IssuedCredential, IssuerMetadata, NonceResponse,
    PreAuthorizedGrant, TokenRequest, TokenResponse, TxCode, check_issuer, from_json,
};
use super::{IssuanceError, KeyProof, configuration_id, doc_type_of};
use crate::claims::{CitizenRecord, DocType};
use crate::clock::{Clock, SystemClock};
use crate::cose::key::PublicKey;
use crate::issuer::{IssueRequest, Issuer};
use crate::random::os_random;

/// Lifetimes and limits of the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSettings {
    /// The credential issuer identifier: the service's base URL, as wallets reach it.
    pub issuer_url: String,
    /// Lifetime of an offer's pre-authorized code, in seconds.
    pub offer_ttl_secs: i64,
    /// Lifetime of an access token, in seconds.
    pub access_token_ttl_secs: i64,
    /// Lifetime of a `c_nonce`, in seconds.
    pub nonce_ttl_secs: i64,
    /// Lifetime of a refresh token, in seconds.
    pub refresh_ttl_secs: i64,
    /// Wrong transaction codes before an offer is withdrawn.
    pub max_tx_code_attempts: u32,
    /// Entries in the issuer's status list (indexes are drawn at random below it).
    pub status_list_size: u64,
}

impl ServiceSettings {
    /// The defaults for a service at `issuer_url`: offers 15 min, tokens and nonces 5 min, refresh 180 days.
    pub fn new(issuer_url: &str) -> ServiceSettings {
        ServiceSettings {
            issuer_url: issuer_url.to_owned(),
            offer_ttl_secs: 15 * 60,
            access_token_ttl_secs: 5 * 60,
            nonce_ttl_secs: 5 * 60,
            refresh_ttl_secs: 180 * 24 * 3600,
            max_tx_code_attempts: 5,
            status_list_size: 1 << 16,
        }
    }
}

/// What an operator offers: a citizen record (after identity proofing), which documents, and
/// optionally a transaction code the citizen receives by another channel.
#[derive(Clone)]
pub struct OfferSpec {
    /// The citizen's record the credentials are issued from.
    pub record: CitizenRecord,
    /// The documents offered (one credential configuration each).
    pub doc_types: Vec<DocType>,
    /// The transaction code the citizen must type, sent by another channel; `None` for none.
    pub tx_code: Option<String>,
}

/// An offer row: grant, transaction code hash, wrong codes so far, expiry, use.
type OfferRow = (GrantId, Option<Vec<u8>>, u32, i64, Option<i64>);

/// A grant's id (one citizen's offer and everything issued under it).
pub type GrantId = i64;

/// The issuer service. `Send + Sync`: share it between request handlers.
pub struct IssuerService {
    issuer: Issuer,
    settings: ServiceSettings,
    conn: Mutex<Connection>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for IssuerService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerService").field("issuer_url", &self.settings.issuer_url).finish_non_exhaustive()
    }
}

fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(os_random::<32>())
}

impl IssuerService {
    /// Opens (creating if needed) the state database at `path` (`":memory:"` for tests).
    pub fn open(path: &Path, issuer: Issuer, settings: ServiceSettings) -> Result<IssuerService, IssuanceError> {
        IssuerService::open_with_clock(path, issuer, settings, Arc::new(SystemClock))
    }

    /// [`IssuerService::open`] with a given clock (tests, fixed-time demos).
    pub fn open_with_clock(
        path: &Path,
        issuer: Issuer,
        settings: ServiceSettings,
        clock: Arc<dyn Clock>,
    ) -> Result<IssuerService, IssuanceError> {
        check_issuer(&settings.issuer_url)?;
        let conn = open_state(path)?;
        Ok(IssuerService { issuer, settings, conn: Mutex::new(conn), clock })
    }

    /// The lifetimes and limits in force.
    pub fn settings(&self) -> &ServiceSettings {
        &self.settings
    }

    /// The issuer that signs the credentials.
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Issuer metadata (`/.well-known/openid-credential-issuer`).
    pub fn metadata(&self) -> IssuerMetadata {
        IssuerMetadata::for_issuer(&self.settings.issuer_url)
    }

    /// Creates a grant and its one-time offer.
    pub fn create_offer(&self, spec: &OfferSpec) -> Result<(CredentialOffer, GrantId), IssuanceError> {
        create_offer(&self.conn(), &self.settings.issuer_url, self.settings.offer_ttl_secs, spec, self.clock.now())
    }

    /// Token endpoint: `body` is the form-encoded token request.
    pub fn token(&self, body: &[u8]) -> Result<TokenResponse, IssuanceError> {
        let request = TokenRequest::from_form(body)?;
        let now = self.clock.now();
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let grant_id = match &request {
            TokenRequest::PreAuthorized { code, tx_code } => {
                let row: Option<OfferRow> = tx
                    .query_row(
                        "SELECT grant_id, tx_code_hash, tx_failures, expires_at, used_at FROM offers WHERE code_hash = ?1",
                        [hash(code)],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                    )
                    .optional()?;
                let (grant_id, tx_hash, failures, expires_at, used_at) = row.ok_or(IssuanceError::UnknownCode)?;
                if used_at.is_some() {
                    return Err(if failures >= self.settings.max_tx_code_attempts {
                        IssuanceError::TxCodeAttemptsExceeded
                    } else {
                        IssuanceError::CodeUsed
                    });
                }
                if now >= expires_at {
                    return Err(IssuanceError::CodeExpired);
                }
                if let Some(expected) = tx_hash {
                    let given = tx_code.as_deref().ok_or(IssuanceError::TxCodeRequired)?;
                    if hash(given) != expected {
                        let failures = failures + 1;
                        let withdrawn = failures >= self.settings.max_tx_code_attempts;
                        tx.execute(
                            "UPDATE offers SET tx_failures = ?1, used_at = CASE WHEN ?2 THEN ?3 ELSE used_at END
                             WHERE code_hash = ?4",
                            params![failures, withdrawn, now, hash(code)],
                        )?;
                        tx.commit()?;
                        return Err(if withdrawn {
                            IssuanceError::TxCodeAttemptsExceeded
                        } else {
                            IssuanceError::WrongTxCode
                        });
                    }
                }
                check_not_revoked(&tx, grant_id)?;
                tx.execute("UPDATE offers SET used_at = ?1 WHERE code_hash = ?2", params![now, hash(code)])?;
                grant_id
            }
            TokenRequest::Refresh { refresh_token, proof } => {
                let row: Option<(GrantId, Option<Vec<u8>>, i64)> = tx
                    .query_row(
                        "SELECT grant_id, wallet_key, expires_at FROM refresh_tokens WHERE token_hash = ?1",
                        [hash(refresh_token)],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                let (grant_id, wallet_key, expires_at) = row.ok_or(IssuanceError::InvalidRefreshToken)?;
                if now >= expires_at || wallet_key.is_none() {
                    return Err(IssuanceError::InvalidRefreshToken);
                }
                let proof = KeyProof::verify(proof)?;
                proof.check(&self.settings.issuer_url, now)?;
                if wallet_key.as_deref() != Some(&proof.public_key[..]) {
                    return Err(IssuanceError::RefreshWrongWallet);
                }
                check_not_revoked(&tx, grant_id)?;
                spend_nonce(&tx, &proof.nonce, now)?;
                // Rotation: the old refresh token is gone; the new one keeps the binding.
                tx.execute("DELETE FROM refresh_tokens WHERE token_hash = ?1", [hash(refresh_token)])?;
                let access_token = random_token();
                let new_refresh = random_token();
                insert_tokens(
                    &tx,
                    &access_token,
                    &new_refresh,
                    grant_id,
                    Some(&proof.public_key),
                    &self.settings,
                    now,
                )?;
                tx.commit()?;
                return Ok(token_response(access_token, new_refresh, &self.settings));
            }
        };
        let access_token = random_token();
        let refresh_token = random_token();
        insert_tokens(&tx, &access_token, &refresh_token, grant_id, None, &self.settings, now)?;
        tx.commit()?;
        Ok(token_response(access_token, refresh_token, &self.settings))
    }

    /// Nonce endpoint: a fresh one-time `c_nonce`.
    pub fn nonce(&self) -> Result<NonceResponse, IssuanceError> {
        let now = self.clock.now();
        let nonce = random_token();
        let conn = self.conn();
        // Expired nonces are no longer needed to tell a replay from a stranger.
        conn.execute("DELETE FROM nonces WHERE expires_at <= ?1", [now])?;
        conn.execute(
            "INSERT INTO nonces (nonce, expires_at) VALUES (?1, ?2)",
            params![nonce, now.saturating_add(self.settings.nonce_ttl_secs)],
        )?;
        Ok(NonceResponse { c_nonce: nonce })
    }

    /// Credential endpoint: `authorization` is the `Authorization` header, `body` the JSON request.
    /// Issues one credential per key proof, each with its own status index.
    pub fn credential(&self, authorization: Option<&str>, body: &[u8]) -> Result<CredentialResponse, IssuanceError> {
        let token = authorization
            .and_then(|a| a.strip_prefix("Bearer ").or_else(|| a.strip_prefix("bearer ")))
            .ok_or(IssuanceError::InvalidToken)?;
        let now = self.clock.now();
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(GrantId, Option<Vec<u8>>, i64, String)> = tx
            .query_row(
                "SELECT grant_id, refresh_hash, expires_at, used_configs FROM access_tokens WHERE token_hash = ?1",
                [hash(token.trim())],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let (grant_id, refresh_hash, expires_at, used_configs) = row.ok_or(IssuanceError::InvalidToken)?;
        if now >= expires_at {
            return Err(IssuanceError::InvalidToken);
        }
        let request: CredentialRequest = from_json("credential request", body)?;
        let config = request.credential_configuration_id.as_str();
        let (record_json, doc_types): (String, String) =
            tx.query_row("SELECT record_json, doc_types FROM grants WHERE id = ?1", [grant_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let doc_type = doc_type_of(config)
            .filter(|d| doc_types.split(',').any(|t| t == d.as_str()))
            .ok_or(IssuanceError::UnknownConfiguration)?;
        if used_configs.split(',').any(|c| c == config) {
            return Err(IssuanceError::InvalidToken);
        }
        check_not_revoked(&tx, grant_id)?;

        let mut keys: Vec<[u8; 32]> = Vec::new();
        let mut nonce: Option<String> = None;
        for bytes in request.proof_bytes()? {
            let proof = KeyProof::verify(&bytes)?;
            proof.check(&self.settings.issuer_url, now)?;
            if keys.contains(&proof.public_key) {
                return Err(IssuanceError::DuplicateKey);
            }
            match &nonce {
                None => nonce = Some(proof.nonce.clone()),
                Some(n) if *n != proof.nonce => {
                    return Err(IssuanceError::ProofMalformed(
                        "the proofs of one request carry different nonces".into(),
                    ));
                }
                Some(_) => {}
            }
            keys.push(proof.public_key);
        }
        spend_nonce(&tx, nonce.as_deref().unwrap_or_default(), now)?;

        let record: CitizenRecord =
            serde_json::from_str(&record_json).map_err(|e| IssuanceError::Server(format!("stored record: {e}")))?;
        let with_status = self.issuer.config().status_list_uri.is_some();
        let mut credentials = Vec::with_capacity(keys.len());
        for key in &keys {
            let status_index = if with_status {
                Some(allocate_status_index(&tx, grant_id, self.settings.status_list_size, now)?)
            } else {
                None
            };
            // Proven keys are Ed25519 (KeyProof::verify); the point was checked there.
            let holder_key = PublicKey::ed25519(key)?;
            let request = IssueRequest { record: &record, doc_type, holder_key, status_index };
            let credential = self.issuer.issue(&request, now)?;
            credentials.push(IssuedCredential { credential: URL_SAFE_NO_PAD.encode(credential.to_bytes()) });
        }
        let used = if used_configs.is_empty() { config.to_owned() } else { format!("{used_configs},{config}") };
        tx.execute(
            "UPDATE access_tokens SET used_configs = ?1 WHERE token_hash = ?2",
            params![used, hash(token.trim())],
        )?;
        // The refresh token given with this access token is bound to the first proven key.
        if let Some(refresh) = refresh_hash {
            tx.execute(
                "UPDATE refresh_tokens SET wallet_key = ?1 WHERE token_hash = ?2 AND wallet_key IS NULL",
                params![&keys[0][..], refresh],
            )?;
        }
        tx.commit()?;
        Ok(CredentialResponse { credentials })
    }

    /// Revokes a grant: no token, refresh or credential is given for it any more. Returns the
    /// status list indexes of everything issued under it, for the operator to mark revoked.
    pub fn revoke_grant(&self, grant: GrantId) -> Result<Vec<u64>, IssuanceError> {
        revoke_grant(&self.conn(), grant, self.clock.now())
    }
}

/// Opens the state database, creating its tables.
pub fn open_state(path: &Path) -> Result<Connection, IssuanceError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    if path != Path::new(":memory:") {
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
    }
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.execute_batch(include_str!("service.sql"))?;
    Ok(conn)
}

/// Creates a grant and its offer in `conn` (used by the service and by the operator command, which
/// writes into the same database the service reads).
pub fn create_offer(
    conn: &Connection,
    issuer_url: &str,
    offer_ttl_secs: i64,
    spec: &OfferSpec,
    now: i64,
) -> Result<(CredentialOffer, GrantId), IssuanceError> {
    if spec.doc_types.is_empty() {
        return Err(IssuanceError::Malformed("an offer names at least one document type".into()));
    }
    // The record must be issuable now, not fail later at the credential endpoint.
    spec.record
        .claims(spec.doc_types[0], &[], crate::claims::Date::from_unix(now))
        .map_err(|e| IssuanceError::Issue(e.to_string()))?;
    if let Some(tx) = &spec.tx_code
        && (tx.is_empty() || tx.len() > 16 || !tx.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(IssuanceError::Malformed("a transaction code is 1 to 16 digits".into()));
    }
    let record_json = serde_json::to_string(&spec.record).expect("a record always serializes");
    let doc_types: Vec<&str> = spec.doc_types.iter().map(|d| d.as_str()).collect();
    conn.execute(
        "INSERT INTO grants (record_json, doc_types, created_at) VALUES (?1, ?2, ?3)",
        params![record_json, doc_types.join(","), now],
    )?;
    let grant = conn.last_insert_rowid();
    let code = random_token();
    conn.execute(
        "INSERT INTO offers (code_hash, grant_id, tx_code_hash, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![hash(&code), grant, spec.tx_code.as_deref().map(hash), now.saturating_add(offer_ttl_secs)],
    )?;
    let offer = CredentialOffer {
        credential_issuer: issuer_url.to_owned(),
        credential_configuration_ids: spec.doc_types.iter().map(|d| configuration_id(*d)).collect(),
        grants: Grants {
            pre_authorized: PreAuthorizedGrant {
                pre_authorized_code: code,
                tx_code: spec.tx_code.as_ref().map(|t| TxCode {
                    input_mode: "numeric".into(),
                    length: t.len() as u32,
                    description: Some("the code sent to you by SMS".into()),
                }),
            },
        },
    };
    Ok((offer, grant))
}

/// Marks a grant revoked (see [`IssuerService::revoke_grant`]).
pub fn revoke_grant(conn: &Connection, grant: GrantId, now: i64) -> Result<Vec<u64>, IssuanceError> {
    let n =
        conn.execute("UPDATE grants SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL", params![now, grant])?;
    if n == 0 && conn.query_row("SELECT count(*) FROM grants WHERE id = ?1", [grant], |r| r.get::<_, i64>(0))? == 0 {
        return Err(IssuanceError::Malformed(format!("no grant {grant}")));
    }
    // Tokens stay, so that their holder is told `revoked` rather than `unknown token`.
    let mut stmt = conn.prepare("SELECT idx FROM status_entries WHERE grant_id = ?1 ORDER BY idx")?;
    let rows = stmt.query_map([grant], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?.into_iter().map(|i| i as u64).collect())
}

fn check_not_revoked(conn: &Connection, grant: GrantId) -> Result<(), IssuanceError> {
    let revoked: Option<i64> = conn.query_row("SELECT revoked_at FROM grants WHERE id = ?1", [grant], |r| r.get(0))?;
    if revoked.is_some() { Err(IssuanceError::Revoked) } else { Ok(()) }
}

/// Spends a nonce: unknown or expired → `InvalidNonce`; already spent → `ProofReplayed`.
fn spend_nonce(conn: &Connection, nonce: &str, now: i64) -> Result<(), IssuanceError> {
    let row: Option<(i64, Option<i64>)> = conn
        .query_row("SELECT expires_at, used_at FROM nonces WHERE nonce = ?1", [nonce], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Err(IssuanceError::InvalidNonce),
        Some((_, Some(_))) => Err(IssuanceError::ProofReplayed),
        Some((expires_at, None)) if now >= expires_at => Err(IssuanceError::InvalidNonce),
        Some(_) => {
            conn.execute("UPDATE nonces SET used_at = ?1 WHERE nonce = ?2", params![now, nonce])?;
            Ok(())
        }
    }
}

fn insert_tokens(
    conn: &Connection,
    access: &str,
    refresh: &str,
    grant: GrantId,
    wallet_key: Option<&[u8; 32]>,
    settings: &ServiceSettings,
    now: i64,
) -> Result<(), IssuanceError> {
    conn.execute(
        "INSERT INTO refresh_tokens (token_hash, grant_id, wallet_key, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![hash(refresh), grant, wallet_key.map(|k| k.to_vec()), now.saturating_add(settings.refresh_ttl_secs)],
    )?;
    conn.execute(
        "INSERT INTO access_tokens (token_hash, grant_id, refresh_hash, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![hash(access), grant, hash(refresh), now.saturating_add(settings.access_token_ttl_secs)],
    )?;
    Ok(())
}

fn token_response(access_token: String, refresh_token: String, settings: &ServiceSettings) -> TokenResponse {
    TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: settings.access_token_ttl_secs.max(0) as u64,
        refresh_token: Some(refresh_token),
    }
}

/// A random unused status index below `size`: indexes say nothing about issuance order, so
/// credentials of one batch cannot be linked by neighbouring indexes.
fn allocate_status_index(conn: &Connection, grant: GrantId, size: u64, now: i64) -> Result<u64, IssuanceError> {
    let used: i64 = conn.query_row("SELECT count(*) FROM status_entries", [], |r| r.get(0))?;
    if used as u64 >= size / 2 {
        return Err(IssuanceError::Server("the status list is half full: start a new list".into()));
    }
    loop {
        let idx = u64::from_be_bytes(os_random::<8>()) % size;
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO status_entries (idx, grant_id, issued_at) VALUES (?1, ?2, ?3)",
            params![idx as i64, grant, now],
        )?;
        if inserted == 1 {
            return Ok(idx);
        }
    }
}
