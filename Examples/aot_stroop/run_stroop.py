"""Runs the Stroop model compiled ahead of time (`mechanist compile ... --prefix stroop`) from
Python through ctypes: no Mechanist, LLVM or Swift, only the shared library.

Usage: python3 run_stroop.py ./libstroop.so ../stroop/inputs.json

Prints, per trial, every output slot: `trial LABEL v1 v2 ...` with 17 significant digits, as
main.c does. Input rows are laid out by the library's own description of its input slots
(`stroop_input_name`, `_offset`, `_size`): node NAME's port k is the slot `NAME.InputPort-k`.
"""
import ctypes
import json
import sys


def load(path, prefix="stroop"):
    lib = ctypes.CDLL(path)

    def fn(name, restype, *argtypes):
        f = getattr(lib, f"{prefix}_{name}")
        f.restype, f.argtypes = restype, list(argtypes)
        return f

    i64, dptr, vptr = ctypes.c_int64, ctypes.POINTER(ctypes.c_double), ctypes.c_void_p
    return {
        "create": fn("create", vptr),
        "destroy": fn("destroy", None, vptr),
        "run": fn("run", ctypes.c_int, vptr, dptr, i64, i64, dptr),
        "input_count": fn("input_count", i64),
        "input_name": fn("input_name", ctypes.c_char_p, i64),
        "input_offset": fn("input_offset", i64, i64),
        "input_size": fn("input_size", i64, i64),
        "output_count": fn("output_count", i64),
        "output_name": fn("output_name", ctypes.c_char_p, i64),
        "output_column": fn("output_column", i64, i64),
        "output_size": fn("output_size", i64, i64),
    }


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: run_stroop.py LIBRARY.so INPUTS.json")
    lib = load(sys.argv[1])
    inputs = json.load(open(sys.argv[2]))["inputs"]
    slots = {lib["input_name"](k).decode(): (lib["input_offset"](k), lib["input_size"](k))
             for k in range(lib["input_count"]())}
    width = sum(size for _, size in slots.values())
    trials = max(len(entries) for entries in inputs.values())
    rows = (ctypes.c_double * max(trials * width, 1))()
    for node, entries in inputs.items():
        for t in range(trials):
            entry = entries[t % len(entries)]
            ports = entry if entry and isinstance(entry[0], list) else [entry]
            for k, values in enumerate(ports):
                offset, size = slots[f"{node}.InputPort-{k}"]
                if len(values) != size:
                    sys.exit(f"{node} port {k}: expected {size} values, got {len(values)}")
                for i, v in enumerate(values):
                    rows[t * width + offset + i] = float(v)
    outputs_count = lib["output_count"]()
    out_width = sum(lib["output_size"](k) for k in range(outputs_count))
    outputs = (ctypes.c_double * max(trials * out_width, 1))()
    model = lib["create"]()
    if not model:
        sys.exit("out of memory")
    status = lib["run"](model, rows, trials, trials, outputs)
    if status != 0:
        sys.exit(f"run failed: {status}")
    for t in range(trials):
        for k in range(outputs_count):
            column, size = lib["output_column"](k), lib["output_size"](k)
            values = " ".join("%.17g" % outputs[t * out_width + column + i] for i in range(size))
            print(f"{t} {lib['output_name'](k).decode()} {values}")
    lib["destroy"](model)


if __name__ == "__main__":
    main()
