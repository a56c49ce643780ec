//! `cwallet wallet ...`: the encrypted wallet from the command line.
//!
//! The PIN comes from `CWALLET_PIN` (scripts) or a prompt that does not echo; `change-pin` reads
//! the new one from `CWALLET_NEW_PIN` or a second prompt. PINs are zeroized after use and never
//! printed.

use std::path::{Path, PathBuf};

use citizen_wallet::DocType;
use citizen_wallet::wallet::{CredentialId, KdfParams, Wallet, WalletError, WalletOptions};
use clap::{Args, Subcommand};
use zeroize::Zeroizing;

use crate::files;
use crate::helpers::format_time;
use crate::helpers::now;
use crate::present_cmd::{PresentOptions, WhatToPresent};
use crate::request_cmd::answered;
use crate::trust_cmd::TrustSource;
use crate::{CliError, CliResult};

/// Environment variable holding the PIN (for scripts; a prompt is used when it is unset).
pub const PIN_ENV: &str = "CWALLET_PIN";
/// Environment variable holding the new PIN for `change-pin`.
pub const NEW_PIN_ENV: &str = "CWALLET_NEW_PIN";

#[derive(Subcommand)]
pub enum WalletCommand {
    /// Create an encrypted wallet protected by a PIN; prints the holder public key for issuers.
    Init(InitArgs),
    /// Print the holder public key, authenticated with the data key (PIN needed: a key row written
    /// into the file by someone else is never printed).
    Key(DbArg),
    /// Verify credentials against a trust list and store them.
    Import(ImportArgs),
    /// Receive credentials from an issuer's offer (OpenID4VCI pre-authorized code, key proofs).
    Receive(crate::wallet_receive::ReceiveArgs),
    /// Renew credentials with the stored refresh grants (no new identity proofing).
    Refresh(crate::wallet_receive::RefreshArgs),
    /// List the stored credentials (kinds and claim names, no values).
    List(DbArg),
    /// Show one credential with its values.
    Show(ShowArgs),
    /// Make a presentation QR from a stored credential with the stored key (and log it).
    Present(Box<WalletPresentArgs>),
    /// Show the presentation log, or delete entries from it.
    Log(LogArgs),
    /// Change the PIN (the data key is re-wrapped; records are not re-encrypted).
    ChangePin(DbArg),
}

#[derive(Args)]
pub struct DbArg {
    /// The wallet file.
    #[arg(long)]
    db: PathBuf,
}

#[derive(Args)]
pub struct InitArgs {
    #[arg(long)]
    db: PathBuf,
    /// Argon2id memory in MiB (default 64). Lower values are for tests: they make PIN guessing cheap.
    #[arg(long)]
    kdf_memory_mib: Option<u32>,
    /// Argon2id passes (default 1).
    #[arg(long)]
    kdf_iterations: Option<u32>,
    /// Wipe the wallet after this many wrong PINs in a row (credentials can be issued again).
    #[arg(long, default_value_t = citizen_wallet::wallet::DEFAULT_MAX_FAILED_UNLOCKS, conflicts_with = "never_wipe")]
    max_failed_unlocks: u32,
    /// Never wipe after wrong PINs (only the growing waits then limit guessing).
    #[arg(long)]
    never_wipe: bool,
}

#[derive(Args)]
pub struct ImportArgs {
    #[arg(long)]
    db: PathBuf,
    /// Trust: the issuers whose credentials are accepted.
    #[command(flatten)]
    trust: TrustSource,
    /// Credential files (CBOR) from `cwallet issuer issue`.
    #[arg(required = true)]
    credentials: Vec<PathBuf>,
}

#[derive(Args)]
pub struct ShowArgs {
    #[arg(long)]
    db: PathBuf,
    /// Credential id (from `wallet list`).
    #[arg(long)]
    credential: i64,
}

#[derive(Args)]
pub struct WalletPresentArgs {
    #[arg(long)]
    db: PathBuf,
    /// Credential id (from `wallet list`).
    #[arg(long, conflicts_with = "doc", required_unless_present = "doc")]
    credential: Option<i64>,
    /// Or the first stored credential of this kind: identity or residence.
    #[arg(long)]
    doc: Option<String>,
    #[command(flatten)]
    options: PresentOptions,
}

#[derive(Args)]
pub struct LogArgs {
    #[arg(long)]
    db: PathBuf,
    /// Delete this log entry.
    #[arg(long, conflicts_with = "clear")]
    delete: Option<i64>,
    /// Delete every log entry.
    #[arg(long)]
    clear: bool,
}

pub fn run(cmd: WalletCommand) -> CliResult {
    match cmd {
        WalletCommand::Init(args) => init(args),
        WalletCommand::Key(args) => print_key(&unlocked(&args.db)?),
        WalletCommand::Import(args) => import(args),
        WalletCommand::Receive(args) => crate::wallet_receive::receive(args),
        WalletCommand::Refresh(args) => crate::wallet_receive::refresh(args),
        WalletCommand::List(args) => list(&unlocked(&args.db)?),
        WalletCommand::Show(args) => show(&unlocked(&args.db)?, CredentialId(args.credential)),
        WalletCommand::Present(args) => present(*args),
        WalletCommand::Log(args) => log(args),
        WalletCommand::ChangePin(args) => {
            let wallet = open(&args.db)?;
            let old = read_pin(PIN_ENV, "Current PIN: ")?;
            let new = read_new_pin(NEW_PIN_ENV, "New PIN: ")?;
            wallet.change_pin(&old, &new).map_err(wallet_error)?;
            eprintln!("PIN changed");
            Ok(())
        }
    }
}

/// A wallet error as a CLI error: bad arguments and missing files are usage errors (exit 2),
/// everything else (wrong PIN, lockout, rejected credential...) a failure (exit 1).
pub fn wallet_error(e: WalletError) -> CliError {
    let msg = format!("{e} ({})", e.code());
    match e {
        WalletError::NoWallet { .. }
        | WalletError::AlreadyExists { .. }
        | WalletError::InvalidSettings(_)
        | WalletError::InvalidPin(_) => CliError::Usage(msg),
        _ => CliError::Failed(msg),
    }
}

/// The PIN from `env`, else from a no-echo prompt on the terminal.
pub fn read_pin(env: &str, prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if let Some(pin) = std::env::var_os(env) {
        return pin.into_string().map(Zeroizing::new).map_err(|_| CliError::usage(format!("{env} is not UTF-8")));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| CliError::usage(format!("no PIN: set {env} or run in a terminal ({e})")))
}

/// A new PIN: from `env`, else prompted twice.
fn read_new_pin(env: &str, prompt: &str) -> Result<Zeroizing<String>, CliError> {
    if std::env::var_os(env).is_some() {
        return read_pin(env, prompt);
    }
    let first = read_pin(env, prompt)?;
    let again = read_pin(env, "Repeat it: ")?;
    if *first != *again {
        return Err(CliError::usage("the two PINs differ"));
    }
    Ok(first)
}

fn open(db: &Path) -> Result<Wallet, CliError> {
    Wallet::open(db, None).map_err(wallet_error)
}

pub(crate) fn unlocked(db: &Path) -> Result<Wallet, CliError> {
    let wallet = open(db)?;
    let pin = read_pin(PIN_ENV, "PIN: ")?;
    wallet.unlock(Some(&pin)).map_err(wallet_error)?;
    Ok(wallet)
}

fn init(args: InitArgs) -> CliResult {
    let default = KdfParams::DEFAULT;
    let kdf = KdfParams {
        memory_kib: args.kdf_memory_mib.map_or(default.memory_kib, |m| m.saturating_mul(1024)),
        iterations: args.kdf_iterations.unwrap_or(default.iterations),
        parallelism: default.parallelism,
    };
    let pin = read_new_pin(PIN_ENV, "New PIN: ")?;
    let max_failed_unlocks = (!args.never_wipe).then_some(args.max_failed_unlocks);
    let options = WalletOptions { kdf, max_failed_unlocks, ..WalletOptions::with_pin(&pin) };
    let wallet = Wallet::create(&args.db, options).map_err(wallet_error)?;
    eprintln!("wallet created at {} (Argon2id {} MiB x {})", args.db.display(), kdf.memory_kib / 1024, kdf.iterations);
    print_key(&wallet)
}

fn print_key(wallet: &Wallet) -> CliResult {
    let public = wallet.holder_public_key().map_err(wallet_error)?;
    let thumbprint = wallet.holder_key_thumbprint().map_err(wallet_error)?;
    println!("{}", hex::encode(public.to_bytes()));
    eprintln!(
        "holder public key above (tests: `issuer issue --test-only-holder-key`; wallets receive through `wallet receive`); thumbprint {}",
        hex::encode(thumbprint)
    );
    Ok(())
}

fn import(args: ImportArgs) -> CliResult {
    let loaded = args.trust.load(now())?;
    let trust = loaded.issuers()?;
    let wallet = unlocked(&args.db)?;
    for path in &args.credentials {
        let bytes = files::read_bytes(path)?;
        let id = wallet
            .import_credential(&bytes, trust)
            .map_err(|e| CliError::failed(format!("{}: {e} ({})", path.display(), e.code())))?;
        println!("imported {} as credential {id}", path.display());
    }
    Ok(())
}

fn list(wallet: &Wallet) -> CliResult {
    let credentials = wallet.list_credentials().map_err(wallet_error)?;
    if credentials.is_empty() {
        println!("no credentials");
    }
    for c in &credentials {
        let doc = c.doc_type.map_or("unknown".to_owned(), |d| d.to_string());
        let names: Vec<String> = c.claims.iter().map(|n| n.as_str()).collect();
        println!(
            "{:>3}  {doc:<10} issuer {} (key {}), valid until {}\n     claims: {}",
            c.id,
            c.issuer,
            c.kid,
            format_time(c.expires_at),
            names.join(", ")
        );
    }
    let damaged = wallet.damaged_records().map_err(wallet_error)?;
    for d in &damaged {
        eprintln!("warning: record {} of {} is damaged and was skipped", d.id, d.table);
    }
    Ok(())
}

fn show(wallet: &Wallet, id: CredentialId) -> CliResult {
    let credential = wallet.get_credential(id).map_err(wallet_error)?;
    let info = credential.info();
    println!("credential {id}: {}", info.doc_type.map_or("unknown".to_owned(), |d| d.to_string()));
    println!("  issuer      {} (key {})", info.issuer, info.kid);
    println!("  valid until {}", format_time(info.expires_at));
    for claim in credential.claims() {
        println!("  {:<20} {}", claim.name.as_str(), claim.value);
    }
    Ok(())
}

fn present(args: WalletPresentArgs) -> CliResult {
    let what = args.options.what()?;
    let wallet = unlocked(&args.db)?;
    let id = match (args.credential, &args.doc) {
        (Some(id), _) => CredentialId(id),
        (None, Some(doc)) => {
            let doc_type = DocType::parse(doc).ok_or_else(|| CliError::usage("--doc must be identity or residence"))?;
            // One-time credentials first, so that counters cannot link visits; a used one only
            // when none is left (with a warning).
            match wallet.unused_credentials(doc_type).map_err(wallet_error)?.first() {
                Some(id) => *id,
                None => {
                    let list = wallet.list_credentials().map_err(wallet_error)?;
                    let id = list
                        .iter()
                        .rev()
                        .find(|c| c.doc_type == Some(doc_type))
                        .map(|c| c.id)
                        .ok_or_else(|| CliError::failed(format!("the wallet holds no {doc_type} credential")))?;
                    eprintln!(
                        "note: no unused {doc_type} credential left; credential {id} was shown before, so the two \
                         presentations can be linked (`wallet refresh` gets a new batch)"
                    );
                    id
                }
            }
        }
        (None, None) => return Err(CliError::usage("give --credential ID or --doc TYPE")),
    };
    let presentation = match what {
        WhatToPresent::Answer { view, approved } => {
            let p = wallet.present_for_request(id, &view, &approved).map_err(wallet_error)?;
            eprintln!("{}", answered(&view, &p));
            p
        }
        WhatToPresent::Manual(r) => {
            wallet.present(id, &r.disclose, &r.audience, r.ttl_secs, r.nonce.as_deref()).map_err(wallet_error)?
        }
    };
    args.options.show(&presentation)
}

fn log(args: LogArgs) -> CliResult {
    let wallet = unlocked(&args.db)?;
    if let Some(id) = args.delete {
        wallet.delete_log_entry(citizen_wallet::LogEntryId(id)).map_err(wallet_error)?;
        eprintln!("log entry {id} deleted");
        return Ok(());
    }
    if args.clear {
        wallet.clear_log().map_err(wallet_error)?;
        eprintln!("presentation log cleared");
        return Ok(());
    }
    let entries = wallet.presentation_log().map_err(wallet_error)?;
    if entries.is_empty() {
        println!("no presentations logged");
    }
    for e in &entries {
        let names: Vec<String> = e.disclosed.iter().map(|n| n.as_str()).collect();
        println!(
            "{:>3}  {}  credential {} to {:?}: {}",
            e.id,
            format_time(e.presented_at),
            e.credential_id,
            e.audience,
            if names.is_empty() { "(no claims)".to_owned() } else { names.join(", ") }
        );
    }
    Ok(())
}
