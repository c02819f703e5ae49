/* Runs the Stroop model compiled ahead of time (`mechanist compile ... --prefix stroop`), with
 * no Mechanist, LLVM or Swift at run time. Build (see README.md):
 *
 *     cc main.c -I. -L. -lstroop -Wl,-rpath,. -o stroop     (shared library)
 *     cc main.c -I. stroop.o -lm -o stroop                   (static object)
 *
 * Usage: ./stroop INPUTS.txt, where INPUTS.txt holds one block per trial, blocks separated by
 * a blank line, each line an input slot's label and values: `color_input.InputPort-0 1 0`.
 * Prints, per trial, every output slot: `trial LABEL v1 v2 ...` with 17 significant digits
 * (every double exactly). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stroop.h"

/* Reads the input rows; returns the number of rows (trials), or -1 with a message. */
static int64_t read_rows(const char *path, double **rows) {
    FILE *file = fopen(path, "r");
    if (!file) { fprintf(stderr, "cannot open %s\n", path); return -1; }
    int64_t count = 0, capacity = 16;
    *rows = calloc((size_t)(capacity * stroop_INPUT_WIDTH + 1), sizeof(double));
    int in_block = 0;
    char line[4096];
    while (fgets(line, sizeof line, file)) {
        char *label = strtok(line, " \t\r\n");
        if (!label) { in_block = 0; continue; }  /* a blank line ends a trial */
        if (!in_block) {
            if (count == capacity) {
                capacity *= 2;
                *rows = realloc(*rows, (size_t)(capacity * stroop_INPUT_WIDTH + 1) * sizeof(double));
            }
            memset(*rows + count * stroop_INPUT_WIDTH, 0, stroop_INPUT_WIDTH * sizeof(double));
            count++;
            in_block = 1;
        }
        int64_t slot = -1;
        for (int64_t k = 0; k < stroop_input_count(); k++)
            if (strcmp(stroop_input_name(k), label) == 0) slot = k;
        if (slot < 0) { fprintf(stderr, "%s: no input slot %s\n", path, label); fclose(file); return -1; }
        double *row = *rows + (count - 1) * stroop_INPUT_WIDTH + stroop_input_offset(slot);
        for (int64_t i = 0; i < stroop_input_size(slot); i++) {
            char *value = strtok(NULL, " \t\r\n");
            if (!value) { fprintf(stderr, "%s: %s needs %lld values\n", path, label, (long long)stroop_input_size(slot)); fclose(file); return -1; }
            row[i] = strtod(value, NULL);
        }
    }
    fclose(file);
    return count;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s INPUTS.txt\n", argv[0]); return 2; }
    double *rows = NULL;
    int64_t trials = read_rows(argv[1], &rows);
    if (trials < 0) return 1;
    double *outputs = calloc((size_t)(trials * stroop_OUTPUT_WIDTH + 1), sizeof(double));
    stroop_instance *model = stroop_create();
    if (!model || !outputs) { fprintf(stderr, "out of memory\n"); return 1; }
    int status = stroop_run(model, rows, trials, trials, outputs);
    if (status != MECHANIST_AOT_OK) { fprintf(stderr, "run failed: %d\n", status); return 1; }
    for (int64_t t = 0; t < trials; t++) {
        for (int64_t k = 0; k < stroop_output_count(); k++) {
            printf("%lld %s", (long long)t, stroop_output_name(k));
            for (int64_t i = 0; i < stroop_output_size(k); i++)
                printf(" %.17g", outputs[t * stroop_OUTPUT_WIDTH + stroop_output_column(k) + i]);
            printf("\n");
        }
    }
    stroop_destroy(model);
    free(outputs);
    free(rows);
    return 0;
}
