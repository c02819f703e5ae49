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

#ifdef __cplusplus
}
#endif
#endif
