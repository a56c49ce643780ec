//! `cwallet demo`: the whole flow on embedded test data, offline, with no set-up. The holder side
//! goes through the encrypted wallet at `DIR/wallet.db` (PIN from `CWALLET_PIN`, default 123456).

use std::path::PathBuf;
use std::sync::Arc;

use citizen_wallet::demo::{self, DEMO_AUDIENCE};
use citizen_wallet::issuance::{self, IssuerService, OfferSpec, ReceiveOptions, ServiceSettings};
use citizen_wallet::issuer::{DEFAULT_STATUS_LIST_TTL_SECS, DEFAULT_STATUS_LIST_VALIDITY_SECS};
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::status::{StatusList, StatusStore};
use citizen_wallet::trust::DEFAULT_BUNDLE_LIFETIME_SECS;
use citizen_wallet::wallet::{Wallet, WalletOptions};
use citizen_wallet::{
    AnchorKey, ClaimName, DocType, ExpiryPolicy, Issuer, IssuerConfig, IssuerKey, TrustAnchor, TrustBundle, TrustList,
    Verifier, VerifierPolicy, VerifierRegistry,
};
use clap::Args;

use crate::files;
use crate::helpers::now;
use crate::http_client::UreqClient;
use crate::present_cmd::{summary, write_images};
use crate::verify_cmd::describe;
use crate::wallet_cmd::{PIN_ENV, wallet_error};
use crate::{CliError, CliResult};

/// The demo wallet's PIN when `CWALLET_PIN` is not set (printed: this is test data).
const DEMO_PIN: &str = "123456";

/// The demo trust anchor's key id.
const DEMO_ANCHOR_KID: &str = "demo-root-1";

/// Entries of the demo issuer's status list (indexes are drawn at random below it).
const DEMO_STATUS_LIST_SIZE: usize = 64;

/// Long enough to re-verify the demo QR by hand afterwards.
const DEMO_TTL_SECS: u64 = 600;

#[derive(Args)]
pub struct DemoArgs {
    /// Folder for the demo's files (default: a new folder under the system temp dir).
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub fn run(args: DemoArgs) -> CliResult {
    let dir = match args.dir {
        Some(dir) => dir,
        None => std::env::temp_dir().join(format!("cwallet-demo-{}", hex::encode(random_bytes::<4>()))),
    };
    std::fs::create_dir_all(&dir).map_err(|e| CliError::usage(format!("cannot create {}: {e}", dir.display())))?;
    println!("citizen-wallet demo (fictional TEST DATA) in {}\n", dir.display());
    let now = now();

    let mut config = IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let issuer = Issuer::new(IssuerKey::generate(demo::DEMO_KID).map_err(CliError::failed)?, config)
        .map_err(CliError::failed)?;
    let mut trusted = issuer.trusted_issuer();
    trusted.name = Some(demo::DEMO_ISSUER_NAME.into());
    let issuers = TrustList::new(vec![trusted]).map_err(CliError::failed)?;
    // The programme's trust anchor signs the bundle every counter and wallet checks (seq 1, a week).
    let anchor_key = AnchorKey::generate(DEMO_ANCHOR_KID).map_err(CliError::failed)?;
    let anchor = TrustAnchor::new(anchor_key.kid(), anchor_key.public_key()).map_err(CliError::failed)?;
    files::write(&dir.join("anchor.json"), anchor.to_json())?;
    let bundle = TrustBundle::new(1, now, DEFAULT_BUNDLE_LIFETIME_SECS, issuers, VerifierRegistry::default())
        .sign(&anchor_key)
        .map_err(CliError::failed)?;
    files::write(&dir.join("trust.cwt"), &bundle)?;
    let anchors = [anchor];
    let verified = TrustBundle::verify(&bundle, &anchors, now, ExpiryPolicy::Reject).map_err(CliError::failed)?;
    println!(
        "1. issuer {} (key {}) created; trust anchor {DEMO_ANCHOR_KID} (anchor.json) signed the trust bundle trust.cwt \
         ({} bytes, seq 1, valid 7 days)",
        demo::DEMO_ISS,
        demo::DEMO_KID,
        bundle.len()
    );

    let pin = zeroize::Zeroizing::new(std::env::var(PIN_ENV).unwrap_or_else(|_| DEMO_PIN.to_owned()));
    let wallet_path = dir.join("wallet.db");
    if wallet_path.exists() {
        // A wallet from an earlier run holds credentials of an issuer that no longer exists.
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", wallet_path.display()));
        }
    }
    let wallet = Wallet::create(&wallet_path, WalletOptions::with_pin(&pin)).map_err(wallet_error)?;
    // The default PIN is test data and printed; a PIN the user chose is not.
    let shown_pin =
        if std::env::var_os(PIN_ENV).is_some() { "\"$CWALLET_PIN\"".to_owned() } else { DEMO_PIN.to_owned() };
    match std::env::var_os(PIN_ENV) {
        Some(_) => println!("2. encrypted wallet wallet.db created, PIN from CWALLET_PIN"),
        None => {
            println!("2. encrypted wallet wallet.db created, PIN {DEMO_PIN} (the default; set CWALLET_PIN to choose)")
        }
    }

    // The wallet keeps the bundle too (rollback-protected) and imports against its issuer list.
    wallet.update_trust(&bundle, &anchors, ExpiryPolicy::Reject).map_err(wallet_error)?;
    let trust = wallet.trust(&anchors, ExpiryPolicy::Reject).map_err(wallet_error)?.bundle.issuers;
    println!("   the wallet accepted trust bundle 1 (it will refuse any bundle with a lower or equal seq)");
    // Issuance through the protocol: the issuer service on a free localhost port (stopped when the
    // demo ends), a one-time offer, and the wallet proving possession of a fresh key per credential.
    let issuer_key = issuer.key().secret_bytes();
    let issuer_config = issuer.config().clone();
    let state = dir.join("issuer-state.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", state.display()));
    }
    let service = crate::issuer_serve::spawn_local(|url| {
        let issuer =
            Issuer::new(IssuerKey::from_secret(demo::DEMO_KID, &issuer_key).map_err(CliError::failed)?, issuer_config)
                .map_err(CliError::failed)?;
        let mut settings = ServiceSettings::new(url);
        settings.status_list_size = DEMO_STATUS_LIST_SIZE as u64;
        IssuerService::open(&state, issuer, settings).map_err(CliError::failed)
    })?;
    let spec = OfferSpec {
        record: demo::sample_record(),
        doc_types: vec![DocType::Identity, DocType::Residence],
        tx_code: None,
    };
    let conn = citizen_wallet::issuance::service::open_state(&state).map_err(CliError::failed)?;
    let (offer, _) = citizen_wallet::issuance::service::create_offer(&conn, &service.url, 600, &spec, now)
        .map_err(CliError::failed)?;
    drop(conn);
    println!("3. issuer service on {}: one-time offer {}…", service.url, &offer.to_uri()[..48]);
    let received = issuance::receive(&wallet, &offer.to_uri(), &UreqClient::new(), &trust, &ReceiveOptions::default())
        .map_err(|e| CliError::failed(format!("issuance failed: {e} ({})", e.code())))?;
    drop(service);
    let mut identity = None;
    for id in &received.credentials {
        let credential = wallet.get_credential(*id).map_err(wallet_error)?;
        let doc_type = credential.info().doc_type.expect("one of ours");
        files::write(&dir.join(format!("{doc_type}.cbor")), credential.to_bytes())?;
        println!(
            "   received the {doc_type} credential ({} bytes, {} claims) with a key proof; verified and stored as #{id}",
            credential.to_bytes().len(),
            credential.info().claims.len()
        );
        if doc_type == DocType::Identity {
            identity = Some(*id);
        }
    }
    println!("   service stopped; everything below is offline");

    // The issuer publishes its status list (nothing revoked); the counter syncs it once.
    let status_list = StatusList::new(2, DEMO_STATUS_LIST_SIZE).map_err(CliError::failed)?;
    let token = issuer
        .sign_status_list(&status_list, now, DEFAULT_STATUS_LIST_VALIDITY_SECS, Some(DEFAULT_STATUS_LIST_TTL_SECS))
        .map_err(CliError::failed)?;
    files::write(&dir.join("status.cwt"), &token)?;
    println!("   the issuer's status list (revocation) is status.cwt, valid one day");

    let disclose = [ClaimName::FullName, ClaimName::IdNumber, ClaimName::AgeOver(18)];
    let identity = identity.expect("issued above");
    let presentation = wallet.present(identity, &disclose, DEMO_AUDIENCE, DEMO_TTL_SECS, None).map_err(wallet_error)?;
    let image = QrImage::from_text(&presentation.qr_text, EcLevel::M).map_err(CliError::failed)?;
    files::write(&dir.join("presentation.txt"), &presentation.qr_text)?;
    write_images(&image, Some(&dir.join("presentation.svg")), Some(&dir.join("presentation.png")))?;
    println!("4. from the wallet: {}", summary(&presentation, &image));
    println!("{}", image.to_terminal());

    let store = StatusStore::new(trust.clone());
    store.insert(&token).map_err(CliError::failed)?;
    let verifier = Verifier::from_bundle(&verified, VerifierPolicy::for_audience(DEMO_AUDIENCE), ExpiryPolicy::Reject)
        .with_status_store(Arc::new(store));
    let presented = verifier
        .verify(&presentation.qr_text)
        .map_err(|e| CliError::failed(format!("the demo QR failed to verify: {e}")))?;
    println!("5. verified offline at the counter against the signed bundle:\n{}", describe(&presented));
    println!(
        "Files: wallet.db, anchor.json, trust.cwt, status.cwt, identity.cbor, residence.cbor, presentation.txt, presentation.svg, presentation.png"
    );
    println!("Verify again within {} minutes:", DEMO_TTL_SECS / 60);
    println!(
        "  cargo run -p cwallet -- trust show --bundle {} --anchor {}",
        dir.join("trust.cwt").display(),
        dir.join("anchor.json").display()
    );
    println!(
        "  cargo run -p cwallet -- verify --bundle {} --anchor {} --status {} --text {} --audience {DEMO_AUDIENCE}",
        dir.join("trust.cwt").display(),
        dir.join("anchor.json").display(),
        dir.join("status.cwt").display(),
        dir.join("presentation.txt").display()
    );
    println!("Or at the counter page in a browser (webcam, USB scanner, paste; docs/counter-web.md):");
    println!("  bash counter-web/build.sh && node counter-web/serve.mjs --demo {}", dir.display());
    println!("  then open the address it prints and show it presentation.png or paste presentation.txt");
    println!("Open the wallet (a wrong PIN is refused with exit code 1):");
    println!("  CWALLET_PIN={shown_pin} cargo run -p cwallet -- wallet list --db {}", wallet_path.display());
    println!("  CWALLET_PIN={shown_pin} cargo run -p cwallet -- wallet log --db {}", wallet_path.display());
    Ok(())
}

/// `N` bytes from the operating system's generator.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).expect("the operating system's random number generator failed");
    out
}
