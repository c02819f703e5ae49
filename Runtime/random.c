// Counter-based random numbers. See MechanistRuntime.h.
//
// Bits: SplitMix64's output function (Steele, Lea & Flood 2014; the finalizer constants of
// Stafford's "Mix13") applied to key' + (n + 1) * golden gamma, where key' is the mixed stream
// key: SplitMix64's own sequence, entered at a point the key selects. About 4 ns a draw, which
// matters because an LCA step draws one number per unit.
//
// Normal deviates: the ziggurat method with 128 layers (Marsaglia & Tsang 2000) in the form
// Doornik (2005) gives it, where the layer index and the uniform come from disjoint bits of one
// draw. Rejected attempts (about 1.2 %) and the tail take further bits from sibling streams of
// the same (key, n), so draw n stays a pure function of (key, n).
#include "MechanistRuntime.h"
#include <math.h>

static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// 64 random bits: draw `counter` of sibling stream `sibling` of stream `key` (sibling 0 is the
/// stream itself).
static inline uint64_t random_bits(uint64_t key, uint64_t counter, uint64_t sibling) {
    uint64_t stream = mix64(key ^ (sibling * 0xD1B54A32D192ED03ull));
    return mix64(stream + (counter + 1) * 0x9E3779B97F4A7C15ull);
}

/// The top 53 bits as a double on [0, 1).
static inline double unit(uint64_t bits) { return (double)(bits >> 11) * 0x1.0p-53; }

uint64_t mechanist_stream_key(double seed, const uint8_t *name, uint64_t length) {
    int64_t whole = (seed >= -9223372036854775808.0 && seed < 9223372036854775808.0) ? (int64_t)seed : 0;
    uint64_t bits = (uint64_t)whole;
    uint64_t hash = 0xCBF29CE484222325ull;
    for (int k = 0; k < 8; k++) hash = (hash ^ ((bits >> (8 * k)) & 0xFF)) * 0x00000100000001B3ull;
    hash = (hash ^ 0xFF) * 0x00000100000001B3ull;
    for (uint64_t k = 0; k < length; k++) hash = (hash ^ name[k]) * 0x00000100000001B3ull;
    return mix64(hash + 0x9E3779B97F4A7C15ull);
}

double mechanist_uniform(uint64_t key, uint64_t counter) { return unit(random_bits(key, counter, 0)); }

// Ziggurat of the standard normal density f(x) = exp(-x^2 / 2): LAYERS layers of equal area
// LAYER_AREA; layer i spans x in [0, edge[i]], edge[1] = TAIL_START, edge[LAYERS] = 0, and
// edge[0] = LAYER_AREA / f(TAIL_START) is the width of the base layer's rectangle.
enum { LAYERS = 128 };
static const double TAIL_START = 3.442619855899;
static const double LAYER_AREA = 9.91256303526217e-3;
static double edge[LAYERS + 1];
static double inner[LAYERS];  // edge[i + 1] / edge[i]: |u| below it is inside the next layer too

__attribute__((constructor)) static void ziggurat_tables(void) {
    double f = exp(-0.5 * TAIL_START * TAIL_START);
    edge[0] = LAYER_AREA / f;
    edge[1] = TAIL_START;
    edge[LAYERS] = 0.0;
    for (int i = 2; i < LAYERS; i++) {
        edge[i] = sqrt(-2.0 * log(LAYER_AREA / edge[i - 1] + f));
        f = exp(-0.5 * edge[i] * edge[i]);
    }
    for (int i = 0; i < LAYERS; i++) inner[i] = edge[i + 1] / edge[i];
}

// Siblings: attempt a uses sibling 2a (layer and position) and 2a + 1 (the wedge test); the
// tail's t-th try uses siblings TAIL + 2t and TAIL + 2t + 1.
static const uint64_t TAIL = 1ull << 32;

/// Marsaglia's tail method: a deviate beyond TAIL_START, with the given sign.
static double tail(uint64_t key, uint64_t counter, int negative) {
    for (uint64_t t = 0;; t++) {
        // 1 - u lies in (0, 1], so the logarithms are finite.
        double x = log(1.0 - unit(random_bits(key, counter, TAIL + 2 * t))) / TAIL_START;
        double y = log(1.0 - unit(random_bits(key, counter, TAIL + 2 * t + 1)));
        if (-2.0 * y >= x * x) return negative ? x - TAIL_START : TAIL_START - x;
    }
}

double mechanist_normal(uint64_t key, uint64_t counter) {
    for (uint64_t attempt = 0;; attempt++) {
        uint64_t bits = random_bits(key, counter, 2 * attempt);
        double u = 2.0 * unit(bits) - 1.0;  // [-1, 1): position and sign
        unsigned layer = (unsigned)(bits & (LAYERS - 1));  // low bits, disjoint from u's
        if (fabs(u) < inner[layer]) return u * edge[layer];
        if (layer == 0) return tail(key, counter, u < 0);
        // The wedge between layer `layer`'s rectangle and the density.
        double x = u * edge[layer];
        double below = exp(-0.5 * (edge[layer] * edge[layer] - x * x));
        double above = exp(-0.5 * (edge[layer + 1] * edge[layer + 1] - x * x));
        if (above + unit(random_bits(key, counter, 2 * attempt + 1)) * (below - above) < 1.0) return x;
    }
}
