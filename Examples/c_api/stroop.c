/*
 * The Stroop model (Examples/stroop/model.json) through Mechanist's C API: load, compile, run
 * the six trials of Examples/stroop/inputs.json, print every result column.
 *
 *   make -C Examples/c_api run          (after `swift build`; see Examples/c_api/README.md)
 *   ./stroop [MODEL] [compiled|interpreted|verify]
 *
 * Output: a header line with the column labels (node.PORT[i]), then one line per trial, every
 * number with 17 significant digits (read back, each is the same double).
 */
#include <stdio.h>
#include <string.h>

#include "mechanist.h"

/* On failure: print the status and this thread's message, and leave. */
#define CHECK(call)                                                                       \
    do {                                                                                  \
        mechanist_status status_ = (call);                                                \
        if (status_ != MECHANIST_OK) {                                                    \
            fprintf(stderr, "error %d in %s: %s\n", (int)status_, #call, mechanist_last_error()); \
            return 1;                                                                     \
        }                                                                                 \
    } while (0)

/* Examples/stroop/inputs.json: six entries per node, each entry the node's one input port (2 values). */
static const double color[] = {1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0};
static const double word[] = {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1};
static const double task[] = {1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1};

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "../stroop/model.json";
    mechanist_compile_options options;
    mechanist_compile_options_init(&options);
    if (argc > 2 && strcmp(argv[2], "interpreted") == 0) options.mode = MECHANIST_MODE_INTERPRETED;
    if (argc > 2 && strcmp(argv[2], "verify") == 0) options.mode = MECHANIST_MODE_VERIFY;

    mechanist_model *model = NULL;
    CHECK(mechanist_model_load(path, &model));
    mechanist_executable *executable = NULL;
    CHECK(mechanist_compile(model, &options, &executable));
    mechanist_model_free(model); /* the executable does not need it */

    /* The nodes run takes, and how many doubles one entry of each holds. */
    int64_t input_count = 0;
    CHECK(mechanist_input_count(executable, &input_count));
    for (int64_t i = 0; i < input_count; i++) {
        const char *name;
        int64_t width;
        CHECK(mechanist_input_name(executable, i, &name));
        CHECK(mechanist_input_width(executable, i, &width));
        fprintf(stderr, "input %s: %lld values per entry\n", name, (long long)width);
    }

    const char *names[] = {"color_input", "word_input", "task_input"};
    const double *values[] = {color, word, task};
    const int64_t entries[] = {6, 6, 6};
    mechanist_result *result = NULL;
    CHECK(mechanist_run(executable, 3, names, values, entries, -1, &result));

    int64_t trials = 0, columns = 0;
    CHECK(mechanist_result_trials(result, &trials));
    CHECK(mechanist_result_column_count(result, &columns));
    printf("trial");
    for (int64_t c = 0; c < columns; c++) {
        const char *label;
        int64_t width;
        CHECK(mechanist_result_column_label(result, c, &label));
        CHECK(mechanist_result_column_width(result, c, &width));
        for (int64_t i = 0; i < width; i++) printf(" %s[%lld]", label, (long long)i);
    }
    printf("\n");
    for (int64_t t = 0; t < trials; t++) {
        printf("%lld", (long long)t);
        for (int64_t c = 0; c < columns; c++) {
            const double *column;
            int64_t width;
            CHECK(mechanist_result_column(result, c, &column));
            CHECK(mechanist_result_column_width(result, c, &width));
            for (int64_t i = 0; i < width; i++) printf(" %.17g", column[t * width + i]);
        }
        printf("\n");
    }

    double compile_seconds, run_seconds;
    CHECK(mechanist_result_seconds(result, &compile_seconds, &run_seconds));
    fprintf(stderr, "mechanist %s: compiled in %.3f ms, ran %lld trials in %.3f ms\n", mechanist_version(),
            compile_seconds * 1e3, (long long)trials, run_seconds * 1e3);

    /* Errors come back as codes with a message, never as a crash. */
    double gain;
    if (mechanist_parameter_get(executable, "response.function.gian", &gain) == MECHANIST_PARAMETER_ERROR)
        fprintf(stderr, "as expected: %s\n", mechanist_last_error());

    mechanist_result_free(result);
    mechanist_executable_free(executable);
    return 0;
}
