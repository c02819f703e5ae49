/* What the runtime's C needs of <string.h> (see stdlib.h here). */
#include <stddef.h>
void *memcpy(void *restrict to, const void *restrict from, size_t size);
int strcmp(const char *a, const char *b);
