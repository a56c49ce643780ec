//! `cwallet issuer init|issue|revoke|suspend|reinstate|publish-status`: a test issuer on files.

use std::path::PathBuf;

use citizen_wallet::status::Status;
use citizen_wallet::{CitizenRecord, DocType, IssueRequest, Issuer, IssuerConfig, IssuerKey, TrustList};
use clap::{Args, Subcommand};

use crate::files::{self, IssuerFile};
use crate::helpers::now;
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
    /// Credential lifetime in whole days, counted from the issue day's midnight (UTC); the same
    /// for every citizen (never cut to a birthday or card expiry); wallets renew by re-issuance.
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
    /// The holder's public key, hex, bound WITHOUT any proof of possession (for tests only): Ed25519
    /// (32 bytes, `cwallet holder init` prints it) or P-256 (65 bytes, SEC1).
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
    /// A head-and-shoulders photo (JPEG or PNG; centre-cropped to 3:4) for the identity
    /// credential's `portrait` claim, made into a small WebP within --portrait-max-bytes.
    #[arg(long)]
    portrait: Option<PathBuf>,
    /// Byte budget of the portrait image.
    #[arg(long, default_value_t = crate::portrait::DEFAULT_MAX_BYTES)]
    portrait_max_bytes: usize,
    /// Portrait width in pixels (height = width × 4/3).
    #[arg(long, default_value_t = crate::portrait::MIN_WIDTH)]
    portrait_width: u32,
    /// Keep the portrait in colour (default: grayscale, smaller at equal quality).
    #[arg(long)]
    portrait_colour: bool,
    /// Portrait codec.
    #[arg(long, value_enum, default_value = "webp")]
    portrait_codec: crate::portrait::Codec,
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
    let mut record: CitizenRecord = files::read_json(&args.record)?;
    let doc_type = DocType::parse(&args.doc).ok_or_else(|| CliError::usage("--doc must be identity or residence"))?;
    if let Some(path) = &args.portrait {
        if doc_type != DocType::Identity {
            return Err(CliError::usage("--portrait goes into identity credentials only"));
        }
        let photo = std::fs::read(path).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?;
        let options = crate::portrait::PortraitOptions {
            codec: args.portrait_codec,
            width: args.portrait_width,
            grayscale: !args.portrait_colour,
            max_bytes: args.portrait_max_bytes,
        };
        let made = crate::portrait::from_photo(&photo, options)?;
        println!(
            "portrait: {}×{} {} {}, {} bytes (quality {}, SSIM {:.3})",
            made.width,
            made.height,
            if options.grayscale { "grayscale" } else { "colour" },
            made.portrait.media_type(),
            made.portrait.bytes().len(),
            made.quality,
            made.ssim
        );
        record.portrait = Some(made.portrait);
    }
    let holder_key =
        citizen_wallet::PublicKey::from_bytes(&files::parse_hex("--test-only-holder-key", &args.holder_key)?).map_err(
            |_| CliError::usage("--test-only-holder-key must be 32 bytes (Ed25519) or 65 bytes (P-256, SEC1) of hex"),
        )?;
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
        crate::helpers::format_time(info.expires_at)
    );
    Ok(())
}
