#ifndef MUROUTE_FUZZ_ZSTD_REFERENCE_H
#define MUROUTE_FUZZ_ZSTD_REFERENCE_H

#include <stddef.h>

/// How a whole-buffer decompression ended.
enum {
  fuzz_zstd_complete = 0,   ///< every frame ended
  fuzz_zstd_truncated = 1,  ///< the input ends inside a frame
  fuzz_zstd_corrupt = 2,    ///< libzstd reported an error
  fuzz_zstd_too_large = 3,  ///< the output would exceed the buffer
};

/// The most a compression of `size` bytes can take.
size_t fuzz_zstd_compress_bound(size_t size);

/// Compresses `src` as one frame at `level` (with a checksum and the content size in the header
/// when asked); returns the compressed size, or -1 on error.
long fuzz_zstd_compress(void *dst, size_t capacity, const void *src, size_t size, int level, int checksum,
                        int content_size);

/// The reference decoder: the whole input in one ZSTD_decompressStream loop, independent of the
/// reader's buffering. Returns the bytes produced and sets `*status` to one of the values above.
size_t fuzz_zstd_decompress_all(const void *src, size_t size, void *dst, size_t capacity, int *status);

/// Like `fuzz_zstd_decompress_all`, but for a stream that fails: everything libzstd decodes before
/// it reports the fault. (libzstd drops what a call decoded when the same call then fails, so how
/// much a reader gets depends on its output space per call; one byte per call gets it all. The
/// failing call is narrowed down to that in passes of smaller windows.)
size_t fuzz_zstd_decompress_most(const void *src, size_t size, void *dst, size_t capacity, int *status);

#endif
