//! `uniffi-bindgen` from this workspace, so the generator and the library always share one uniffi version.

fn main() {
    uniffi::uniffi_bindgen_main()
}
