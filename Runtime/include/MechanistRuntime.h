// Functions that compiled Mechanist code calls by name, and that the interpreter calls too,
// so that both executors draw exactly the same numbers.
#ifndef MECHANIST_RUNTIME_H
#define MECHANIST_RUNTIME_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Philox4x32-10 (Salmon et al. 2011), a counter-based generator: the n-th number of stream
/// `key` is a pure function of (key, n). Returns a double uniform on [0, 1) with 53 random bits.
double mechanist_uniform(uint64_t key, uint64_t counter);

/// A standard normal deviate: Box-Muller over uniforms 2n and 2n+1 of stream `key`
/// (the cosine branch only, so draw n is again a pure function of (key, n)).
double mechanist_normal(uint64_t key, uint64_t counter);

#ifdef __cplusplus
}
#endif
#endif
