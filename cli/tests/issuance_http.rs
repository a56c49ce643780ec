//! Issuance over real HTTP on 127.0.0.1: `cwallet issuer serve` as a child process, offers from
//! `cwallet issuer offer`, the wallet through `cwallet wallet receive` and through the library with
//! its own HTTP client; every protocol error comes back typed.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use citizen_wallet::internal::cose::{Kbt, Limits, Value};
use citizen_wallet::issuance::messages::{CredentialRequest, TokenRequest};
use citizen_wallet::issuance::{
    self, HttpClient, HttpRequest, HttpResponse, IssuanceError, KeyProof, MAX_BATCH, ReceiveOptions,
};
use citizen_wallet::wallet::{KdfParams, UnlockDelays, Wallet, WalletOptions};
use citizen_wallet::{ClaimName, Clock, DocType, HolderKey, SystemClock, TrustList, Verifier, VerifierPolicy};
use common::arg as p;

const CWALLET: &str = env!("CARGO_BIN_EXE_cwallet");
const PIN: &str = common::PIN.1;
const RECORD: &str = r#"{"id_number": "079190001234", "full_name": "Trần Văn An", "date_of_birth": "1985-02-01",
    "sex": "male", "nationality": "VNM", "place_of_residence": "Hà Nội"}"#;

fn ok(args: &[&str], env: &[(&str, &str)]) -> String {
    common::ok(None, args, env)
}

fn fails_with(args: &[&str], env: &[(&str, &str)], code: &str) {
    common::fails(None, args, env, 1, code);
}

/// An issuer (key, trust list) and its service running on a free localhost port.
struct Service {
    dir: tempfile::TempDir,
    child: Child,
    url: String,
}

impl Service {
    fn start(extra: &[&str]) -> Service {
        let dir = tempfile::tempdir().unwrap();
        let path = |n: &str| dir.path().join(n);
        ok(
            &[
                "issuer",
                "init",
                "--kid",
                "vn-1",
                "--iss",
                "https://id.example.vn",
                "--status-uri",
                "https://id.example.vn/status/1",
                "--out",
                p(&path("issuer.json")),
                "--trust-out",
                p(&path("trust.json")),
            ],
            &[],
        );
        std::fs::write(path("record.json"), RECORD).unwrap();
        let mut child = Command::new(CWALLET)
            .args(["issuer", "serve", "--issuer", p(&path("issuer.json")), "--state", p(&path("state.db"))])
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("no URL: {line:?}")).to_owned();
        Service { dir, child, url }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn trust(&self) -> TrustList {
        TrustList::from_json(&std::fs::read_to_string(self.path("trust.json")).unwrap()).unwrap()
    }

    /// `issuer offer` for the record; returns the offer link.
    fn offer(&self, extra: &[&str]) -> String {
        let state = self.path("state.db");
        let record = self.path("record.json");
        let out = ok(&[&["issuer", "offer", "--state", p(&state), "--record", p(&record)][..], extra].concat(), &[]);
        out.trim().to_owned()
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The wallet's transport in these tests: ureq, as an app would bring its own stack.
struct Http(ureq::Agent);

impl Http {
    fn new() -> Http {
        Http(ureq::Agent::config_builder().http_status_as_error(false).build().into())
    }

    fn post(&self, url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, serde_json::Value) {
        let request = HttpRequest {
            method: "POST".into(),
            url: url.into(),
            headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            body: body.to_vec(),
        };
        let response = self.send(request).unwrap();
        (response.status, serde_json::from_slice(&response.body).unwrap_or(serde_json::Value::Null))
    }
}

impl HttpClient for Http {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let mut response = if request.method == "GET" {
            let mut b = self.0.get(&request.url);
            for (k, v) in &request.headers {
                b = b.header(k, v);
            }
            b.call()
        } else {
            let mut b = self.0.post(&request.url);
            for (k, v) in &request.headers {
                b = b.header(k, v);
            }
            b.send(&request.body[..])
        }
        .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_vec().map_err(|e| e.to_string())?;
        Ok(HttpResponse { status, body })
    }
}

fn wallet(dir: &Path, name: &str) -> Wallet {
    let options = WalletOptions {
        kdf: KdfParams::INSECURE_FAST_FOR_TESTS,
        unlock_delays: UnlockDelays::none(),
        ..WalletOptions::with_pin(PIN)
    };
    Wallet::create(dir.join(name), options).unwrap()
}

fn now() -> i64 {
    SystemClock.now()
}

fn code_of(offer: &str) -> String {
    issuance::CredentialOffer::parse(offer).unwrap().code().to_owned()
}

/// A token (access, refresh) for a fresh offer, over raw HTTP.
fn token(s: &Service, http: &Http) -> (String, String) {
    let form = TokenRequest::PreAuthorized { code: code_of(&s.offer(&[])), tx_code: None }.to_form();
    let (status, body) = http.post(
        &format!("{}/token", s.url),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        form.as_bytes(),
    );
    assert_eq!(status, 200, "{body}");
    (body["access_token"].as_str().unwrap().to_owned(), body["refresh_token"].as_str().unwrap().to_owned())
}

fn nonce(s: &Service, http: &Http) -> String {
    let (status, body) = http.post(&format!("{}/nonce", s.url), &[], b"");
    assert_eq!(status, 200);
    body["c_nonce"].as_str().unwrap().to_owned()
}

fn credential_request(s: &Service, http: &Http, access: &str, proofs: &[Vec<u8>]) -> (u16, serde_json::Value) {
    let body = serde_json::to_vec(&CredentialRequest::new("vn.cccd.identity", proofs)).unwrap();
    let auth = format!("Bearer {access}");
    http.post(
        &format!("{}/credential", s.url),
        &[("Content-Type", "application/json"), ("Authorization", &auth)],
        &body,
    )
}

/// The typed error an error response stands for, checking the OpenID4VCI `error` and status too.
fn typed(status: u16, body: &serde_json::Value) -> IssuanceError {
    let response: issuance::ErrorResponse =
        serde_json::from_value(body.clone()).unwrap_or_else(|_| panic!("{status} {body}"));
    let error = IssuanceError::from_response(&response);
    assert_eq!(status, error.http_status(), "{body}");
    error
}

#[test]
fn offer_token_nonce_credential_import_present_verify_through_the_cli() {
    let s = Service::start(&[]);
    let db = s.path("wallet.db");
    let pin = [("CWALLET_PIN", PIN)];
    ok(&["wallet", "init", "--db", p(&db), "--kdf-memory-mib", "1", "--kdf-iterations", "1"], &pin);
    let trust = s.path("trust.json");

    let offer = s.offer(&["--doc", "identity,residence"]);
    assert!(offer.starts_with("openid-credential-offer://?credential_offer="), "{offer}");
    let received = ok(
        &["wallet", "receive", "--db", p(&db), "--offer", &offer, "--dev-unsigned-trust", p(&trust), "--batch", "2"],
        &pin,
    );
    assert_eq!(received.matches("received credential").count(), 4, "{received}");
    // The same offer again: the code is spent.
    fails_with(
        &["wallet", "receive", "--db", p(&db), "--offer", &offer, "--dev-unsigned-trust", p(&trust)],
        &pin,
        "code_used",
    );

    let qr = s.path("qr.txt");
    ok(
        &[
            "wallet",
            "present",
            "--db",
            p(&db),
            "--doc",
            "identity",
            "--disclose",
            "full_name",
            "--audience",
            "bank-7",
            "--out",
            p(&qr),
        ],
        &pin,
    );
    let verified = ok(&["verify", "--dev-unsigned-trust", p(&trust), "--text", p(&qr), "--audience", "bank-7"], &[]);
    assert!(verified.contains("Trần Văn An"), "{verified}");

    // An offer with a transaction code: needed, must be right, and the offer is withdrawn after
    // too many wrong ones.
    let offer = s.offer(&["--tx-code", "493817"]);
    let receive = ["wallet", "receive", "--db", p(&db), "--offer", &offer, "--dev-unsigned-trust", p(&trust)];
    fails_with(&receive, &pin, "tx_code_required");
    fails_with(&receive, &[pin[0], ("CWALLET_TX_CODE", "000000")], "wrong_tx_code");
    assert!(ok(&receive, &[pin[0], ("CWALLET_TX_CODE", "493817")]).contains("received credential"));
    let offer = s.offer(&["--tx-code", "493817"]);
    let receive = ["wallet", "receive", "--db", p(&db), "--offer", &offer, "--dev-unsigned-trust", p(&trust)];
    for _ in 0..4 {
        fails_with(&receive, &[pin[0], ("CWALLET_TX_CODE", "111111")], "wrong_tx_code");
    }
    fails_with(&receive, &[pin[0], ("CWALLET_TX_CODE", "111111")], "tx_code_attempts_exceeded");
    fails_with(&receive, &[pin[0], ("CWALLET_TX_CODE", "493817")], "tx_code_attempts_exceeded");
}

#[test]
fn every_protocol_error_comes_back_typed_over_http() {
    let s = Service::start(&[]);
    let http = Http::new();
    let dir = tempfile::tempdir().unwrap();
    let w = wallet(dir.path(), "w.db");
    let trust = s.trust();
    let receive = |offer: &str| issuance::receive(&w, offer, &http, &trust, &ReceiveOptions::default());

    // Expired and unknown codes, through the wallet flow.
    assert_eq!(receive(&s.offer(&["--ttl-secs", "0"])), Err(IssuanceError::CodeExpired));
    let offer = s.offer(&[]);
    let forged = offer.replace(&code_of(&offer), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(receive(&forged), Err(IssuanceError::UnknownCode));
    receive(&offer).unwrap();
    assert_eq!(receive(&offer), Err(IssuanceError::CodeUsed));

    let key = HolderKey::generate();
    let other = HolderKey::generate();
    let url = s.url.as_str();

    // A nonce the issuer never gave.
    let (access, _) = token(&s, &http);
    let (status, body) = credential_request(&s, &http, &access, &[KeyProof::sign(&key, url, "never-issued", now())]);
    assert_eq!(typed(status, &body), IssuanceError::InvalidNonce);
    assert_eq!(body["error"], "invalid_nonce");

    // A proof whose signature is by another key than the one it names.
    let n = nonce(&s, &http);
    let mut swapped = KeyProof::sign(&key, url, &n, now());
    let x = key.public_key().to_bytes();
    let at = swapped.windows(32).position(|w| w == x).unwrap();
    swapped[at..at + 32].copy_from_slice(&other.public_key().to_bytes());
    let (status, body) = credential_request(&s, &http, &access, &[swapped]);
    assert_eq!(typed(status, &body), IssuanceError::ProofBadSignature);
    assert_eq!(body["error"], "invalid_proof");

    // Stale, from the future, for another issuer.
    let stale = KeyProof::sign(&key, url, &n, now() - issuance::MAX_PROOF_AGE_SECS - 120);
    assert_eq!(typed_request(&s, &http, &access, &[stale]), IssuanceError::ProofStale);
    let future = KeyProof::sign(&key, url, &n, now() + issuance::MAX_PROOF_SKEW_SECS + 120);
    assert_eq!(typed_request(&s, &http, &access, &[future]), IssuanceError::ProofFromFuture);
    let elsewhere = KeyProof::sign(&key, "https://other-issuer.example", &n, now());
    assert_eq!(typed_request(&s, &http, &access, &[elsewhere]), IssuanceError::ProofWrongAudience);

    // The same key twice, too many proofs, a configuration not offered, no proof, bad JSON.
    let proof = KeyProof::sign(&key, url, &n, now());
    assert_eq!(typed_request(&s, &http, &access, &[proof.clone(), proof.clone()]), IssuanceError::DuplicateKey);
    let many: Vec<Vec<u8>> = (0..=MAX_BATCH).map(|_| KeyProof::sign(&HolderKey::generate(), url, &n, now())).collect();
    assert_eq!(typed_request(&s, &http, &access, &many), IssuanceError::BatchTooLarge { max: MAX_BATCH });
    let residence =
        serde_json::to_vec(&CredentialRequest::new("vn.cccd.residence", std::slice::from_ref(&proof))).unwrap();
    let auth = format!("Bearer {access}");
    let headers = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    let (status, body) = http.post(&format!("{url}/credential"), &headers, &residence);
    assert_eq!(typed(status, &body), IssuanceError::UnknownConfiguration);
    assert_eq!(typed_request(&s, &http, &access, &[]), IssuanceError::ProofMissing);
    let (status, body) = http.post(&format!("{url}/credential"), &headers, b"{not json");
    assert!(matches!(typed(status, &body), IssuanceError::Malformed(_)), "{body}");

    // No or an unknown access token: 401 invalid_token.
    let (status, body) = http.post(&format!("{url}/credential"), &[("Content-Type", "application/json")], b"{}");
    assert_eq!((typed(status, &body), status), (IssuanceError::InvalidToken, 401));
    assert_eq!(typed_request(&s, &http, "bm90LWEtdG9rZW4", std::slice::from_ref(&proof)), IssuanceError::InvalidToken);

    // The good proof works once; replayed under a fresh access token, it is refused.
    let (status, body) = credential_request(&s, &http, &access, std::slice::from_ref(&proof));
    assert_eq!(status, 200, "{body}");
    let credential = URL_SAFE_NO_PAD.decode(body["credentials"][0]["credential"].as_str().unwrap()).unwrap();
    let parsed = citizen_wallet::Credential::from_bytes(&credential).unwrap();
    assert_eq!(parsed.info().holder_key.to_bytes(), x, "bound to the proven key");
    let (second, _) = token(&s, &http);
    assert_eq!(typed_request(&s, &http, &second, &[proof]), IssuanceError::ProofReplayed);
    // One batch per configuration per access token.
    let fresh = KeyProof::sign(&HolderKey::generate(), url, &nonce(&s, &http), now());
    assert_eq!(typed_request(&s, &http, &access, &[fresh]), IssuanceError::InvalidToken);

    // Bad token requests.
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let (status, body) = http.post(&format!("{url}/token"), &form, b"grant_type=authorization_code&code=x");
    assert_eq!(typed(status, &body), IssuanceError::UnsupportedGrantType);
    assert_eq!(body["error"], "unsupported_grant_type");
    let (status, body) = http.post(&format!("{url}/token"), &form, b"grant_type=x&grant_type=y");
    assert!(matches!(typed(status, &body), IssuanceError::Malformed(_)));

    // A body over the limit: 413 with the typed error, not a bare status.
    let big = vec![b'a'; issuance::MAX_BODY_BYTES + 1];
    let (status, body) = http.post(&format!("{url}/token"), &form, &big);
    assert_eq!((typed(status, &body), status), (IssuanceError::TooLarge, 413));
}

fn typed_request(s: &Service, http: &Http, access: &str, proofs: &[Vec<u8>]) -> IssuanceError {
    let (status, body) = credential_request(s, http, access, proofs);
    typed(status, &body)
}

#[test]
fn a_client_over_the_rate_limit_gets_slow_down() {
    let s = Service::start(&["--rate-per-minute", "3"]);
    let http = Http::new();
    for _ in 0..3 {
        nonce(&s, &http);
    }
    let (status, body) = http.post(&format!("{}/nonce", s.url), &[], b"");
    assert_eq!((typed(status, &body), status), (IssuanceError::RateLimited, 429));
    assert_eq!(body["error"], "slow_down");
}

/// Every 32-byte byte string in a CBOR value: the digests of redacted claims and decoys, and the
/// holder key.
fn digests_and_keys(value: &Value, out: &mut Vec<Vec<u8>>) {
    match value {
        Value::Bytes(b) if b.len() == 32 => out.push(b.clone()),
        Value::Array(items) => items.iter().for_each(|v| digests_and_keys(v, out)),
        Value::Map(entries) => entries.iter().for_each(|(k, v)| {
            digests_and_keys(k, out);
            digests_and_keys(v, out);
        }),
        Value::Tag(_, inner) => digests_and_keys(inner, out),
        _ => {}
    }
}

#[test]
fn two_presentations_to_two_counters_from_a_batch_share_no_signature_key_or_digest() {
    let s = Service::start(&[]);
    let http = Http::new();
    let dir = tempfile::tempdir().unwrap();
    let w = wallet(dir.path(), "w.db");
    let options = ReceiveOptions { batch_size: 3, tx_code: None };
    let received = issuance::receive(&w, &s.offer(&[]), &http, &s.trust(), &options).unwrap();
    assert_eq!(received.credentials.len(), 3);
    assert_eq!(w.unused_credentials(DocType::Identity).unwrap(), received.credentials);

    // One credential per presentation: each counter gets the next unused one.
    let mut shown = Vec::new();
    for counter in ["bank-7", "hotel-3"] {
        let id = w.unused_credentials(DocType::Identity).unwrap()[0];
        let presentation = w.present(id, &[ClaimName::AgeOver(18)], counter, 60, None).unwrap();
        let verifier = Verifier::new(s.trust(), VerifierPolicy::for_audience(counter));
        verifier.verify(&presentation.qr_text).unwrap();
        shown.push((id, presentation));
    }
    assert_ne!(shown[0].0, shown[1].0);
    assert_eq!(w.unused_credentials(DocType::Identity).unwrap(), [received.credentials[2]]);
    // The log says which credential each counter saw.
    let log = w.presentation_log().unwrap();
    assert_eq!(
        log.iter().map(|e| (e.credential_id, e.audience.as_str())).collect::<Vec<_>>(),
        [(shown[0].0, "bank-7"), (shown[1].0, "hotel-3")]
    );

    let parts: Vec<(Vec<u8>, Vec<Vec<u8>>)> = shown
        .iter()
        .map(|(_, presentation)| {
            let kbt = Kbt::from_bytes(&presentation.kbt, Limits::default()).unwrap();
            let mut found = Vec::new();
            digests_and_keys(&kbt.sd_cwt.payload(Limits::default()).unwrap(), &mut found);
            for d in &kbt.sd_cwt.disclosures {
                found.push(d.digest().to_vec());
            }
            (kbt.sd_cwt.sign1.signature.clone(), found)
        })
        .collect();
    assert_ne!(parts[0].0, parts[1].0, "issuer signatures differ");
    assert!(parts[0].1.len() > 5, "digests and the holder key were found");
    for item in &parts[0].1 {
        assert!(!parts[1].1.contains(item), "a digest or key is shared: {}", hex_of(item));
    }
    let keys: Vec<citizen_wallet::PublicKey> =
        shown.iter().map(|(id, _)| w.get_credential(*id).unwrap().info().holder_key).collect();
    assert_ne!(keys[0], keys[1], "holder keys differ");
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn refresh_before_expiry_renews_without_proofing_and_is_refused_after_revocation() {
    let s = Service::start(&[]);
    let http = Http::new();
    let dir = tempfile::tempdir().unwrap();
    let w = wallet(dir.path(), "w.db");
    let trust = s.trust();
    let received = issuance::receive(&w, &s.offer(&[]), &http, &trust, &ReceiveOptions::default()).unwrap();
    let grant = received.grant.expect("a refresh grant is stored");
    let stored = w.grants().unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!format!("{stored:?}").contains(stored[0].1.refresh_token.as_str()), "the token is not in Debug");
    let old_token = stored[0].1.refresh_token.to_string();

    // Due: the credential's own exp minus the margin, whatever lifetime the issuer chose.
    let exp = w.get_credential(received.credentials[0]).unwrap().info().expires_at;
    assert_eq!(issuance::client::refresh_due_at(&w, 7 * 86_400).unwrap(), Some(exp - 7 * 86_400));

    let due = |now: i64| issuance::client::refresh_due(&w, DocType::Identity, 1, 7 * 86_400, now).unwrap();
    assert!(!due(exp - 7 * 86_400 - 1), "one unused credential, far from expiry");
    assert!(due(exp - 7 * 86_400), "within the margin of its exp");
    w.present(received.credentials[0], &[ClaimName::FullName], "bank-7", 60, None).unwrap();
    assert!(due(now()), "no unused credential left: a presentation would be linkable");

    let refreshed = issuance::refresh(&w, grant, &http, &trust, 2).unwrap();
    assert_eq!(refreshed.credentials.len(), 2);
    assert_eq!(refreshed.grant, Some(grant));
    let rotated = w.grants().unwrap()[0].1.refresh_token.to_string();
    assert_ne!(rotated, old_token, "the refresh token rotates");

    // The old refresh token is dead; the new one proven by another key is refused.
    let n = nonce(&s, &http);
    let form = |token: &str, key: &HolderKey| {
        TokenRequest::Refresh { refresh_token: token.to_owned(), proof: KeyProof::sign(key, &s.url, &n, now()) }
            .to_form()
    };
    let headers = [("Content-Type", "application/x-www-form-urlencoded")];
    let stranger = HolderKey::generate();
    let (status, body) = http.post(&format!("{}/token", s.url), &headers, form(&old_token, &stranger).as_bytes());
    assert_eq!(typed(status, &body), IssuanceError::InvalidRefreshToken);
    let (status, body) = http.post(&format!("{}/token", s.url), &headers, form(&rotated, &stranger).as_bytes());
    assert_eq!(typed(status, &body), IssuanceError::RefreshWrongWallet);

    // Revoked by the operator: no refresh.
    let out = ok(&["issuer", "revoke-grant", "--state", p(&s.path("state.db")), "--grant", "1"], &[]);
    assert_eq!(out.trim().split(',').count(), 3, "the status indexes of all three credentials: {out}");
    assert_eq!(issuance::refresh(&w, grant, &http, &trust, 1), Err(IssuanceError::Revoked));
}
