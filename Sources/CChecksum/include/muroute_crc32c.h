#ifndef MUROUTE_CRC32C_H
#define MUROUTE_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli) of `length` bytes: initial value and final xor 0xFFFFFFFF, reflected,
/// as iSCSI and ext4 use it. The CPU's CRC32 instruction where there is one (SSE 4.2 on x86-64,
/// the CRC extension on ARMv8), which Swift cannot reach without C.
uint32_t muroute_crc32c(const void *data, size_t length);

#endif
