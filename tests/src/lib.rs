//! Shared helpers for the cross-crate tests in `tests/tests/`.

pub mod camera;
pub mod fuzz;

use std::path::{Path, PathBuf};

/// The third-party test vectors folder: `$CWALLET_VECTORS`, else `../shared/vectors` beside the
/// repository. `None` (with a note on stderr) when absent; under `CI=true` its absence is a failure,
/// so vector tests can never be skipped silently in CI.
pub fn vectors_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CWALLET_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but the test vectors folder {} is missing", dir.display());
    }
    eprintln!("SKIPPED: test vectors folder {} not found (set CWALLET_VECTORS)", dir.display());
    None
}

/// The hex digits of a vector file that holds hex, optionally after an `encoded:` line.
pub fn vector_hex(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body = text.split_once("encoded:").map_or(text.as_str(), |(_, after)| after);
    body.chars().filter(|c| !c.is_whitespace()).collect()
}

use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::{
    CitizenRecord, ClaimName, Credential, DocType, FixedClock, HolderKey, IssueRequest, Issuer, IssuerConfig,
    IssuerKey, Presentation, PresentationRequest, TrustList, Verifier, VerifierPolicy, present,
};
use std::sync::Arc;

/// Issuance time used by the fixtures: 2026-06-01T00:00:00Z.
pub const NOW: i64 = 1_780_272_000;

/// An issuer, a holder with both credentials, and a verifier for the demo counter, at a fixed time.
pub struct Fixture {
    pub issuer: Issuer,
    pub holder: HolderKey,
    pub identity: Credential,
    pub residence: Credential,
    pub clock: Arc<FixedClock>,
    pub verifier: Verifier,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::with_record(&demo::sample_record())
    }

    pub fn with_record(record: &CitizenRecord) -> Fixture {
        let mut config = IssuerConfig::new(demo::DEMO_ISS);
        config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
        let issuer = Issuer::new(IssuerKey::generate(demo::DEMO_KID).unwrap(), config).unwrap();
        let holder = HolderKey::generate();
        let issue = |doc_type| {
            let request =
                IssueRequest { record, doc_type, holder_key: holder.public_key().into(), status_index: Some(3) };
            issuer.issue(&request, NOW).unwrap()
        };
        let (identity, residence) = (issue(DocType::Identity), issue(DocType::Residence));
        let clock = Arc::new(FixedClock::new(NOW + 10));
        let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
        let verifier = Verifier::new(trust, VerifierPolicy::for_audience(DEMO_AUDIENCE)).with_clock(clock.clone());
        Fixture { issuer, holder, identity, residence, clock, verifier }
    }

    /// A presentation for the demo counter, made at `NOW + 5`.
    pub fn present(&self, credential: &Credential, disclose: &[ClaimName]) -> Presentation {
        present(credential, &self.holder, &PresentationRequest::new(DEMO_AUDIENCE, disclose), NOW + 5).unwrap()
    }

    pub fn verifier_with(&self, policy: VerifierPolicy) -> Verifier {
        Verifier::new(self.verifier.trust_list().clone(), policy).with_clock(self.clock.clone())
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Fixture::new()
    }
}
