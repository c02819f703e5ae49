#!/usr/bin/env python3
"""A fuzz harness for Mechanist: seeded mutations of the example and fixture models and their
inputs, run through the `mechanist` CLI under time and address-space limits, each outcome
classified, successful compiled and interpreted runs compared.

Outcomes (per case and command):
  ok         exit status 0
  error      exit status 1 (or 64, a bad option) with a message on stderr (a clean refusal: what we want for bad input)
  divergence a verify run that reports the executors differ (a bug)
  crash      a signal or any other exit status (a bug)
  timeout    no answer within the time limit (a bug: every input must get an answer)
  oom        killed or aborted for memory under the address-space limit (a bug)

Usage:
  scripts/fuzz/fuzz.py --cases 250 --seed 1                # the suite's short run (verify mode)
  scripts/fuzz/fuzz.py --cases 20000 --seed 7 --long       # a long run: check, compiled, interpreted
  scripts/fuzz/fuzz.py --replay scripts/fuzz/regressions   # the regression fixtures
Findings (anything but ok/error) are written to --findings (default /tmp/mechanist-fuzz) as
model.json + inputs.json + outcome.json; add them to scripts/fuzz/regressions/ once fixed.
Exit status: 0 when no case found a bug, 1 otherwise.
"""
import argparse
import copy
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NEST = "__nested_lists__"
ADDRESS_SPACE = 4 << 30  # 4 GiB: no input may make the process abort or be killed for memory under it
SPECIAL_NUMBERS = [0, -0.0, 1, -1, 0.5, 1e308, -1e308, 1e-308, 5e-324, 2**31, 2**53 + 1, -2**63, 10**15, 1e6,
                   3.5, 1e-12, 123456789]
SPECIAL_VALUES = SPECIAL_NUMBERS + [None, True, False, "", "NaN", "Infinity", "RESULT", [], {}, [[]], [0], [[0]],
                                    "x" * 300]


def corpus():
    """(name, model, inputs) for every example and fixture with an inputs file."""
    cases = []
    for folder in sorted(list((ROOT / "Examples").iterdir()) + list((ROOT / "Tests/MechanistTests/Fixtures").iterdir())):
        model, inputs = folder / "model.json", folder / "inputs.json"
        if model.exists() and inputs.exists():
            try:
                cases.append((folder.name, json.loads(model.read_text()), json.loads(inputs.read_text())))
            except ValueError:
                continue
    return cases


def paths(value, prefix=()):
    """Every (path, value) inside a JSON value (to a depth of 40)."""
    yield prefix, value
    if len(prefix) > 40:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield from paths(v, prefix + (k,))


def replace(root, path, new):
    if not path:
        return new
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    return root


def remove(root, path):
    if not path:
        return root
    parent = root
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict):
        parent.pop(path[-1], None)
    elif isinstance(parent, list) and parent:
        parent.pop(path[-1])
    return root


def mutate_value(rng, document):
    """One structural mutation of a JSON document (in place; returns the document)."""
    spots = list(paths(document))
    path, value = rng.choice(spots)
    kind = rng.randrange(9)
    if kind == 0:
        return remove(document, path)
    if kind == 1:
        return replace(document, path, rng.choice(SPECIAL_VALUES))
    if kind == 2 and isinstance(value, (int, float)) and not isinstance(value, bool):
        return replace(document, path, rng.choice([value * 1000, -value, value + 1, 0, value * 1e200, int(value) + 2**20]))
    if kind == 3 and isinstance(value, list) and value:
        return replace(document, path, value + [copy.deepcopy(rng.choice(value))] * rng.choice([1, 2, 50]))
    if kind == 4 and isinstance(value, dict):
        # Swap another spot's value in, or add a field another object has.
        other_path, other = rng.choice(spots)
        key = rng.choice(list(value) or ["name"])
        value[key] = copy.deepcopy(other)
        return document
    if kind == 5:
        # Deep nesting, spliced into the text later (Python's json would recurse too deep).
        return replace(document, path, f"{NEST}{rng.choice([10, 200, 3000, 100000])}")
    if kind == 6 and isinstance(value, str):
        words = ["TransferMechanism", "LCAMechanism", "RecurrentTransferMechanism", "ProcessingMechanism",
                 "ObjectiveMechanism", "ComparatorMechanism", "Logistic", "Linear", "SoftMax", "Any", "All", "AtPass",
                 "EveryNCalls", "Threshold", "RANDOM", "IDENTITY", "HOLLOW", "MSE", "SSE", "L0"]
        return replace(document, path, rng.choice(words))
    if kind == 7 and isinstance(value, (int, float)) and not isinstance(value, bool):
        return replace(document, path, rng.choice([0, -1, 2**31, 100000, 4096, 16384]))
    return replace(document, path, rng.choice(SPECIAL_VALUES))


def nest(text):
    """Replaces each nesting marker by that many nested lists around a 0."""
    while NEST in text:
        start = text.index('"' + NEST)
        end = text.index('"', start + 1)
        depth = int(text[start + 1 + len(NEST):end])
        text = text[:start] + "[" * depth + "0" + "]" * depth + text[end + 1:]
    return text


def flip_bytes(rng, text):
    data = bytearray(text.encode())
    for _ in range(rng.randint(1, 4)):
        if data:
            k = rng.randrange(len(data))
            data[k] = rng.choice(b'{}[]":,0123456789-eE.')
    return data.decode(errors="replace")


def make_case(rng, base):
    name, model, inputs = base
    model, inputs = copy.deepcopy(model), copy.deepcopy(inputs)
    model_text = inputs_text = None
    what = rng.randrange(10)
    for _ in range(rng.choice([1, 1, 1, 2])):
        if what < 6:
            model = mutate_value(rng, model)
        elif what < 8:
            inputs = mutate_value(rng, inputs)
    model_text = nest(json.dumps(model, allow_nan=False))
    inputs_text = nest(json.dumps(inputs, allow_nan=False))
    if what == 8:
        model_text = flip_bytes(rng, model_text)
    if what == 9:
        inputs_text = flip_bytes(rng, inputs_text)
    # Few trials: a model saturated by a huge input runs every trial to its execution cap
    # (1,000,000 steps), which is long but correct.
    trials = rng.choice([None, None, 1, 3, 0, 20])
    return {"base": name, "model": model_text, "inputs": inputs_text, "trials": trials}


def limits():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(binary, arguments, timeout):
    try:
        p = subprocess.run([binary, *arguments], capture_output=True, text=True, timeout=timeout,
                           preexec_fn=limits, errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""
    if p.returncode == 0:
        return "ok", p.stdout, p.stderr
    memory = "failed to allocate" in p.stderr or "out of memory" in p.stderr.lower() \
        or "std::bad_alloc" in p.stderr or p.returncode in (-9, 137)
    if memory:
        return "oom", p.stdout, p.stderr
    if p.returncode == 1 and "diverge" in p.stderr:
        return "divergence", p.stdout, p.stderr
    # 1: an error in the model, inputs or a value; 64: a usage error (a bad option value).
    if p.returncode in (1, 64) and p.stderr.strip():
        return "error", p.stdout, p.stderr
    return "crash", p.stdout, p.stderr


def results_of(stdout):
    try:
        return json.loads(stdout).get("results")
    except ValueError:
        return None


def check_case(binary, case, folder, long, timeout):
    """The case's outcome: (outcome, detail)."""
    model, inputs = folder / "model.json", folder / "inputs.json"
    model.write_text(case["model"])
    inputs.write_text(case["inputs"])
    extra = [] if case["trials"] is None else ["--trials", str(case["trials"])]
    if not long:
        outcome, _, err = run(binary, ["run", str(model), "--inputs", str(inputs), "--mode", "verify", *extra], timeout)
        return outcome, err.strip()[-400:]
    outcome, _, err = run(binary, ["check", str(model)], timeout)
    if outcome not in ("ok", "error"):
        return outcome, "check: " + err.strip()[-400:]
    outputs = {}
    for mode in ("compiled", "interpreted"):
        outcome, out, err = run(binary, ["run", str(model), "--inputs", str(inputs), "--mode", mode, *extra], timeout)
        if outcome not in ("ok", "error"):
            return outcome, f"{mode}: " + err.strip()[-400:]
        outputs[mode] = (outcome, results_of(out) if outcome == "ok" else err.strip())
    if outputs["compiled"][0] != outputs["interpreted"][0]:
        return "divergence", f"compiled {outputs['compiled'][0]}, interpreted {outputs['interpreted'][0]}"
    if outputs["compiled"][0] == "ok" and json.dumps(outputs["compiled"][1]) != json.dumps(outputs["interpreted"][1]):
        return "divergence", "compiled and interpreted results differ"
    return outputs["compiled"][0], ""


def binary_path(given):
    if given:
        return given
    for configuration in ("release", "debug"):
        path = ROOT / ".build" / configuration / "mechanist"
        if path.exists():
            return str(path)
    sys.exit("no mechanist binary: run `swift build` first, or give --binary")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--long", action="store_true", help="check, compiled and interpreted separately")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per command")
    parser.add_argument("--binary", help="the mechanist executable (default: .build/release, else .build/debug)")
    parser.add_argument("--findings", default="/tmp/mechanist-fuzz", help="where cases that found a bug go")
    parser.add_argument("--replay", help="a folder of saved cases (each a folder with model.json, inputs.json, "
                                         "outcome.json) to run instead of mutations")
    options = parser.parse_args()
    binary = binary_path(options.binary)
    counts = {}
    bugs = []
    start = time.time()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        if options.replay:
            cases = []
            for saved in sorted(Path(options.replay).iterdir()):
                if (saved / "model.json").exists():
                    meta = json.loads((saved / "outcome.json").read_text()) if (saved / "outcome.json").exists() else {}
                    cases.append({"base": saved.name, "model": (saved / "model.json").read_text(),
                                  "inputs": (saved / "inputs.json").read_text(), "trials": meta.get("trials"),
                                  "expected": meta.get("expected")})
        else:
            rng = random.Random(options.seed)
            bases = corpus()
            cases = [make_case(rng, rng.choice(bases)) for _ in range(options.cases)]
        for k, case in enumerate(cases):
            outcome, detail = check_case(binary, case, folder, options.long, options.timeout)
            counts[outcome] = counts.get(outcome, 0) + 1
            expected = case.get("expected")
            bad = outcome not in ("ok", "error") or (expected is not None and outcome != expected)
            if bad:
                bugs.append((k, case, outcome, detail))
                found = Path(options.findings) / f"case-{options.seed}-{k}"
                found.mkdir(parents=True, exist_ok=True)
                (found / "model.json").write_text(case["model"])
                (found / "inputs.json").write_text(case["inputs"])
                (found / "outcome.json").write_text(json.dumps(
                    {"base": case["base"], "trials": case["trials"], "outcome": outcome, "detail": detail,
                     "expected": "error"}, indent=1))
    seconds = time.time() - start
    summary = ", ".join(f"{n} {o}" for o, n in sorted(counts.items()))
    print(f"{len(cases)} cases in {seconds:.0f} s: {summary}")
    for k, case, outcome, detail in bugs:
        print(f"  case {k} (from {case['base']}): {outcome}: {detail}")
    if bugs:
        print(f"the cases are in {options.findings}")
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
