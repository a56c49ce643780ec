//! The wallet side: runs the flow over the app's own HTTP stack ([`HttpClient`], so certificate
//! pinning and proxies are the platform's), builds and checks every message, proves possession of
//! fresh holder keys, imports what it receives and keeps the refresh grant.
//!
//! The wallet never sends a secret: only the pre-authorized code, the transaction code the citizen
//! typed, tokens the issuer gave it, and key proofs (signatures over the issuer's nonce).

use super::messages::{
    CredentialOffer, CredentialRequest, CredentialResponse, ErrorResponse, IssuerMetadata, NonceResponse, TokenRequest,
    TokenResponse, from_json,
};
use super::{IssuanceError, MAX_BATCH};
use crate::trust::TrustList;
use crate::wallet::{CredentialId, GrantId, StoredGrant, Wallet, Zeroizing};

/// Largest response body the wallet reads, in bytes.
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// One HTTP request the flow needs sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: String,
    pub url: String,
    /// Header (name, value) pairs to send (`Content-Type`, `Authorization`, `Accept`).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The response, whatever its status (the flow reads error bodies too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The app's HTTP transport. Return `Err` only when no response arrived (connection, TLS,
/// timeout); an HTTP error status is an `Ok` response.
pub trait HttpClient: Send + Sync {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String>;
}

/// How to receive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiveOptions {
    /// Credentials per configuration (one holder key each), 1 to [`MAX_BATCH`].
    pub batch_size: usize,
    /// The transaction code the citizen received by another channel, when the offer asks for one.
    pub tx_code: Option<String>,
}

impl Default for ReceiveOptions {
    fn default() -> ReceiveOptions {
        ReceiveOptions { batch_size: 1, tx_code: None }
    }
}

/// What a receive or refresh stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    pub credentials: Vec<CredentialId>,
    /// The stored refresh grant (when the issuer gave a refresh token).
    pub grant: Option<GrantId>,
}

/// Runs the pre-authorized code flow for `offer` (link or JSON): metadata, token, then for each
/// offered configuration a nonce, `batch_size` fresh holder keys each proven, the credential
/// request, and the import of every credential (checked against `trust` and bound to this wallet).
pub fn receive(
    wallet: &Wallet,
    offer: &str,
    http: &dyn HttpClient,
    trust: &TrustList,
    options: &ReceiveOptions,
) -> Result<Received, IssuanceError> {
    if options.batch_size == 0 || options.batch_size > MAX_BATCH {
        return Err(IssuanceError::BatchTooLarge { max: MAX_BATCH });
    }
    if !wallet.is_unlocked() {
        return Err(IssuanceError::Wallet(crate::wallet::WalletError::Locked));
    }
    let offer = CredentialOffer::parse(offer)?;
    if offer.grants.pre_authorized.tx_code.is_some() && options.tx_code.is_none() {
        return Err(IssuanceError::TxCodeRequired);
    }
    let metadata = fetch_metadata(http, &offer)?;
    let token = TokenRequest::PreAuthorized {
        code: offer.code().to_owned(),
        tx_code: options.tx_code.clone().filter(|_| offer.grants.pre_authorized.tx_code.is_some()),
    };
    let tokens = token_request(http, &metadata, &token)?;
    let mut credentials = Vec::new();
    let mut wallet_key = None;
    for configuration in &offer.credential_configuration_ids {
        let (ids, first_key) =
            request_batch(wallet, http, trust, &metadata, &tokens, configuration, options.batch_size)?;
        credentials.extend(ids);
        wallet_key = wallet_key.or(Some(first_key));
    }
    let grant = store_grant(wallet, None, &metadata, &offer.credential_configuration_ids, &tokens, wallet_key)?;
    Ok(Received { credentials, grant })
}

/// Refreshes stored grant `id`: a new nonce, a token request with the refresh token proven by the
/// wallet key it is bound to, then a new batch for each configuration. No identity proofing; a
/// revoked citizen gets [`IssuanceError::Revoked`]. The grant is updated with the rotated token.
pub fn refresh(
    wallet: &Wallet,
    id: GrantId,
    http: &dyn HttpClient,
    trust: &TrustList,
    batch_size: usize,
) -> Result<Received, IssuanceError> {
    if batch_size == 0 || batch_size > MAX_BATCH {
        return Err(IssuanceError::BatchTooLarge { max: MAX_BATCH });
    }
    let (_, grant) = wallet
        .grants()?
        .into_iter()
        .find(|(g, _)| *g == id)
        .ok_or(IssuanceError::Wallet(crate::wallet::WalletError::GrantNotFound(id.0)))?;
    let offer_like = CredentialOffer {
        credential_issuer: grant.issuer.clone(),
        credential_configuration_ids: grant.configuration_ids.clone(),
        grants: super::messages::Grants {
            pre_authorized: super::messages::PreAuthorizedGrant {
                pre_authorized_code: "refresh".into(),
                tx_code: None,
            },
        },
    };
    let metadata = fetch_metadata(http, &offer_like)?;
    let nonce = nonce_request(http, &metadata)?;
    let proof = wallet.prove_holder_key(&grant.wallet_key, &metadata.credential_issuer, &nonce)?;
    let token = TokenRequest::Refresh { refresh_token: grant.refresh_token.to_string(), proof };
    let tokens = token_request(http, &metadata, &token)?;
    let mut credentials = Vec::new();
    for configuration in &grant.configuration_ids {
        let (ids, _) = request_batch(wallet, http, trust, &metadata, &tokens, configuration, batch_size)?;
        credentials.extend(ids);
    }
    // The refresh token stays bound to the same wallet key (the issuer keeps the binding).
    let grant = store_grant(wallet, Some(id), &metadata, &grant.configuration_ids, &tokens, Some(grant.wallet_key))?;
    Ok(Received { credentials, grant })
}

/// The earliest `exp` among the wallet's credentials of stored grants, minus `margin_secs`: when
/// to refresh. Uses each credential's own `exp`, whatever lifetime the issuer chose.
pub fn refresh_due_at(wallet: &Wallet, margin_secs: i64) -> Result<Option<i64>, IssuanceError> {
    Ok(wallet.list_credentials()?.iter().map(|c| c.expires_at.saturating_sub(margin_secs)).min())
}

/// Whether the wallet should refresh now: fewer than `min_unused` unused credentials of
/// `doc_type` are left, or the earliest credential `exp` is less than `margin_secs` away.
pub fn refresh_due(
    wallet: &Wallet,
    doc_type: crate::DocType,
    min_unused: usize,
    margin_secs: i64,
    now: i64,
) -> Result<bool, IssuanceError> {
    if wallet.unused_credentials(doc_type)?.len() < min_unused {
        return Ok(true);
    }
    Ok(refresh_due_at(wallet, margin_secs)?.is_some_and(|due| now >= due))
}

fn store_grant(
    wallet: &Wallet,
    id: Option<GrantId>,
    metadata: &IssuerMetadata,
    configuration_ids: &[String],
    tokens: &TokenResponse,
    wallet_key: Option<[u8; 32]>,
) -> Result<Option<GrantId>, IssuanceError> {
    let (Some(refresh_token), Some(wallet_key)) = (&tokens.refresh_token, wallet_key) else { return Ok(id) };
    let grant = StoredGrant {
        issuer: metadata.credential_issuer.clone(),
        configuration_ids: configuration_ids.to_vec(),
        refresh_token: Zeroizing::new(refresh_token.clone()),
        wallet_key,
    };
    Ok(Some(wallet.put_grant(id, &grant)?))
}

fn request_batch(
    wallet: &Wallet,
    http: &dyn HttpClient,
    trust: &TrustList,
    metadata: &IssuerMetadata,
    tokens: &TokenResponse,
    configuration: &str,
    batch_size: usize,
) -> Result<(Vec<CredentialId>, [u8; 32]), IssuanceError> {
    let nonce = nonce_request(http, metadata)?;
    let proofs = wallet.prove_new_holder_keys(batch_size, &metadata.credential_issuer, &nonce)?;
    let first_key = super::KeyProof::verify(&proofs[0])?.public_key;
    let body = serde_json::to_vec(&CredentialRequest::new(configuration, &proofs)).expect("serializes");
    let response = send(
        http,
        "POST",
        &metadata.credential_endpoint,
        vec![
            ("Content-Type".into(), "application/json".into()),
            ("Authorization".into(), format!("Bearer {}", tokens.access_token)),
        ],
        body,
    )?;
    let response: CredentialResponse =
        from_json("credential response", &response).map_err(|e| IssuanceError::UnexpectedResponse(e.to_string()))?;
    let issued = response.credential_bytes()?;
    if issued.len() != proofs.len() {
        return Err(IssuanceError::UnexpectedResponse(format!(
            "{} credentials for {} proofs",
            issued.len(),
            proofs.len()
        )));
    }
    let mut ids = Vec::with_capacity(issued.len());
    for bytes in &issued {
        ids.push(wallet.import_credential(bytes, trust)?);
    }
    Ok((ids, first_key))
}

fn fetch_metadata(http: &dyn HttpClient, offer: &CredentialOffer) -> Result<IssuerMetadata, IssuanceError> {
    let url = format!("{}/.well-known/openid-credential-issuer", offer.credential_issuer);
    let body = send(http, "GET", &url, vec![("Accept".into(), "application/json".into())], Vec::new())?;
    let metadata: IssuerMetadata =
        from_json("issuer metadata", &body).map_err(|e| IssuanceError::UnexpectedResponse(e.to_string()))?;
    metadata.check(offer)?;
    Ok(metadata)
}

fn token_request(
    http: &dyn HttpClient,
    metadata: &IssuerMetadata,
    request: &TokenRequest,
) -> Result<TokenResponse, IssuanceError> {
    let headers = vec![("Content-Type".into(), "application/x-www-form-urlencoded".into())];
    let body = send(http, "POST", &metadata.token_endpoint, headers, request.to_form().into_bytes())?;
    let tokens: TokenResponse =
        from_json("token response", &body).map_err(|e| IssuanceError::UnexpectedResponse(e.to_string()))?;
    tokens.check().map_err(|e| IssuanceError::UnexpectedResponse(e.to_string()))?;
    Ok(tokens)
}

fn nonce_request(http: &dyn HttpClient, metadata: &IssuerMetadata) -> Result<String, IssuanceError> {
    let body = send(http, "POST", &metadata.nonce_endpoint, Vec::new(), Vec::new())?;
    let nonce: NonceResponse =
        from_json("nonce response", &body).map_err(|e| IssuanceError::UnexpectedResponse(e.to_string()))?;
    if nonce.c_nonce.is_empty() || nonce.c_nonce.len() > super::messages::MAX_TOKEN_CHARS {
        return Err(IssuanceError::UnexpectedResponse("c_nonce must be 1 to 128 characters".into()));
    }
    Ok(nonce.c_nonce)
}

/// Sends, bounds the body, and turns an error status into the typed error it carries.
fn send(
    http: &dyn HttpClient,
    method: &str,
    url: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) -> Result<Vec<u8>, IssuanceError> {
    let response = http
        .send(HttpRequest { method: method.into(), url: url.into(), headers, body })
        .map_err(IssuanceError::Transport)?;
    if response.body.len() > MAX_RESPONSE_BYTES {
        return Err(IssuanceError::UnexpectedResponse(format!("a response is larger than {MAX_RESPONSE_BYTES} bytes")));
    }
    if (200..300).contains(&response.status) {
        return Ok(response.body);
    }
    match serde_json::from_slice::<ErrorResponse>(&response.body) {
        Ok(error) => Err(IssuanceError::from_response(&error)),
        Err(_) => {
            Err(IssuanceError::UnexpectedResponse(format!("HTTP status {} without an error body", response.status)))
        }
    }
}
