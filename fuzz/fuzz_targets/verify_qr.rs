//! Presentation QR text (or re-signed KBT bytes) → `Verifier::verify` and `verify_batch`.
//! The harness is tests/src/fuzz.rs, shared with the stable regression test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cwallet_tests::fuzz::verify_qr(data);
});
