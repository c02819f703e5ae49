/*
 * What a call through the C API costs beyond the compiled code's own run time: many one-trial
 * runs of the Stroop model, timed from C, against the run time the library measures inside
 * (mechanist_result_seconds). Then one 1000-trial run, whose columns come back as arrays.
 *
 *   make -C Examples/c_api overhead CONFIG=release      (after swift build -c release)
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <stdio.h>
#include <time.h>

#include "mechanist.h"

#define CHECK(call)                                                                       \
    do {                                                                                  \
        if ((call) != MECHANIST_OK) {                                                     \
            fprintf(stderr, "%s: %s\n", #call, mechanist_last_error());                   \
            return 1;                                                                     \
        }                                                                                 \
    } while (0)

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "../stroop/model.json";
    mechanist_model *model;
    mechanist_executable *executable;
    CHECK(mechanist_model_load(path, &model));
    CHECK(mechanist_compile(model, NULL, &executable));
    mechanist_model_free(model);

    static const double color[] = {1, 0}, word[] = {0, 1}, task[] = {1, 0};
    const char *names[] = {"color_input", "word_input", "task_input"};
    const double *values[] = {color, word, task};
    const int64_t entries[] = {1, 1, 1};
    const int calls = 100000;
    double inside = 0, sink = 0;
    for (int warm = 0; warm < 2; warm++) {
        inside = 0;
        double start = now();
        for (int i = 0; i < calls; i++) {
            mechanist_result *result;
            const double *column;
            double compile_seconds, run_seconds;
            CHECK(mechanist_run(executable, 3, names, values, entries, 1, &result));
            CHECK(mechanist_result_column(result, 0, &column));
            CHECK(mechanist_result_seconds(result, &compile_seconds, &run_seconds));
            sink += column[0];
            inside += run_seconds;
            mechanist_result_free(result);
        }
        double total = now() - start;
        if (warm == 1)
            printf("one-trial run: %.2f us per call, %.2f us of it inside the run (overhead %.2f us)\n",
                   total / calls * 1e6, inside / calls * 1e6, (total - inside) / calls * 1e6);
    }
    mechanist_result *result;
    double start = now();
    CHECK(mechanist_run(executable, 3, names, values, entries, 1000, &result));
    double total = now() - start, compile_seconds, run_seconds;
    CHECK(mechanist_result_seconds(result, &compile_seconds, &run_seconds));
    printf("1000-trial run: %.2f us per call, %.2f us of it inside the run (sink %g)\n", total * 1e6,
           run_seconds * 1e6, sink);
    mechanist_result_free(result);
    mechanist_executable_free(executable);
    return 0;
}
