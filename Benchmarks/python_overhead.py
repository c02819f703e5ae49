"""What calling a compiled model from Python costs above the native run (issue 12's figure).

Runs the Stroop example through the Python package: per call, the wall time of `exe.run` in
Python (lists of one length: the fast path, mechanist_run_rows) minus the compiled run's own time
(`result.run_seconds`, which the library measures around the compiled trial loop on its general
path); for 1 trial and for 1000 trials, whose results come back as numpy arrays with no
per-trial Python work. Prints medians of many calls. Use the release
library: `swift build -c release --product MechanistC` (the package finds .build/release first).

    python3 Benchmarks/python_overhead.py
"""
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

import numpy as np  # noqa: E402

import mechanist  # noqa: E402
from mechanist import _library  # noqa: E402


def median_seconds(call, calls):
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    library = next(str(p) for p in _library.candidates() if p.exists())
    model = mechanist.load(os.path.join(ROOT, "Examples", "stroop", "model.json"))
    inputs, _ = mechanist.load_inputs(os.path.join(ROOT, "Examples", "stroop", "inputs.json"))
    exe = model.compile()
    # The native run time: the library's own measure around the compiled trial loop, from the
    # general path (mechanist_run), which reports it.
    general = dict(inputs, color_input=inputs["color_input"] * 2)  # unequal lengths: the general path
    print(f"library: {library}")
    arrays = {node: np.asarray(entries, dtype=float).reshape(len(entries), -1) for node, entries in inputs.items()}
    prepared = exe.prepare(arrays)
    for trials, calls in ((1, 5000), (1000, 500)):
        exe.run(inputs, trials=trials)
        native = statistics.median(exe.run(general, trials=trials).run_seconds for _ in range(calls))
        print(f"{trials} trial(s) per call; the compiled run itself: {native * 1e6:.2f} us")
        for what, given in (("lists (an inputs file's)", inputs), ("numpy arrays", arrays), ("prepared inputs", prepared)):
            total = median_seconds(lambda: exe.run(given, trials=trials), calls)
            print(f"  from {what:26s} {total * 1e6:8.2f} us per call, {(total - native) * 1e6:7.2f} us above the run")


if __name__ == "__main__":
    main()
