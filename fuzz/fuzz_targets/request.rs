//! Request QR text (or re-signed token bytes) → the wallet's checks → the answer → the counter.
//! The harness is tests/src/fuzz.rs, shared with the stable regression test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cwallet_tests::fuzz::request(data);
});
