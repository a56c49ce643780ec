//! Signed trust end to end: bundles signed by a trust anchor, verified against pinned anchors;
//! rollback refused (also after a restart, in a counter's folder and in the wallet); expiry by
//! policy; anchor rotation; issuer and verifier key rotation and removal.

mod common;

use std::sync::Arc;

use citizen_wallet::clock::SigningPeriod;
use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::internal::{self, SeededRandom};
use citizen_wallet::request::read_request;
use citizen_wallet::trust::{STATE_FILE, TrustUpdate};
use citizen_wallet::{
    AnchorKey, ClaimName, DocType, ExpiryPolicy, FixedClock, IssueRequest, Issuer, IssuerConfig, IssuerKey,
    PresentationRequest, RequestSpec, Requester, TrustAnchor, TrustBundle, TrustError, TrustList, TrustState,
    TrustStore, TrustWarning, Verifier, VerifierKey, VerifierPolicy, VerifyError, WalletError, create_request, present,
};
use citizen_wallet::{RegisteredVerifier, VerifierRegistry};

const NOW: i64 = 1_780_272_000;
const DAY: i64 = 86_400;
const WEEK: u64 = 7 * 86_400;
const BANK_ID: &str = "https://bank.example.vn";

fn anchor_key(kid: &str, seed: u8) -> AnchorKey {
    AnchorKey::from_secret(kid, &[seed; 32]).unwrap()
}

fn anchor(key: &AnchorKey) -> TrustAnchor {
    TrustAnchor::new(key.kid(), key.public_key()).unwrap()
}

fn issuer(kid: &str, seed: u8) -> Issuer {
    Issuer::new(IssuerKey::from_secret(kid, &[seed; 32]).unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap()
}

fn bank_key(kid: &str, seed: u8) -> VerifierKey {
    VerifierKey::from_secret(kid, &[seed; 32]).unwrap()
}

fn bank_entry(key: &VerifierKey, valid: SigningPeriod) -> RegisteredVerifier {
    RegisteredVerifier {
        id: BANK_ID.into(),
        kid: key.kid().into(),
        name: "Ngân hàng Ví dụ".into(),
        public_key: key.public_key(),
        claims: vec![ClaimName::FullName, ClaimName::AgeOver(18)],
        purposes: None,
        valid,
    }
}

/// A bundle with the demo issuer and the bank, issued at `iat`.
fn bundle(seq: u64, iat: i64) -> TrustBundle {
    let issuers = TrustList::new(vec![issuer("k1", 1).trusted_issuer()]).unwrap();
    let verifiers = VerifierRegistry::new(vec![bank_entry(&bank_key("bank-1", 21), SigningPeriod::ALWAYS)]).unwrap();
    TrustBundle::new(seq, iat, WEEK, issuers, verifiers)
}

fn code(e: TrustError) -> &'static str {
    e.code()
}

#[test]
fn a_bundle_signed_by_a_pinned_anchor_verifies_and_keeps_both_lists() {
    let root = anchor_key("root-1", 7);
    let bytes = bundle(1, NOW).sign(&root).unwrap();
    let verified = TrustBundle::verify(&bytes, &[anchor(&root)], NOW + 10, ExpiryPolicy::Reject).unwrap();
    assert_eq!(verified.bundle, bundle(1, NOW));
    assert_eq!(verified.anchor_kid, "root-1");
    assert_eq!(verified.bundle.expires_at, NOW + WEEK as i64);
    assert!(verified.bundle.issuers.get("k1").is_some() && verified.bundle.verifiers.get("bank-1").is_some());
    assert_eq!(verified.warning, None);
}

#[test]
fn a_tampered_bundle_and_a_bundle_from_another_key_are_refused() {
    let root = anchor_key("root-1", 7);
    let bytes = bundle(1, NOW).sign(&root).unwrap();
    let pinned = [anchor(&root)];
    // Flip one bit in the payload (the issuer key bytes sit in its middle).
    let mut tampered = bytes.clone();
    let at = tampered.len() / 2;
    tampered[at] ^= 1;
    let refused = TrustBundle::verify(&tampered, &pinned, NOW, ExpiryPolicy::Reject).unwrap_err();
    assert!(matches!(code(refused.clone()), "bad_trust_bundle_signature" | "malformed_trust_bundle"), "{refused:?}");
    // The same kid with another key: the signature fails.
    let impostor = anchor_key("root-1", 8);
    let forged = bundle(2, NOW).sign(&impostor).unwrap();
    assert_eq!(
        code(TrustBundle::verify(&forged, &pinned, NOW, ExpiryPolicy::Reject).unwrap_err()),
        "bad_trust_bundle_signature"
    );
    // Another kid: not an anchor at all.
    let stranger = anchor_key("root-x", 9);
    let foreign = bundle(2, NOW).sign(&stranger).unwrap();
    assert_eq!(
        TrustBundle::verify(&foreign, &pinned, NOW, ExpiryPolicy::Reject).unwrap_err(),
        TrustError::UnknownAnchor { kid: "root-x".into() }
    );
    // Not a bundle at all, and truncated.
    assert_eq!(
        code(TrustBundle::verify(b"{}", &pinned, NOW, ExpiryPolicy::Reject).unwrap_err()),
        "malformed_trust_bundle"
    );
    assert_eq!(
        code(TrustBundle::verify(&bytes[..bytes.len() - 1], &pinned, NOW, ExpiryPolicy::Reject).unwrap_err()),
        "malformed_trust_bundle"
    );
}

#[test]
fn a_bundle_dated_in_the_future_or_with_too_long_a_life_is_refused() {
    let root = anchor_key("root-1", 7);
    let pinned = [anchor(&root)];
    let future = bundle(1, NOW + DAY).sign(&root).unwrap();
    assert_eq!(
        code(TrustBundle::verify(&future, &pinned, NOW, ExpiryPolicy::Reject).unwrap_err()),
        "trust_bundle_not_yet_valid"
    );
    let mut long = bundle(1, NOW);
    long.expires_at = NOW + 365 * DAY;
    assert_eq!(code(long.sign(&root).unwrap_err()), "invalid_trust_settings");
}

#[test]
fn rollback_is_refused_also_after_a_restart_of_the_counter() {
    let root = anchor_key("root-1", 7);
    let dir = tempfile::tempdir().unwrap();
    let (b1, b2) = (bundle(1, NOW).sign(&root).unwrap(), bundle(2, NOW + 10).sign(&root).unwrap());
    let store = TrustStore::open(dir.path(), vec![anchor(&root)], ExpiryPolicy::Reject).unwrap();
    assert_eq!(
        store.update(&b1, NOW + 20).unwrap(),
        TrustUpdate { seq: 1, previous_seq: None, anchors_changed: false }
    );
    assert_eq!(store.update(&b2, NOW + 20).unwrap().previous_seq, Some(1));
    assert_eq!(store.update(&b1, NOW + 20).unwrap_err(), TrustError::Rollback { seq: 1, held: 2 });
    assert_eq!(store.update(&b2, NOW + 20).unwrap_err(), TrustError::Rollback { seq: 2, held: 2 });
    drop(store);

    let reopened = TrustStore::open(dir.path(), vec![anchor(&root)], ExpiryPolicy::Reject).unwrap();
    assert_eq!(reopened.current(NOW + 30).unwrap().bundle.seq, 2);
    assert_eq!(reopened.update(&b1, NOW + 30).unwrap_err(), TrustError::Rollback { seq: 1, held: 2 });
}

#[test]
fn a_bad_update_never_replaces_a_good_bundle() {
    let root = anchor_key("root-1", 7);
    let dir = tempfile::tempdir().unwrap();
    let store = TrustStore::open(dir.path(), vec![anchor(&root)], ExpiryPolicy::Reject).unwrap();
    store.update(&bundle(1, NOW).sign(&root).unwrap(), NOW).unwrap();
    let saved = std::fs::read(dir.path().join(STATE_FILE)).unwrap();
    let forged = bundle(5, NOW).sign(&anchor_key("root-1", 8)).unwrap();
    assert_eq!(code(store.update(&forged, NOW).unwrap_err()), "bad_trust_bundle_signature");
    let expired = bundle(6, NOW - 30 * DAY).sign(&root).unwrap();
    assert_eq!(code(store.update(&expired, NOW).unwrap_err()), "trust_bundle_expired");
    assert_eq!(store.current(NOW).unwrap().bundle.seq, 1);
    assert_eq!(std::fs::read(dir.path().join(STATE_FILE)).unwrap(), saved);
    // A state file that was tampered with does not open quietly as an empty store.
    let mut damaged = saved.clone();
    let at = damaged.len() - 10;
    damaged[at] ^= 1;
    std::fs::write(dir.path().join(STATE_FILE), &damaged).unwrap();
    let reopened = TrustStore::open(dir.path(), vec![anchor(&root)], ExpiryPolicy::Reject).unwrap();
    assert_eq!(reopened.current(NOW).unwrap_err(), TrustError::NoBundle);
    // ...and still refuses what it had seen: the saved seq stays a floor.
    assert_eq!(
        reopened.update(&bundle(1, NOW).sign(&root).unwrap(), NOW).unwrap_err(),
        TrustError::Rollback { seq: 1, held: 1 }
    );
}

/// A presentation of the identity credential issued by `issuer` at `iat`, shown at `iat + 5`.
fn presentation(issuer: &Issuer, iat: i64) -> String {
    let holder = internal::holder_key_with(&mut SeededRandom::new(b"trust holder"));
    let record = demo::sample_record();
    let request = IssueRequest {
        record: &record,
        doc_type: DocType::Identity,
        holder_key: holder.public_key().into(),
        status_index: None,
    };
    let credential = issuer.issue(&request, iat).unwrap();
    let ask = PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::AgeOver(18)]);
    present(&credential, &holder, &ask, iat + 5).unwrap().qr_text
}

fn verifier_at(bytes: &[u8], root: &AnchorKey, now: i64, expiry: ExpiryPolicy) -> Verifier {
    let verified = TrustBundle::verify(bytes, &[anchor(root)], NOW, ExpiryPolicy::Reject).unwrap();
    Verifier::from_bundle(&verified, VerifierPolicy::for_audience(DEMO_AUDIENCE), expiry)
        .with_clock(Arc::new(FixedClock::new(now)))
}

#[test]
fn an_expired_bundle_refuses_every_verdict_by_default_and_warns_under_the_warn_policy() {
    let root = anchor_key("root-1", 7);
    let bytes = bundle(1, NOW).sign(&root).unwrap();
    let qr = presentation(&issuer("k1", 1), NOW + 8 * DAY);
    let later = NOW + 8 * DAY + 10;
    let strict = verifier_at(&bytes, &root, later, ExpiryPolicy::Reject);
    let refused = strict.verify(&qr).unwrap_err();
    assert_eq!(refused, VerifyError::TrustExpired { seconds_ago: DAY + 10 });
    assert_eq!(refused.code(), "trust_bundle_expired");
    let lenient = verifier_at(&bytes, &root, later, ExpiryPolicy::Warn);
    let verified = lenient.verify(&qr).unwrap();
    assert_eq!(verified.trust_warning, Some(TrustWarning::BundleExpired { seconds_ago: DAY + 10 }));
    // Before expiry: no warning.
    let qr_now = presentation(&issuer("k1", 1), NOW);
    assert_eq!(verifier_at(&bytes, &root, NOW + 10, ExpiryPolicy::Warn).verify(&qr_now).unwrap().trust_warning, None);
    // The store's own check of the bundle it holds, by the same policy.
    let dir = tempfile::tempdir().unwrap();
    let store = TrustStore::open(dir.path(), vec![anchor(&root)], ExpiryPolicy::Warn).unwrap();
    store.update(&bytes, NOW).unwrap();
    assert_eq!(store.current(later).unwrap().warning, Some(TrustWarning::BundleExpired { seconds_ago: DAY + 10 }));
}

#[test]
fn the_anchor_rotates_through_a_bundle_naming_its_successor() {
    let (old, new) = (anchor_key("root-2025", 7), anchor_key("root-2026", 8));
    let dir = tempfile::tempdir().unwrap();
    let pinned = vec![anchor(&old)];
    let store = TrustStore::open(dir.path(), pinned.clone(), ExpiryPolicy::Reject).unwrap();
    // Signed by the new anchor before any bundle named it: refused.
    assert_eq!(
        store.update(&bundle(2, NOW).sign(&new).unwrap(), NOW).unwrap_err(),
        TrustError::UnknownAnchor { kid: "root-2026".into() }
    );
    // The old anchor names both (an overlap), then the new one alone.
    let mut link = bundle(1, NOW);
    link.next_anchors = Some(vec![anchor(&old), anchor(&new)]);
    assert!(store.update(&link.sign(&old).unwrap(), NOW).unwrap().anchors_changed);
    let mut handover = bundle(2, NOW + 10);
    handover.next_anchors = Some(vec![anchor(&new)]);
    assert!(store.update(&handover.sign(&new).unwrap(), NOW + 10).unwrap().anchors_changed);
    // The old anchor is retired: even a newer bundle it signs is refused.
    assert_eq!(
        store.update(&bundle(3, NOW + 20).sign(&old).unwrap(), NOW + 20).unwrap_err(),
        TrustError::UnknownAnchor { kid: "root-2025".into() }
    );
    drop(store);

    // After a restart with the app's old pins, the chain leads to the new anchor again.
    let reopened = TrustStore::open(dir.path(), pinned, ExpiryPolicy::Reject).unwrap();
    assert_eq!(reopened.state().anchors(), &[anchor(&new)]);
    assert_eq!(reopened.update(&bundle(3, NOW + 30).sign(&new).unwrap(), NOW + 30).unwrap().seq, 3);
    assert!(reopened.update(&bundle(4, NOW + 30).sign(&old).unwrap(), NOW + 30).is_err());
    drop(reopened);
    // A later app release that pins only the new anchor reads the same folder.
    let release = TrustStore::open(dir.path(), vec![anchor(&new)], ExpiryPolicy::Reject).unwrap();
    assert_eq!(release.current(NOW + 40).unwrap().bundle.seq, 3);
    assert_eq!(
        release.update(&bundle(3, NOW + 40).sign(&new).unwrap(), NOW + 40).unwrap_err(),
        TrustError::Rollback { seq: 3, held: 3 }
    );
}

#[test]
fn a_retired_issuer_key_verifies_what_it_signed_before_retirement_only() {
    let t = NOW + 30 * DAY;
    let root = anchor_key("root-1", 7);
    let (k1, k2) = (issuer("k1", 1), issuer("k2", 2));
    let mut e1 = k1.trusted_issuer();
    e1.signing_period = SigningPeriod { from: None, until: Some(t) };
    let mut e2 = k2.trusted_issuer();
    e2.signing_period = SigningPeriod { from: Some(t), until: None };
    let rotated = |seq, with_k1: bool| {
        let issuers = if with_k1 { vec![e1.clone(), e2.clone()] } else { vec![e2.clone()] };
        TrustBundle::new(seq, t + DAY, WEEK, TrustList::new(issuers).unwrap(), VerifierRegistry::default())
            .sign(&root)
            .unwrap()
    };
    let at = t + DAY + 60;
    let before = presentation(&k1, t - DAY); // k1, signed a day before its retirement
    let after = presentation(&k1, t + DAY); // k1, claiming a date after it
    let fresh = presentation(&k2, t + DAY);
    let verifier = |bytes: &[u8], presented: i64| {
        let verified = TrustBundle::verify(bytes, &[anchor(&root)], at, ExpiryPolicy::Reject).unwrap();
        Verifier::from_bundle(&verified, VerifierPolicy::for_audience(DEMO_AUDIENCE), ExpiryPolicy::Reject)
            .with_clock(Arc::new(FixedClock::new(presented)))
    };
    let both = rotated(5, true);
    // The old credential's presentation is checked at its own time (its QR lives a minute).
    assert!(verifier(&both, t - DAY + 10).verify(&before).is_ok());
    assert_eq!(
        verifier(&both, t + DAY + 10).verify(&after).unwrap_err(),
        VerifyError::OutsideSigningPeriod { kid: "k1".into(), iat: t + DAY }
    );
    assert_eq!(verifier(&both, t + DAY + 10).verify(&after).unwrap_err().code(), "issuer_key_outside_signing_period");
    assert!(verifier(&both, t + DAY + 10).verify(&fresh).is_ok());
    // k1 compromised and removed from the next bundle: everything it signed fails from then on.
    let without = rotated(6, false);
    assert_eq!(
        verifier(&without, t - DAY + 10).verify(&before).unwrap_err(),
        VerifyError::UnknownIssuer { kid: "k1".into() }
    );
    assert!(verifier(&without, t + DAY + 10).verify(&fresh).is_ok());
}

#[test]
fn a_request_from_a_registered_verifier_is_shown_registered_and_from_a_removed_one_unverified() {
    let t = NOW + 30 * DAY;
    let root = anchor_key("root-1", 7);
    let (v1, v2) = (bank_key("bank-1", 21), bank_key("bank-2", 22));
    let spec = RequestSpec::new(BANK_ID, "Bank counter 7", "Mở tài khoản", &[ClaimName::FullName]);
    let registry = |entries: Vec<RegisteredVerifier>, seq| {
        let bytes = TrustBundle::new(seq, t, WEEK, TrustList::default(), VerifierRegistry::new(entries).unwrap())
            .sign(&root)
            .unwrap();
        TrustBundle::verify(&bytes, &[anchor(&root)], t, ExpiryPolicy::Reject).unwrap().bundle.verifiers
    };
    let rotated = registry(
        vec![
            bank_entry(&v1, SigningPeriod { from: None, until: Some(t) }),
            bank_entry(&v2, SigningPeriod { from: Some(t), until: None }),
        ],
        1,
    );
    let old_request = create_request(&v1, &spec, t - 60).unwrap();
    let view = read_request(&old_request.qr_text, &rotated, t - 30).unwrap();
    assert_eq!(view.requester, Requester::Registered { name: "Ngân hàng Ví dụ".into(), kid: "bank-1".into() });
    let late_request = create_request(&v1, &spec, t + 10).unwrap();
    let refused = read_request(&late_request.qr_text, &rotated, t + 20).unwrap_err();
    assert_eq!(refused.code(), "verifier_key_outside_period");
    assert!(
        read_request(&create_request(&v2, &spec, t + 10).unwrap().qr_text, &rotated, t + 20).unwrap().is_verified()
    );
    // bank-1 removed from the next bundle while the bank stays registered under bank-2: a request
    // signed by the removed key names a registered verifier's id, so it is refused as an impostor
    // (security review), not shown as that bank.
    let removed = registry(vec![bank_entry(&v2, SigningPeriod::ALWAYS)], 2);
    let refused = read_request(&old_request.qr_text, &removed, t - 30).unwrap_err();
    assert_eq!(refused.code(), "poses_as_registered_verifier");
    // The bank gone from the registry altogether: its requests are shown as unverified.
    let gone = registry(vec![], 3);
    let view = read_request(&old_request.qr_text, &gone, t - 30).unwrap();
    assert_eq!(view.requester, Requester::Unverified { kid: "bank-1".into() });
}

#[test]
fn the_wallet_keeps_the_newest_bundle_and_refuses_a_rollback_after_reopening() {
    let setup = common::Setup::new();
    let root = anchor_key("root-1", 7);
    let pinned = [anchor(&root)];
    let now = common::NOW;
    let wallet = setup.create("w.db");
    assert_eq!(wallet.trust(&pinned, ExpiryPolicy::Reject).unwrap_err().code(), "no_trust_bundle");
    let issuers = setup.trust.clone();
    let signed =
        |seq: u64| TrustBundle::new(seq, now, WEEK, issuers.clone(), VerifierRegistry::default()).sign(&root).unwrap();
    wallet.update_trust(&signed(3), &pinned, ExpiryPolicy::Reject).unwrap();
    // Works while locked: bundles are public.
    wallet.lock();
    wallet.update_trust(&signed(4), &pinned, ExpiryPolicy::Reject).unwrap();
    let forged = TrustBundle::new(9, now, WEEK, TrustList::default(), VerifierRegistry::default())
        .sign(&anchor_key("root-1", 8))
        .unwrap();
    let refused = wallet.update_trust(&forged, &pinned, ExpiryPolicy::Reject).unwrap_err();
    assert!(matches!(&refused, WalletError::Trust(TrustError::BadSignature { .. })), "{refused:?}");
    assert_eq!(refused.code(), "bad_trust_bundle_signature");
    drop(wallet);

    let wallet = setup.open("w.db");
    assert_eq!(wallet.trust(&pinned, ExpiryPolicy::Reject).unwrap().bundle.seq, 4);
    assert_eq!(
        wallet.update_trust(&signed(3), &pinned, ExpiryPolicy::Reject).unwrap_err(),
        WalletError::Trust(TrustError::Rollback { seq: 3, held: 4 })
    );
    // The bundle's issuer list is what the wallet imports credentials against.
    wallet.unlock(Some(common::PIN)).unwrap();
    let trust = wallet.trust(&pinned, ExpiryPolicy::Reject).unwrap().bundle.issuers;
    wallet.import_credential(&setup.issue(&wallet, DocType::Identity), &trust).unwrap();
    // The seq column is a floor even if the chain is wiped from the file by hand.
    let conn = common::raw(&setup.path("w.db"));
    conn.execute("UPDATE trust_state SET chain = x'80'", []).unwrap();
    drop(conn);
    assert_eq!(
        wallet.update_trust(&signed(4), &pinned, ExpiryPolicy::Reject).unwrap_err(),
        WalletError::Trust(TrustError::Rollback { seq: 4, held: 4 })
    );
    assert_eq!(wallet.update_trust(&signed(5), &pinned, ExpiryPolicy::Reject).unwrap().seq, 5);
}

#[test]
fn a_trust_state_restores_only_what_verifies() {
    let root = anchor_key("root-1", 7);
    let mut state = TrustState::new(vec![anchor(&root)]).unwrap();
    state.update(&bundle(1, NOW).sign(&root).unwrap(), NOW, ExpiryPolicy::Reject).unwrap();
    let saved = state.to_bytes();
    assert_eq!(TrustState::restore(vec![anchor(&root)], &saved).unwrap(), state);
    assert!(TrustState::restore(vec![anchor(&root)], b"\xff").is_err());
    assert_eq!(code(TrustState::new(vec![]).unwrap_err()), "invalid_trust_settings");
    let twice = TrustState::new(vec![anchor(&root), anchor(&anchor_key("root-1", 9))]);
    assert_eq!(code(twice.unwrap_err()), "invalid_trust_settings");
}

/// FORMAT.md "Signed trust" test vector: fixed keys, fixed times, deterministic Ed25519.
#[test]
fn format_md_trust_vector() {
    let root = internal::anchor_key_with("root-1", &mut SeededRandom::new(b"format-vector anchor key")).unwrap();
    let issuer_key =
        internal::issuer_key_with(demo::DEMO_KID, &mut SeededRandom::new(b"format-vector issuer key")).unwrap();
    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let mut issuer = Issuer::new(issuer_key, config).unwrap().trusted_issuer();
    issuer.name = Some(demo::DEMO_ISSUER_NAME.into());
    issuer.signing_period = SigningPeriod { from: Some(NOW), until: None };
    let bank = VerifierKey::from_secret("bank-1", &[15; 32]).unwrap();
    let mut entry = bank_entry(&bank, SigningPeriod { from: Some(NOW), until: Some(NOW + 365 * DAY) });
    entry.purposes = Some(vec!["Mở tài khoản".into()]);
    let bundle = TrustBundle::new(
        1,
        NOW,
        WEEK,
        TrustList::new(vec![issuer]).unwrap(),
        VerifierRegistry::new(vec![entry]).unwrap(),
    );
    let bytes = bundle.sign(&root).unwrap();
    let hex = hex::encode(&bytes);
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../FORMAT.md")).unwrap();
    let flat: String = doc.split_whitespace().collect();
    let public = hex::encode(root.public_key().as_bytes());
    assert!(flat.contains(&public), "FORMAT.md lacks the anchor public key {public}");
    assert!(flat.contains(&hex), "FORMAT.md lacks the trust bundle vector ({} bytes):\n{hex}", bytes.len());
    let verified = TrustBundle::verify(&bytes, &[anchor(&root)], NOW + 10, ExpiryPolicy::Reject).unwrap();
    assert_eq!(verified.bundle, bundle);
}

#[test]
fn a_bundle_carries_p256_and_p384_issuer_keys_as_ec2_cose_keys() {
    use citizen_wallet::{PublicKey, TrustedIssuer};
    let p256 = p256::ecdsa::SigningKey::from_slice(&[3; 32]).unwrap();
    let p256 = PublicKey::p256_sec1(p256.verifying_key().to_sec1_point(false).as_bytes()).unwrap();
    let p384 = p384::ecdsa::SigningKey::from_slice(&[4; 48]).unwrap();
    let p384 = PublicKey::p384_sec1(p384.verifying_key().to_sec1_point(false).as_bytes()).unwrap();
    let issuers = TrustList::new(vec![
        issuer("k1", 1).trusted_issuer(),
        TrustedIssuer::new("es256-1", demo::DEMO_ISS, None, p256),
        TrustedIssuer::new("es384-1", demo::DEMO_ISS, None, p384),
    ])
    .unwrap();
    let bundle = TrustBundle::new(1, NOW, WEEK, issuers, VerifierRegistry::new(vec![]).unwrap());
    let root = anchor_key("root-1", 7);
    let bytes = bundle.sign(&root).unwrap();
    let verified = TrustBundle::verify(&bytes, &[anchor(&root)], NOW + 10, ExpiryPolicy::Reject).unwrap();
    assert_eq!(verified.bundle, bundle);
    assert_eq!(verified.bundle.issuers.get("es256-1").unwrap().public_key, p256);
    assert_eq!(verified.bundle.issuers.get("es384-1").unwrap().public_key, p384);
    // On the wire the keys are the EC2 COSE_Keys of cose::key (kty 2, crv 1 / 2, x, y).
    let ec2_p256 = p256.to_cose_key().to_vec();
    assert!(bytes.windows(ec2_p256.len()).any(|w| w == ec2_p256), "the P-256 key is an EC2 COSE_Key");
}
