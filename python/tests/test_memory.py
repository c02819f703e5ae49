"""A model compiled and run many times in one process keeps flat memory (issue 13): every
compile's JIT, its machine code and the executable's arenas are freed with the executable.

The process is pytest's own; the binding's other tests do not run meanwhile (pytest runs tests
one after another), so the resident set size measures these cycles alone."""
import gc
import os

import mechanist
from paths import example


def resident_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cycle(model, inputs):
    exe = model.compile()
    exe.run(inputs, trials=20)
    del exe


def test_compiling_and_running_many_times_keeps_flat_memory():
    model = mechanist.load(example("stroop_lca", "model.json"))
    inputs, _ = mechanist.load_inputs(example("stroop_lca", "inputs.json"))
    for _ in range(15):  # warm up: allocator pools, LLVM's one-time target registration
        cycle(model, inputs)
    gc.collect()
    before = resident_bytes()
    for _ in range(120):
        cycle(model, inputs)
    gc.collect()
    growth = resident_bytes() - before
    # One leaked JIT per compile would be ~1 MB each (120 MB here). The allocator keeps some
    # freed memory in its arenas, so a few MB of noise is allowed, not a per-cycle leak.
    print(f"resident memory grew by {growth / 2**20:.2f} MiB over 120 compiles")
    assert growth < 16 * 1024 * 1024, f"resident memory grew by {growth / 2**20:.1f} MiB over 120 compiles"
