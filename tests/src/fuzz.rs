//! What each fuzz target runs (fuzz/fuzz_targets/*.rs), shared with the regression test that
//! replays the committed corpora under the normal `cargo test` (tests/tests/fuzz_corpus.rs).
//!
//! Everything is built from fixed keys, salts and times, so the seeds are reproducible and the
//! regression test can tell a known-valid seed from anything else.
//!
//! Targets whose input is signed have two modes, chosen by the input's first byte:
//! - even: the rest is hostile input as received (QR text, or token bytes);
//! - odd: the rest is token bytes that the harness **re-signs** with the fixture's keys before
//!   checking, so the fuzzer also reaches every check after the signatures (what a malicious
//!   holder, a misbehaving registered verifier, or a buggy issuer can produce).

use std::sync::{Arc, OnceLock};

use citizen_wallet::PublicKey;
use citizen_wallet::clock::SigningPeriod;
use citizen_wallet::holder::{KeyAttestation, PresentationSigner};
use citizen_wallet::internal::SeededRandom;
use citizen_wallet::internal::cose::cbor::{self, Limits, Value};
use citizen_wallet::internal::cose::claims_set::ClaimsSet;
use citizen_wallet::internal::cose::key;
use citizen_wallet::internal::cose::sign1::{self, Sign1};
use citizen_wallet::internal::cose::{Disclosure, Kbt, SdCwt, header, redaction};
use citizen_wallet::request::{REQUEST_LIMITS, RequestToken, create_request_with, read_request, read_request_bytes};
use citizen_wallet::status::{StatusList, StatusListToken, StatusStore, TOKEN_LIMITS, VerifiedStatusList};
use citizen_wallet::trust::BUNDLE_LIMITS;
use citizen_wallet::verifier::{MemoryReplayCache, PRESENTATION_LIMITS};
use citizen_wallet::{
    AnchorKey, ClaimName, Credential, DocType, ExpiryPolicy, FixedClock, HolderKey, IssueRequest, Issuer, IssuerConfig,
    IssuerKey, PresentationRequest, RegisteredVerifier, RequestSpec, RequestView, TrustAnchor, TrustBundle, TrustList,
    TrustState, VerifiedBundle, Verifier, VerifierKey, VerifierPolicy, VerifierRegistry, demo, present,
    present_for_request,
};
use ed25519_dalek::{Signer, SigningKey};

/// Issuance time of every fixture credential, request and status list (2026-06-01T00:00:00Z).
pub const FUZZ_NOW: i64 = 1_780_272_000;
/// When presentations are made and requests read.
pub const PRESENTED_AT: i64 = FUZZ_NOW + 5;
/// When the counter verifies.
pub const VERIFIED_AT: i64 = FUZZ_NOW + 10;
pub const AUDIENCE: &str = "https://bank.example.vn/hn-07";
const ISSUER_SECRET: [u8; 32] = [1; 32];
const HOLDER_SECRET: [u8; 32] = [2; 32];
/// The P-256 holder key of the hardware-key seeds (RFC 6979 signatures: the seeds are reproducible).
const P256_HOLDER_SECRET: [u8; 32] = [3; 32];
const VERIFIER_SECRET: [u8; 32] = [21; 32];
const BANK_ID: &str = "https://bank.example.vn";
const ANCHOR_SECRET: [u8; 32] = [31; 32];
const SUCCESSOR_ANCHOR_SECRET: [u8; 32] = [32; 32];

/// The fixed world the targets run in.
pub struct World {
    pub issuer: Issuer,
    pub holder: HolderKey,
    pub identity: Credential,
    pub residence: Credential,
    /// An identity credential bound to the P-256 holder key (a key in phone secure hardware).
    pub es256_identity: Credential,
    pub trust: TrustList,
    pub registry: VerifierRegistry,
    pub bank: VerifierKey,
    /// A signed status list with entry 3 (the fixture credentials') valid and entry 5 revoked.
    pub status_token: Vec<u8>,
    /// The trust anchor pinned by the `trust_bundle` target.
    pub anchor: AnchorKey,
    verifier: Verifier,
}

pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(World::new)
}

impl World {
    fn new() -> World {
        let mut config = IssuerConfig::new(demo::DEMO_ISS);
        config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
        let issuer = Issuer::new(IssuerKey::from_secret("fz-1", &ISSUER_SECRET).unwrap(), config).unwrap();
        let holder = HolderKey::from_secret(&HOLDER_SECRET);
        let record = demo::sample_record();
        let mut salts = SeededRandom::new(b"fuzz salts");
        let mut issue = |doc_type| {
            let request = IssueRequest {
                record: &record,
                doc_type,
                holder_key: holder.public_key().into(),
                status_index: Some(3),
            };
            citizen_wallet::internal::issue_with(&issuer, &request, FUZZ_NOW, &mut salts).unwrap()
        };
        let (identity, residence) = (issue(DocType::Identity), issue(DocType::Residence));
        let request = IssueRequest {
            record: &record,
            doc_type: DocType::Identity,
            holder_key: P256Holder.public_key(),
            status_index: Some(3),
        };
        let es256_identity = citizen_wallet::internal::issue_with(&issuer, &request, FUZZ_NOW, &mut salts).unwrap();
        let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
        let mut list = StatusList::new(2, 64).unwrap();
        list.set(5, 1).unwrap();
        let status_token = issuer.sign_status_list(&list, FUZZ_NOW, 86_400, Some(3_600)).unwrap();
        let store = StatusStore::new(trust.clone());
        store.insert(&status_token).unwrap();
        let verifier = Verifier::new(trust.clone(), VerifierPolicy::for_audience(AUDIENCE))
            .with_clock(Arc::new(FixedClock::new(VERIFIED_AT)))
            .with_status_store(Arc::new(store));
        let bank = VerifierKey::from_secret("bank-1", &VERIFIER_SECRET).unwrap();
        let registry = VerifierRegistry::new(vec![RegisteredVerifier {
            id: BANK_ID.into(),
            kid: "bank-1".into(),
            name: "Ngân hàng Ví dụ".into(),
            public_key: bank.public_key(),
            claims: vec![ClaimName::FullName, ClaimName::DateOfBirth, ClaimName::AgeOver(18)],
            purposes: Some(vec!["Mở tài khoản".into()]),
            valid: SigningPeriod::ALWAYS,
        }])
        .unwrap();
        let anchor = AnchorKey::from_secret("anchor-1", &ANCHOR_SECRET).unwrap();
        World {
            issuer,
            holder,
            identity,
            residence,
            es256_identity,
            trust,
            registry,
            bank,
            status_token,
            anchor,
            verifier,
        }
    }

    /// A verifier at [`VERIFIED_AT`] with the status list and a fresh replay cache (each call sees
    /// the input alone); `None`: the policy for [`AUDIENCE`].
    pub fn verifier(&self, policy: Option<VerifierPolicy>) -> Verifier {
        let verifier = match policy {
            Some(policy) => Verifier::new(self.trust.clone(), policy)
                .with_clock(Arc::new(FixedClock::new(VERIFIED_AT)))
                .with_status_store(self.verifier.status_store().expect("set").clone()),
            None => self.verifier.clone(),
        };
        verifier.with_replay_cache(Arc::new(MemoryReplayCache::default()))
    }

    fn sign_as_issuer(&self, message: &[u8]) -> Vec<u8> {
        SigningKey::from_bytes(&ISSUER_SECRET).sign(message).to_bytes().to_vec()
    }

    fn sign_as_holder(&self, message: &[u8]) -> Vec<u8> {
        SigningKey::from_bytes(&HOLDER_SECRET).sign(message).to_bytes().to_vec()
    }

    fn pinned_anchors(&self) -> Vec<TrustAnchor> {
        vec![anchor_of(&self.anchor)]
    }

    fn sign_as_anchor(&self, message: &[u8]) -> Vec<u8> {
        SigningKey::from_bytes(&ANCHOR_SECRET).sign(message).to_bytes().to_vec()
    }

    fn sign_as_bank(&self, message: &[u8]) -> Vec<u8> {
        SigningKey::from_bytes(&VERIFIER_SECRET).sign(message).to_bytes().to_vec()
    }
}

fn anchor_of(key: &AnchorKey) -> TrustAnchor {
    TrustAnchor::new(key.kid(), key.public_key()).expect("a valid anchor kid")
}

/// The fixture's P-256 holder key, as a platform signer would use it.
struct P256Holder;

impl PresentationSigner for P256Holder {
    fn public_key(&self) -> PublicKey {
        PublicKey::P256(*p256::ecdsa::SigningKey::from_slice(&P256_HOLDER_SECRET).unwrap().verifying_key())
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, citizen_wallet::PresentError> {
        let key = p256::ecdsa::SigningKey::from_slice(&P256_HOLDER_SECRET).unwrap();
        let signature: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(&key, message);
        Ok(signature.to_bytes().to_vec())
    }
}

/// One seed input of a target.
pub struct Seed {
    pub target: &'static str,
    pub name: String,
    pub data: Vec<u8>,
}

/// The fuzz targets, by name (the folder names under fuzz/corpus).
pub const TARGETS: [&str; 6] = ["verify_qr", "request", "status_list", "cbor", "trust_bundle", "qr_frame"];

/// Valid inputs for every target, in both modes where a target has two.
pub fn seeds() -> Vec<Seed> {
    let w = world();
    let mut out = Vec::new();
    let mut add = |target: &'static str, name: String, data: Vec<u8>| out.push(Seed { target, name, data });
    let id = &w.identity;
    let sets: [(&str, &Credential, Vec<ClaimName>); 5] = [
        ("identity-none", id, vec![]),
        ("identity-name", id, vec![ClaimName::FullName]),
        ("identity-three", id, vec![ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)]),
        ("identity-all", id, id.info().claims.clone()),
        ("residence-all", &w.residence, w.residence.info().claims.clone()),
    ];
    for (name, credential, disclose) in sets {
        let mut request = PresentationRequest::new(AUDIENCE, &disclose);
        if name == "identity-three" {
            request.nonce = Some(vec![7; 16]);
        }
        let p = present(credential, &w.holder, &request, PRESENTED_AT).unwrap();
        add("verify_qr", format!("text-{name}"), [&[0u8][..], p.qr_text.as_bytes()].concat());
        add("verify_qr", format!("resign-{name}"), [&[1u8][..], &p.kbt].concat());
        add("cbor", format!("kbt-{name}"), p.kbt.clone());
    }
    // A presentation with an ES256 holder key (a key in phone secure hardware), and its COSE_Key.
    let es256_request =
        PresentationRequest::new(AUDIENCE, &[ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)]);
    let p = present(&w.es256_identity, &P256Holder, &es256_request, PRESENTED_AT).unwrap();
    add("verify_qr", "text-es256-holder-three".into(), [&[0u8][..], p.qr_text.as_bytes()].concat());
    add("cbor", "kbt-es256-holder-three".into(), p.kbt.clone());
    add("cbor", "cose-key-p256".into(), P256Holder.public_key().to_cose_key().to_vec());
    let p384 = p384::ecdsa::SigningKey::from_slice(&[4; 48]).unwrap();
    add("cbor", "cose-key-p384".into(), PublicKey::P384(*p384.verifying_key()).to_cose_key().to_vec());
    let attestation = KeyAttestation::AndroidKeyChain(vec![vec![0x30, 0x03, 0x02, 0x01, 0x01]; 3]);
    let (label, value) = attestation.header_entry().unwrap();
    add(
        "cbor",
        "attestation-header".into(),
        Value::Map(vec![(Value::int(1), Value::int(-7)), (label, value)]).to_vec(),
    );
    add("cbor", "credential-identity".into(), w.identity.to_bytes().to_vec());
    add("cbor", "credential-residence".into(), w.residence.to_bytes().to_vec());
    for (i, d) in citizen_wallet::internal::sd_cwt(&w.identity).disclosures.iter().enumerate() {
        add("cbor", format!("disclosure-{i}"), d.encoded().to_vec());
    }

    let stranger = VerifierKey::from_secret("shop-9", &[77; 32]).unwrap();
    let requests = [
        ("registered", &w.bank, vec![ClaimName::FullName, ClaimName::AgeOver(18)], "Mở tài khoản"),
        ("over-asking", &w.bank, vec![ClaimName::FullName, ClaimName::Religion, ClaimName::Sex], "Khảo sát"),
        ("unverified", &stranger, vec![ClaimName::DateOfBirth], "Giao hàng"),
    ];
    for (i, (name, key, claims, purpose)) in requests.into_iter().enumerate() {
        let id = if name == "unverified" { "https://shop.example" } else { BANK_ID };
        let mut spec = RequestSpec::new(id, "Counter 7", purpose, &claims);
        if name != "unverified" {
            spec.audience = AUDIENCE.into();
        }
        let mut rng = SeededRandom::new(&[b'r', i as u8]);
        let request = create_request_with(key, &spec, FUZZ_NOW, &mut rng).unwrap();
        add("request", format!("text-{name}"), [&[0u8][..], request.qr_text.as_bytes()].concat());
        add("request", format!("resign-{name}"), [&[1u8][..], &request.token].concat());
        add("cbor", format!("request-{name}"), request.token);
    }

    add("status_list", "raw-token".into(), [&[0u8][..], &w.status_token].concat());
    add("status_list", "resign-token".into(), [&[1u8][..], &w.status_token].concat());
    let list = StatusListToken::from_bytes(&w.status_token).unwrap().claims_unverified().unwrap().list;
    add(
        "status_list",
        "list-cbor".into(),
        [&[2u8][..], &citizen_wallet::internal::status_list_to_cbor(&list).to_vec()].concat(),
    );
    add("cbor", "status-token".into(), w.status_token.clone());

    // Trust bundles: the fixture's issuers and registered bank, one keeping its anchor and one
    // naming a successor (anchor rotation).
    let successor = AnchorKey::from_secret("anchor-2", &SUCCESSOR_ANCHOR_SECRET).unwrap();
    let mut rotating = TrustBundle::new(2, FUZZ_NOW, 7 * 86_400, w.trust.clone(), w.registry.clone());
    rotating.next_anchors = Some(vec![anchor_of(&w.anchor), anchor_of(&successor)]);
    let bundles = [
        ("plain", TrustBundle::new(1, FUZZ_NOW, 7 * 86_400, w.trust.clone(), w.registry.clone())),
        ("rotating", rotating),
    ];
    for (name, bundle) in bundles {
        let bytes = bundle.sign(&w.anchor).unwrap();
        add("trust_bundle", format!("raw-{name}"), [&[0u8][..], &bytes].concat());
        add("trust_bundle", format!("resign-{name}"), [&[1u8][..], &bytes].concat());
        add("cbor", format!("trust-bundle-{name}"), bytes);
    }
    for (name, text, px) in QR_FRAME_SEEDS {
        add("qr_frame", name.into(), qr_frame_seed(text, px));
    }
    out
}

/// `qr_frame` seeds: (file name, QR text, pixels per module). A short presentation-like text
/// (alphanumeric mode) and a printed card's (byte mode, Vietnamese UTF-8).
pub const QR_FRAME_SEEDS: [(&str, &str, usize); 3] = [
    ("alnum-2px", "CW1:NCF3QBXVEV3E8A0", 2),
    ("alnum-3px", "CW1:NCF3QBXVEV3E8A0", 3),
    ("card-2px", "079190001234||Nguyễn Thị A|15051990|Nữ|Hà Nội|10042021", 2),
];

/// A `qr_frame` input: two bytes of width (little-endian), then the grey pixels, rows top to
/// bottom (dark modules 30, light 220).
pub fn qr_frame_seed(text: &str, px: usize) -> Vec<u8> {
    // fast_qr picks the mode: alphanumeric for the first texts, byte for the card's.
    let code = fast_qr::QRBuilder::new(text.as_bytes()).ecl(fast_qr::ECL::M).build().unwrap();
    let (side, quiet) = (code.size, 4);
    let modules: Vec<bool> = code.data[..side * side].iter().map(|m| m.value()).collect();
    let width = (side + 2 * quiet) * px;
    let mut out = (width as u16).to_le_bytes().to_vec();
    for y in 0..width {
        for x in 0..width {
            let (mx, my) = ((x / px).wrapping_sub(quiet), (y / px).wrapping_sub(quiet));
            let dark = mx < side && my < side && modules[my * side + mx];
            out.push(if dark { 30 } else { 220 });
        }
    }
    out
}

/// Target `qr_frame`: grey pixels through the QR decoder (rxing's detectors, rqrr's error
/// correction), both the quick search for camera frames and the thorough one for pictures; the
/// text either read, if any. The input is two bytes of width, then the pixels; the height is what
/// the bytes fill.
pub fn qr_frame(data: &[u8]) -> Option<String> {
    let (head, luma) = data.split_at_checked(2)?;
    let width = u16::from_le_bytes([head[0], head[1]]) as usize;
    if width == 0 || luma.len() < width {
        return None;
    }
    let height = luma.len() / width;
    let luma = &luma[..width * height];
    let quick = citizen_wallet::qr::decode_luma(luma, width, height).ok();
    let thorough = citizen_wallet::internal::decode_luma_with(luma.to_vec(), width, height, true).ok();
    thorough.or(quick)
}

/// Target `verify_qr`: presentation QR text (or re-signed KBT bytes) through the verifier, single
/// and batch. Panics (a finding) if an input the harness did not sign verifies without being one of
/// the seed presentations: that would be a forgery.
pub fn verify_qr(data: &[u8]) {
    static KNOWN: OnceLock<Vec<[u8; 32]>> = OnceLock::new();
    only_seeds_accepted(&KNOWN, "verify_qr", verify_qr_outcome, data, "a presentation");
}

/// The valid outcomes of a target's seeds.
fn seed_outcomes<T>(target: &str, run: fn(&[u8]) -> Option<T>) -> Vec<T> {
    seeds().iter().filter(|s| s.target == target).filter_map(|s| run(&s.data)).collect()
}

/// The check every signed-input target makes: what `outcome` accepted from `data` (an input the
/// harness did not sign) must be one of the seeds' outcomes (`known`, computed once), else it is a
/// forgery and the run stops with the input in hex.
fn only_seeds_accepted<T: PartialEq>(
    known: &'static OnceLock<Vec<T>>,
    target: &str,
    outcome: fn(&[u8]) -> Option<T>,
    data: &[u8],
    what: &str,
) {
    if let Some(accepted) = outcome(data) {
        let known = known.get_or_init(|| seed_outcomes(target, outcome));
        assert!(known.contains(&accepted), "accepted {what} that is no seed: {}", hex::encode(data));
    }
}

/// What [`verify_qr`] checks: the presentation id when an input the harness did not sign was accepted.
pub fn verify_qr_outcome(data: &[u8]) -> Option<[u8; 32]> {
    let w = world();
    let (&mode, rest) = data.split_first()?;
    let verifier = w.verifier(None);
    if mode % 2 == 0 {
        let text = std::str::from_utf8(rest).ok()?;
        let single = verifier.verify(text);
        // Batch verification must give exactly what single verification gives.
        let batch = w.verifier(None).verify_batch(&[text]).pop().expect("one result per input");
        assert_eq!(single, batch, "verify_batch differs from verify");
        let _ = w.verifier(None).scan(text);
        return single.ok().map(|p| p.presentation_id);
    }
    let raw = verifier.verify_kbt(rest);
    if let Some(resigned) = resign_kbt(w, rest) {
        let _ = w.verifier(None).verify_kbt(&resigned);
    }
    raw.ok().map(|p| p.presentation_id)
}

/// The KBT in `bytes` with the credential re-signed by the issuer and the KBT by the holder.
pub fn resign_kbt(w: &World, bytes: &[u8]) -> Option<Vec<u8>> {
    let kbt = Kbt::from_bytes(bytes, PRESENTATION_LIMITS).ok()?;
    let mut credential = kbt.sd_cwt.sign1.clone();
    credential.signature = w.sign_as_issuer(&credential.to_be_signed());
    let mut protected = Vec::new();
    cbor::write_head(5, kbt.protected.len() as u64 + 1, &mut protected);
    for (k, v) in &kbt.protected {
        cbor::encode_into(k, &mut protected);
        cbor::encode_into(v, &mut protected);
    }
    cbor::encode_into(&Value::int(header::KCWT), &mut protected);
    credential.encode_into(&mut protected);
    let mut outer = kbt.sign1.clone();
    outer.protected = protected;
    outer.signature = w.sign_as_holder(&outer.to_be_signed());
    Some(outer.to_vec())
}

/// Target `request`: request QR text (or re-signed token bytes) through the wallet's checks; an
/// accepted request is answered and the answer verified by the counter that asked. Panics if an
/// input the harness did not sign is accepted as registered without being one of the seed requests.
pub fn request(data: &[u8]) {
    static KNOWN: OnceLock<Vec<RequestView>> = OnceLock::new();
    only_seeds_accepted(&KNOWN, "request", request_outcome, data, "a registered request");
}

/// What [`request`] checks: the view when an input the harness did not sign was accepted as registered.
pub fn request_outcome(data: &[u8]) -> Option<RequestView> {
    let w = world();
    let (&mode, rest) = data.split_first()?;
    let raw = if mode % 2 == 0 {
        read_request(std::str::from_utf8(rest).ok()?, &w.registry, PRESENTED_AT)
    } else {
        let raw = read_request_bytes(rest, &w.registry, PRESENTED_AT);
        if let Some(view) = resign_request(w, rest).and_then(|t| read_request_bytes(&t, &w.registry, PRESENTED_AT).ok())
        {
            answer(w, &view);
        }
        raw
    };
    let view = raw.ok()?;
    answer(w, &view);
    view.is_verified().then_some(view)
}

fn resign_request(w: &World, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut sign1 = Sign1::from_bytes(bytes, REQUEST_LIMITS).ok()?;
    sign1.signature = w.sign_as_bank(&sign1::to_be_signed(&sign1.protected, &sign1.payload));
    let token = sign1.to_vec();
    let _ = RequestToken::from_bytes(&token).map(|t| t.claims());
    Some(token)
}

/// Whatever an accepted request asks, the wallet's answer must verify at the counter that asked.
fn answer(w: &World, view: &RequestView) {
    let held = &w.identity.info().claims;
    let approved: Vec<ClaimName> = view.requested.iter().filter(|c| held.contains(c)).copied().collect();
    let presentation = present_for_request(&w.identity, &w.holder, view, &approved, PRESENTED_AT)
        .expect("an accepted request can be answered with requested claims the credential holds");
    let policy = VerifierPolicy {
        audience: Some(view.audience.clone()),
        nonce: Some(view.nonce.clone()),
        ..VerifierPolicy::default()
    };
    let verified = w.verifier(Some(policy)).verify(&presentation.qr_text);
    let verified = verified.expect("the answer to an accepted request verifies at the counter that asked");
    assert_eq!(verified.claims.len(), approved.len());
}

/// Target `status_list`: mode 0 a Status List Token as received, 1 re-signed by the issuer, 2 a
/// bare CBOR StatusList. Panics if a token the harness did not sign verifies without being the seed's.
pub fn status_list(data: &[u8]) {
    static KNOWN: OnceLock<Vec<VerifiedStatusList>> = OnceLock::new();
    only_seeds_accepted(&KNOWN, "status_list", status_list_outcome, data, "a status list");
}

/// What [`status_list`] checks: the verified list when a token the harness did not sign was accepted.
pub fn status_list_outcome(data: &[u8]) -> Option<VerifiedStatusList> {
    let w = world();
    let (&mode, rest) = data.split_first()?;
    match mode % 3 {
        0 => {
            let token = StatusListToken::from_bytes(rest).ok()?;
            let _ = token.claims_unverified();
            let verified = token.verify(&w.trust).ok()?;
            let store = StatusStore::new(w.trust.clone());
            store.insert(rest).expect("a token that verifies can be stored");
            Some(verified)
        }
        1 => {
            let mut sign1 = Sign1::from_bytes(rest, TOKEN_LIMITS).ok()?;
            sign1.signature = w.sign_as_issuer(&sign1.to_be_signed());
            let resigned = sign1.to_vec();
            if let Ok(verified) = StatusListToken::from_bytes(&resigned).and_then(|t| t.verify(&w.trust)) {
                let list = &verified.claims.list;
                for index in [0, 3, list.len() as u64, u64::MAX] {
                    let _ = (list.get(index), list.status(index));
                }
                let _ = StatusStore::new(w.trust.clone()).insert(&resigned);
            }
            None
        }
        _ => {
            if let Ok(value) = cbor::decode(rest, TOKEN_LIMITS) {
                let _ = citizen_wallet::internal::status_list_from_cbor(&value);
            }
            for bits in [1, 2, 4, 8] {
                let _ = StatusList::decompress(bits, rest);
            }
            None
        }
    }
}

/// Target `trust_bundle`: mode 0 a trust bundle as received, 1 re-signed by the pinned anchor (so
/// every rule after the signature is reached). Panics if a bundle the harness did not sign is
/// accepted without being a seed's, or if an accepted bundle does not survive a save and restore,
/// is not refused the second time (rollback), or could not be signed again as read.
pub fn trust_bundle(data: &[u8]) {
    static KNOWN: OnceLock<Vec<VerifiedBundle>> = OnceLock::new();
    only_seeds_accepted(&KNOWN, "trust_bundle", trust_bundle_outcome, data, "a trust bundle");
}

/// What [`trust_bundle`] checks: the verified bundle when one the harness did not sign was accepted.
pub fn trust_bundle_outcome(data: &[u8]) -> Option<VerifiedBundle> {
    let w = world();
    let (&mode, rest) = data.split_first()?;
    if mode % 2 == 0 {
        return accept_bundle(w, rest);
    }
    let mut sign1 = Sign1::from_bytes(rest, BUNDLE_LIMITS).ok()?;
    sign1.signature = w.sign_as_anchor(&sign1.to_be_signed());
    if let Some(accepted) = accept_bundle(w, &sign1.to_vec()) {
        // What a reader accepts, the signer writes: signing the bundle as read gives the same bundle.
        let again = accepted.bundle.sign(&w.anchor).expect("an accepted bundle can be signed again");
        let reread = TrustBundle::verify(&again, &w.pinned_anchors(), VERIFIED_AT, ExpiryPolicy::Reject)
            .expect("a bundle signed again verifies");
        assert_eq!(reread.bundle, accepted.bundle, "sign(verify(bundle)) changed the bundle");
    }
    None
}

/// A fresh trust state pinned to the fixture's anchor takes `bytes`; an accepted bundle must
/// survive a save and restore and be refused when offered again.
fn accept_bundle(w: &World, bytes: &[u8]) -> Option<VerifiedBundle> {
    let mut state = TrustState::new(w.pinned_anchors()).expect("one pinned anchor");
    let warned =
        TrustState::new(w.pinned_anchors()).expect("one pinned anchor").update(bytes, VERIFIED_AT, ExpiryPolicy::Warn);
    let update = state.update(bytes, VERIFIED_AT, ExpiryPolicy::Reject);
    if update.is_ok() {
        assert!(warned.is_ok(), "the warning policy refused what the strict one accepted");
    }
    update.ok()?;
    let current = state.current().expect("an accepted bundle is current").clone();
    let restored = TrustState::restore(w.pinned_anchors(), &state.to_bytes()).expect("a saved state restores");
    assert_eq!(restored.current(), Some(&current), "the restored state holds another bundle");
    // Offered again, it is refused: as a rollback, or, when it handed trust to other anchors
    // (rotation, perhaps under the same kid), because its own signer is no longer trusted.
    let mut restored = restored;
    let again = restored.update(bytes, VERIFIED_AT, ExpiryPolicy::Reject);
    assert!(again.is_err(), "the same bundle was accepted twice, after a restart");
    Some(current)
}

/// Target `cbor`: the codec under several limits (a decoded item must re-encode to bytes that
/// decode to the same item), and every parser built on it.
pub fn cbor(data: &[u8]) {
    let limit_sets = [
        Limits::default(),
        REQUEST_LIMITS,
        TOKEN_LIMITS,
        Limits { max_depth: 1, max_items: 0 },
        Limits { max_depth: 64, max_items: 1024 },
    ];
    for limits in limit_sets {
        if let Ok(value) = cbor::decode(data, limits) {
            let encoded = value.to_vec();
            let again = cbor::decode(&encoded, limits).expect("the encoding of a decoded item decodes");
            assert_eq!(again.to_vec(), encoded, "re-encoding is not stable");
            let _ = ClaimsSet::from_map(&value);
            let _ = redaction::count_digests(&value);
            // Keys of every accepted type: a parsed key re-encodes to itself.
            if let Ok(public) = PublicKey::from_cose_key(&value) {
                let again = PublicKey::from_cose_key(&public.to_cose_key()).expect("a written COSE_Key parses");
                assert_eq!(again, public, "COSE_Key round trip");
                assert_eq!(PublicKey::from_bytes(&public.to_bytes()).ok(), Some(public), "raw key round trip");
                let _ = public.thumbprint();
            }
            let _ = key::key_from_cnf(&value);
            let _ = KeyAttestation::from_protected(&value);
            let _ = format!("{value:?}");
        }
    }
    if let Ok(sign1) = Sign1::from_bytes(data, PRESENTATION_LIMITS) {
        let _ = sign1.protected_map(PRESENTATION_LIMITS);
        let _ = (sign1.to_be_signed(), sign1.to_vec());
    }
    if let Ok(sd_cwt) = SdCwt::from_bytes(data, PRESENTATION_LIMITS)
        && let Ok(payload) = sd_cwt.payload(PRESENTATION_LIMITS)
    {
        let _ = redaction::reconstruct(&payload, &sd_cwt.disclosures);
        let _ = redaction::locate(&payload, &sd_cwt.disclosures);
    }
    if let Ok(kbt) = Kbt::from_bytes(data, PRESENTATION_LIMITS) {
        let _ = kbt.payload(PRESENTATION_LIMITS);
        // The holder key and the algorithm check, on whatever the KBT carries.
        if let Ok(payload) = kbt.sd_cwt.payload(PRESENTATION_LIMITS)
            && let Some(Ok(holder)) = payload.get_int(citizen_wallet::internal::cose::claim::CNF).map(key::key_from_cnf)
            && let Ok(alg) = key::signing_algorithm(&kbt.protected_map(), &holder)
        {
            let _ = key::verify(&holder, alg, &kbt.sign1.to_be_signed(), &kbt.sign1.signature);
        }
    }
    let _ = PublicKey::from_bytes(data);
    let _ = Disclosure::parse(data, PRESENTATION_LIMITS).map(|d| d.digest());
    if let Ok(credential) = Credential::from_bytes(data) {
        let _ = credential.claims();
        let names = credential.info().claims.clone();
        let _ = credential.disclosures_for(&names);
    }
    let _ = RequestToken::from_bytes(data).map(|t| t.claims());
    let _ = StatusListToken::from_bytes(data).map(|t| t.claims_unverified());
}
