//! Status List Token (as received or re-signed) and bare StatusList CBOR.
//! The harness is tests/src/fuzz.rs, shared with the stable regression test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cwallet_tests::fuzz::status_list(data);
});
