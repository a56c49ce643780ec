//! `cwallet issuer init|issue|revoke|suspend|reinstate|publish-status`: a test issuer on files.

use std::path::PathBuf;

use citizen_wallet::status::Status;
use citizen_wallet::{CitizenRecord, DocType, IssueRequest, Issuer, IssuerConfig, IssuerKey, TrustList};
use clap::{Args, Subcommand};

use crate::files::{self, IssuerFile};
use crate::{CliError, CliResult};

#[derive(Subcommand)]
pub enum IssuerCommand {
    /// Create an issuer key; write the issuer file (secret) and a trust list for verifiers.
    Init(InitArgs),
    /// FOR TESTS ONLY: issue a credential to a holder key nobody proved possession of. Wallets
    /// get credentials through `issuer serve` + `issuer offer` + `wallet receive` (key proofs).
    Issue(IssueArgs),
    /// Start the issuance service (OpenID4VCI pre-authorized code flow) on HTTP.
    Serve(crate::issuer_serve::ServeArgs),
    /// Create a one-time credential offer for a citizen record; prints the offer link.
    Offer(crate::issuer_offer::OfferArgs),
    /// Revoke an issuance grant: no more tokens or refreshes; prints its status list indexes.
    RevokeGrant(crate::issuer_offer::RevokeGrantArgs),
    /// Revoke a credential for good: mark its status list entry INVALID.
    Revoke(crate::status_cmd::ChangeArgs),
    /// Suspend a credential: mark its status list entry SUSPENDED.
    Suspend(crate::status_cmd::ChangeArgs),
    /// Lift a suspension: mark the entry VALID again (never a revoked one).
    Reinstate(crate::status_cmd::ChangeArgs),
    /// Sign the status list as a Status List Token (CWT) for verifiers.
    PublishStatus(crate::status_cmd::PublishArgs),
}

#[derive(Args)]
pub struct InitArgs {
    /// Key id carried in every credential (short: it is in every QR).
    #[arg(long)]
    kid: String,
    /// Issuer identifier, the `iss` claim.
    #[arg(long)]
    iss: String,
    /// Display name for the trust list.
    #[arg(long)]
    name: Option<String>,
    /// Status list URI put into credentials (revocation).
    #[arg(long)]
    status_uri: Option<String>,
    /// Entries in the status list created with --status-uri.
    #[arg(long, default_value_t = crate::status_cmd::DEFAULT_STATUS_LIST_SIZE)]
    status_size: usize,
    /// Comma-separated `age_over_NN` thresholds for identity credentials.
    #[arg(long, value_delimiter = ',', default_value = "18")]
    age_over: Vec<u8>,
    /// Credential lifetime in days.
    #[arg(long, default_value_t = 365)]
    validity_days: u64,
    /// Issuer file to write (holds the secret key).
    #[arg(long, default_value = "issuer.json")]
    out: PathBuf,
    /// Trust list to write for verifiers.
    #[arg(long, default_value = "trust.json")]
    trust_out: PathBuf,
}

#[derive(Args)]
pub struct IssueArgs {
    #[arg(long, default_value = "issuer.json")]
    issuer: PathBuf,
    /// Citizen record JSON (fields in README "Citizen record").
    #[arg(long)]
    record: PathBuf,
    /// The holder's Ed25519 public key, hex, bound WITHOUT any proof of possession: for tests only.
    #[arg(long = "test-only-holder-key")]
    holder_key: String,
    /// identity or residence.
    #[arg(long, default_value = "identity")]
    doc: String,
    /// Index in the issuer's status list.
    #[arg(long)]
    status_index: Option<u64>,
    /// Credential file to write (CBOR).
    #[arg(long)]
    out: PathBuf,
}

pub fn run(cmd: IssuerCommand) -> CliResult {
    match cmd {
        IssuerCommand::Init(args) => init(args),
        IssuerCommand::Issue(args) => issue(args),
        IssuerCommand::Serve(args) => crate::issuer_serve::run(args),
        IssuerCommand::Offer(args) => crate::issuer_offer::run(args),
        IssuerCommand::RevokeGrant(args) => crate::issuer_offer::revoke_grant(args),
        IssuerCommand::Revoke(args) => crate::status_cmd::change(args, Status::Revoked),
        IssuerCommand::Suspend(args) => crate::status_cmd::change(args, Status::Suspended),
        IssuerCommand::Reinstate(args) => crate::status_cmd::change(args, Status::Valid),
        IssuerCommand::PublishStatus(args) => crate::status_cmd::publish(args),
    }
}

fn init(args: InitArgs) -> CliResult {
    let mut config = IssuerConfig::new(&args.iss);
    let with_status_list = args.status_uri.is_some();
    config.status_list_uri = args.status_uri;
    config.age_thresholds = args.age_over;
    config.validity_secs = args.validity_days * 86_400;
    let issuer =
        Issuer::new(IssuerKey::generate(&args.kid).map_err(CliError::usage)?, config).map_err(CliError::usage)?;
    files::write_json_secret(&args.out, &IssuerFile::from_issuer(&issuer))?;
    let mut trusted = issuer.trusted_issuer();
    trusted.name = args.name;
    let trust = TrustList::new(vec![trusted]).map_err(CliError::failed)?;
    files::write(&args.trust_out, trust.to_json())?;
    println!("issuer key {} written to {} (secret: keep it private)", args.kid, args.out.display());
    println!("trust list written to {}", args.trust_out.display());
    if with_status_list {
        let path = crate::status_cmd::create(&args.out, args.status_size)?;
        println!("status list ({} entries, all valid) written to {}", args.status_size, path.display());
    }
    Ok(())
}

fn issue(args: IssueArgs) -> CliResult {
    let issuer = files::read_json::<IssuerFile>(&args.issuer)?.to_issuer()?;
    let record: CitizenRecord = files::read_json(&args.record)?;
    let doc_type = DocType::parse(&args.doc).ok_or_else(|| CliError::usage("--doc must be identity or residence"))?;
    let holder_key: [u8; 32] = files::parse_hex("--test-only-holder-key", &args.holder_key)?
        .try_into()
        .map_err(|_| CliError::usage("--test-only-holder-key must be 32 bytes of hex"))?;
    let request = IssueRequest { record: &record, doc_type, holder_key, status_index: args.status_index };
    let credential = issuer.issue(&request, now()).map_err(CliError::failed)?;
    files::write(&args.out, credential.to_bytes())?;
    let info = credential.info();
    let names: Vec<String> = info.claims.iter().map(|c| c.as_str()).collect();
    println!(
        "issued {} credential ({} bytes) to {}: claims {}; expires {}",
        doc_type,
        credential.to_bytes().len(),
        args.out.display(),
        names.join(", "),
        crate::verify_cmd::format_time(info.expires_at)
    );
    Ok(())
}

pub fn now() -> i64 {
    use citizen_wallet::Clock;
    citizen_wallet::SystemClock.now()
}
