#ifndef MUROUTE_FUZZ_DRIVER_H
#define MUROUTE_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (what its own `main` calls). SwiftPM links an executable's entry point as
/// `<module>_main`, so each target's entry point calls this instead of relying on libFuzzer's main.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size));

#endif
