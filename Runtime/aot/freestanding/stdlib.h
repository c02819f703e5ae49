/* What the runtime's C (random.c, aot/instance.h) needs of <stdlib.h>, for a cross-compile
   without the target's C headers (`mechanist compile --target` with no --sysroot): the target's
   C library provides these. */
#include <stddef.h>
void *calloc(size_t count, size_t size);
void free(void *pointer);
