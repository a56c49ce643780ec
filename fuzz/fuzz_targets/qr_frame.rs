//! Grey pixels (two bytes of width, then the frame) → the QR decoder, quick and thorough.
//! The harness is tests/src/fuzz.rs, shared with the stable regression test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = cwallet_tests::fuzz::qr_frame(data);
});
