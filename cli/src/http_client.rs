//! The CLI's default [`HttpClient`] for issuance: ureq, plain HTTP (the local issuer service).
//! Apps bring their own platform HTTP stack instead (pinning, proxies, TLS).

use std::time::Duration;

use citizen_wallet::issuance::client::MAX_RESPONSE_BYTES;
use citizen_wallet::issuance::{HttpClient, HttpRequest, HttpResponse};

pub struct UreqClient {
    agent: ureq::Agent,
}

impl UreqClient {
    pub fn new() -> UreqClient {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .max_redirects(0)
            .build();
        UreqClient { agent: config.into() }
    }
}

impl HttpClient for UreqClient {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let mut response = match request.method.as_str() {
            "GET" => {
                let mut builder = self.agent.get(&request.url);
                for (name, value) in &request.headers {
                    builder = builder.header(name, value);
                }
                builder.call()
            }
            "POST" => {
                let mut builder = self.agent.post(&request.url);
                for (name, value) in &request.headers {
                    builder = builder.header(name, value);
                }
                builder.send(&request.body[..])
            }
            other => return Err(format!("unsupported method {other}")),
        }
        .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES as u64 + 1)
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        Ok(HttpResponse { status, body })
    }
}
