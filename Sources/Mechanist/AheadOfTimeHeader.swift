import Foundation

/// The C header of an ahead-of-time compiled library: the library's whole ABI, documented.
/// Every name starts with the library's prefix (`stroop_create`, `STROOP_INPUT_WIDTH` is
/// `stroop_INPUT_WIDTH`), except the `MECHANIST_AOT_*` constants, which every library shares
/// (guarded, so several headers can be included together).
extension AheadOfTimeLibrary {
    package func header(modelName: String, target: String) -> String {
        let p = prefix
        let guardName = "\(p.uppercased())_MECHANIST_AOT_H"
        var text = """
        /* \(p).h: the C interface of model "\(Self.comment(modelName))", compiled ahead of time by `mechanist
         * compile` for \(Self.comment(target)). Generated; do not edit.
         *
         * Link the library (lib\(p).so, or the static object) and call, for example:
         *
         *     \(p)_instance *m = \(p)_create();
         *     double outputs[TRIALS * \(p)_OUTPUT_WIDTH];
         *     int status = \(p)_run(m, inputs, ROWS, TRIALS, outputs);  // MECHANIST_AOT_OK is 0
         *     \(p)_destroy(m);
         *
         * Rows: an input row holds \(p)_INPUT_WIDTH doubles (every input slot at its offset); trial t
         * reads row t % rows. An output row holds \(p)_OUTPUT_WIDTH doubles (every output slot at its
         * column), one row per trial. Results are bitwise those of `mechanist run` in compiled mode on
         * the same model, options and CPU.
         *
         * Instances: each has its own weights, parameters, state and scratch memory, so different
         * instances may run at once in different threads; one instance is not for two threads at once.
         * The library keeps no other state. No function aborts on a bad argument: they return a
         * MECHANIST_AOT_ERROR_* code (negative) instead.
         */
        #ifndef \(guardName)
        #define \(guardName)
        #include <stdint.h>

        #ifdef __cplusplus
        extern "C" {
        #endif

        #ifndef MECHANIST_AOT_COMMON
        #define MECHANIST_AOT_COMMON
        /* Return codes. */
        #define MECHANIST_AOT_OK 0
        #define MECHANIST_AOT_ERROR_NULL (-1)        /* a NULL instance or array where one is needed */
        #define MECHANIST_AOT_ERROR_COUNT (-2)       /* a negative count, or no input row for trials */
        #define MECHANIST_AOT_ERROR_INDEX (-3)       /* no buffer with that index */
        #define MECHANIST_AOT_ERROR_SIZE (-4)        /* a value count other than the buffer's size */
        #define MECHANIST_AOT_ERROR_NO_LEARNING (-5) /* learn on a model without learning pathways */
        #define MECHANIST_AOT_ERROR_KIND (-6)        /* a buffer kind other than the three below */
        /* Buffer kinds. Weights (projection matrices, learning rates) and parameters (values the
           code reads, e.g. lca.leak) live in the parameter memory, state (integrators, previous
           values, counters) in the state memory. */
        #define MECHANIST_AOT_WEIGHT 0
        #define MECHANIST_AOT_PARAMETER 1
        #define MECHANIST_AOT_STATE 2
        /* Output slot kinds: an OUTPUT node's result, a port recorded with --record, or a threshold
           node's "undecided" flag (0 in a trial that ended without the threshold holding). */
        #define MECHANIST_AOT_RESULT 0
        #define MECHANIST_AOT_RECORDED 1
        #define MECHANIST_AOT_UNDECIDED 2
        #endif

        /* An instance of the model (opaque). */
        typedef struct \(p)_instance \(p)_instance;

        /* A new instance: weights, parameters and state at their initial values, initialized as at a
           reset. NULL when out of memory. */
        \(p)_instance *\(p)_create(void);
        /* Frees an instance (NULL is fine). */
        void \(p)_destroy(\(p)_instance *instance);
        /* Weights and state back to their initial values, parameters to theirs or to what
           \(p)_set gave them since; then the model's initialization (e.g. RANDOM matrices). */
        int \(p)_reset(\(p)_instance *instance);
        /* Runs `trials` trials: trial t reads input row t % input_rows of `inputs` and writes output
           row t of `outputs` (trials * \(p)_OUTPUT_WIDTH doubles). State persists across calls. */
        int \(p)_run(\(p)_instance *instance, const double *inputs, int64_t input_rows, int64_t trials,
                     double *outputs);
        /* Like run, but each trial also learns (PsyNeuLink's Composition.learn): the input rows hold
           the TARGET nodes' values too (their slots are named <target node>.<port>). Weights stay
           changed. MECHANIST_AOT_ERROR_NO_LEARNING when \(p)_HAS_LEARNING is 0. */
        int \(p)_learn(\(p)_instance *instance, const double *inputs, int64_t input_rows, int64_t trials,
                       double *outputs);

        /* Input slots: count, label (node.PORT), offset within a row and size. Output slots: count,
           label, column within a row, size and kind (MECHANIST_AOT_RESULT, ...). An index out of range
           gives NULL or -1. */
        int64_t \(p)_input_count(void);
        const char *\(p)_input_name(int64_t index);
        int64_t \(p)_input_offset(int64_t index);
        int64_t \(p)_input_size(int64_t index);
        int64_t \(p)_output_count(void);
        const char *\(p)_output_name(int64_t index);
        int64_t \(p)_output_column(int64_t index);
        int64_t \(p)_output_size(int64_t index);
        int \(p)_output_kind(int64_t index);

        /* Buffers of a kind (MECHANIST_AOT_WEIGHT, _PARAMETER, _STATE): count, name, size, rows and
           columns (a vector is 1 x size), index by name (-1 when unknown). Invalid kind or index:
           NULL or -1. */
        int64_t \(p)_buffer_count(int kind);
        const char *\(p)_buffer_name(int kind, int64_t index);
        int64_t \(p)_buffer_size(int kind, int64_t index);
        int64_t \(p)_buffer_rows(int kind, int64_t index);
        int64_t \(p)_buffer_columns(int kind, int64_t index);
        int64_t \(p)_buffer_index(int kind, const char *name);
        /* Copies a buffer's `count` values (its size; a matrix row by row) out of an instance, or
           into it. Setting a parameter also sets what reset restores; setting a weight or state
           does not. */
        int \(p)_get(const \(p)_instance *instance, int kind, int64_t index, double *values, int64_t count);
        int \(p)_set(\(p)_instance *instance, int kind, int64_t index, const double *values, int64_t count);
        /* A buffer's initial value as compiled into the library (before any initialization code). */
        int \(p)_get_initial(int kind, int64_t index, double *values, int64_t count);

        /* Sizes. */
        #define \(p)_INPUT_WIDTH \(layout.size(.input))
        #define \(p)_OUTPUT_WIDTH \(layout.outputWidth)
        #define \(p)_HAS_LEARNING \(hasLearning ? 1 : 0)

        """
        text += Self.indexMacros(p, "INPUT", inputs.map(\.label), comment: "Input slot indices")
        text += Self.indexMacros(p, "OUTPUT", outputs.map(\.label), comment: "Output slot indices")
        for kind in BufferKind.allCases {
            text += Self.indexMacros(p, kind.macroWord, (buffers[kind] ?? []).map(\.name),
                                     comment: "Indices of kind MECHANIST_AOT_\(kind.macroWord)")
        }
        text += """

        #ifdef __cplusplus
        }
        #endif
        #endif

        """
        return text
    }

    private static func indexMacros(_ p: String, _ word: String, _ labels: [String], comment: String) -> String {
        guard !labels.isEmpty else { return "" }
        var text = "\n/* \(comment). */\n"
        for (k, name) in macroNames(labels).enumerated() {
            text += "#define \(p)_\(word)_\(name) \(k)  /* \(Self.comment(labels[k])) */\n"
        }
        return text
    }

    /// Text safe inside a C comment.
    static func comment(_ text: String) -> String {
        text.replacingOccurrences(of: "*/", with: "* /").replacingOccurrences(of: "\n", with: " ")
    }
}
