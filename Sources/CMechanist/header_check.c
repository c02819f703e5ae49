// The CMechanist target is the C API's header (include/mechanist.h); this file only makes
// SwiftPM build the target, and compiles the header as C on every build.
#include "mechanist.h"
