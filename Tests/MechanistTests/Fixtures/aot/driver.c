/* AheadOfTimeTests' driver of a library compiled with `--prefix model`: reads input rows as
 * Examples/aot_stroop/main.c does (blocks of `LABEL values...`), then, by MODE:
 *   run [NAME VALUE]  set parameter NAME (every element) first; print the outputs
 *   learn             learn; print the outputs, then every weight: `W NAME values...`
 *   threads           two instances in two threads and two in sequence: `same` or `differ`
 *   reset             run, reset, run: `same` or `differ`
 *   api               checks of every accessor and bad argument: `ok NAME` or `FAIL NAME`
 * Numbers are printed with 17 significant digits (every double exactly). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

static double *rows;
static int64_t row_count, trials;

static int read_rows(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) return -1;
    int64_t capacity = 1024;
    rows = calloc((size_t)(capacity * model_INPUT_WIDTH + 1), sizeof(double));
    int in_block = 0;
    char line[65536];
    while (fgets(line, sizeof line, file)) {
        char *label = strtok(line, " \t\r\n");
        if (!label) { in_block = 0; continue; }
        if (!in_block) {
            if (row_count == capacity) {
                capacity *= 2;
                rows = realloc(rows, (size_t)(capacity * model_INPUT_WIDTH + 1) * sizeof(double));
            }
            memset(rows + row_count * model_INPUT_WIDTH, 0, model_INPUT_WIDTH * sizeof(double));
            row_count++;
            in_block = 1;
        }
        int64_t slot = -1;
        for (int64_t k = 0; k < model_input_count(); k++)
            if (strcmp(model_input_name(k), label) == 0) slot = k;
        if (slot < 0) { fprintf(stderr, "no input slot %s\n", label); return -1; }
        double *row = rows + (row_count - 1) * model_INPUT_WIDTH + model_input_offset(slot);
        for (int64_t i = 0; i < model_input_size(slot); i++) {
            char *value = strtok(NULL, " \t\r\n");
            if (!value) return -1;
            row[i] = strtod(value, NULL);
        }
    }
    fclose(file);
    return 0;
}

static void print_outputs(const double *outputs) {
    for (int64_t t = 0; t < trials; t++)
        for (int64_t k = 0; k < model_output_count(); k++) {
            printf("%lld %s", (long long)t, model_output_name(k));
            for (int64_t i = 0; i < model_output_size(k); i++)
                printf(" %.17g", outputs[t * model_OUTPUT_WIDTH + model_output_column(k) + i]);
            printf("\n");
        }
}

static double *new_outputs(void) { return calloc((size_t)(trials * model_OUTPUT_WIDTH + 1), sizeof(double)); }

static void *run_one(void *outputs) {
    model_instance *m = model_create();
    int status = model_run(m, rows, row_count, trials, outputs);
    model_destroy(m);
    return status == MECHANIST_AOT_OK ? outputs : NULL;
}

static int failures;
static void check(int condition, const char *name) {
    printf("%s %s\n", condition ? "ok" : "FAIL", name);
    if (!condition) failures++;
}

static void api(void) {
    double out[4 * model_OUTPUT_WIDTH + 1], values[4096], again[4096];
    model_instance *m = model_create();
    check(m != NULL, "create");
    check(model_run(NULL, rows, 1, 1, out) == MECHANIST_AOT_ERROR_NULL, "run NULL instance");
    check(model_run(m, rows, 1, -1, out) == MECHANIST_AOT_ERROR_COUNT, "run negative trials");
    check(model_run(m, rows, -1, 1, out) == MECHANIST_AOT_ERROR_COUNT, "run negative rows");
    check(model_run(m, rows, 0, 1, out) == MECHANIST_AOT_ERROR_COUNT || model_INPUT_WIDTH == 0, "run no rows");
    check(model_run(m, NULL, 1, 1, out) == MECHANIST_AOT_ERROR_NULL || model_INPUT_WIDTH == 0, "run NULL inputs");
    check(model_run(m, rows, 1, 1, NULL) == MECHANIST_AOT_ERROR_NULL, "run NULL outputs");
    check(model_run(m, rows, 1, 0, NULL) == MECHANIST_AOT_OK, "run no trials");
    check(model_learn(m, rows, 1, 1, out) == (model_HAS_LEARNING ? MECHANIST_AOT_OK : MECHANIST_AOT_ERROR_NO_LEARNING),
          "learn");
    check(model_reset(NULL) == MECHANIST_AOT_ERROR_NULL, "reset NULL");
    model_destroy(NULL);
    check(model_input_name(-1) == NULL && model_input_name(model_input_count()) == NULL, "input name out of range");
    check(model_output_size(model_output_count()) == -1 && model_output_kind(-1) == -1, "output out of range");
    check(model_buffer_count(3) == -1 && model_buffer_count(-1) == -1, "buffer count bad kind");
    check(model_buffer_name(MECHANIST_AOT_WEIGHT, -1) == NULL, "buffer name bad index");
    check(model_buffer_index(MECHANIST_AOT_WEIGHT, "no such buffer") == -1, "unknown name");
    check(model_buffer_index(MECHANIST_AOT_WEIGHT, NULL) == -1, "NULL name");
    check(model_get(m, 7, 0, values, 1) == MECHANIST_AOT_ERROR_KIND, "get bad kind");
    check(model_get(m, MECHANIST_AOT_WEIGHT, model_buffer_count(MECHANIST_AOT_WEIGHT), values, 1)
          == MECHANIST_AOT_ERROR_INDEX, "get bad index");
    check(model_get(NULL, MECHANIST_AOT_WEIGHT, 0, values, 1) == MECHANIST_AOT_ERROR_NULL, "get NULL instance");
    /* Every buffer of every kind: by name, get, set, get; sizes agree with rows x columns. */
    model_reset(m);
    for (int kind = 0; kind < 3; kind++) {
        for (int64_t k = 0; k < model_buffer_count(kind); k++) {
            const char *name = model_buffer_name(kind, k);
            int64_t size = model_buffer_size(kind, k);
            if (size > 4096) continue;
            check(model_buffer_index(kind, name) == k, "index by name");
            check(model_buffer_rows(kind, k) * model_buffer_columns(kind, k) == size, "rows x columns");
            check(model_get(m, kind, k, values, size + 1) == MECHANIST_AOT_ERROR_SIZE, "get wrong size");
            check(model_set(m, kind, k, NULL, size) == MECHANIST_AOT_ERROR_NULL, "set NULL values");
            check(model_get(m, kind, k, values, size) == MECHANIST_AOT_OK, "get");
            for (int64_t i = 0; i < size; i++) values[i] += 0.25;
            check(model_set(m, kind, k, values, size) == MECHANIST_AOT_OK, "set");
            check(model_get(m, kind, k, again, size) == MECHANIST_AOT_OK && memcmp(values, again, size * 8) == 0,
                  "get what was set");
        }
    }
    /* After a reset, parameters keep what was set; weights are their initial values again. */
    model_reset(m);
    for (int64_t k = 0; k < model_buffer_count(MECHANIST_AOT_PARAMETER); k++) {
        int64_t size = model_buffer_size(MECHANIST_AOT_PARAMETER, k);
        if (size > 4096) continue;
        model_get_initial(MECHANIST_AOT_PARAMETER, k, values, size);
        model_get(m, MECHANIST_AOT_PARAMETER, k, again, size);
        int kept = 1;
        for (int64_t i = 0; i < size; i++) kept &= again[i] == values[i] + 0.25;
        check(kept, "parameter set survives reset");
    }
    model_instance *fresh = model_create();
    for (int64_t k = 0; k < model_buffer_count(MECHANIST_AOT_WEIGHT); k++) {
        int64_t size = model_buffer_size(MECHANIST_AOT_WEIGHT, k);
        if (size > 4096) continue;
        model_get(fresh, MECHANIST_AOT_WEIGHT, k, values, size);
        model_get(m, MECHANIST_AOT_WEIGHT, k, again, size);
        check(memcmp(values, again, size * 8) == 0, "weight reset");
    }
    model_destroy(fresh);
    model_destroy(m);
}

int main(int argc, char **argv) {
    if (argc < 3 || read_rows(argv[2]) != 0) { fprintf(stderr, "usage: driver MODE ROWS [TRIALS]\n"); return 2; }
    trials = argc > 3 ? atoll(argv[3]) : row_count;
    const char *mode = argv[1];
    double *outputs = new_outputs();
    if (strcmp(mode, "run") == 0) {
        model_instance *m = model_create();
        if (argc > 5) {
            int64_t k = model_buffer_index(MECHANIST_AOT_PARAMETER, argv[4]);
            int64_t size = model_buffer_size(MECHANIST_AOT_PARAMETER, k);
            double *values = calloc((size_t)size + 1, sizeof(double));
            for (int64_t i = 0; i < size; i++) values[i] = strtod(argv[5], NULL);
            if (model_set(m, MECHANIST_AOT_PARAMETER, k, values, size) != MECHANIST_AOT_OK) return 3;
            model_reset(m);
        }
        if (model_run(m, rows, row_count, trials, outputs) != MECHANIST_AOT_OK) return 1;
        print_outputs(outputs);
    } else if (strcmp(mode, "learn") == 0) {
        model_instance *m = model_create();
        if (model_learn(m, rows, row_count, trials, outputs) != MECHANIST_AOT_OK) return 1;
        print_outputs(outputs);
        double values[65536];
        for (int64_t k = 0; k < model_buffer_count(MECHANIST_AOT_WEIGHT); k++) {
            int64_t size = model_buffer_size(MECHANIST_AOT_WEIGHT, k);
            if (model_get(m, MECHANIST_AOT_WEIGHT, k, values, size) != MECHANIST_AOT_OK) return 1;
            printf("W %s", model_buffer_name(MECHANIST_AOT_WEIGHT, k));
            for (int64_t i = 0; i < size; i++) printf(" %.17g", values[i]);
            printf("\n");
        }
    } else if (strcmp(mode, "threads") == 0) {
        double *a = new_outputs(), *b = new_outputs(), *c = new_outputs();
        pthread_t ta, tb;
        pthread_create(&ta, NULL, run_one, a);
        pthread_create(&tb, NULL, run_one, b);
        void *ra, *rb;
        pthread_join(ta, &ra);
        pthread_join(tb, &rb);
        run_one(outputs);
        run_one(c);
        size_t bytes = (size_t)(trials * model_OUTPUT_WIDTH) * sizeof(double);
        int same = ra && rb && memcmp(a, outputs, bytes) == 0 && memcmp(b, outputs, bytes) == 0
            && memcmp(c, outputs, bytes) == 0;
        printf("%s\n", same ? "same" : "differ");
        print_outputs(outputs);
    } else if (strcmp(mode, "reset") == 0) {
        model_instance *m = model_create();
        double *second = new_outputs();
        model_run(m, rows, row_count, trials, outputs);
        model_reset(m);
        model_run(m, rows, row_count, trials, second);
        printf("%s\n", memcmp(outputs, second, (size_t)(trials * model_OUTPUT_WIDTH) * sizeof(double)) == 0
               ? "same" : "differ");
    } else if (strcmp(mode, "api") == 0) {
        api();
        return failures ? 1 : 0;
    } else {
        return 2;
    }
    return 0;
}
