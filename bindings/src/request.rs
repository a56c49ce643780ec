//! Verifier requests (FORMAT.md "Verifier requests"). A counter with a screen signs a request QR
//! with its own key ([`RequestSigner`]); the wallet app reads it against the registered-verifier
//! list ([`read_request`]), shows who asks and what, and answers with only the approved claims
//! (`Wallet.presentForRequest`); the counter checks the answer against that request
//! (`Verifier.verifyAnswer`).

use std::sync::Arc;

use citizen_wallet as core;
use citizen_wallet::RegisteredVerifier;
use citizen_wallet::clock::SigningPeriod;
use citizen_wallet::{Clock, SystemClock, VerifierKey, VerifierRegistry};

use crate::errors::RequestError;

/// A scanned request as the wallet app shows it to the citizen.
#[derive(Clone, Debug, uniffi::Record)]
pub struct VerifierRequest {
    /// True when a registered verifier key signed it. When false, every field (the name too) is only
    /// the requester's own claim: show it as unverified.
    pub verified: bool,
    /// Who asks: the registered name, or "UNVERIFIED: " and the name the request gives itself.
    pub display_name: String,
    pub kid: String,
    pub verifier_id: String,
    pub purpose: String,
    /// For a registered verifier that lists purposes: whether this purpose is one of them.
    pub purpose_registered: Option<bool>,
    /// The claims asked for, in the verifier's order.
    pub requested: Vec<String>,
    /// Requested claims the verifier is not registered to ask for (all of them when unverified):
    /// show them as such, and do not pre-select them.
    pub over_asking: Vec<String>,
    pub issued_at: i64,
    pub expires_at: i64,
    /// The audience the answer will carry.
    pub audience: String,
}

impl From<core::RequestView> for VerifierRequest {
    fn from(view: core::RequestView) -> Self {
        let display_name = view.display_name();
        let verified = view.is_verified();
        let kid = match &view.requester {
            core::Requester::Registered { kid, .. } | core::Requester::Unverified { kid } => kid.clone(),
        };
        VerifierRequest {
            verified,
            display_name,
            kid,
            verifier_id: view.verifier_id,
            purpose: view.purpose,
            purpose_registered: view.purpose_registered,
            requested: view.requested.iter().map(|c| c.as_str()).collect(),
            over_asking: view.over_asking.iter().map(|c| c.as_str()).collect(),
            issued_at: view.issued_at,
            expires_at: view.expires_at,
            audience: view.audience,
        }
    }
}

/// Reads the text of a scanned request QR and checks it now against `registry_json` (the
/// registered-verifier list). An unknown key gives `verified = false`; a registered key with a bad
/// signature, an expired or a malformed request throws.
#[uniffi::export]
pub fn read_request(qr_text: String, registry_json: String) -> Result<VerifierRequest, RequestError> {
    read_request_at(qr_text, registry_json, SystemClock.now())
}

/// [`read_request`] at a given Unix time (tests, or a device whose clock the app corrects).
#[uniffi::export]
pub fn read_request_at(
    qr_text: String,
    registry_json: String,
    unix_time: i64,
) -> Result<VerifierRequest, RequestError> {
    Ok(core::read_request(&qr_text, &parse_registry(&registry_json)?, unix_time)?.into())
}

pub(crate) fn parse_registry(registry_json: &str) -> Result<VerifierRegistry, RequestError> {
    VerifierRegistry::from_json(registry_json)
        .map_err(|e| RequestError::InvalidRegistry { reason: format!("the verifier registry is invalid: {e}") })
}

/// A request the counter showed: the QR text, and what the answer must carry.
#[derive(Clone, Debug, uniffi::Record)]
pub struct CounterRequest {
    /// The request QR code's content ("CWR1:" + Base45).
    pub qr_text: String,
    pub audience: String,
    pub nonce: Vec<u8>,
    pub issued_at: i64,
    pub expires_at: i64,
}

impl From<core::CreatedRequest> for CounterRequest {
    fn from(r: core::CreatedRequest) -> Self {
        CounterRequest {
            qr_text: r.qr_text,
            audience: r.audience,
            nonce: r.nonce,
            issued_at: r.issued_at,
            expires_at: r.expires_at,
        }
    }
}

/// A counter's request-signing key, with the verifier id and name it is registered under.
#[derive(uniffi::Object)]
pub struct RequestSigner {
    key: VerifierKey,
    verifier_id: String,
    name: String,
}

#[uniffi::export]
impl RequestSigner {
    /// A new Ed25519 key from the OS random generator. Register its public key (see
    /// [`RequestSigner::registration_json`]) with whoever publishes the verifier list wallets use.
    #[uniffi::constructor]
    pub fn generate(verifier_id: String, name: String, kid: String) -> Result<Arc<Self>, RequestError> {
        let key = VerifierKey::generate(&kid)?;
        Ok(Arc::new(RequestSigner { key, verifier_id, name }))
    }

    /// Rebuilds a signer from a 32-byte secret the app kept (in the platform keystore).
    #[uniffi::constructor]
    pub fn from_secret(
        verifier_id: String,
        name: String,
        kid: String,
        secret: Vec<u8>,
    ) -> Result<Arc<Self>, RequestError> {
        let secret: zeroize::Zeroizing<[u8; 32]> = zeroize::Zeroizing::new(
            secret
                .as_slice()
                .try_into()
                .map_err(|_| RequestError::InvalidSettings { reason: "the secret must be 32 bytes".into() })?,
        );
        let key = VerifierKey::from_secret(&kid, &secret)?;
        Ok(Arc::new(RequestSigner { key, verifier_id, name }))
    }

    /// The 32-byte secret, for the app to keep in its keystore. Never log it.
    pub fn secret(&self) -> Vec<u8> {
        self.key.secret_bytes().to_vec()
    }

    pub fn kid(&self) -> String {
        self.key.kid().to_owned()
    }

    pub fn public_key(&self) -> Vec<u8> {
        self.key.public_key().to_bytes().to_vec()
    }

    /// A registered-verifier list holding this verifier only, allowed to ask for `claims` (and,
    /// when given, only for these `purposes`): what the registry operator publishes for it.
    #[uniffi::method(default(purposes = None))]
    pub fn registration_json(
        &self,
        claims: Vec<String>,
        purposes: Option<Vec<String>>,
    ) -> Result<String, RequestError> {
        let registered = RegisteredVerifier {
            id: self.verifier_id.clone(),
            kid: self.key.kid().to_owned(),
            name: self.name.clone(),
            public_key: self.key.public_key(),
            claims: claim_names(&claims)?,
            purposes,
            valid: SigningPeriod::ALWAYS,
        };
        let registry = VerifierRegistry::new(vec![registered])
            .map_err(|e| RequestError::InvalidSettings { reason: e.to_string() })?;
        Ok(registry.to_json())
    }

    /// Signs a request for `claims` with a fresh nonce. `audience` is the verifier id (default) or
    /// a path under it (one counter); the request expires after `lifetime_secs` (1 to 600).
    #[uniffi::method(default(audience = None, lifetime_secs = 300))]
    pub fn create_request(
        &self,
        purpose: String,
        claims: Vec<String>,
        audience: Option<String>,
        lifetime_secs: u64,
    ) -> Result<CounterRequest, RequestError> {
        let spec = core::RequestSpec {
            audience: audience.unwrap_or_else(|| self.verifier_id.clone()),
            lifetime_secs,
            ..core::RequestSpec::new(&self.verifier_id, &self.name, &purpose, &claim_names(&claims)?)
        };
        Ok(core::create_request(&self.key, &spec, SystemClock.now())?.into())
    }
}

fn claim_names(names: &[String]) -> Result<Vec<core::ClaimName>, RequestError> {
    names
        .iter()
        .map(|n| {
            n.parse::<core::ClaimName>().map_err(|_| RequestError::UnknownClaim {
                name: n.clone(),
                reason: format!("{n:?} is not a claim name"),
            })
        })
        .collect()
}
