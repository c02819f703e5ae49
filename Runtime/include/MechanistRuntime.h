// Functions that compiled Mechanist code calls by name, and that the interpreter calls too,
// so that both executors draw exactly the same numbers.
#ifndef MECHANIST_RUNTIME_H
#define MECHANIST_RUNTIME_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Counter-based: the n-th number of stream `key` is a pure function of (key, n), so both
/// executors, and any order of drawing, give the same numbers. A double uniform on [0, 1) with
/// 53 random bits (SplitMix64's output function over the counter; see random.c).
double mechanist_uniform(uint64_t key, uint64_t counter);

/// A standard normal deviate, draw n of stream `key` (the ziggurat method; see random.c).
double mechanist_normal(uint64_t key, uint64_t counter);

/// The key of a random stream: a stable 64-bit hash of a seed and a stream name (FNV-1a over
/// the seed's 8 little-endian bytes as a two's-complement int64, a 0xFF separator and the
/// name's `length` bytes, then SplitMix64's finalizer). The same seed and name give the same
/// key on every machine; another seed or name gives an independent stream. `seed` is an
/// integer held in a double (exact below 2^53, which the host checks); a value outside the
/// int64 range or NaN counts as 0, so that no input is undefined behaviour.
uint64_t mechanist_stream_key(double seed, const uint8_t *name, uint64_t length);

#ifdef __cplusplus
}
#endif
#endif
