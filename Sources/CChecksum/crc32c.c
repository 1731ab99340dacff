#include "muroute_crc32c.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
#endif

/* Bit by bit: the reference, used where the CPU offers no CRC32C instruction. */
static uint32_t crc32c_portable(uint32_t crc, const unsigned char *p, size_t length) {
  while (length--) {
    crc ^= *p++;
    for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t crc32c_sse42(uint32_t crc, const unsigned char *p, size_t length) {
  uint64_t wide = crc;
  while (length >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    wide = _mm_crc32_u64(wide, word);
    p += 8;
    length -= 8;
  }
  crc = (uint32_t)wide;
  while (length--) crc = _mm_crc32_u8(crc, *p++);
  return crc;
}
#endif

uint32_t muroute_crc32c(const void *data, size_t length) {
  const unsigned char *p = (const unsigned char *)data;
  uint32_t crc = 0xFFFFFFFFu;
#if defined(__x86_64__)
  if (__builtin_cpu_supports("sse4.2")) return ~crc32c_sse42(crc, p, length);
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
  while (length >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    crc = __crc32cd(crc, word);
    p += 8;
    length -= 8;
  }
  while (length--) crc = __crc32cb(crc, *p++);
  return ~crc;
#endif
  return ~crc32c_portable(crc, p, length);
}
