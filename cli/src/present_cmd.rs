//! `cwallet holder init` and `cwallet present`: presentations from files (the encrypted wallet
//! does the same with a stored key).

use std::path::{Path, PathBuf};

use citizen_wallet::holder::DEFAULT_TTL_SECS;
use citizen_wallet::qr::{EcLevel, QrImage};
use citizen_wallet::{
    ClaimName, Credential, HolderKey, Presentation, PresentationRequest, RequestView, present, present_for_request,
};
use clap::{Args, Subcommand};

use crate::files::{self, HolderFile};
use crate::helpers::now;
use crate::request_cmd::{answered, read_for_answer};
use crate::trust_cmd::TrustSource;
use crate::{CliError, CliResult};

#[derive(Subcommand)]
pub enum HolderCommand {
    /// Create a holder key file and print its public key (for `issuer issue --test-only-holder-key`).
    Init {
        #[arg(long, default_value = "holder.json")]
        out: PathBuf,
    },
}

#[derive(Args)]
pub struct PresentArgs {
    /// Credential file (CBOR) from `cwallet issuer issue`.
    #[arg(long)]
    credential: PathBuf,
    /// Holder key file from `cwallet holder init`.
    #[arg(long, default_value = "holder.json")]
    holder: PathBuf,
    #[command(flatten)]
    options: PresentOptions,
}

/// What to present and where the QR goes: shared by `present` and `wallet present`.
#[derive(Args)]
pub struct PresentOptions {
    /// Comma-separated claims to disclose, e.g. full_name,age_over_18.
    #[arg(long, value_delimiter = ',')]
    pub disclose: Vec<String>,
    /// The verifier this QR is for.
    #[arg(long, required_unless_present = "request")]
    pub audience: Option<String>,
    /// Lifetime in seconds (at most 900).
    #[arg(long, default_value_t = DEFAULT_TTL_SECS)]
    pub ttl: u64,
    /// The verifier's nonce, hex.
    #[arg(long)]
    pub nonce: Option<String>,
    #[command(flatten)]
    pub answer: AnswerArgs,
    /// Write the QR text here (default: print it).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub svg: Option<PathBuf>,
    #[arg(long)]
    pub png: Option<PathBuf>,
    /// Draw the QR code in the terminal.
    #[arg(long)]
    pub terminal: bool,
}

/// The answer to a verifier's request, or claims, audience, lifetime and nonce given by hand.
pub enum WhatToPresent {
    Answer { view: RequestView, approved: Vec<ClaimName> },
    Manual(PresentationRequest),
}

impl PresentOptions {
    /// What to present. A `--request` is read and shown here, before any PIN is asked for.
    pub fn what(&self) -> Result<WhatToPresent, CliError> {
        let a = &self.answer;
        if let Some(path) = &a.request {
            let (view, approved) = read_for_answer(path, &a.trust, &a.approve, a.allow_unverified)?;
            return Ok(WhatToPresent::Answer { view, approved });
        }
        Ok(WhatToPresent::Manual(PresentationRequest {
            disclose: parse_claims(&self.disclose)?,
            audience: self.audience.clone().unwrap_or_default(),
            ttl_secs: self.ttl,
            nonce: self.nonce.as_deref().map(|n| files::parse_hex("--nonce", n)).transpose()?,
        }))
    }

    /// Writes or prints the QR text, draws the images asked for, and prints the summary.
    pub fn show(&self, presentation: &Presentation) -> CliResult {
        match &self.out {
            Some(path) => files::write(path, &presentation.qr_text)?,
            None => println!("{}", presentation.qr_text),
        }
        let image = QrImage::from_text(&presentation.qr_text, EcLevel::M).map_err(CliError::failed)?;
        write_images(&image, self.svg.as_deref(), self.png.as_deref())?;
        if self.terminal {
            println!("{}", image.to_terminal());
        }
        eprintln!("{}", summary(presentation, &image));
        Ok(())
    }
}

/// Answering a verifier's request QR instead of giving audience, nonce and claims by hand.
#[derive(Args)]
pub struct AnswerArgs {
    /// File with the request QR text (`cwallet request create`): answer it.
    #[arg(long, conflicts_with_all = ["disclose", "audience", "nonce", "ttl"], requires = "approve")]
    pub request: Option<PathBuf>,
    /// Trust the request is checked against (its registered verifiers).
    #[command(flatten)]
    pub trust: TrustSource,
    /// Comma-separated requested claims the citizen approves (others are refused).
    #[arg(long, value_delimiter = ',', requires = "request")]
    pub approve: Vec<String>,
    /// Answer a request whose key is not in the registry.
    #[arg(long, requires = "request")]
    pub allow_unverified: bool,
}

pub fn run_holder(cmd: HolderCommand) -> CliResult {
    let HolderCommand::Init { out } = cmd;
    let key = HolderKey::generate();
    files::write_json_secret(&out, &HolderFile::from_key(&key))?;
    println!("{}", hex::encode(key.public_key().as_bytes()));
    eprintln!("holder key written to {} (secret: keep it private)", out.display());
    Ok(())
}

pub fn run(args: PresentArgs) -> CliResult {
    let credential = Credential::from_bytes(&files::read_bytes(&args.credential)?)
        .map_err(|e| CliError::usage(format!("{}: {e}", args.credential.display())))?;
    let key = files::read_json::<HolderFile>(&args.holder)?.to_key()?;
    let presentation = match args.options.what()? {
        WhatToPresent::Answer { view, approved } => {
            let p = present_for_request(&credential, &key, &view, &approved, now())
                .map_err(|e| CliError::failed(format!("{e} ({})", e.code())))?;
            eprintln!("{}", answered(&view, &p));
            p
        }
        WhatToPresent::Manual(request) => present(&credential, &key, &request, now()).map_err(CliError::failed)?,
    };
    args.options.show(&presentation)
}

pub fn parse_claims(names: &[String]) -> Result<Vec<ClaimName>, CliError> {
    names.iter().filter(|n| !n.is_empty()).map(|n| n.parse::<ClaimName>().map_err(CliError::usage)).collect()
}

pub fn write_images(image: &QrImage, svg: Option<&Path>, png: Option<&Path>) -> CliResult {
    if let Some(path) = svg {
        files::write(path, image.to_svg())?;
    }
    if let Some(path) = png {
        files::write(path, image.to_png(8))?;
    }
    Ok(())
}

pub fn summary(p: &Presentation, image: &QrImage) -> String {
    let names: Vec<String> = p.disclosed.iter().map(|c| c.as_str()).collect();
    format!(
        "presentation of [{}]: {} bytes, {} QR characters, QR version {}-M, expires {}",
        names.join(", "),
        p.kbt.len(),
        p.qr_text.len(),
        image.version(),
        crate::helpers::format_time(p.expires_at)
    )
}
