//! The protocol messages (OpenID4VCI 1.0 shapes, JSON), each with the checks both sides apply.
//! Binary values (key proofs, credentials) travel as unpadded base64url.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use super::{
    FORMAT_SD_CWT, GRANT_PRE_AUTHORIZED, GRANT_REFRESH, IssuanceError, MAX_BATCH, MAX_PROOF_BYTES, OFFER_SCHEME,
    PROOF_TYPE,
};

/// Longest code, token or nonce accepted, in bytes.
pub const MAX_TOKEN_CHARS: usize = 128;
/// Longest issuer identifier (URL) accepted, in bytes.
pub const MAX_ISSUER_CHARS: usize = 255;

fn malformed(what: impl Into<String>) -> IssuanceError {
    IssuanceError::Malformed(what.into())
}

fn check_token(what: &str, value: &str) -> Result<(), IssuanceError> {
    let ok = !value.is_empty()
        && value.len() <= MAX_TOKEN_CHARS
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok { Ok(()) } else { Err(malformed(format!("{what} must be 1 to {MAX_TOKEN_CHARS} base64url characters"))) }
}

/// Parses JSON into `T`, as a typed error.
pub fn from_json<T: for<'de> Deserialize<'de>>(what: &str, bytes: &[u8]) -> Result<T, IssuanceError> {
    serde_json::from_slice(bytes).map_err(|e| malformed(format!("{what}: {e}")))
}

/// `tx_code` description in an offer: the citizen types a code sent by another channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TxCode {
    /// `input_mode`: `numeric` or `text`.
    pub input_mode: String,
    /// `length`: number of characters of the code, 1 to 16.
    pub length: u32,
    /// `description`: a hint the wallet shows the citizen (where the code was sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The pre-authorized code grant inside an offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreAuthorizedGrant {
    /// `pre-authorized_code`: the one-time code the wallet exchanges for an access token.
    #[serde(rename = "pre-authorized_code")]
    pub pre_authorized_code: String,
    /// `tx_code`: present when the token request must carry a transaction code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_code: Option<TxCode>,
}

/// The `grants` object of an offer: only the pre-authorized code grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants {
    /// The `urn:ietf:params:oauth:grant-type:pre-authorized_code` grant.
    #[serde(rename = "urn:ietf:params:oauth:grant-type:pre-authorized_code")]
    pub pre_authorized: PreAuthorizedGrant,
}

/// A credential offer (OpenID4VCI 1.0 §4.1.1), pre-authorized code grant only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialOffer {
    /// `credential_issuer`: the issuer identifier (http(s) URL) the wallet fetches metadata from.
    pub credential_issuer: String,
    /// `credential_configuration_ids`: the documents offered (1 to 8), keys of the metadata's configurations.
    pub credential_configuration_ids: Vec<String>,
    /// `grants`: how the wallet gets an access token.
    pub grants: Grants,
}

impl CredentialOffer {
    /// The offer as a link: `openid-credential-offer://?credential_offer=<percent-encoded JSON>`.
    pub fn to_uri(&self) -> String {
        let json = serde_json::to_string(self).expect("an offer always serializes");
        format!("{OFFER_SCHEME}?credential_offer={}", percent_encode(&json))
    }

    /// Reads an offer from its link or from its JSON, and checks it.
    pub fn parse(text: &str) -> Result<CredentialOffer, IssuanceError> {
        let text = text.trim();
        if text.len() > 8 * 1024 {
            return Err(malformed("an offer is longer than 8 KiB"));
        }
        let json = match text.strip_prefix(OFFER_SCHEME) {
            Some(rest) => {
                let query = rest.strip_prefix('?').ok_or_else(|| malformed("the offer link has no query"))?;
                let value =
                    query.split('&').find_map(|pair| pair.strip_prefix("credential_offer=")).ok_or_else(|| {
                        malformed("the offer link has no credential_offer (by reference is not supported)")
                    })?;
                percent_decode(value).ok_or_else(|| malformed("the offer link is not valid percent-encoding"))?
            }
            None => text.to_owned(),
        };
        let offer: CredentialOffer = from_json("credential offer", json.as_bytes())?;
        offer.check()?;
        Ok(offer)
    }

    /// Checks the issuer URL, the number of configurations, the code and the `tx_code` length.
    pub fn check(&self) -> Result<(), IssuanceError> {
        check_issuer(&self.credential_issuer)?;
        if self.credential_configuration_ids.is_empty() || self.credential_configuration_ids.len() > 8 {
            return Err(malformed("an offer names 1 to 8 credential configurations"));
        }
        check_token("the pre-authorized code", &self.grants.pre_authorized.pre_authorized_code)?;
        if let Some(tx) = &self.grants.pre_authorized.tx_code
            && (tx.length == 0 || tx.length > 16)
        {
            return Err(malformed("a transaction code has 1 to 16 characters"));
        }
        Ok(())
    }

    /// The pre-authorized code.
    pub fn code(&self) -> &str {
        &self.grants.pre_authorized.pre_authorized_code
    }
}

/// A credential issuer identifier: an http(s) URL without query or fragment.
pub fn check_issuer(issuer: &str) -> Result<(), IssuanceError> {
    let ok = issuer.len() <= MAX_ISSUER_CHARS
        && (issuer.starts_with("https://") || issuer.starts_with("http://"))
        && !issuer.contains(['?', '#', ' '])
        && !issuer.ends_with('/');
    if ok {
        Ok(())
    } else {
        Err(malformed("the credential issuer must be an http(s) URL without query, fragment or trailing /"))
    }
}

/// Token request (form-encoded), either grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenRequest {
    /// Exchange of an offer's pre-authorized code (`grant_type` pre-authorized_code).
    PreAuthorized {
        /// `pre-authorized_code` from the offer.
        code: String,
        /// `tx_code` the citizen typed, when the offer asks for one.
        tx_code: Option<String>,
    },
    /// A refresh, proven by a key proof of the wallet key the refresh token is bound to.
    Refresh {
        /// `refresh_token` from an earlier token response.
        refresh_token: String,
        /// `proof`: a key proof (COSE bytes) by the key the refresh token is bound to.
        proof: Vec<u8>,
    },
}

impl TokenRequest {
    /// The `application/x-www-form-urlencoded` body.
    pub fn to_form(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        match self {
            TokenRequest::PreAuthorized { code, tx_code } => {
                pairs.push(("grant_type", GRANT_PRE_AUTHORIZED.to_owned()));
                pairs.push(("pre-authorized_code", code.clone()));
                if let Some(tx) = tx_code {
                    pairs.push(("tx_code", tx.clone()));
                }
            }
            TokenRequest::Refresh { refresh_token, proof } => {
                pairs.push(("grant_type", GRANT_REFRESH.to_owned()));
                pairs.push(("refresh_token", refresh_token.clone()));
                pairs.push(("proof", URL_SAFE_NO_PAD.encode(proof)));
            }
        }
        pairs.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect::<Vec<_>>().join("&")
    }

    /// Reads a form-encoded body, refusing repeated fields and malformed codes.
    pub fn from_form(body: &[u8]) -> Result<TokenRequest, IssuanceError> {
        let text = std::str::from_utf8(body).map_err(|_| malformed("the token request is not UTF-8"))?;
        let mut fields: Vec<(String, String)> = Vec::new();
        for pair in text.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').ok_or_else(|| malformed("a form field has no ="))?;
            let k = percent_decode(k).ok_or_else(|| malformed("bad percent-encoding"))?;
            let v = percent_decode(v).ok_or_else(|| malformed("bad percent-encoding"))?;
            if fields.iter().any(|(seen, _)| *seen == k) {
                return Err(malformed(format!("the form repeats {k}")));
            }
            fields.push((k, v));
        }
        let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        match get("grant_type").as_deref() {
            Some(GRANT_PRE_AUTHORIZED) => {
                let code = get("pre-authorized_code").ok_or_else(|| malformed("no pre-authorized_code"))?;
                check_token("the pre-authorized code", &code)?;
                let tx_code = get("tx_code");
                if tx_code.as_ref().is_some_and(|t| t.is_empty() || t.len() > 16) {
                    return Err(malformed("a transaction code has 1 to 16 characters"));
                }
                Ok(TokenRequest::PreAuthorized { code, tx_code })
            }
            Some(GRANT_REFRESH) => {
                let refresh_token = get("refresh_token").ok_or_else(|| malformed("no refresh_token"))?;
                check_token("the refresh token", &refresh_token)?;
                let proof = get("proof").ok_or(IssuanceError::ProofMissing)?;
                Ok(TokenRequest::Refresh { refresh_token, proof: decode_proof(&proof)? })
            }
            Some(_) => Err(IssuanceError::UnsupportedGrantType),
            None => Err(malformed("no grant_type")),
        }
    }
}

/// Token response (RFC 6749 §5.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// `access_token`: the bearer token for the nonce and credential endpoints.
    pub access_token: String,
    /// `token_type`: always `Bearer`.
    pub token_type: String,
    /// `expires_in`: lifetime of the access token, in seconds.
    pub expires_in: u64,
    /// Bound to the key of the first proof of the first credential request made with this token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

impl TokenResponse {
    /// Checks the token's characters and length and that `token_type` is Bearer.
    pub fn check(&self) -> Result<(), IssuanceError> {
        check_token("the access token", &self.access_token)?;
        if !self.token_type.eq_ignore_ascii_case("bearer") {
            return Err(IssuanceError::UnexpectedResponse("token_type is not Bearer".into()));
        }
        if let Some(r) = &self.refresh_token {
            check_token("the refresh token", r)?;
        }
        Ok(())
    }
}

/// Nonce response (OpenID4VCI 1.0 §7.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonceResponse {
    /// `c_nonce`: the nonce the next key proofs must carry.
    pub c_nonce: String,
}

/// `proofs` of a credential request: one COSE key proof per credential wanted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proofs {
    /// Base64url key proofs ([`super::KeyProof`]).
    pub cwt: Vec<String>,
}

/// Credential request (OpenID4VCI 1.0 §8.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialRequest {
    /// `credential_configuration_id`: which document, from the offer.
    pub credential_configuration_id: String,
    /// `proofs`: one key proof per credential wanted.
    pub proofs: Proofs,
}

impl CredentialRequest {
    /// A request for `configuration_id` with these key proofs (COSE bytes, encoded base64url here).
    pub fn new(configuration_id: &str, proofs: &[Vec<u8>]) -> CredentialRequest {
        CredentialRequest {
            credential_configuration_id: configuration_id.to_owned(),
            proofs: Proofs { cwt: proofs.iter().map(|p| URL_SAFE_NO_PAD.encode(p)).collect() },
        }
    }

    /// The decoded proofs, after the count limits.
    pub fn proof_bytes(&self) -> Result<Vec<Vec<u8>>, IssuanceError> {
        let n = self.proofs.cwt.len();
        if n == 0 {
            return Err(IssuanceError::ProofMissing);
        }
        if n > MAX_BATCH {
            return Err(IssuanceError::BatchTooLarge { max: MAX_BATCH });
        }
        self.proofs.cwt.iter().map(|p| decode_proof(p)).collect()
    }
}

fn decode_proof(text: &str) -> Result<Vec<u8>, IssuanceError> {
    if text.len() > MAX_PROOF_BYTES * 4 / 3 + 4 {
        return Err(IssuanceError::ProofMalformed(format!("a key proof is larger than {MAX_PROOF_BYTES} bytes")));
    }
    URL_SAFE_NO_PAD.decode(text).map_err(|_| IssuanceError::ProofMalformed("not unpadded base64url".into()))
}

/// One issued credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCredential {
    /// Base64url SD-CWT.
    pub credential: String,
}

/// Credential response (OpenID4VCI 1.0 §8.3): one credential per proof, in proof order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialResponse {
    /// `credentials`: one per key proof, in proof order.
    pub credentials: Vec<IssuedCredential>,
}

impl CredentialResponse {
    /// The credentials' SD-CWT bytes, decoded from base64url.
    pub fn credential_bytes(&self) -> Result<Vec<Vec<u8>>, IssuanceError> {
        self.credentials
            .iter()
            .map(|c| {
                URL_SAFE_NO_PAD
                    .decode(&c.credential)
                    .map_err(|_| IssuanceError::UnexpectedResponse("a credential is not base64url".into()))
            })
            .collect()
    }
}

/// Error response (RFC 6749 §5.2, OpenID4VCI 1.0 §8.3.1), with this profile's typed code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// `error`: the OAuth / OpenID4VCI error value, e.g. `invalid_grant`.
    pub error: String,
    /// `error_description`: human-readable text, never secrets or claim values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// [`IssuanceError::code`] of the failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cw_code: Option<String>,
}

impl From<&IssuanceError> for ErrorResponse {
    fn from(e: &IssuanceError) -> ErrorResponse {
        // Server-internal details stay in the server's log.
        let description = match e {
            IssuanceError::Server(_) | IssuanceError::Issue(_) => "the issuer failed; try again later".to_owned(),
            other => other.to_string(),
        };
        ErrorResponse {
            error: e.wire_error().to_owned(),
            error_description: Some(description),
            cw_code: Some(e.code().to_owned()),
        }
    }
}

/// Credential issuer metadata (OpenID4VCI 1.0 §12.2), the parts this profile uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuerMetadata {
    /// `credential_issuer`: the issuer identifier, equal to the offer's.
    pub credential_issuer: String,
    /// `credential_endpoint`: URL of the credential endpoint.
    pub credential_endpoint: String,
    /// `nonce_endpoint`: URL of the nonce endpoint.
    pub nonce_endpoint: String,
    /// This profile's shortcut: the token endpoint of the issuer's own authorization server.
    pub token_endpoint: String,
    /// `batch_credential_issuance`: how many credentials one request may ask for.
    pub batch_credential_issuance: BatchIssuance,
    /// `credential_configurations_supported`: the document types, by configuration id.
    pub credential_configurations_supported: serde_json::Map<String, serde_json::Value>,
}

/// `batch_credential_issuance` of the metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchIssuance {
    /// `batch_size`: most key proofs (credentials) per credential request.
    pub batch_size: usize,
}

impl IssuerMetadata {
    /// The metadata of a service at `issuer` offering every document type.
    pub fn for_issuer(issuer: &str) -> IssuerMetadata {
        let mut configurations = serde_json::Map::new();
        for doc_type in [crate::DocType::Identity, crate::DocType::Residence] {
            configurations.insert(
                super::configuration_id(doc_type),
                serde_json::json!({
                    "format": FORMAT_SD_CWT,
                    "vct": doc_type.vct(),
                    "cryptographic_binding_methods_supported": ["cose_key"],
                    "credential_signing_alg_values_supported": [-19],
                    "proof_types_supported": { PROOF_TYPE: { "proof_signing_alg_values_supported": [-19] } },
                }),
            );
        }
        IssuerMetadata {
            credential_issuer: issuer.to_owned(),
            credential_endpoint: format!("{issuer}/credential"),
            nonce_endpoint: format!("{issuer}/nonce"),
            token_endpoint: format!("{issuer}/token"),
            batch_credential_issuance: BatchIssuance { batch_size: MAX_BATCH },
            credential_configurations_supported: configurations,
        }
    }

    /// Wallet side: the metadata is for the issuer the offer named, with http(s) endpoints.
    pub fn check(&self, offer: &CredentialOffer) -> Result<(), IssuanceError> {
        if self.credential_issuer != offer.credential_issuer {
            return Err(IssuanceError::UnexpectedResponse("the metadata is for another credential issuer".into()));
        }
        for endpoint in [&self.credential_endpoint, &self.nonce_endpoint, &self.token_endpoint] {
            if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
                return Err(IssuanceError::UnexpectedResponse("an endpoint is not an http(s) URL".into()));
            }
        }
        Ok(())
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes percent-encoding (and `+` as space, as forms do); `None` for bad escapes or non-UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer() -> CredentialOffer {
        CredentialOffer {
            credential_issuer: "http://127.0.0.1:8080".into(),
            credential_configuration_ids: vec!["vn.cccd.identity".into()],
            grants: Grants {
                pre_authorized: PreAuthorizedGrant {
                    pre_authorized_code: "abc-DEF_123".into(),
                    tx_code: Some(TxCode { input_mode: "numeric".into(), length: 6, description: None }),
                },
            },
        }
    }

    #[test]
    fn an_offer_round_trips_through_its_link_and_its_json() {
        let offer = offer();
        let uri = offer.to_uri();
        assert!(uri.starts_with("openid-credential-offer://?credential_offer=%7B%22credential_issuer%22"), "{uri}");
        assert_eq!(CredentialOffer::parse(&uri).unwrap(), offer);
        assert_eq!(CredentialOffer::parse(&serde_json::to_string(&offer).unwrap()).unwrap(), offer);
        for bad in ["", "{}", "openid-credential-offer://", "openid-credential-offer://?credential_offer_uri=x", "%ZZ"]
        {
            assert!(matches!(CredentialOffer::parse(bad), Err(IssuanceError::Malformed(_))), "{bad}");
        }
        let mut trailing = offer.clone();
        trailing.credential_issuer.push('/');
        assert!(trailing.check().is_err());
    }

    #[test]
    fn token_requests_round_trip_and_refuse_what_they_do_not_define() {
        for request in [
            TokenRequest::PreAuthorized { code: "c0de".into(), tx_code: Some("493817".into()) },
            TokenRequest::PreAuthorized { code: "c0de".into(), tx_code: None },
            TokenRequest::Refresh { refresh_token: "r-1".into(), proof: vec![0xd2, 0x84] },
        ] {
            assert_eq!(TokenRequest::from_form(request.to_form().as_bytes()).unwrap(), request);
        }
        assert_eq!(
            TokenRequest::from_form(b"grant_type=authorization_code&code=x"),
            Err(IssuanceError::UnsupportedGrantType)
        );
        assert!(matches!(TokenRequest::from_form(b"pre-authorized_code=x"), Err(IssuanceError::Malformed(_))));
        let repeated =
            format!("grant_type={}&pre-authorized_code=a&pre-authorized_code=b", percent_encode(GRANT_PRE_AUTHORIZED));
        assert!(matches!(TokenRequest::from_form(repeated.as_bytes()), Err(IssuanceError::Malformed(_))));
        assert_eq!(
            TokenRequest::from_form(b"grant_type=refresh_token&refresh_token=r"),
            Err(IssuanceError::ProofMissing)
        );
    }

    #[test]
    fn a_credential_request_limits_its_batch() {
        let many: Vec<Vec<u8>> = (0..=MAX_BATCH).map(|i| vec![i as u8]).collect();
        let request = CredentialRequest::new("vn.cccd.identity", &many);
        assert_eq!(request.proof_bytes(), Err(IssuanceError::BatchTooLarge { max: MAX_BATCH }));
        assert_eq!(CredentialRequest::new("vn.cccd.identity", &[]).proof_bytes(), Err(IssuanceError::ProofMissing));
        let json = br#"{"credential_configuration_id":"x","proofs":{"jwt":["a"]}}"#;
        assert!(from_json::<CredentialRequest>("credential request", json).is_err());
    }

    #[test]
    fn an_error_response_comes_back_as_the_same_typed_error() {
        for e in
            [IssuanceError::ProofStale, IssuanceError::CodeUsed, IssuanceError::InvalidNonce, IssuanceError::Revoked]
        {
            let wire: ErrorResponse =
                from_json("e", serde_json::to_string(&ErrorResponse::from(&e)).unwrap().as_bytes()).unwrap();
            assert_eq!(IssuanceError::from_response(&wire), e);
        }
        let internal = ErrorResponse::from(&IssuanceError::Server("disk /var/x full".into()));
        assert!(!internal.error_description.unwrap().contains("/var/x"));
    }
}
