//! What several commands share: the clock and how times are printed.

use citizen_wallet::Clock;
use citizen_wallet::claims::Date;

/// Now, in Unix seconds, from the system clock (the one clock every command reads).
pub fn now() -> i64 {
    citizen_wallet::SystemClock.now()
}

/// "2026-11-26 21:00:00 UTC".
pub fn format_time(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!("{} {:02}:{:02}:{:02} UTC", Date::from_unix(unix), secs / 3600, secs % 3600 / 60, secs % 60)
}
