//! Regression tests for the security and privacy review (issue 10), one per finding, each named
//! after it. Every test failed on the code before its fix.

mod common;

use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::internal::PRESENTATION_LIMITS;
use citizen_wallet::internal::cose::cbor::{self, Value};
use citizen_wallet::internal::cose::sign1::{self, Sign1};
use citizen_wallet::internal::cose::{ALG_ED25519, SdCwt, TYP_KB_CWT, claim, header};
use citizen_wallet::qr;
use citizen_wallet::request::RequestToken;
use citizen_wallet::status::{StatusList, StatusListToken};
use citizen_wallet::{
    CitizenRecord, ClaimName, DocType, HolderKey, IssueRequest, Issuer, IssuerConfig, IssuerKey, RequestError,
    RequestSpec, VerifierKey, create_request, read_request,
};
use citizen_wallet::{RegisteredVerifier, VerifierRegistry};
use cwallet_tests::{Fixture, NOW};
use ed25519_dalek::Signer;
use std::sync::Arc;

/// A weekday in the middle of a day: 2026-06-03T13:47:11Z.
const MIDDAY: i64 = 1_780_494_431;

fn issuer() -> Issuer {
    Issuer::new(IssuerKey::generate(demo::DEMO_KID).unwrap(), IssuerConfig::new(demo::DEMO_ISS)).unwrap()
}

fn issue(issuer: &Issuer, record: &CitizenRecord, doc_type: DocType, now: i64) -> citizen_wallet::Credential {
    let holder = HolderKey::generate();
    let request = IssueRequest { record, doc_type, holder_key: holder.public_key().into(), status_index: None };
    issuer.issue(&request, now).unwrap()
}

/// Finding 1: `exp` (and `iat`) are never redacted, so they must say nothing about the citizen.
#[test]
fn exp_does_not_depend_on_birthday_or_card_expiry() {
    let issuer = issuer();
    // A minor who turns 18 in a few months, with a card that expires then.
    let minor = CitizenRecord {
        date_of_birth: "2008-09-20".into(),
        card_expiry_date: Some("2033-09-20".into()),
        ..demo::sample_record()
    };
    // An adult whose card expires next month (its 40th birthday).
    let adult = CitizenRecord {
        date_of_birth: "1986-07-02".into(),
        card_issue_date: Some("2021-04-10".into()),
        card_expiry_date: Some("2026-07-02".into()),
        ..demo::sample_record()
    };
    let plain = demo::sample_record();
    for doc_type in [DocType::Identity, DocType::Residence] {
        let times: Vec<(i64, i64)> = [&minor, &adult, &plain]
            .iter()
            .map(|r| {
                let info = issue(&issuer, r, doc_type, MIDDAY).info().clone();
                (info.issued_at, info.expires_at)
            })
            .collect();
        assert_eq!(times[0], times[1], "{doc_type:?}: minor vs adult");
        assert_eq!(times[0], times[2], "{doc_type:?}: minor vs sample");
        // And the issuance second is not recorded either: both lie on the whole-day grid.
        assert_eq!(times[0].0 % 86_400, 0, "iat on the day grid");
        assert_eq!(times[0].1 % 86_400, 0, "exp on the day grid");
        assert!(times[0].0 <= MIDDAY && times[0].1 > MIDDAY);
    }
}

/// Finding 6: the number of digests in a redacted map must not say which optional fields exist.
#[test]
fn residence_digest_counts_do_not_reveal_optional_fields() {
    let issuer = issuer();
    let full = demo::sample_record();
    let sparse = CitizenRecord {
        place_of_origin: None,
        ethnicity: None,
        religion: None,
        card_issue_date: None,
        card_expiry_date: None,
        ..demo::sample_record()
    };
    let no_religion = CitizenRecord { religion: None, ..demo::sample_record() };
    let sizes: Vec<usize> = [&full, &sparse, &no_religion]
        .iter()
        .map(|r| citizen_wallet::internal::sd_cwt(&issue(&issuer, r, DocType::Residence, MIDDAY)).sign1.payload.len())
        .collect();
    assert_eq!(sizes[0], sizes[1], "all optional fields vs none");
    assert_eq!(sizes[0], sizes[2], "with vs without a religion");
    // The identity credential already had a fixed count; it stays so.
    let identity: Vec<usize> = [&full, &sparse]
        .iter()
        .map(|r| citizen_wallet::internal::sd_cwt(&issue(&issuer, r, DocType::Identity, MIDDAY)).sign1.payload.len())
        .collect();
    assert_eq!(identity[0], identity[1]);
}

fn sign_with(secret: &[u8; 32], protected: &[u8], payload: &[u8]) -> Vec<u8> {
    ed25519_dalek::SigningKey::from_bytes(secret).sign(&sign1::to_be_signed(protected, payload)).to_bytes().to_vec()
}

/// `crit` (label 2) naming label 99, with 99 present: a parameter no citizen-wallet reader knows.
fn crit_99() -> Vec<(Value, Value)> {
    vec![(Value::int(2), Value::Array(vec![Value::int(99)])), (Value::int(99), Value::int(1))]
}

/// The fixture's identity credential re-signed by its issuer with `extra` protected entries.
fn credential_with(f: &Fixture, extra: Vec<(Value, Value)>) -> SdCwt {
    let mut sign1 = citizen_wallet::internal::sd_cwt(&f.identity).sign1.clone();
    let mut entries = citizen_wallet::internal::sd_cwt(&f.identity).protected.as_map().unwrap().to_vec();
    entries.extend(extra);
    sign1.protected = Value::Map(entries).to_vec();
    sign1.signature = sign_with(&f.issuer.key().secret_bytes(), &sign1.protected, &sign1.payload);
    SdCwt::from_sign1(sign1.clone(), PRESENTATION_LIMITS).unwrap_or_else(|_| {
        // Parsing may already refuse it; keep the bytes for the verifier to judge.
        SdCwt { sign1, protected: Value::Map(vec![]), disclosures: vec![] }
    })
}

/// A KBT over `sd_cwt` (sd_claims: the full name), its protected header holding `extra` too.
fn kbt_text(f: &Fixture, sd_cwt: &SdCwt, extra: Vec<(Value, Value)>) -> String {
    let mut protected = Vec::new();
    cbor::write_head(5, 3 + extra.len() as u64, &mut protected);
    cbor::encode_into(&Value::int(header::ALG), &mut protected);
    cbor::encode_into(&Value::int(ALG_ED25519), &mut protected);
    for (k, v) in &extra {
        cbor::encode_into(k, &mut protected);
        cbor::encode_into(v, &mut protected);
    }
    cbor::encode_into(&Value::int(header::KCWT), &mut protected);
    let mut presented = sd_cwt.sign1.clone();
    presented.sd_claims = None;
    presented.encode_into(&mut protected);
    cbor::encode_into(&Value::int(header::TYP), &mut protected);
    cbor::encode_into(&Value::int(TYP_KB_CWT), &mut protected);
    let payload = Value::Map(vec![
        (Value::int(claim::AUD), Value::text(DEMO_AUDIENCE)),
        (Value::int(claim::EXP), Value::int(NOW + 60)),
        (Value::int(claim::IAT), Value::int(NOW + 5)),
    ])
    .to_vec();
    let signature = sign_with(&f.holder.secret_bytes(), &protected, &payload);
    qr::encode_presentation(&Sign1 { protected, unprotected: vec![], sd_claims: None, payload, signature }.to_vec())
}

/// Finding 11: RFC 9052 §3.1: a recipient must reject a message whose `crit` lists a header
/// parameter it does not understand. Credential, presentation, request and status list alike.
#[test]
fn unknown_critical_header_is_rejected_in_every_token_type() {
    let f = Fixture::new();
    // The baseline: the same hand-made presentation verifies without crit.
    let plain = credential_with(&f, vec![]);
    f.verifier.verify(&kbt_text(&f, &plain, vec![])).expect("the hand-made presentation verifies");

    // In the issuer's credential.
    let text = kbt_text(&f, &credential_with(&f, crit_99()), vec![]);
    assert_eq!(f.verifier.verify(&text).expect_err("crit in the credential").code(), "unknown_critical_header");
    // In the holder's presentation.
    let text = kbt_text(&f, &plain, crit_99());
    assert_eq!(f.verifier.verify(&text).expect_err("crit in the KBT").code(), "unknown_critical_header");
    // crit in an unprotected header is not allowed at all (RFC 9052: protected only).
    let mut sign1 = citizen_wallet::internal::sd_cwt(&f.identity).sign1.clone();
    sign1.unprotected.push((Value::int(2), Value::Array(vec![Value::int(4)])));
    let moved = SdCwt::from_bytes(&sign1.to_vec(), PRESENTATION_LIMITS);
    assert!(moved.expect_err("crit in the unprotected header").to_string().contains("crit"));

    // In a status list token, signed by the trusted issuer.
    let token = f.issuer.sign_status_list(&StatusList::new(1, 16).unwrap(), NOW, 3600, None).unwrap();
    let mut sign1 = Sign1::from_bytes(&token, citizen_wallet::status::TOKEN_LIMITS).unwrap();
    let mut protected =
        cbor::decode(&sign1.protected, citizen_wallet::status::TOKEN_LIMITS).unwrap().as_map().unwrap().to_vec();
    protected.extend(crit_99());
    sign1.protected = Value::Map(protected).to_vec();
    sign1.signature = sign_with(&f.issuer.key().secret_bytes(), &sign1.protected, &sign1.payload);
    let err = StatusListToken::from_bytes(&sign1.to_vec()).expect_err("crit in a status list");
    assert_eq!(err.code(), "unknown_critical_header");

    // In a verifier request.
    let key = VerifierKey::from_secret("bank-1", &[21; 32]).unwrap();
    let request =
        create_request(&key, &RequestSpec::new("https://bank.example.vn", "Bank", "KYC", &[ClaimName::FullName]), NOW)
            .unwrap();
    let mut sign1 = Sign1::from_bytes(&request.token, citizen_wallet::internal::cose::Limits::default()).unwrap();
    let mut protected = cbor::decode(&sign1.protected, citizen_wallet::internal::cose::Limits::default())
        .unwrap()
        .as_map()
        .unwrap()
        .to_vec();
    protected.extend(crit_99());
    sign1.protected = Value::Map(protected).to_vec();
    sign1.signature = sign_with(&key.secret_bytes(), &sign1.protected, &sign1.payload);
    let err = RequestToken::from_bytes(&sign1.to_vec()).expect_err("crit in a request");
    assert_eq!(err.code(), "unknown_critical_header");

    // A crit naming only parameters the reader processes (typ, RFC 9596) is accepted.
    let understood = credential_with(&f, vec![(Value::int(2), Value::Array(vec![Value::int(header::TYP)]))]);
    f.verifier.verify(&kbt_text(&f, &understood, vec![])).expect("crit naming typ is understood");
}

fn bank_registry() -> VerifierRegistry {
    VerifierRegistry::new(vec![RegisteredVerifier {
        id: "https://bank.example.vn".into(),
        kid: "bank-1".into(),
        name: "Ngân hàng Ví dụ".into(),
        public_key: VerifierKey::from_secret("bank-1", &[21; 32]).unwrap().public_key(),
        claims: vec![ClaimName::FullName],
        purposes: None,
        valid: citizen_wallet::clock::SigningPeriod::ALWAYS,
    }])
    .unwrap()
}

/// Finding 7: a request signed by an unknown key must not pose as a registered verifier.
#[test]
fn unverified_request_cannot_pose_as_a_registered_verifier() {
    let impostor = VerifierKey::from_secret("shop-9", &[77; 32]).unwrap();
    // The bank's id (and so its audience) under an unknown key.
    let as_bank = RequestSpec::new("https://bank.example.vn", "Ngân hàng Ví dụ", "KYC", &[ClaimName::FullName]);
    let request = create_request(&impostor, &as_bank, NOW).unwrap();
    let err = read_request(&request.qr_text, &bank_registry(), NOW + 5).expect_err("posing as the bank");
    assert!(matches!(err, RequestError::PosesAsRegisteredVerifier { .. }), "{err:?}");
    assert_eq!(err.code(), "poses_as_registered_verifier");
    // Its own id, but an answer addressed to a counter under a registered verifier's id.
    let mut registry = bank_registry();
    registry
        .add(RegisteredVerifier {
            id: "https://example.vn/bank".into(),
            kid: "bank-2".into(),
            name: "Ngân hàng Hai".into(),
            public_key: VerifierKey::from_secret("bank-2", &[22; 32]).unwrap().public_key(),
            claims: vec![ClaimName::FullName],
            purposes: None,
            valid: citizen_wallet::clock::SigningPeriod::ALWAYS,
        })
        .unwrap();
    let relay = RequestSpec {
        audience: "https://example.vn/bank/hn-07".into(),
        ..RequestSpec::new("https://example.vn", "Shop", "KYC", &[ClaimName::FullName])
    };
    let request = create_request(&impostor, &relay, NOW).unwrap();
    let err = read_request(&request.qr_text, &registry, NOW + 5).expect_err("a registered verifier's audience");
    assert_eq!(err.code(), "poses_as_registered_verifier");
    // An unknown verifier that claims nothing registered is still shown, marked unverified.
    let shop = RequestSpec::new("https://shop.example", "Shop", "Giao hàng", &[ClaimName::FullName]);
    let request = create_request(&impostor, &shop, NOW).unwrap();
    assert!(!read_request(&request.qr_text, &bank_registry(), NOW + 5).unwrap().is_verified());
}

/// A clock that moves one second forward each time it is read, as a real one may between reads.
struct TickingClock(std::sync::atomic::AtomicI64);

impl citizen_wallet::Clock for TickingClock {
    fn now(&self) -> i64 {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    }
}

/// Finding 12 (clock): one verification reads the clock once, so the freshness check and the
/// replay memory agree on "now" even at the last second a presentation is accepted.
#[test]
fn one_verification_reads_the_clock_once_no_replay_window_at_keep_until() {
    let f = Fixture::new();
    let p = f.present(&f.identity, &[ClaimName::FullName]);
    let skew = f.verifier.policy().clock_skew_secs;
    let clock = Arc::new(TickingClock(std::sync::atomic::AtomicI64::new(NOW + 10)));
    let verifier = f
        .verifier
        .clone()
        .with_clock(clock.clone())
        .with_replay_cache(Arc::new(citizen_wallet::verifier::MemoryReplayCache::new(16)));
    verifier.verify(&p.qr_text).expect("first scan");
    // The last second the presentation is fresh: now - skew < exp.
    clock.0.store(p.expires_at + skew - 1, std::sync::atomic::Ordering::SeqCst);
    let err = verifier.verify(&p.qr_text).expect_err("the second scan is a replay");
    assert_eq!(err.code(), "replayed");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Finding 4: a PIN change must rotate the data key, leave no old wrap in the file or its WAL,
/// and apply the current default KDF cost; the old PIN with today's file opens nothing.
#[test]
fn pin_change_rotates_the_data_key_and_leaves_no_old_wrap() {
    use citizen_wallet::wallet::{KdfParams, Wallet};
    let s = common::Setup::new();
    let wallet = s.create("w.db");
    let path = s.path("w.db");
    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    wallet.present(id, &[ClaimName::FullName], "bank", 60, None).unwrap();
    let old = common::raw(&path)
        .query_row("SELECT wrapped, kdf_salt, kdf_memory_kib FROM data_key", [], |r| {
            Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, i64>(2)?))
        })
        .unwrap();

    wallet.change_pin(common::PIN, "913572").unwrap();
    for file in [path.clone(), path.with_extension("db-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(!contains(&bytes, &old.0), "{} still holds the old wrapped data key", file.display());
    }
    let memory: i64 = common::raw(&path).query_row("SELECT kdf_memory_kib FROM data_key", [], |r| r.get(0)).unwrap();
    assert_eq!(memory, i64::from(KdfParams::DEFAULT.memory_kib), "the change applies the default KDF cost");
    drop(wallet);

    // Someone who saw the old PIN and kept the old wrap (a backup, an old WAL) gets today's file:
    // the old data key opens no record of it.
    let copy = s.path("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    common::raw(&copy)
        .execute(
            "UPDATE data_key SET wrapped = ?1, kdf_salt = ?2, kdf_memory_kib = ?3",
            rusqlite::params![old.0, old.1, old.2],
        )
        .unwrap();
    let stolen = Wallet::open_with_clock(&copy, None, s.clock.clone()).unwrap();
    stolen.unlock(Some(common::PIN)).unwrap();
    assert!(stolen.list_credentials().unwrap().is_empty(), "the old data key still opens a credential");
    assert!(stolen.presentation_log().unwrap().is_empty(), "the old data key still opens the log");
    assert!(stolen.present(id, &[ClaimName::FullName], "bank", 60, None).is_err(), "nor the holder key");

    // The citizen's wallet itself is whole under the new PIN.
    let wallet = s.open("w.db");
    wallet.unlock(Some("913572")).unwrap();
    assert_eq!(wallet.list_credentials().unwrap().len(), 1);
    assert_eq!(wallet.presentation_log().unwrap().len(), 1);
    assert!(wallet.damaged_records().unwrap().is_empty());
    wallet.present(id, &[ClaimName::FullName], "bank", 60, None).unwrap();
}

/// Finding 5: the wallet file and its WAL/SHM are private to the user (0600), and a PIN-only
/// wallet needs at least 6 characters.
#[test]
fn wallet_files_are_0600_and_pin_only_wallets_need_six_characters() {
    use citizen_wallet::wallet::{Wallet, WalletError};
    let s = common::Setup::new();
    let wallet = s.create("w.db");
    let id = wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    wallet.present(id, &[ClaimName::FullName], "bank", 60, None).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let file = s.path(&format!("w.db{suffix}"));
            if let Ok(meta) = std::fs::metadata(&file) {
                assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{}", file.display());
            }
        }
    }
    let short = Wallet::create(s.path("short.db"), s.options("2468"));
    assert!(matches!(short, Err(WalletError::InvalidPin(_))), "a 4-digit PIN alone is too weak");
    assert!(matches!(wallet.change_pin(common::PIN, "13579"), Err(WalletError::InvalidPin(_))));
    Wallet::create(s.path("six.db"), s.options("135790")).unwrap();
}

/// Finding 3: moving the clock forward before each guess must not give unlimited PIN guesses:
/// by default the count itself is the limit (the wallet wipes itself after N wrong PINs).
#[test]
fn moving_the_clock_forward_does_not_buy_unlimited_pin_guesses() {
    use citizen_wallet::wallet::{KdfParams, Wallet, WalletError, WalletOptions};
    let s = common::Setup::new();
    let options = WalletOptions {
        kdf: KdfParams::INSECURE_FAST_FOR_TESTS,
        clock: s.clock.clone(),
        ..WalletOptions::with_pin(common::PIN)
    };
    let wallet = Wallet::create(s.path("w.db"), options).unwrap();
    wallet.lock();
    let mut guesses = 0;
    let wiped = loop {
        s.clock.advance(7 * 24 * 3600); // a week later, each time: every wait has passed
        guesses += 1;
        match wallet.unlock(Some("000000")) {
            Err(WalletError::Wiped) => break true,
            Err(WalletError::WrongPin { .. }) if guesses < 1000 => {}
            other => panic!("guess {guesses}: {other:?}"),
        }
        if guesses >= 1000 {
            break false;
        }
    };
    assert!(wiped, "1000 guesses with the clock moved forward and the wallet is still there");
    assert!(guesses <= 10, "wiped only after {guesses} guesses");
    assert_eq!(wallet.unlock(Some(common::PIN)), Err(WalletError::Wiped));
}

/// A monotonic clock since boot that the test moves by hand (the wall clock moves separately).
struct Uptime(std::sync::atomic::AtomicU64);

impl citizen_wallet::wallet::MonotonicClock for Uptime {
    fn uptime_secs(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// Finding 3: with the platform's monotonic clock, a wait between PIN attempts is not ended by
/// moving the wall clock forward, and a reboot (the monotonic clock going back) restarts it.
#[test]
fn a_monotonic_clock_keeps_pin_waits_when_the_wall_clock_moves() {
    use citizen_wallet::wallet::{Wallet, WalletError};
    let s = common::Setup::new();
    let options = citizen_wallet::wallet::WalletOptions {
        unlock_delays: citizen_wallet::wallet::UnlockDelays { free_attempts: 1, delays_secs: vec![60] },
        ..s.options(common::PIN)
    };
    drop(Wallet::create(s.path("w.db"), options).unwrap());
    let uptime = Arc::new(Uptime(std::sync::atomic::AtomicU64::new(5_000)));
    let wallet = s.open("w.db").with_monotonic_clock(uptime.clone());
    assert!(matches!(wallet.unlock(Some("000000")), Err(WalletError::WrongPin { retry_after_secs: 60, .. })));
    s.clock.advance(86_400); // the wall clock moved a day ahead; 10 s passed for real
    uptime.0.fetch_add(10, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(wallet.unlock(Some(common::PIN)), Err(WalletError::LockedOut { retry_after_secs: 50 }));
    // Reopened (the app restarted): the monotonic reading is in the file.
    drop(wallet);
    let wallet = s.open("w.db").with_monotonic_clock(uptime.clone());
    assert_eq!(wallet.unlock(Some(common::PIN)), Err(WalletError::LockedOut { retry_after_secs: 50 }));
    // A reboot: the monotonic clock starts again from zero; the wait starts again, never ends early.
    uptime.0.store(3, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(wallet.unlock(Some(common::PIN)), Err(WalletError::LockedOut { retry_after_secs: 60 }));
    uptime.0.store(63, std::sync::atomic::Ordering::SeqCst);
    s.clock.advance(60);
    wallet.unlock(Some(common::PIN)).unwrap();
}

/// Finding 12: an image far larger than a phone photo is refused before it is decoded (decoding
/// a 20-megapixel image takes over 100 MB).
#[test]
fn decode_image_refuses_images_above_sixteen_megapixels() {
    let big = image::GrayImage::from_pixel(5_000, 4_000, image::Luma([255u8]));
    let mut png = std::io::Cursor::new(Vec::new());
    big.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let err = qr::decode_image(png.get_ref()).expect_err("a 20-megapixel image");
    assert!(err.to_string().contains("larger than accepted"), "{err}");
}

/// Finding 12: a wipe that cannot truncate the WAL (another connection is reading) says so
/// instead of reporting a clean wipe, and the next attempt truncates it.
#[test]
fn a_wipe_reports_a_wal_it_could_not_truncate() {
    use citizen_wallet::wallet::{Wallet, WalletError, WalletOptions};
    let s = common::Setup::new();
    let path = s.path("w.db");
    let wallet =
        Wallet::create(&path, WalletOptions { max_failed_unlocks: Some(1), ..s.options(common::PIN) }).unwrap();
    wallet.import_credential(&s.issue(&wallet, DocType::Identity), &s.trust).unwrap();
    wallet.lock();
    // Another reader holds a snapshot, so the WAL cannot be truncated yet.
    let reader = common::raw(&path);
    reader.busy_timeout(std::time::Duration::from_millis(10)).unwrap();
    reader.execute_batch("BEGIN; SELECT count(*) FROM credentials;").unwrap();
    let err = wallet.unlock(Some("000000")).unwrap_err();
    assert!(matches!(err, WalletError::Storage(_)), "a wipe with a WAL left behind was reported as {err:?}");
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    // Once the reader is gone, the next attempt finishes the job and answers Wiped.
    assert_eq!(wallet.unlock(Some(common::PIN)), Err(WalletError::Wiped));
    let wal = std::fs::metadata(format!("{}-wal", path.display())).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal, 0, "the WAL was truncated");
}
