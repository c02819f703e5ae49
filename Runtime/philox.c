// Philox4x32-10: a counter-based random number generator. See MechanistRuntime.h.
#include "MechanistRuntime.h"
#include <math.h>

static inline uint32_t mulhilo(uint32_t a, uint32_t b, uint32_t *hi) {
    uint64_t product = (uint64_t)a * (uint64_t)b;
    *hi = (uint32_t)(product >> 32);
    return (uint32_t)product;
}

// One Philox4x32 block of 10 rounds: 128 random bits from a 128-bit counter and 64-bit key.
static void philox4x32_10(uint32_t ctr[4], uint32_t key0, uint32_t key1) {
    const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
    const uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
    for (int round = 0; round < 10; round++) {
        uint32_t hi0, hi1;
        uint32_t lo0 = mulhilo(M0, ctr[0], &hi0);
        uint32_t lo1 = mulhilo(M1, ctr[2], &hi1);
        uint32_t next[4] = { hi1 ^ ctr[1] ^ key0, lo1, hi0 ^ ctr[3] ^ key1, lo0 };
        ctr[0] = next[0]; ctr[1] = next[1]; ctr[2] = next[2]; ctr[3] = next[3];
        key0 += W0;
        key1 += W1;
    }
}

double mechanist_uniform(uint64_t key, uint64_t counter) {
    uint32_t ctr[4] = { (uint32_t)counter, (uint32_t)(counter >> 32), 0u, 0u };
    philox4x32_10(ctr, (uint32_t)key, (uint32_t)(key >> 32));
    uint64_t bits = ((uint64_t)ctr[0] << 32) | (uint64_t)ctr[1];
    return (double)(bits >> 11) * 0x1.0p-53;
}

double mechanist_normal(uint64_t key, uint64_t counter) {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    double u1 = 1.0 - mechanist_uniform(key, 2 * counter);
    double u2 = mechanist_uniform(key, 2 * counter + 1);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
