-- Schema 5: the monotonic clock's reading (seconds since boot, from the app's MonotonicClock) at
-- the last failed PIN attempt, so that waits are measured on a clock the user cannot move.
-- NULL when the app gives no monotonic clock, or after the right PIN.

ALTER TABLE unlock_state ADD COLUMN last_failure_uptime INTEGER;
