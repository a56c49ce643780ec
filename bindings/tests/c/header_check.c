/* Compiles the generated Swift FFI header with a C compiler and calls through it into the
 * library: the part of the Swift bindings that can be checked without a Swift compiler. */
#include <stdio.h>
#include "CitizenWalletFFI.h"

int main(void) {
    uint32_t contract = ffi_citizen_wallet_ffi_uniffi_contract_version();
    uint16_t checksum = uniffi_citizen_wallet_ffi_checksum_func_library_version();
    printf("uniffi contract version %u, library_version checksum %u\n", contract, checksum);
    return contract == 0;
}
