//! Issuance (OpenID4VCI pre-authorized code, key proofs, batches, refresh) with the app's own HTTP
//! stack as a foreign trait: Kotlin implements [`HttpClient`] with OkHttp or `java.net.http`,
//! Swift with `URLSession`, so certificate pinning and proxies are the platform's.

use std::sync::Arc;

use citizen_wallet::TrustList;
use citizen_wallet::issuance::{self as core, ReceiveOptions};

use crate::errors::{HttpError, IssuanceError};

/// One HTTP header.
#[derive(uniffi::Record, Clone, Debug)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

/// A request the issuance flow needs sent. `method` is `GET` or `POST`.
#[derive(uniffi::Record, Clone, Debug)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

/// The response, whatever its status: error bodies carry the typed reason.
#[derive(uniffi::Record, Clone, Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Implemented by the app. Throw `HttpException.Failed` only when no response arrived; return
/// 4xx/5xx responses as responses. Called from the thread that called `receiveOffer`/`refresh`.
#[uniffi::export(with_foreign)]
pub trait HttpClient: Send + Sync {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, HttpError>;
}

/// What a receive or refresh stored.
#[derive(uniffi::Record, Clone, Debug)]
pub struct Received {
    pub credential_ids: Vec<i64>,
    /// The stored refresh grant, when the issuer gave one.
    pub grant_id: Option<i64>,
}

pub(crate) struct ForeignHttp(pub Arc<dyn HttpClient>);

impl core::HttpClient for ForeignHttp {
    fn send(&self, request: core::HttpRequest) -> Result<core::HttpResponse, String> {
        let request = HttpRequest {
            method: request.method,
            url: request.url,
            headers: request.headers.into_iter().map(|(name, value)| HttpHeader { name, value }).collect(),
            body: request.body,
        };
        self.0.send(request).map(|r| core::HttpResponse { status: r.status, body: r.body }).map_err(|e| e.to_string())
    }
}

pub(crate) fn trust(json: &str) -> Result<TrustList, IssuanceError> {
    TrustList::from_json(json).map_err(|e| IssuanceError::Wallet {
        code: "invalid_settings".into(),
        reason: format!("the trust list is invalid: {e}"),
    })
}

pub(crate) fn received(r: core::Received) -> Received {
    Received { credential_ids: r.credentials.iter().map(|c| c.0).collect(), grant_id: r.grant.map(|g| g.0) }
}

pub(crate) fn options(batch_size: u32, tx_code: Option<String>) -> ReceiveOptions {
    ReceiveOptions { batch_size: batch_size as usize, tx_code }
}
