/*
 * mechanist.h — the C API of the Mechanist library (libMechanistC), docs/C_API.md.
 *
 * Load a model (format 1 JSON, docs/MODEL_FORMAT.md), compile it (LLVM JIT, the interpreter, or
 * both compared bitwise), run and learn over flat arrays of doubles, and read and write its
 * weights, parameters and state by name.
 *
 * Conventions
 * - Every function but mechanist_version and mechanist_last_error returns a mechanist_status.
 *   On anything but MECHANIST_OK, mechanist_last_error() holds the message (worded as the
 *   `mechanist` command line words it) and no output parameter was written. No input makes the
 *   library crash: NULL handles and pointers, negative counts, short buffers and unknown names
 *   are refused with a status.
 * - Handles (mechanist_model, mechanist_executable, mechanist_result) are opaque; each has its
 *   own _free function, which accepts NULL.
 * - Strings the library returns (names, labels) are owned by the handle they come from and live
 *   as long as it; strings it allocates for you (snapshot text) are freed with mechanist_string_free.
 * - Counts and indices are int64_t; booleans are int32_t (0 or 1).
 *
 * Threads
 * - Distinct handles may be used from different threads at the same time (several executables
 *   run in parallel, each with its own compiled code and arenas).
 * - One handle must not be used by two threads at once, except that functions that only read a
 *   handle may: mechanist_compile on one model from several threads, and every mechanist_result_*
 *   accessor. Running, learning, setting or resetting an executable changes it.
 * - mechanist_last_error() is per thread: the message of this thread's last failed call, valid
 *   until this thread's next call into the library.
 */
#ifndef MECHANIST_H
#define MECHANIST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a call did. The message is in mechanist_last_error(). */
typedef enum mechanist_status {
    MECHANIST_OK = 0,
    MECHANIST_INVALID_ARGUMENT = 1, /* a NULL or wrong-kind handle, a NULL pointer, a negative count, a short buffer, an index out of range */
    MECHANIST_MODEL_ERROR = 2,      /* a model file or text that is unreadable, malformed or invalid; a port that does not exist */
    MECHANIST_INPUT_ERROR = 3,      /* inputs or targets that do not fit the model; an unknown weight or state name; a wrong size */
    MECHANIST_COMPILE_ERROR = 4,    /* the model could not be compiled (LLVM, or the IR verifier) */
    MECHANIST_DIVERGENCE = 5,       /* verify mode: the compiled code and the interpreter differ */
    MECHANIST_PARAMETER_ERROR = 6,  /* an unknown parameter name, a bad value, a parameter that needs recompiling */
    MECHANIST_OUT_OF_MEMORY = 7,    /* a run too large to hold (more than 2^30 recorded values): run fewer trials per call */
    MECHANIST_INTERNAL = 8          /* a fault of the library: please report it with the message */
} mechanist_status;

/* How an executable runs: the LLVM JIT, the reference interpreter, or both compared bitwise
   after every trial (a difference is MECHANIST_DIVERGENCE). */
typedef enum mechanist_mode {
    MECHANIST_MODE_COMPILED = 0,
    MECHANIST_MODE_INTERPRETED = 1,
    MECHANIST_MODE_VERIFY = 2
} mechanist_mode;

typedef struct mechanist_model mechanist_model;
typedef struct mechanist_executable mechanist_executable;
typedef struct mechanist_result mechanist_result;

/* Options of mechanist_compile; mechanist_compile_options_init fills in the defaults. */
typedef struct mechanist_compile_options {
    mechanist_mode mode;              /* default MECHANIST_MODE_COMPILED */
    const char *const *record;        /* ports recorded per trial besides the results, "node.PORT" */
    int64_t record_count;
    const char *const *record_steps;  /* ports recorded after every execution of their node within a trial */
    int64_t record_steps_count;
    int32_t specialize;               /* 1: fold parameters into the code (only projection matrices stay settable); default 0 */
    int32_t optimize;                 /* 1: LLVM's O2 pipeline; default 1 */
} mechanist_compile_options;

/* The library's version, e.g. "0.1.0" (a static string). */
const char *mechanist_version(void);

/* This thread's last error message ("" when the last call succeeded); valid until this
   thread's next call into the library. */
const char *mechanist_last_error(void);

/* Frees a string the library allocated (mechanist_snapshot). NULL is accepted. */
void mechanist_string_free(char *text);

/* ---- Models ---------------------------------------------------------------------------- */

/* Decodes and validates a model from JSON text (UTF-8, NUL-terminated). */
mechanist_status mechanist_model_from_json(const char *json, mechanist_model **out);
/* Reads, decodes and validates a model file. */
mechanist_status mechanist_model_load(const char *path, mechanist_model **out);
void mechanist_model_free(mechanist_model *model);
/* Sets a parameter by name ("hidden.function.gain", "w.matrix[0][1]", "seed"; MODEL_FORMAT.md,
   "Parameters by name") in the model, validated: the model a file with that value gives. */
mechanist_status mechanist_model_set(mechanist_model *model, const char *name, double value);
/* Sets the model's seed (the seed of every random stream without its own). */
mechanist_status mechanist_model_set_seed(mechanist_model *model, int64_t seed);

/* ---- Compiling ------------------------------------------------------------------------- */

void mechanist_compile_options_init(mechanist_compile_options *options);
/* Compiles a model; options may be NULL (the defaults). The executable does not refer to the
   model handle afterwards: the model may be freed or changed. */
mechanist_status mechanist_compile(const mechanist_model *model, const mechanist_compile_options *options,
                                   mechanist_executable **out);
void mechanist_executable_free(mechanist_executable *executable);
/* Seconds from the model to a callable function (including later first uses of learn). */
mechanist_status mechanist_compile_seconds(const mechanist_executable *executable, double *seconds);

/* The INPUT nodes run takes (learning pathways' TARGET nodes not included), in model order,
   and each one's width: the sizes of its input ports added up. */
mechanist_status mechanist_input_count(const mechanist_executable *executable, int64_t *count);
mechanist_status mechanist_input_name(const mechanist_executable *executable, int64_t index, const char **name);
mechanist_status mechanist_input_width(const mechanist_executable *executable, int64_t index, int64_t *width);
/* The TARGET nodes learn takes, by TARGET node name (a key may also be the pathway's last node). */
mechanist_status mechanist_target_count(const mechanist_executable *executable, int64_t *count);
mechanist_status mechanist_target_name(const mechanist_executable *executable, int64_t index, const char **name);
mechanist_status mechanist_target_width(const mechanist_executable *executable, int64_t index, int64_t *width);

/* ---- Running and learning -------------------------------------------------------------- */

/*
 * Inputs are given per node: names[i] (an INPUT node), values[i] and entries[i]. values[i]
 * holds entries[i] x width doubles, entry after entry, where width is the node's input ports'
 * sizes added up (mechanist_input_width); an entry is the node's input ports' vectors
 * concatenated in port order. Trial t uses entry t % entries[i] of every node. The buffers are
 * read during the call only.
 *
 * trials: the number of trials, or -1 for as many as the longest list. State persists from run
 * to run until mechanist_reset.
 */
mechanist_status mechanist_run(mechanist_executable *executable, int64_t input_count, const char *const *names,
                               const double *const *values, const int64_t *entries, int64_t trials,
                               mechanist_result **out);

/*
 * Trains the model's learning pathways: inputs as for mechanist_run, targets the same way keyed
 * by TARGET node or by the pathway's last node (Hebbian learning takes none: target_count 0).
 * epochs: -1, or E passes over the lists (E x the longest list); trials: -1, or a number of
 * trials (not both; both -1: the longest list). learning_rate: NaN for none, else for this
 * learn only the rate of every learning mechanism whose projection has no rate of its own.
 */
mechanist_status mechanist_learn(mechanist_executable *executable, int64_t input_count, const char *const *names,
                                 const double *const *values, const int64_t *entries, int64_t target_count,
                                 const char *const *target_names, const double *const *target_values,
                                 const int64_t *target_entries, int64_t epochs, int64_t trials,
                                 double learning_rate, mechanist_result **out);

/* ---- The fast path: rows in, rows out --------------------------------------------------- */

/*
 * Runs and learns over input rows you lay out, into output rows you own: nothing is allocated
 * and nothing is built per node or per trial, so a call costs little more than the compiled
 * trials themselves (the shape of an ahead-of-time library's run, `mechanist compile`).
 *
 * An input row holds one trial's inputs: input_width doubles, each input slot (an INPUT node's
 * input port "node.PORT"; for learn also the TARGET nodes' ports) at its offset. Trial t reads
 * row t % row_count. An output row holds output_width doubles: each output slot at its column;
 * slot kinds are 0 a result (an OUTPUT node's port), 1 a port recorded with options.record,
 * 2 a threshold node's flag "node.undecided" (1: the threshold was reached in the trial, 0:
 * it was not). outputs must hold trials x output_width doubles (capacity says how many it holds).
 * Per-step trajectories are not returned here (use mechanist_run). Inputs must be finite.
 * learn_rows trains (learning rates: set "<mechanism>.learning_rate" parameters).
 */
mechanist_status mechanist_row_widths(const mechanist_executable *executable, int64_t *input_width,
                                      int64_t *output_width);
mechanist_status mechanist_input_slot_count(const mechanist_executable *executable, int64_t *count);
mechanist_status mechanist_input_slot(const mechanist_executable *executable, int64_t index, const char **label,
                                      int64_t *offset, int64_t *size);
mechanist_status mechanist_output_slot_count(const mechanist_executable *executable, int64_t *count);
mechanist_status mechanist_output_slot(const mechanist_executable *executable, int64_t index, const char **label,
                                       int64_t *column, int64_t *size, int32_t *kind);
mechanist_status mechanist_run_rows(mechanist_executable *executable, const double *rows, int64_t row_count,
                                    int64_t trials, double *outputs, int64_t capacity);
mechanist_status mechanist_learn_rows(mechanist_executable *executable, const double *rows, int64_t row_count,
                                      int64_t trials, double *outputs, int64_t capacity);

/* ---- Results: columns of trials x width doubles ---------------------------------------- */

void mechanist_result_free(mechanist_result *result);
mechanist_status mechanist_result_trials(const mechanist_result *result, int64_t *trials);
/* Columns: the results (OUTPUT nodes' ports, as the JSON output's "columns"), then the ports
   recorded with options.record, each once. */
mechanist_status mechanist_result_column_count(const mechanist_result *result, int64_t *count);
/* How many of the columns are results (the rest are recorded ports). */
mechanist_status mechanist_result_result_count(const mechanist_result *result, int64_t *count);
mechanist_status mechanist_result_column_label(const mechanist_result *result, int64_t column, const char **label);
mechanist_status mechanist_result_column_width(const mechanist_result *result, int64_t column, int64_t *width);
/* The column's values, trials x width doubles, trial after trial; owned by the result. */
mechanist_status mechanist_result_column(const mechanist_result *result, int64_t column, const double **values);

/* Trajectories of the options.record_steps ports: per port a label and a width; offsets holds
   trials + 1 step indices, trial t's steps being offsets[t] ..< offsets[t + 1]; values holds
   offsets[trials] x width doubles, step after step. */
mechanist_status mechanist_result_step_port_count(const mechanist_result *result, int64_t *count);
mechanist_status mechanist_result_step_port_label(const mechanist_result *result, int64_t port, const char **label);
mechanist_status mechanist_result_step_port_width(const mechanist_result *result, int64_t port, int64_t *width);
mechanist_status mechanist_result_step_port_values(const mechanist_result *result, int64_t port,
                                                   const int64_t **offsets, const double **values);

/* Every node with a termination threshold, in model order, and the trials (ascending) in which
   it ended without the threshold holding; reason says what happened in them. */
mechanist_status mechanist_result_undecided_count(const mechanist_result *result, int64_t *count);
mechanist_status mechanist_result_undecided(const mechanist_result *result, int64_t index, const char **node,
                                            const char **reason, const int64_t **trials, int64_t *trial_count);

/* Seconds of the run call alone, and from the model to a callable function. */
mechanist_status mechanist_result_seconds(const mechanist_result *result, double *compile_seconds,
                                          double *run_seconds);

/* ---- Weights, parameters, state -------------------------------------------------------- */

/* Weights: projection matrices by name (row-major), recurrent matrices by node name, learning
   rates ("<mechanism>.learning_rate"). */
mechanist_status mechanist_weight_count(const mechanist_executable *executable, int64_t *count);
mechanist_status mechanist_weight_name(const mechanist_executable *executable, int64_t index, const char **name);
mechanist_status mechanist_weight_shape(const mechanist_executable *executable, const char *name, int64_t *rows,
                                        int64_t *columns);
/* Copies rows x columns doubles into values (capacity doubles long). */
mechanist_status mechanist_weight_get(const mechanist_executable *executable, const char *name, double *values,
                                      int64_t capacity);
/* count must be rows x columns. In verify mode, sets both executors. */
mechanist_status mechanist_weight_set(mechanist_executable *executable, const char *name, const double *values,
                                      int64_t count);

/* Parameters by name, read and set without recompiling (MODEL_FORMAT.md, "Parameters by
   name"); the list holds the names mechanist_parameter_set accepts. A set value stays through
   mechanist_reset; reset after setting to get the numbers a model file with that value gives. */
mechanist_status mechanist_parameter_count(const mechanist_executable *executable, int64_t *count);
mechanist_status mechanist_parameter_name(const mechanist_executable *executable, int64_t index, const char **name);
mechanist_status mechanist_parameter_get(const mechanist_executable *executable, const char *name, double *value);
mechanist_status mechanist_parameter_set(mechanist_executable *executable, const char *name, double value);

/* State buffers by name ("node.value", "node.integrator", ...). */
mechanist_status mechanist_state_count(const mechanist_executable *executable, int64_t *count);
mechanist_status mechanist_state_name(const mechanist_executable *executable, int64_t index, const char **name);
mechanist_status mechanist_state_size(const mechanist_executable *executable, const char *name, int64_t *size);
mechanist_status mechanist_state_get(const mechanist_executable *executable, const char *name, double *values,
                                     int64_t capacity);
mechanist_status mechanist_state_set(mechanist_executable *executable, const char *name, const double *values,
                                     int64_t count);

/* Restores every weight and state value and reruns initialization; parameters keep their set values. */
mechanist_status mechanist_reset(mechanist_executable *executable);

/* Every weight and state value as JSON text (the format of `mechanist run --save-state`); free
   it with mechanist_string_free. */
mechanist_status mechanist_snapshot(const mechanist_executable *executable, char **json);
/* Puts back the weights and state of a snapshot's text; nothing changes when it does not fit. */
mechanist_status mechanist_restore(mechanist_executable *executable, const char *json);
/* The same through a file (written by mechanist_save_state or `--save-state`). */
mechanist_status mechanist_save_state(const mechanist_executable *executable, const char *path);
mechanist_status mechanist_load_state(mechanist_executable *executable, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* MECHANIST_H */
