//! `cwallet verifier init`, `cwallet request create|show`, and the request side of
//! `cwallet present --request` / `cwallet wallet present --request`.

use std::path::{Path, PathBuf};

use citizen_wallet::RegisteredVerifier;
use citizen_wallet::clock::SigningPeriod;
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::request::DEFAULT_REQUEST_LIFETIME_SECS;
use citizen_wallet::{
    ClaimName, Presentation, RequestSpec, RequestView, Requester, VerifierKey, VerifierRegistry, create_request,
    read_request,
};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::files::{self, VerifierFile};
use crate::issuer_cmd::now;
use crate::present_cmd::{parse_claims, write_images};
use crate::trust_cmd::TrustSource;
use crate::verify_cmd::format_time;
use crate::{CliError, CliResult};

#[derive(Subcommand)]
pub enum VerifierCommand {
    /// Create a verifier (counter) key; write the key file (secret) and its registration entry.
    Init(VerifierInitArgs),
}

#[derive(Args)]
pub struct VerifierInitArgs {
    /// Verifier id, carried in every request; presentations are addressed to it or a path under it.
    #[arg(long)]
    id: String,
    /// Key id.
    #[arg(long)]
    kid: String,
    /// Display name (registered name, and the name put into requests).
    #[arg(long)]
    name: String,
    /// Comma-separated claims this verifier is registered to ask for.
    #[arg(long, value_delimiter = ',', required = true)]
    claims: Vec<String>,
    /// A purpose it is registered for (repeatable; none: any purpose).
    #[arg(long = "purpose")]
    purposes: Vec<String>,
    /// Key file to write (holds the secret key).
    #[arg(long, default_value = "verifier.json")]
    out: PathBuf,
    /// Registered-verifier list to write, or to add this verifier to if it exists.
    #[arg(long, default_value = "verifiers.json")]
    registry_out: PathBuf,
}

#[derive(Subcommand)]
pub enum RequestCommand {
    /// Sign a request QR; prints the nonce (hex) the answer must carry.
    Create(CreateArgs),
    /// Read and check a request QR as a wallet would, and show who asks and what.
    Show(ShowArgs),
}

#[derive(Args)]
pub struct CreateArgs {
    /// Key file from `cwallet verifier init`.
    #[arg(long, default_value = "verifier.json")]
    verifier_key: PathBuf,
    /// Comma-separated claims to ask for, e.g. full_name,age_over_18.
    #[arg(long, value_delimiter = ',', required = true)]
    claims: Vec<String>,
    /// Why the counter asks, shown to the citizen.
    #[arg(long)]
    purpose: String,
    /// The audience the answer must carry: the verifier id (default) or a path under it.
    #[arg(long)]
    audience: Option<String>,
    /// Seconds until the request expires (at most 600).
    #[arg(long, default_value_t = DEFAULT_REQUEST_LIFETIME_SECS)]
    ttl: u64,
    /// Write the request QR text here.
    #[arg(long, default_value = "request.txt")]
    out: PathBuf,
    #[arg(long)]
    svg: Option<PathBuf>,
    #[arg(long)]
    png: Option<PathBuf>,
    /// Draw the QR code in the terminal.
    #[arg(long)]
    terminal: bool,
    /// Print the QR text, nonce, audience and times as JSON instead of the nonce alone.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ShowArgs {
    /// File holding the request QR text, or - for standard input.
    #[arg(long)]
    request: String,
    /// Trust: the registered verifiers come from the signed bundle (without any, every request is
    /// unverified).
    #[command(flatten)]
    trust: TrustSource,
    /// Check as of this Unix time instead of now.
    #[arg(long)]
    at: Option<i64>,
    #[arg(long)]
    json: bool,
}

pub fn run_verifier(cmd: VerifierCommand) -> CliResult {
    let VerifierCommand::Init(args) = cmd;
    let claims = parse_claims(&args.claims)?;
    let key = VerifierKey::generate(&args.kid).map_err(CliError::usage)?;
    let entry = RegisteredVerifier {
        id: args.id.clone(),
        kid: args.kid.clone(),
        name: args.name.clone(),
        public_key: key.public_key(),
        claims,
        purposes: (!args.purposes.is_empty()).then_some(args.purposes),
        valid: SigningPeriod::ALWAYS,
    };
    let mut registry =
        if args.registry_out.exists() { load_registry(&args.registry_out)? } else { VerifierRegistry::default() };
    registry.add(entry).map_err(CliError::usage)?;
    files::write_json_secret(&args.out, &VerifierFile::from_key(&args.id, &args.name, &key))?;
    files::write(&args.registry_out, registry.to_json())?;
    println!("verifier key {} written to {} (secret: keep it private)", args.kid, args.out.display());
    println!("registration written to {} ({} verifiers)", args.registry_out.display(), registry.verifiers().len());
    Ok(())
}

pub fn run(cmd: RequestCommand) -> CliResult {
    match cmd {
        RequestCommand::Create(args) => create(args),
        RequestCommand::Show(args) => show(args),
    }
}

fn create(args: CreateArgs) -> CliResult {
    let file: VerifierFile = files::read_json(&args.verifier_key)?;
    let key = file.to_key()?;
    let claims = parse_claims(&args.claims)?;
    let spec = RequestSpec {
        audience: args.audience.unwrap_or_else(|| file.id.clone()),
        lifetime_secs: args.ttl,
        ..RequestSpec::new(&file.id, &file.name, &args.purpose, &claims)
    };
    let request = create_request(&key, &spec, now()).map_err(|e| CliError::usage(format!("{e} ({})", e.code())))?;
    files::write(&args.out, &request.qr_text)?;
    let image = QrImage::from_text(&request.qr_text, EcLevel::M).map_err(CliError::failed)?;
    write_images(&image, args.svg.as_deref(), args.png.as_deref())?;
    if args.terminal {
        println!("{}", image.to_terminal());
    }
    let nonce = hex::encode(&request.nonce);
    if args.json {
        let out = json!({
            "qr_text": request.qr_text,
            "nonce": nonce,
            "audience": request.audience,
            "issued_at": request.issued_at,
            "expires_at": request.expires_at,
        });
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
    } else {
        println!("{nonce}");
    }
    eprintln!(
        "request written to {}: {} bytes, QR version {}-M, expires {}; verify the answer with\n  \
         cwallet verify --bundle trust.cwt --anchor anchor.json --text ANSWER --audience {} --nonce {nonce}",
        args.out.display(),
        request.token.len(),
        image.version(),
        format_time(request.expires_at),
        request.audience,
    );
    Ok(())
}

fn show(args: ShowArgs) -> CliResult {
    let at = args.at.unwrap_or_else(now);
    let registry = args.trust.load(at)?.registry();
    let text = crate::verify_cmd::read_text_source(&args.request)?;
    match read_request(&text, &registry, at) {
        Ok(view) => {
            if args.json {
                println!("{}", serde_json::to_string_pretty(&view_json(&view)).expect("json"));
            } else {
                print!("{}", describe(&view));
            }
            Ok(())
        }
        Err(e) => {
            if args.json {
                println!("{}", json!({"valid": false, "error": e.code(), "reason": e.to_string()}));
            } else {
                println!("REJECTED ({}): {e}", e.code());
            }
            Err(CliError::failed(format!("request rejected: {e}")))
        }
    }
}

/// Reads the request for an answer: shows it (on stderr), refuses an unverified one unless
/// allowed, and warns when approved claims are over-asking.
pub fn read_for_answer(
    request: &Path,
    trust: &TrustSource,
    approve: &[String],
    allow_unverified: bool,
) -> Result<(RequestView, Vec<ClaimName>), CliError> {
    let registry = trust.load(now())?.registry();
    let approved = parse_claims(approve)?;
    let view = read_request(&files::read_text(request)?, &registry, now())
        .map_err(|e| CliError::failed(format!("request rejected: {e} ({})", e.code())))?;
    eprint!("{}", describe(&view));
    view.check_answerable(allow_unverified)
        .map_err(|e| CliError::failed(format!("{e} (--allow-unverified answers it anyway)")))?;
    let over: Vec<String> = approved.iter().filter(|c| view.over_asking.contains(c)).map(|c| c.as_str()).collect();
    if !over.is_empty() {
        eprintln!("warning: approving claims this verifier is not registered to ask for: {}", over.join(", "));
    }
    Ok((view, approved))
}

/// The answer's summary line.
pub fn answered(view: &RequestView, presentation: &Presentation) -> String {
    format!(
        "answer to the request of {}: [{}] for {}, nonce {}",
        view.display_name(),
        names(&presentation.disclosed),
        view.audience,
        hex::encode(&view.nonce)
    )
}

fn load_registry(path: &Path) -> Result<VerifierRegistry, CliError> {
    VerifierRegistry::from_json(&files::read_text(path)?)
        .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
}

fn names(claims: &[ClaimName]) -> String {
    if claims.is_empty() { "(none)".into() } else { claims.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ") }
}

fn describe(view: &RequestView) -> String {
    let mut out = match &view.requester {
        Requester::Registered { name, kid } => format!("REQUEST from {name} (registered verifier, key {kid})\n"),
        Requester::Unverified { kid } => {
            format!("UNVERIFIED REQUEST: key {kid} is not registered; everything below is the requester's own claim\n")
        }
    };
    out += &format!("  verifier id    {}\n", view.verifier_id);
    out += &format!("  calls itself   {}\n", view.claimed_name);
    let purpose_note = match view.purpose_registered {
        Some(true) => " (registered purpose)",
        Some(false) => " (NOT a registered purpose)",
        None => "",
    };
    out += &format!("  purpose        {}{purpose_note}\n", view.purpose);
    out += &format!("  asks for       {}\n", names(&view.requested));
    if view.is_verified() && !view.over_asking.is_empty() {
        out += &format!("  OVER-ASKING    {} (not registered for this verifier)\n", names(&view.over_asking));
    }
    out += &format!("  answer to      {}\n", view.audience);
    out += &format!("  nonce          {}\n", hex::encode(&view.nonce));
    out += &format!("  expires        {}\n", format_time(view.expires_at));
    out
}

fn view_json(view: &RequestView) -> serde_json::Value {
    let list = |claims: &[ClaimName]| claims.iter().map(|c| c.as_str()).collect::<Vec<_>>();
    let (verified, name, kid) = match &view.requester {
        Requester::Registered { name, kid } => (true, Some(name.clone()), kid.clone()),
        Requester::Unverified { kid } => (false, None, kid.clone()),
    };
    json!({
        "valid": true,
        "verified": verified,
        "registered_name": name,
        "kid": kid,
        "verifier_id": view.verifier_id,
        "claimed_name": view.claimed_name,
        "purpose": view.purpose,
        "purpose_registered": view.purpose_registered,
        "requested": list(&view.requested),
        "over_asking": list(&view.over_asking),
        "audience": view.audience,
        "nonce": hex::encode(&view.nonce),
        "issued_at": view.issued_at,
        "expires_at": view.expires_at,
    })
}
