//! QR images for presentation texts: SVG, PNG, or the module matrix for apps that draw their own.

#[cfg(feature = "qr-image")]
use citizen_wallet::qr::MAX_MODULE_PX;
use citizen_wallet::qr::{EcLevel, QrImage};

use crate::errors::QrError;
use crate::types::QrMatrix;

/// An SVG image of the QR code (ECC M, quiet zone included).
#[uniffi::export]
pub fn qr_svg(text: String) -> Result<String, QrError> {
    Ok(QrImage::from_text(&text, EcLevel::M)?.to_svg())
}

/// A PNG image of the QR code with `module_px` pixels per module (1 to 32). Servers and desktops
/// only (the `qr-image` feature): phone libraries leave the PNG encoder out and draw from `qr_matrix`.
#[cfg(feature = "qr-image")]
#[uniffi::export(default(module_px = 8))]
pub fn qr_png(text: String, module_px: u32) -> Result<Vec<u8>, QrError> {
    if !(1..=MAX_MODULE_PX).contains(&module_px) {
        return Err(QrError::InvalidSize { reason: format!("module_px must be 1 to {MAX_MODULE_PX}") });
    }
    Ok(QrImage::from_text(&text, EcLevel::M)?.to_png(module_px))
}

/// The QR code's modules (ECC M).
#[uniffi::export]
pub fn qr_matrix(text: String) -> Result<QrMatrix, QrError> {
    let image = QrImage::from_text(&text, EcLevel::M)?;
    Ok(QrMatrix { version: image.version(), width: image.width() as u32, modules: image.modules() })
}
