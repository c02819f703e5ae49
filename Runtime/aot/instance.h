// The generic part of an ahead-of-time compiled Mechanist model library (`mechanist compile`):
// instances and their arenas, reset, run, learn, and access to buffers by index. `mechanist`
// embeds this file (see Plugins/EmbedRuntimeSources) and compiles it once with Runtime/random.c
// into the runtime object it caches; the model's part is LLVM's: the model's code, its tables
// (an `aot_model`, the initial images, slots and buffers) and the exported `<prefix>_*`
// functions, each a tail call of the `mechanist_aot_*` function here of the same name with
// the model's table first. Everything here is hidden: a shared library exports only the
// `<prefix>_*` API, and a static object localizes the rest, so two models link into one program.
//
// It reproduces the host side of Mechanist's Executable (Sources/Mechanist/Executable.swift):
// arenas filled from the initial images, the initialization entry point at create and reset,
// the run-start entry point before each run or learn, then the compiled trial loop; reset
// restores the parameters set since (as Executable.initialParams does).
//
// `aot_model` and the `mechanist_aot_*` signatures are a contract with LLVM's side
// (Sources/MechanistLLVM/LibraryTables.swift): change both together.
#ifndef MECHANIST_AOT_INSTANCE_H
#define MECHANIST_AOT_INSTANCE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define AOT_OK 0
#define AOT_ERROR_NULL (-1)
#define AOT_ERROR_COUNT (-2)
#define AOT_ERROR_INDEX (-3)
#define AOT_ERROR_SIZE (-4)
#define AOT_ERROR_NO_LEARNING (-5)
#define AOT_ERROR_KIND (-6)

/// A buffer the caller can read and write: where it lives and its shape.
typedef struct {
    const char *name;
    int64_t offset;   // in its arena (params for weights and parameters, state for state)
    int64_t size;
    int64_t rows;     // a matrix's rows and columns; a vector is 1 x size
    int64_t columns;
} aot_buffer;

/// An input slot (offset within an input row) or an output slot (column within an output row).
typedef struct {
    const char *label;
    int64_t offset;
    int64_t size;
    int32_t kind;     // outputs: 0 result, 1 recorded port, 2 undecided flag
} aot_slot;

typedef void (*aot_once)(double *params, double *state, double *scratch);
typedef void (*aot_loop)(double *params, double *state, const double *inputs, int64_t input_rows,
                         double *outputs, double *scratch, int64_t trials);

/// Everything the library knows of its model; LLVM emits one per library.
typedef struct {
    int64_t params_size, state_size, scratch_size, input_width, output_width;
    const double *initial_params, *initial_state;
    aot_once initialize, start_run;
    aot_loop run, learn;  // learn is NULL for a model without learning
    int64_t input_count, output_count;
    const aot_slot *inputs, *outputs;
    int64_t buffer_counts[3];           // weights, parameters, state
    const aot_buffer *buffers[3];
} aot_model;

struct aot_instance {
    double *params, *state, *scratch;
    double *initial_params;   // what reset restores: the initial image with parameters set since
};

// Arenas of size 0 still get one element, as the compiled code's contract asks.
static double *aot_arena(int64_t size) { return (double *)calloc((size_t)(size > 0 ? size : 1), sizeof(double)); }

static void aot_destroy(struct aot_instance *instance) {
    if (!instance) return;
    free(instance->params);
    free(instance->state);
    free(instance->scratch);
    free(instance->initial_params);
    free(instance);
}

static void aot_reset(const aot_model *m, struct aot_instance *instance) {
    if (m->params_size > 0) memcpy(instance->params, instance->initial_params, (size_t)m->params_size * sizeof(double));
    if (m->state_size > 0) memcpy(instance->state, m->initial_state, (size_t)m->state_size * sizeof(double));
    m->initialize(instance->params, instance->state, instance->scratch);
}

static struct aot_instance *aot_create(const aot_model *m) {
    struct aot_instance *instance = (struct aot_instance *)calloc(1, sizeof(struct aot_instance));
    if (!instance) return NULL;
    instance->params = aot_arena(m->params_size);
    instance->state = aot_arena(m->state_size);
    instance->scratch = aot_arena(m->scratch_size);
    instance->initial_params = aot_arena(m->params_size);
    if (!instance->params || !instance->state || !instance->scratch || !instance->initial_params) {
        aot_destroy(instance);
        return NULL;
    }
    if (m->params_size > 0)
        memcpy(instance->initial_params, m->initial_params, (size_t)m->params_size * sizeof(double));
    aot_reset(m, instance);
    return instance;
}

/// run and learn: run start, then `trials` trials of the loop; trial t reads input row
/// t % input_rows and writes output row t.
static int aot_trials(const aot_model *m, aot_loop loop, struct aot_instance *instance, const double *inputs,
                      int64_t input_rows, int64_t trials, double *outputs) {
    if (!instance) return AOT_ERROR_NULL;
    if (trials < 0 || input_rows < 0) return AOT_ERROR_COUNT;
    if (trials > 0 && m->input_width > 0 && (input_rows == 0 || !inputs)) return inputs ? AOT_ERROR_COUNT : AOT_ERROR_NULL;
    if (trials > 0 && m->output_width > 0 && !outputs) return AOT_ERROR_NULL;
    // The compiled loop reads one row even of an empty input; never hand it NULL.
    static const double no_input[1] = {0};
    double no_output[1];
    m->start_run(instance->params, instance->state, instance->scratch);
    if (trials > 0)
        loop(instance->params, instance->state, inputs && m->input_width > 0 ? inputs : no_input,
             input_rows > 0 ? input_rows : 1, outputs && m->output_width > 0 ? outputs : no_output,
             instance->scratch, trials);
    return AOT_OK;
}

static const aot_buffer *aot_buffer_at(const aot_model *m, int32_t kind, int64_t index) {
    if (kind < 0 || kind > 2 || index < 0 || index >= m->buffer_counts[kind]) return NULL;
    return &m->buffers[kind][index];
}

static int64_t aot_find(const aot_model *m, int32_t kind, const char *name) {
    if (kind < 0 || kind > 2 || !name) return -1;
    for (int64_t k = 0; k < m->buffer_counts[kind]; k++)
        if (strcmp(m->buffers[kind][k].name, name) == 0) return k;
    return -1;
}

static int aot_check(const aot_model *m, int32_t kind, int64_t index, const void *values, int64_t count,
                     const aot_buffer **buffer) {
    if (kind < 0 || kind > 2) return AOT_ERROR_KIND;
    if (!(*buffer = aot_buffer_at(m, kind, index))) return AOT_ERROR_INDEX;
    if (!values) return AOT_ERROR_NULL;
    if (count != (*buffer)->size) return AOT_ERROR_SIZE;
    return AOT_OK;
}

static int aot_get(const aot_model *m, const struct aot_instance *instance, int32_t kind, int64_t index,
                   double *values, int64_t count) {
    if (!instance) return AOT_ERROR_NULL;
    const aot_buffer *b;
    int status = aot_check(m, kind, index, values, count, &b);
    if (status != AOT_OK) return status;
    const double *arena = kind == 2 ? instance->state : instance->params;
    memcpy(values, arena + b->offset, (size_t)count * sizeof(double));
    return AOT_OK;
}

/// Setting a parameter also changes what reset restores (Executable.setParameter does the same);
/// weights and state are reset to their initial values.
static int aot_set(const aot_model *m, struct aot_instance *instance, int32_t kind, int64_t index,
                   const double *values, int64_t count) {
    if (!instance) return AOT_ERROR_NULL;
    const aot_buffer *b;
    int status = aot_check(m, kind, index, values, count, &b);
    if (status != AOT_OK) return status;
    double *arena = kind == 2 ? instance->state : instance->params;
    memcpy(arena + b->offset, values, (size_t)count * sizeof(double));
    if (kind == 1) memcpy(instance->initial_params + b->offset, values, (size_t)count * sizeof(double));
    return AOT_OK;
}

static int aot_get_initial(const aot_model *m, int32_t kind, int64_t index, double *values, int64_t count) {
    const aot_buffer *b;
    int status = aot_check(m, kind, index, values, count, &b);
    if (status != AOT_OK) return status;
    const double *image = kind == 2 ? m->initial_state : m->initial_params;
    memcpy(values, image + b->offset, (size_t)count * sizeof(double));
    return AOT_OK;
}
// The API, one function per `<prefix>_*` function of the header, with the model first.
#define AOT_API __attribute__((visibility("hidden")))
typedef struct aot_instance aot_instance;

AOT_API aot_instance *mechanist_aot_create(const aot_model *m) { return aot_create(m); }
AOT_API void mechanist_aot_destroy(const aot_model *m, aot_instance *instance) { (void)m; aot_destroy(instance); }
AOT_API int mechanist_aot_reset(const aot_model *m, aot_instance *instance) {
    if (!instance) return AOT_ERROR_NULL;
    aot_reset(m, instance);
    return AOT_OK;
}
AOT_API int mechanist_aot_run(const aot_model *m, aot_instance *instance, const double *inputs, int64_t input_rows,
                              int64_t trials, double *outputs) {
    return aot_trials(m, m->run, instance, inputs, input_rows, trials, outputs);
}
AOT_API int mechanist_aot_learn(const aot_model *m, aot_instance *instance, const double *inputs, int64_t input_rows,
                                int64_t trials, double *outputs) {
    if (!m->learn) return AOT_ERROR_NO_LEARNING;
    return aot_trials(m, m->learn, instance, inputs, input_rows, trials, outputs);
}
static const aot_slot *aot_input_at(const aot_model *m, int64_t k) {
    return k >= 0 && k < m->input_count ? &m->inputs[k] : NULL;
}
static const aot_slot *aot_output_at(const aot_model *m, int64_t k) {
    return k >= 0 && k < m->output_count ? &m->outputs[k] : NULL;
}
AOT_API int64_t mechanist_aot_input_count(const aot_model *m) { return m->input_count; }
AOT_API const char *mechanist_aot_input_name(const aot_model *m, int64_t k) {
    return aot_input_at(m, k) ? aot_input_at(m, k)->label : NULL;
}
AOT_API int64_t mechanist_aot_input_offset(const aot_model *m, int64_t k) {
    return aot_input_at(m, k) ? aot_input_at(m, k)->offset : -1;
}
AOT_API int64_t mechanist_aot_input_size(const aot_model *m, int64_t k) {
    return aot_input_at(m, k) ? aot_input_at(m, k)->size : -1;
}
AOT_API int64_t mechanist_aot_output_count(const aot_model *m) { return m->output_count; }
AOT_API const char *mechanist_aot_output_name(const aot_model *m, int64_t k) {
    return aot_output_at(m, k) ? aot_output_at(m, k)->label : NULL;
}
AOT_API int64_t mechanist_aot_output_column(const aot_model *m, int64_t k) {
    return aot_output_at(m, k) ? aot_output_at(m, k)->offset : -1;
}
AOT_API int64_t mechanist_aot_output_size(const aot_model *m, int64_t k) {
    return aot_output_at(m, k) ? aot_output_at(m, k)->size : -1;
}
AOT_API int mechanist_aot_output_kind(const aot_model *m, int64_t k) {
    return aot_output_at(m, k) ? aot_output_at(m, k)->kind : -1;
}
AOT_API int64_t mechanist_aot_buffer_count(const aot_model *m, int kind) {
    return kind >= 0 && kind <= 2 ? m->buffer_counts[kind] : -1;
}
AOT_API const char *mechanist_aot_buffer_name(const aot_model *m, int kind, int64_t k) {
    const aot_buffer *b = aot_buffer_at(m, kind, k);
    return b ? b->name : NULL;
}
AOT_API int64_t mechanist_aot_buffer_size(const aot_model *m, int kind, int64_t k) {
    const aot_buffer *b = aot_buffer_at(m, kind, k);
    return b ? b->size : -1;
}
AOT_API int64_t mechanist_aot_buffer_rows(const aot_model *m, int kind, int64_t k) {
    const aot_buffer *b = aot_buffer_at(m, kind, k);
    return b ? b->rows : -1;
}
AOT_API int64_t mechanist_aot_buffer_columns(const aot_model *m, int kind, int64_t k) {
    const aot_buffer *b = aot_buffer_at(m, kind, k);
    return b ? b->columns : -1;
}
AOT_API int64_t mechanist_aot_buffer_index(const aot_model *m, int kind, const char *name) {
    return aot_find(m, kind, name);
}
AOT_API int mechanist_aot_get(const aot_model *m, const aot_instance *instance, int kind, int64_t k, double *values,
                              int64_t count) {
    return aot_get(m, instance, kind, k, values, count);
}
AOT_API int mechanist_aot_set(const aot_model *m, aot_instance *instance, int kind, int64_t k, const double *values,
                              int64_t count) {
    return aot_set(m, instance, kind, k, values, count);
}
AOT_API int mechanist_aot_get_initial(const aot_model *m, int kind, int64_t k, double *values, int64_t count) {
    return aot_get_initial(m, kind, k, values, count);
}
#endif
