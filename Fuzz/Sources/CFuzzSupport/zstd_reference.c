#include "zstd_reference.h"

#include <zstd.h>

size_t fuzz_zstd_compress_bound(size_t size) { return ZSTD_compressBound(size); }

// One compression context for the process, reset before each use: creating one per call (its
// tables) was most of the zstd target's run time. Fuzz targets run one input at a time on one
// thread. Decoding takes a fresh context each time, so that nothing a corrupt stream left behind
// can reach the next input's answer: one finding with a reused context did not reproduce alone.
static ZSTD_CCtx *shared_cctx;

long fuzz_zstd_compress(void *dst, size_t capacity, const void *src, size_t size, int level, int checksum,
                        int content_size) {
  if (!shared_cctx) shared_cctx = ZSTD_createCCtx();
  ZSTD_CCtx *cctx = shared_cctx;
  if (!cctx) return -1;
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, content_size);
  size_t written = ZSTD_compress2(cctx, dst, capacity, src, size);
  return ZSTD_isError(written) ? -1 : (long)written;
}

/// Decodes with output windows of `window` bytes per call, after 64 KiB ones up to `fast_until`;
/// `*before_failure` is the output position before the last call.
static size_t decode(const void *src, size_t size, void *dst, size_t capacity, size_t fast_until, size_t window,
                     int *status, size_t *before_failure) {
  ZSTD_DCtx *dctx = ZSTD_createDCtx();
  ZSTD_inBuffer in = {src, size, 0};
  ZSTD_outBuffer out = {dst, 0, 0};
  size_t hint = 0;
  *status = fuzz_zstd_complete;
  *before_failure = 0;
  while (in.pos < in.size || hint != 0) {
    size_t inBefore = in.pos, outBefore = out.pos;
    // Up to `fast_until` in the same 64 KiB windows as the first pass, so that libzstd takes the
    // same paths (a one-shot decode of a whole frame when the space allows) as it did there.
    size_t step = out.pos < fast_until ? (fast_until - out.pos < 65536 ? fast_until - out.pos : 65536) : window;
    out.size = step < capacity - out.pos ? out.pos + step : capacity;
    *before_failure = out.pos;
    hint = ZSTD_decompressStream(dctx, &out, &in);
    if (ZSTD_isError(hint)) {
      // What a failing call wrote does not count: the legacy (v0.5-0.7) decoder writes garbage
      // and then fails in the same call; the current one never advances the output on failure.
      *status = fuzz_zstd_corrupt;
      out.pos = outBefore;
      break;
    }
    if (out.pos == capacity) {
      *status = fuzz_zstd_too_large;
      break;
    }
    if (in.pos == inBefore && out.pos == outBefore && (out.pos < out.size || out.size == capacity)) {
      // No progress with room to write: all input is consumed and the frame wants more.
      *status = hint == 0 ? fuzz_zstd_complete : fuzz_zstd_truncated;
      break;
    }
  }
  ZSTD_freeDCtx(dctx);
  return out.pos;
}

size_t fuzz_zstd_decompress_all(const void *src, size_t size, void *dst, size_t capacity, int *status) {
  size_t before;
  return decode(src, size, dst, capacity, 0, capacity, status, &before);
}

size_t fuzz_zstd_decompress_most(const void *src, size_t size, void *dst, size_t capacity, int *status) {
  size_t before;
  size_t produced = decode(src, size, dst, capacity, 0, 65536, status, &before);
  // Narrow the failing call down to one-byte windows in steps: each pass redoes the stream in
  // 64 KiB windows up to where the last one's failing call began, then goes on in smaller ones.
  // One-byte windows from the first failing call on would take up to 128 Ki calls per input.
  static const size_t windows[] = {4096, 256, 16, 1};
  for (size_t i = 0; i < sizeof windows / sizeof windows[0] && *status == fuzz_zstd_corrupt; i++)
    produced = decode(src, size, dst, capacity, before, windows[i], status, &before);
  return produced;
}
