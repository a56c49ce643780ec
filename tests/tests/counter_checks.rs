//! Counter-grade verification end to end, on real signed inputs: revocation through a signed
//! Token Status List (revoked, suspended, expired, missing under both policies), replay in memory
//! and across a reopened SQLite cache, the printed card QR, and batch ≡ single verification.

use std::sync::Arc;

use citizen_wallet::claims::Sex;
use citizen_wallet::demo::{DEMO_AUDIENCE, DEMO_ISS, DEMO_STATUS_URI, sample_record};
use citizen_wallet::status::{StatusList, StatusStore, StoreUpdate};
use citizen_wallet::verifier::{
    MemoryReplayCache, Scanned, SqliteReplayCache, StatusAction, StatusCheck, StatusWarning, UnsignedCardQr,
};
use citizen_wallet::{
    ClaimName, DocType, FixedClock, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey, PresentationRequest,
    StatusListError, TrustList, VerifiedPresentation, Verifier, VerifierPolicy, VerifyError, present,
};

/// Not the fixture time of the other tests: the FORMAT.md status list token vector is made at this time.
const NOW: i64 = 1_790_000_000;
const DAY: u64 = 86_400;
/// Status list entries used below.
const VALID: u64 = 0;
const REVOKED: u64 = 1;
const SUSPENDED: u64 = 2;
const LIST_SIZE: usize = 1024;

struct Setup {
    issuer: Issuer,
    holder: HolderKey,
    trust: TrustList,
}

fn setup() -> Setup {
    let mut config = IssuerConfig::new(DEMO_ISS);
    config.status_list_uri = Some(DEMO_STATUS_URI.into());
    let issuer = Issuer::new(IssuerKey::from_secret("demo-1", &[7; 32]).unwrap(), config).unwrap();
    let trust = TrustList::new(vec![issuer.trusted_issuer()]).unwrap();
    Setup { issuer, holder: HolderKey::from_secret(&[8; 32]), trust }
}

impl Setup {
    /// A presentation QR of a credential at `status_index` (None: no status claim), made at `at`.
    fn qr(&self, status_index: Option<u64>, at: i64) -> String {
        let record = sample_record();
        let request = IssueRequest {
            record: &record,
            doc_type: DocType::Identity,
            holder_key: self.holder.public_key().into(),
            status_index,
        };
        let credential = self.issuer.issue(&request, NOW - 3600).unwrap();
        let ask = PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName, ClaimName::AgeOver(18)]);
        present(&credential, &self.holder, &ask, at).unwrap().qr_text
    }

    /// The issuer's status list: entry 1 revoked, entry 2 suspended, signed at `at` for one day.
    fn status_token(&self, at: i64) -> Vec<u8> {
        let mut list = StatusList::new(2, LIST_SIZE).unwrap();
        list.set(REVOKED, 1).unwrap();
        list.set(SUSPENDED, 2).unwrap();
        self.issuer.sign_status_list(&list, at, DAY, Some(3600)).unwrap()
    }

    fn store_with_list(&self) -> Arc<StatusStore> {
        let store = StatusStore::new(self.trust.clone());
        assert_eq!(store.insert(&self.status_token(NOW - 60)).unwrap(), StoreUpdate::Added);
        Arc::new(store)
    }

    fn verifier(&self, policy: VerifierPolicy, at: i64) -> Verifier {
        Verifier::new(self.trust.clone(), policy).with_clock(Arc::new(FixedClock::new(at)))
    }
}

fn policy(missing: StatusAction, expired: StatusAction) -> VerifierPolicy {
    let mut policy = VerifierPolicy::for_audience(DEMO_AUDIENCE);
    policy.status.missing = missing;
    policy.status.expired = expired;
    policy
}

use StatusAction::{Reject, Warn};

#[test]
fn status_list_answers_valid_revoked_suspended_and_out_of_range() {
    let s = setup();
    let verifier = s.verifier(policy(Reject, Reject), NOW + 5).with_status_store(s.store_with_list());
    let ok = verifier.verify(&s.qr(Some(VALID), NOW)).unwrap();
    assert_eq!(ok.status_check, StatusCheck::Valid { list_issued_at: NOW - 60 });
    assert_eq!(ok.status_warning(), None);
    assert_eq!(verifier.verify(&s.qr(Some(REVOKED), NOW)), Err(VerifyError::Revoked { index: REVOKED }));
    assert_eq!(verifier.verify(&s.qr(Some(SUSPENDED), NOW)), Err(VerifyError::Suspended { index: SUSPENDED }));
    let beyond = LIST_SIZE as u64;
    assert_eq!(
        verifier.verify(&s.qr(Some(beyond), NOW)),
        Err(VerifyError::StatusIndexOutOfRange { uri: DEMO_STATUS_URI.into(), index: beyond, len: LIST_SIZE as u64 })
    );
    assert_eq!(verifier.verify(&s.qr(None, NOW)).unwrap().status_check, StatusCheck::NoStatusClaim);
    // Without a store nothing is checked, and the result says so.
    let unchecked = s.verifier(policy(Reject, Reject), NOW + 5);
    assert_eq!(unchecked.verify(&s.qr(Some(REVOKED), NOW)).unwrap().status_check, StatusCheck::NotChecked);
    for (e, code) in
        [(VerifyError::Revoked { index: 1 }, "revoked"), (VerifyError::Suspended { index: 2 }, "suspended")]
    {
        assert_eq!(e.code(), code);
    }
}

#[test]
fn missing_list_is_rejected_or_warned_by_policy() {
    let s = setup();
    let empty = Arc::new(StatusStore::new(s.trust.clone()));
    let qr = s.qr(Some(VALID), NOW);
    let strict = s.verifier(policy(Reject, Reject), NOW + 5).with_status_store(empty.clone());
    let err = strict.verify(&qr).unwrap_err();
    assert_eq!(err, VerifyError::StatusListMissing { uri: DEMO_STATUS_URI.into() });
    assert_eq!(err.code(), "status_list_missing");
    let lenient = s.verifier(policy(Warn, Reject), NOW + 5).with_status_store(empty);
    let accepted = lenient.verify(&qr).unwrap();
    assert_eq!(accepted.status_warning(), Some(&StatusWarning::StatusListMissing { uri: DEMO_STATUS_URI.into() }));
}

#[test]
fn expired_list_is_rejected_or_warned_by_policy_but_revocations_still_count() {
    let s = setup();
    let store = s.store_with_list();
    // The list was signed at NOW - 60 for one day; two days later it is stale.
    let later = NOW + 2 * DAY as i64;
    let seconds_ago = later - (NOW - 60 + DAY as i64);
    let qr = s.qr(Some(VALID), later);
    let strict = s.verifier(policy(Reject, Reject), later + 5).with_status_store(store.clone());
    let err = strict.verify(&qr).unwrap_err();
    assert_eq!(err, VerifyError::StatusListExpired { uri: DEMO_STATUS_URI.into(), seconds_ago: seconds_ago + 5 });
    assert_eq!(err.code(), "status_list_expired");
    let lenient = s.verifier(policy(Reject, Warn), later + 5).with_status_store(store.clone());
    let accepted = lenient.verify(&qr).unwrap();
    assert!(matches!(accepted.status_warning(), Some(StatusWarning::StatusListExpired { .. })));
    assert_eq!(lenient.verify(&s.qr(Some(REVOKED), later)), Err(VerifyError::Revoked { index: REVOKED }));
    // The store says the list is due for a refresh (iat + ttl passed).
    assert_eq!(store.due_for_refresh(later), vec![DEMO_STATUS_URI.to_owned()]);
    assert!(store.due_for_refresh(NOW).is_empty());
}

#[test]
fn a_list_signed_by_another_issuer_does_not_speak_for_this_one() {
    let s = setup();
    // Another trusted issuer publishes a list under the same URI saying everything is valid.
    let mut config = IssuerConfig::new("https://other.example.vn");
    config.status_list_uri = Some(DEMO_STATUS_URI.into());
    let other = Issuer::new(IssuerKey::from_secret("other-1", &[9; 32]).unwrap(), config).unwrap();
    let trust = TrustList::new(vec![s.issuer.trusted_issuer(), other.trusted_issuer()]).unwrap();
    let store = StatusStore::new(trust.clone());
    let all_valid = StatusList::new(2, LIST_SIZE).unwrap();
    store.insert(&other.sign_status_list(&all_valid, NOW - 60, DAY, None).unwrap()).unwrap();
    let verifier = Verifier::new(trust, policy(Reject, Reject))
        .with_clock(Arc::new(FixedClock::new(NOW + 5)))
        .with_status_store(Arc::new(store));
    assert_eq!(
        verifier.verify(&s.qr(Some(REVOKED), NOW)),
        Err(VerifyError::StatusListMissing { uri: DEMO_STATUS_URI.into() })
    );
}

#[test]
fn store_keeps_the_newest_list_and_persists_it() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let (store, skipped) = StatusStore::open_dir(dir.path(), s.trust.clone()).unwrap();
    assert!(skipped.is_empty() && store.is_empty());
    let newer = s.status_token(NOW - 60);
    let older = {
        let list = StatusList::new(2, LIST_SIZE).unwrap();
        s.issuer.sign_status_list(&list, NOW - 7200, DAY, None).unwrap()
    };
    assert_eq!(store.insert(&older).unwrap(), StoreUpdate::Added);
    assert_eq!(store.insert(&newer).unwrap(), StoreUpdate::Replaced);
    // Feeding the old list again cannot un-revoke entry 1.
    assert_eq!(store.insert(&older).unwrap(), StoreUpdate::Unchanged);
    assert_eq!(store.get(DEMO_ISS, DEMO_STATUS_URI).unwrap().claims.issued_at, NOW - 60);

    // Tampered and foreign tokens are refused before they reach the store.
    let mut tampered = newer.clone();
    let at = tampered.len() - 80;
    tampered[at] ^= 0x01;
    assert!(store.insert(&tampered).is_err());
    let stranger = setup_stranger();
    assert!(matches!(store.insert(&stranger), Err(StatusListError::UnknownIssuer { .. })));

    // A restarted counter finds the list on disk; a corrupt file is reported, not fatal.
    std::fs::write(dir.path().join("junk.cwt"), b"\xd2\x84junk").unwrap();
    let (reopened, skipped) = StatusStore::open_dir(dir.path(), s.trust.clone()).unwrap();
    assert_eq!(reopened.len(), 1);
    assert_eq!(skipped.len(), 1);
    assert_eq!(reopened.get(DEMO_ISS, DEMO_STATUS_URI).unwrap().claims.issued_at, NOW - 60);
    let verifier = s.verifier(policy(Reject, Reject), NOW + 5).with_status_store(Arc::new(reopened));
    assert_eq!(verifier.verify(&s.qr(Some(REVOKED), NOW)), Err(VerifyError::Revoked { index: REVOKED }));
}

fn setup_stranger() -> Vec<u8> {
    let mut config = IssuerConfig::new("https://stranger.example");
    config.status_list_uri = Some(DEMO_STATUS_URI.into());
    let stranger = Issuer::new(IssuerKey::from_secret("stranger", &[3; 32]).unwrap(), config).unwrap();
    stranger.sign_status_list(&StatusList::new(1, 8).unwrap(), NOW, DAY, None).unwrap()
}

#[test]
fn second_scan_is_a_replay_in_memory() {
    let s = setup();
    let verifier = s
        .verifier(VerifierPolicy::for_audience(DEMO_AUDIENCE), NOW + 5)
        .with_replay_cache(Arc::new(MemoryReplayCache::default()));
    let qr = s.qr(None, NOW);
    let first = verifier.verify(&qr).unwrap();
    let again = verifier.verify(&qr).unwrap_err();
    assert_eq!(again, VerifyError::Replayed { first_seen_at: NOW + 5 });
    assert_eq!(again.code(), "replayed");
    // A fresh presentation of the same credential is a different presentation.
    let other = verifier.verify(&s.qr(None, NOW + 1)).unwrap();
    assert_ne!(first.presentation_id, other.presentation_id);
}

#[test]
fn rejected_presentations_are_not_remembered() {
    let s = setup();
    let store = Arc::new(StatusStore::new(s.trust.clone()));
    let verifier = s
        .verifier(policy(Reject, Reject), NOW + 5)
        .with_status_store(store.clone())
        .with_replay_cache(Arc::new(MemoryReplayCache::default()));
    let qr = s.qr(Some(VALID), NOW);
    assert!(matches!(verifier.verify(&qr), Err(VerifyError::StatusListMissing { .. })));
    // Once the counter syncs its list, the same QR is accepted: the rejection was not recorded.
    store.insert(&s.status_token(NOW - 60)).unwrap();
    verifier.verify(&qr).unwrap();
    assert!(matches!(verifier.verify(&qr), Err(VerifyError::Replayed { .. })));
}

#[test]
fn replay_is_caught_across_a_reopened_sqlite_cache() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replay.db");
    let qr = s.qr(None, NOW);
    let verifier_with = |cache: SqliteReplayCache| {
        s.verifier(VerifierPolicy::for_audience(DEMO_AUDIENCE), NOW + 5).with_replay_cache(Arc::new(cache))
    };
    verifier_with(SqliteReplayCache::open(&path, 1000).unwrap()).verify(&qr).unwrap();
    // The counter app restarts.
    let restarted = verifier_with(SqliteReplayCache::open(&path, 1000).unwrap());
    assert_eq!(restarted.verify(&qr), Err(VerifyError::Replayed { first_seen_at: NOW + 5 }));
}

#[test]
fn a_full_replay_cache_fails_closed() {
    let s = setup();
    let verifier = s
        .verifier(VerifierPolicy::for_audience(DEMO_AUDIENCE), NOW + 5)
        .with_replay_cache(Arc::new(MemoryReplayCache::new(1)));
    verifier.verify(&s.qr(None, NOW)).unwrap();
    let err = verifier.verify(&s.qr(None, NOW + 1)).unwrap_err();
    assert_eq!(err, VerifyError::ReplayCacheFull { capacity: 1 });
}

#[test]
fn one_scanner_reads_card_qrs_as_unsigned_and_presentations_as_verified() {
    let s = setup();
    let verifier = s.verifier(VerifierPolicy::for_audience(DEMO_AUDIENCE), NOW + 5);
    let card = "079190001234|025123456|Nguyễn Thị Minh Khai|15051990|Nữ|12 Lê Lợi, Quận 1, TP. Hồ Chí Minh|10042021";
    match verifier.scan(card).unwrap() {
        Scanned::UnsignedCard(fields) => {
            assert_eq!(fields.id_number, "079190001234");
            assert_eq!(fields.sex, Sex::Female);
            assert!(!fields.is_verified());
        }
        Scanned::Verified(_) => panic!("a card QR must never come back verified"),
    }
    assert!(matches!(verifier.scan(&s.qr(None, NOW)).unwrap(), Scanned::Verified(_)));
    // verify() never accepts card text, and malformed card text is a typed error.
    assert_eq!(verifier.verify(card).unwrap_err().code(), "not_a_presentation");
    let bad = verifier.scan("079190001234|025123456|A|31021990|Nữ|X|10042021").unwrap_err();
    assert_eq!(bad.code(), "malformed_card_qr");
    assert_eq!(verifier.scan("hello").unwrap_err().code(), "not_a_presentation");
    assert!(UnsignedCardQr::parse(card).is_ok());
}

/// Flips one bit at `at` (counted from the end when negative) of a presentation's KBT bytes.
fn tamper(qr: &str, from_end: usize) -> String {
    let mut kbt = citizen_wallet::qr::decode_presentation(qr).unwrap();
    let at = kbt.len() - from_end;
    kbt[at] ^= 0x01;
    citizen_wallet::qr::encode_presentation(&kbt)
}

#[test]
fn batch_results_equal_single_results_for_mixed_inputs() {
    let s = setup();
    let stranger = {
        let i = Issuer::new(IssuerKey::from_secret("demo-1", &[5; 32]).unwrap(), IssuerConfig::new(DEMO_ISS)).unwrap();
        let record = sample_record();
        let holder = HolderKey::from_secret(&[6; 32]);
        let req = IssueRequest {
            record: &record,
            doc_type: DocType::Identity,
            holder_key: holder.public_key().into(),
            status_index: None,
        };
        let cred = i.issue(&req, NOW - 10).unwrap();
        present(&cred, &holder, &PresentationRequest::new(DEMO_AUDIENCE, &[ClaimName::FullName]), NOW).unwrap().qr_text
    };
    let good: Vec<String> = (0..40).map(|i| s.qr(Some(i % 3), NOW - (i as i64 % 30))).collect();
    let mut inputs: Vec<String> = good.clone();
    inputs.insert(3, tamper(&good[3], 1)); // holder signature bit flip
    inputs.insert(7, tamper(&good[7], 70)); // KBT payload bit flip: holder signature fails
    inputs.insert(11, stranger); // same kid, different issuer key: bad issuer signature
    inputs.insert(13, "CW1:%%%".into()); // unreadable
    inputs.insert(17, s.qr(None, NOW - 3000)); // expired
    inputs.insert(19, good[0].clone()); // a replay within the batch
    inputs.insert(23, "079190001234|1|2".into());

    let make = || {
        s.verifier(policy(Reject, Reject), NOW + 5)
            .with_status_store(s.store_with_list())
            .with_replay_cache(Arc::new(MemoryReplayCache::default()))
    };
    let single_verifier = make();
    let single: Vec<Result<VerifiedPresentation, VerifyError>> =
        inputs.iter().map(|qr| single_verifier.verify(qr)).collect();
    let batch = make().verify_batch(&inputs);
    assert_eq!(batch, single);
    let codes: Vec<&str> = single.iter().filter_map(|r| r.as_ref().err().map(VerifyError::code)).collect();
    for code in [
        "bad_holder_signature",
        "bad_issuer_signature",
        "unreadable_qr",
        "expired",
        "replayed",
        "revoked",
        "suspended",
        "not_a_presentation",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert!(single.iter().filter(|r| r.is_ok()).count() > 10);

    // All valid: the batch path alone, no fallback.
    let clean: Vec<String> = (0..20).map(|i| s.qr(None, NOW - i)).collect();
    let single: Vec<_> = clean.iter().map(|qr| make().verify(qr)).collect();
    assert_eq!(make().verify_batch(&clean), single);
    assert!(single.iter().all(Result::is_ok));
    assert!(make().verify_batch::<&str>(&[]).is_empty());
}

/// FORMAT.md's Status List Token test vector is what the code produces (Ed25519 is deterministic).
#[test]
fn format_md_status_list_token_vector() {
    let s = setup();
    let mut list = StatusList::new(2, 16).unwrap();
    list.set(REVOKED, 1).unwrap();
    list.set(SUSPENDED, 2).unwrap();
    let token = s.issuer.sign_status_list(&list, NOW, DAY, Some(3600)).unwrap();
    let hex_token = hex::encode(&token);
    let format_md = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../FORMAT.md")).unwrap();
    assert!(format_md.contains(&hex_token), "FORMAT.md's Status List Token vector is stale; it is now:\n{hex_token}");
    let verified = citizen_wallet::status::StatusListToken::from_bytes(&token).unwrap().verify(&s.trust).unwrap();
    assert_eq!(verified.claims.list.as_bytes(), [0b0010_0100, 0, 0, 0]);
}
