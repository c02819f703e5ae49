// The LLVM C API as Mechanist uses it (LLVM 14 and newer). Only MechanistLLVM imports this.
// Without llvm-14-dev the links in this directory dangle; say what to install, not just that
// a header is missing.
#if !__has_include(<llvm-c/Core.h>)
#error "LLVM's C headers (llvm-c/Core.h) not found: install llvm-14-dev (apt-get install llvm-14-dev), or build Mechanist itself against another LLVM with MECHANIST_LLVM_PREFIX=/usr/lib/llvm-N"
#endif
#include <llvm-c/Core.h>
#include <llvm-c/DebugInfo.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/ExecutionEngine.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
