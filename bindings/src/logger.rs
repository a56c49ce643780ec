//! An optional logger the app provides (Logcat, os_log, Python logging). The library logs events
//! and reason codes only: never claim values, keys, PINs or QR contents.

use std::sync::{Arc, RwLock};

#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    Debug,
    Info,
    Warn,
    Error,
}

/// Implemented by the app.
#[uniffi::export(with_foreign)]
pub trait Logger: Send + Sync {
    fn log(&self, level: LogLevel, message: String);
}

static LOGGER: RwLock<Option<Arc<dyn Logger>>> = RwLock::new(None);

/// Installs (or, with None, removes) the logger.
#[uniffi::export]
pub fn set_logger(logger: Option<Arc<dyn Logger>>) {
    *LOGGER.write().unwrap_or_else(|e| e.into_inner()) = logger;
}

pub(crate) fn log(level: LogLevel, message: &str) {
    let logger = LOGGER.read().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(logger) = logger {
        logger.log(level, message.to_owned());
    }
}

pub(crate) fn info(message: &str) {
    log(LogLevel::Info, message);
}
