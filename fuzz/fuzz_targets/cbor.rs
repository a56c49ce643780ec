//! The CBOR codec under several limits, and every parser built on it.
//! The harness is tests/src/fuzz.rs, shared with the stable regression test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cwallet_tests::fuzz::cbor(data);
});
