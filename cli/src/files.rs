//! File formats of the CLI's test keys, and small file helpers.
//!
//! Key files hold secrets in hex and are written readable by their owner only. They are for test
//! issuers and demos; a production issuer keeps its key in an HSM, a phone in the encrypted wallet.

use std::fs;
use std::path::Path;

use citizen_wallet::{AnchorKey, HolderKey, Issuer, IssuerConfig, IssuerKey, VerifierKey};
use serde::{Deserialize, Serialize};
use zeroize_hex::SecretHex;

use crate::CliError;

/// `issuer.json`: a test issuer's key and settings.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerFile {
    pub kid: String,
    pub iss: String,
    pub secret_key: SecretHex,
    #[serde(default)]
    pub status_list_uri: Option<String>,
    pub age_thresholds: Vec<u8>,
    pub validity_days: u64,
    #[serde(default)]
    pub decoys: usize,
}

impl IssuerFile {
    pub fn from_issuer(issuer: &Issuer) -> IssuerFile {
        let config = issuer.config();
        IssuerFile {
            kid: issuer.key().kid().to_owned(),
            iss: config.iss.clone(),
            secret_key: SecretHex::new(&issuer.key().secret_bytes()),
            status_list_uri: config.status_list_uri.clone(),
            age_thresholds: config.age_thresholds.clone(),
            validity_days: config.validity_secs / 86_400,
            decoys: config.decoys,
        }
    }

    pub fn to_issuer(&self) -> Result<Issuer, CliError> {
        let key = IssuerKey::from_secret(&self.kid, &*self.secret_key.to_array()?).map_err(CliError::usage)?;
        let config = IssuerConfig {
            iss: self.iss.clone(),
            status_list_uri: self.status_list_uri.clone(),
            age_thresholds: self.age_thresholds.clone(),
            validity_secs: self.validity_days * 86_400,
            decoys: self.decoys,
        };
        Issuer::new(key, config).map_err(CliError::usage)
    }
}

/// `holder.json`: a holder key for file-based presentations.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderFile {
    pub public_key: String,
    pub secret_key: SecretHex,
}

impl HolderFile {
    pub fn from_key(key: &HolderKey) -> HolderFile {
        HolderFile {
            public_key: hex::encode(key.public_key().as_bytes()),
            secret_key: SecretHex::new(&key.secret_bytes()),
        }
    }

    pub fn to_key(&self) -> Result<HolderKey, CliError> {
        Ok(HolderKey::from_secret(&*self.secret_key.to_array()?))
    }
}

/// `verifier.json`: a test verifier's request-signing key and its registered identity.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifierFile {
    /// The verifier id its requests carry (`iss`).
    pub id: String,
    pub kid: String,
    /// The counter's display name put into requests.
    pub name: String,
    pub secret_key: SecretHex,
}

impl VerifierFile {
    pub fn from_key(id: &str, name: &str, key: &VerifierKey) -> VerifierFile {
        VerifierFile {
            id: id.to_owned(),
            kid: key.kid().to_owned(),
            name: name.to_owned(),
            secret_key: SecretHex::new(&key.secret_bytes()),
        }
    }

    pub fn to_key(&self) -> Result<VerifierKey, CliError> {
        VerifierKey::from_secret(&self.kid, &*self.secret_key.to_array()?).map_err(CliError::usage)
    }
}

/// `anchor-key.json`: a trust anchor's signing key (a real one lives offline, in an HSM).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorFile {
    pub kid: String,
    pub secret_key: SecretHex,
}

impl AnchorFile {
    pub fn from_key(key: &AnchorKey) -> AnchorFile {
        AnchorFile { kid: key.kid().to_owned(), secret_key: SecretHex::new(&key.secret_bytes()) }
    }

    pub fn to_key(&self) -> Result<AnchorKey, CliError> {
        AnchorKey::from_secret(&self.kid, &*self.secret_key.to_array()?).map_err(CliError::usage)
    }
}

pub fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, CliError> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
}

pub fn read_text(path: &Path) -> Result<String, CliError> {
    fs::read_to_string(path).map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))
}

pub fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    fs::read(path).map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), CliError> {
    fs::write(path, contents).map_err(|e| CliError::usage(format!("cannot write {}: {e}", path.display())))
}

/// Writes a file that holds a secret with mode 0600 on Unix: created so, and an existing file
/// (whose mode `open` would keep) is made private before the secret is written into it.
pub fn write_secret(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), CliError> {
    use std::io::Write;
    let failed = |e: std::io::Error| CliError::usage(format!("cannot write {}: {e}", path.display()));
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(failed)?;
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600)).map_err(failed)?;
    file.write_all(contents.as_ref()).map_err(failed)
}

pub fn write_json_secret<T: Serialize>(path: &Path, value: &T) -> Result<(), CliError> {
    let json = zeroize::Zeroizing::new(serde_json::to_string_pretty(value).expect("key files serialize"));
    write_secret(path, json.as_bytes())
}

pub fn parse_hex(what: &str, s: &str) -> Result<Vec<u8>, CliError> {
    hex::decode(s.trim()).map_err(|_| CliError::usage(format!("{what} is not hex")))
}

/// Hex-encoded 32-byte secrets that are zeroized on drop and never printed by `Debug`.
mod zeroize_hex {
    use serde::{Deserialize, Serialize};
    use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

    use crate::CliError;

    #[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
    #[serde(transparent)]
    pub struct SecretHex(String);

    impl std::fmt::Debug for SecretHex {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("SecretHex(..)")
        }
    }

    impl SecretHex {
        pub fn new(bytes: &[u8; 32]) -> SecretHex {
            SecretHex(hex::encode(bytes))
        }

        pub fn to_array(&self) -> Result<Zeroizing<[u8; 32]>, CliError> {
            let mut out = Zeroizing::new([0u8; 32]);
            hex::decode_to_slice(self.0.trim(), out.as_mut())
                .map_err(|_| CliError::usage("secret_key is not 32 bytes of hex"))?;
            Ok(out)
        }
    }
}
