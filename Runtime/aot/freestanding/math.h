/* What the runtime's C (random.c) needs of <math.h> (see stdlib.h here). */
double exp(double x);
double log(double x);
double sqrt(double x);
double fabs(double x);
