// Empty on purpose: SwiftPM builds a C target only if it has a source file. CLLVM is a C target,
// not a system library, because a C target's include/ directory is put on every dependent's
// header search path without flags: include/llvm-c and include/llvm/Config are links to Debian's
// llvm-14-dev headers, so the package needs no unsafeFlags and works as a versioned dependency.
