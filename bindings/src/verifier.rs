//! The counter's verifier: offline checks of presentation QR codes.

use std::sync::Arc;

use citizen_wallet as core;
use citizen_wallet::{FixedClock, TrustList};

use crate::errors::VerifyError;
use crate::logger;
use crate::types::{VerifiedPresentation, VerifierPolicy};

#[derive(uniffi::Object)]
pub struct Verifier {
    inner: core::Verifier,
}

#[uniffi::export]
impl Verifier {
    /// A verifier for the issuers in `trust_list_json` (FORMAT.md "Trust list") with `policy`.
    #[uniffi::constructor]
    pub fn new(trust_list_json: String, policy: VerifierPolicy) -> Result<Arc<Self>, VerifyError> {
        let trust = TrustList::from_json(&trust_list_json)
            .map_err(|e| VerifyError::Configuration { reason: format!("the trust list is invalid: {e}") })?;
        Ok(Arc::new(Verifier { inner: core::Verifier::new(trust, policy.into()) }))
    }

    /// Verifies the text of a scanned presentation QR, now.
    pub fn verify(&self, qr_text: String) -> Result<VerifiedPresentation, VerifyError> {
        logged(self.inner.verify(&qr_text))
    }

    /// Verifies as of `unix_time` (re-checking a logged presentation, or tests).
    pub fn verify_at(&self, qr_text: String, unix_time: i64) -> Result<VerifiedPresentation, VerifyError> {
        let at = self.inner.clone().with_clock(Arc::new(FixedClock::new(unix_time)));
        logged(at.verify(&qr_text))
    }

    /// Finds the QR code in a PNG or JPEG image and verifies it.
    pub fn verify_image(&self, image: Vec<u8>) -> Result<VerifiedPresentation, VerifyError> {
        logged(self.inner.verify_image(&image))
    }
}

/// Logs the verdict (reason code and claim names only) and converts the result.
fn logged(result: Result<core::VerifiedPresentation, core::VerifyError>) -> Result<VerifiedPresentation, VerifyError> {
    match &result {
        Ok(p) => {
            let names: Vec<String> = p.claims.iter().map(|c| c.name.as_str()).collect();
            logger::info(&format!("presentation verified: claims [{}]", names.join(", ")));
        }
        Err(e) => logger::info(&format!("presentation rejected: {}", e.code())),
    }
    result.map(Into::into).map_err(Into::into)
}
