//! `cwallet trust init|sign|show`, and the trust options every checking command shares: a signed
//! bundle checked against pinned anchors (optionally kept in a counter's trust folder), or, for
//! development only, the unsigned JSON lists behind flags that say so.

use std::path::{Path, PathBuf};

use citizen_wallet::trust::TrustStore;
use citizen_wallet::{
    AnchorKey, ExpiryPolicy, TrustAnchor, TrustBundle, TrustList, VerifiedBundle, Verifier, VerifierPolicy,
    VerifierRegistry,
};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use crate::files::{self, AnchorFile};
use crate::helpers::format_time;
use crate::helpers::now;
use crate::{CliError, CliResult};

#[derive(Subcommand)]
pub enum TrustCommand {
    /// Create a trust anchor key: the secret key file, and the public anchor file apps pin.
    Init(InitArgs),
    /// Sign a trust bundle from an issuer list and a registered-verifier list (JSON).
    Sign(SignArgs),
    /// Check a bundle against the pinned anchors and show what it says.
    Show(ShowArgs),
    /// TEST DATA ONLY: write the demo trust anchor (key derived from a published seed, so anyone
    /// can sign with it) and the demo issuer's list, the inputs of the android-demo's bundle.
    DemoTestOnly(DemoTestOnlyArgs),
}

#[derive(Args)]
pub struct DemoTestOnlyArgs {
    /// Folder to write demo-anchor-key.json (the demo anchor's PUBLICLY KNOWN secret),
    /// demo-anchor.json (its public anchor) and demo-issuers.json (the demo issuer's list).
    #[arg(long)]
    out_dir: PathBuf,
}

#[derive(Args)]
pub struct InitArgs {
    /// Anchor key id.
    #[arg(long)]
    kid: String,
    /// Secret key file to write (keep it offline).
    #[arg(long, default_value = "anchor-key.json")]
    out: PathBuf,
    /// Public anchor file to write (what apps and counters pin).
    #[arg(long, default_value = "anchor.json")]
    public_out: PathBuf,
}

#[derive(Args)]
pub struct SignArgs {
    /// Anchor secret key file (`trust init`).
    #[arg(long)]
    key: PathBuf,
    /// Issuer list (the trust list JSON of `issuer init`).
    #[arg(long)]
    issuers: Option<PathBuf>,
    /// Registered-verifier list (the JSON of `verifier init`).
    #[arg(long)]
    verifiers: Option<PathBuf>,
    /// Sequence number: must be above every bundle signed before.
    #[arg(long)]
    seq: u64,
    /// Lifetime in days.
    #[arg(long, default_value_t = 7)]
    lifetime_days: u64,
    /// Issue time (Unix seconds) instead of now.
    #[arg(long)]
    at: Option<i64>,
    /// Public anchor file of an anchor that signs the next bundles (repeatable): rotates the anchors
    /// to exactly this set. Include the signing anchor to keep it.
    #[arg(long = "next-anchor", value_name = "FILE")]
    next_anchors: Vec<PathBuf>,
    /// Bundle file to write.
    #[arg(long, default_value = "trust.cwt")]
    out: PathBuf,
}

#[derive(Args)]
pub struct ShowArgs {
    #[command(flatten)]
    trust: TrustSource,
    /// Check as of this Unix time instead of now.
    #[arg(long)]
    at: Option<i64>,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OnExpired {
    Reject,
    Warn,
}

/// Where trust comes from, for `verify`, `request show`, `present --request`, `wallet import` and
/// `wallet present --request`.
#[derive(Args)]
pub struct TrustSource {
    /// Signed trust bundle (`trust sign`), checked against --anchor.
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,
    /// Pinned trust anchor (public anchor file of `trust init`); repeatable.
    #[arg(long = "anchor", value_name = "FILE")]
    pub anchors: Vec<PathBuf>,
    /// Counter trust folder: keeps the newest accepted bundle across runs and refuses older ones;
    /// --bundle updates it.
    #[arg(long, value_name = "DIR")]
    pub trust_dir: Option<PathBuf>,
    /// What to do once the bundle has expired: refuse every verdict, or give it with a warning.
    #[arg(long, value_enum, default_value = "reject")]
    pub on_expired_trust: OnExpired,
    /// DEVELOPMENT ONLY: an unsigned issuer list (JSON) instead of a signed bundle.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["bundle", "trust_dir"])]
    pub dev_unsigned_trust: Option<PathBuf>,
    /// DEVELOPMENT ONLY: an unsigned registered-verifier list (JSON) instead of a signed bundle.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["bundle", "trust_dir"])]
    pub dev_unsigned_registry: Option<PathBuf>,
}

/// Trust as loaded for one command.
pub enum Loaded {
    Signed {
        bundle: VerifiedBundle,
        policy: ExpiryPolicy,
    },
    /// Development lists, unsigned.
    Unsigned {
        issuers: TrustList,
        verifiers: VerifierRegistry,
    },
    /// Nothing given (only `request show` accepts this: every request is then unverified).
    Nothing,
}

impl Loaded {
    pub fn issuers(&self) -> Result<&TrustList, CliError> {
        match self {
            Loaded::Signed { bundle, .. } => Ok(&bundle.bundle.issuers),
            Loaded::Unsigned { issuers, .. } => Ok(issuers),
            Loaded::Nothing => Err(CliError::usage(
                "no trust given: --bundle FILE --anchor FILE (or, for development, --dev-unsigned-trust FILE)",
            )),
        }
    }

    pub fn registry(&self) -> VerifierRegistry {
        match self {
            Loaded::Signed { bundle, .. } => bundle.bundle.verifiers.clone(),
            Loaded::Unsigned { verifiers, .. } => verifiers.clone(),
            Loaded::Nothing => VerifierRegistry::default(),
        }
    }

    /// A verifier on these issuers; a signed bundle's expiry is checked on every verdict.
    pub fn verifier(&self, policy: VerifierPolicy) -> Result<Verifier, CliError> {
        match self {
            Loaded::Signed { bundle, policy: expiry } => Ok(Verifier::from_bundle(bundle, policy, *expiry)),
            _ => Ok(Verifier::new(self.issuers()?.clone(), policy)),
        }
    }
}

impl TrustSource {
    pub fn policy(&self) -> ExpiryPolicy {
        match self.on_expired_trust {
            OnExpired::Warn => ExpiryPolicy::Warn,
            OnExpired::Reject => ExpiryPolicy::Reject,
        }
    }

    /// Loads and checks trust at Unix time `now`; warnings (expired bundle, unsigned lists) go to stderr.
    pub fn load(&self, now: i64) -> Result<Loaded, CliError> {
        if self.dev_unsigned_trust.is_some() || self.dev_unsigned_registry.is_some() {
            eprintln!("cwallet: WARNING: using UNSIGNED trust lists (development only)");
            let issuers = match &self.dev_unsigned_trust {
                Some(path) => TrustList::from_json(&files::read_text(path)?)
                    .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?,
                None => TrustList::default(),
            };
            let verifiers = match &self.dev_unsigned_registry {
                Some(path) => VerifierRegistry::from_json(&files::read_text(path)?)
                    .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?,
                None => VerifierRegistry::default(),
            };
            return Ok(Loaded::Unsigned { issuers, verifiers });
        }
        if self.bundle.is_none() && self.trust_dir.is_none() {
            return Ok(Loaded::Nothing);
        }
        let anchors = self.anchors()?;
        let policy = self.policy();
        let bundle = match &self.trust_dir {
            Some(dir) => {
                let store = TrustStore::open(dir, anchors, policy).map_err(trust_failed)?;
                if let Some(path) = &self.bundle {
                    match store.update(&files::read_bytes(path)?, now) {
                        Ok(update) => eprintln!("cwallet: trust bundle {} accepted into {}", update.seq, dir.display()),
                        Err(e) => return Err(trust_failed(e)),
                    }
                }
                store.current(now).map_err(trust_failed)?
            }
            None => {
                let path = self.bundle.as_ref().expect("checked above");
                TrustBundle::verify(&files::read_bytes(path)?, &anchors, now, policy).map_err(trust_failed)?
            }
        };
        if let Some(warning) = &bundle.warning {
            eprintln!("cwallet: WARNING: {warning}");
        }
        Ok(Loaded::Signed { bundle, policy })
    }

    fn anchors(&self) -> Result<Vec<TrustAnchor>, CliError> {
        if self.anchors.is_empty() {
            return Err(CliError::usage("a signed bundle needs the pinned trust anchor: --anchor FILE"));
        }
        self.anchors.iter().map(|p| read_anchor(p)).collect()
    }
}

fn read_anchor(path: &Path) -> Result<TrustAnchor, CliError> {
    TrustAnchor::from_json(&files::read_text(path)?).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
}

fn trust_failed(e: citizen_wallet::TrustError) -> CliError {
    CliError::failed(format!("trust refused: {e} ({})", e.code()))
}

pub fn run(cmd: TrustCommand) -> CliResult {
    match cmd {
        TrustCommand::Init(args) => init(args),
        TrustCommand::Sign(args) => sign(args),
        TrustCommand::Show(args) => show(args),
        TrustCommand::DemoTestOnly(args) => demo_test_only(args),
    }
}

fn demo_test_only(args: DemoTestOnlyArgs) -> CliResult {
    use citizen_wallet::demo;
    std::fs::create_dir_all(&args.out_dir)
        .map_err(|e| CliError::usage(format!("cannot create {}: {e}", args.out_dir.display())))?;
    let key = demo::anchor_key();
    files::write_json_secret(&args.out_dir.join("demo-anchor-key.json"), &AnchorFile::from_key(&key))?;
    let anchor = TrustAnchor::new(key.kid(), key.public_key()).map_err(CliError::failed)?;
    files::write(&args.out_dir.join("demo-anchor.json"), anchor.to_json())?;
    let mut config = citizen_wallet::IssuerConfig::new(demo::DEMO_ISS);
    config.status_list_uri = Some(demo::DEMO_STATUS_URI.into());
    let issuer = citizen_wallet::Issuer::new(demo::issuer_key(), config).map_err(CliError::failed)?;
    let mut trusted = issuer.trusted_issuer();
    trusted.name = Some(demo::DEMO_ISSUER_NAME.into());
    let issuers = TrustList::new(vec![trusted]).map_err(CliError::failed)?;
    files::write(&args.out_dir.join("demo-issuers.json"), issuers.to_json())?;
    println!(
        "TEST DATA ONLY: demo anchor {} and demo issuer list written to {} (the anchor's secret is public: \
         never pin it in a real app or counter)",
        key.kid(),
        args.out_dir.display()
    );
    Ok(())
}

fn init(args: InitArgs) -> CliResult {
    let key = AnchorKey::generate(&args.kid).map_err(CliError::usage)?;
    files::write_json_secret(&args.out, &AnchorFile::from_key(&key))?;
    let anchor = TrustAnchor::new(key.kid(), key.public_key()).map_err(CliError::usage)?;
    files::write(&args.public_out, anchor.to_json())?;
    println!("anchor key {} written to {} (secret: keep it offline)", args.kid, args.out.display());
    println!("public anchor written to {} (pin it in apps and counters)", args.public_out.display());
    Ok(())
}

fn sign(args: SignArgs) -> CliResult {
    let key = files::read_json::<AnchorFile>(&args.key)?.to_key()?;
    let issuers = match &args.issuers {
        Some(path) => TrustList::from_json(&files::read_text(path)?)
            .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?,
        None => TrustList::default(),
    };
    let verifiers = match &args.verifiers {
        Some(path) => VerifierRegistry::from_json(&files::read_text(path)?)
            .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?,
        None => VerifierRegistry::default(),
    };
    let mut bundle =
        TrustBundle::new(args.seq, args.at.unwrap_or_else(now), args.lifetime_days * 86_400, issuers, verifiers);
    if !args.next_anchors.is_empty() {
        bundle.next_anchors = Some(args.next_anchors.iter().map(|p| read_anchor(p)).collect::<Result<_, _>>()?);
    }
    let bytes = bundle.sign(&key).map_err(|e| CliError::usage(format!("{e} ({})", e.code())))?;
    files::write(&args.out, &bytes)?;
    println!(
        "trust bundle {} written to {}: {} bytes, {} issuer keys, {} verifier keys, expires {}",
        args.seq,
        args.out.display(),
        bytes.len(),
        bundle.issuers.issuers().len(),
        bundle.verifiers.verifiers().len(),
        format_time(bundle.expires_at)
    );
    Ok(())
}

fn show(args: ShowArgs) -> CliResult {
    if args.trust.bundle.is_none() && args.trust.trust_dir.is_none() {
        return Err(CliError::usage("trust show needs --bundle FILE (or --trust-dir DIR) and --anchor FILE"));
    }
    let loaded = args.trust.load(args.at.unwrap_or_else(now))?;
    let Loaded::Signed { bundle: verified, .. } = loaded else {
        return Err(CliError::usage("trust show checks signed bundles only"));
    };
    let b = &verified.bundle;
    let period = |p: &citizen_wallet::clock::SigningPeriod| json!({"from": p.from, "until": p.until});
    if args.json {
        let out = json!({
            "valid": true,
            "seq": b.seq,
            "issued_at": b.issued_at,
            "expires_at": b.expires_at,
            "anchor": verified.anchor_kid,
            "warning": verified.warning.as_ref().map(ToString::to_string),
            "issuers": b.issuers.issuers().iter().map(|i| json!({
                "kid": i.kid, "iss": i.iss, "name": i.name, "signing_period": period(&i.signing_period),
                "status_uris": i.status_uris, "key_type": i.public_key.key_type(), "x": hex::encode(i.public_key.to_bytes()),
            })).collect::<Vec<_>>(),
            "verifiers": b.verifiers.verifiers().iter().map(|v| json!({
                "kid": v.kid, "id": v.id, "name": v.name, "valid": period(&v.valid),
                "claims": v.claims.iter().map(|c| c.as_str()).collect::<Vec<_>>(), "purposes": v.purposes,
            })).collect::<Vec<_>>(),
            "next_anchors": b.next_anchors.as_ref().map(|a| a.iter().map(|a| a.kid.clone()).collect::<Vec<_>>()),
        });
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
        return Ok(());
    }
    println!("VALID trust bundle {} signed by anchor {}", b.seq, verified.anchor_kid);
    println!("  issued      {}", format_time(b.issued_at));
    println!("  expires     {}", format_time(b.expires_at));
    if let Some(w) = &verified.warning {
        println!("  WARNING     {w}");
    }
    let span = |p: &citizen_wallet::clock::SigningPeriod| {
        let from = p.from.map_or("always".into(), format_time);
        let until = p.until.map_or("no end".into(), format_time);
        format!("{from} .. {until}")
    };
    for i in b.issuers.issuers() {
        let name = i.name.as_deref().unwrap_or("-");
        println!("  issuer      {} {} ({name}), signs {}", i.kid, i.iss, span(&i.signing_period));
    }
    for v in b.verifiers.verifiers() {
        println!("  verifier    {} {} ({}), signs {}", v.kid, v.id, v.name, span(&v.valid));
    }
    if let Some(next) = &b.next_anchors {
        let kids: Vec<&str> = next.iter().map(|a| a.kid.as_str()).collect();
        println!("  next anchors {}", kids.join(", "));
    }
    Ok(())
}
