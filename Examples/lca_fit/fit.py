#!/usr/bin/env python3
"""Recovers an LCA's leak and noise from synthetic reaction-time data by a grid sweep.

1. Data: 2000 trials of the model with known parameters (leak 0.3, noise sd 0.4) and seed 999,
   summarized as choice proportions and DECISION_STEPS quantiles per choice (one sweep set).
2. Fit: a 21 x 21 grid over leak and noise sd, 2000 trials each, seeds 1 + set index (never
   the data's), the same summaries; the set whose summaries are nearest the data's wins.

Run from the repository root after `swift build -c release`:
    python3 Examples/lca_fit/fit.py
"""
import json, os, shutil, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
mechanist = os.environ.get("MECHANIST", os.path.join(here, "..", "..", ".build", "release", "mechanist"))
model, inputs = os.path.join(here, "model.json"), os.path.join(here, "inputs.json")
TRUE = {"decision.leak": 0.3, "decision.noise.standard_deviation": 0.4}
TRIALS = "2000"


def sweep(params, folder, seed):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "params.json")
    with open(path, "w") as f:
        json.dump(params, f)
    out = os.path.join(folder, "out")
    subprocess.run([mechanist, "sweep", model, "--inputs", inputs, "--params", path, "--trials", TRIALS,
                    "--seed", str(seed), "--output", out], check=True, stderr=subprocess.DEVNULL)
    merged = os.path.join(folder, "merged.jsonl")
    subprocess.run([mechanist, "merge", out, "--output", merged], check=True, stderr=subprocess.DEVNULL)
    with open(merged) as f:
        return [json.loads(line) for line in f]


def distance(a, b):
    """Squared differences of choice proportions (x 100) and of RT quantiles relative to the data's."""
    da, db = a["summaries"]["decisions"]["decision"], b["summaries"]["decisions"]["decision"]
    total = 0.0
    for c in range(2):
        total += 100 * (da["choices"][c] - db["choices"][c]) ** 2
        qa, qb = da["rt_quantiles"][c], db["rt_quantiles"][c]
        if qa is None or qb is None:
            total += 0 if qa is qb else 100
            continue
        total += sum(((x - y) / y) ** 2 for x, y in zip(qa, qb))
    return total


start = time.time()
folder = tempfile.mkdtemp()
try:
    data = sweep({"sets": [TRUE]}, os.path.join(folder, "data"), seed=999)[0]
    leaks = [round(0.1 + 0.02 * i, 2) for i in range(21)]
    sds = [round(0.2 + 0.02 * i, 2) for i in range(21)]
    sets = sweep({"grid": {"decision.leak": leaks, "decision.noise.standard_deviation": sds}},
                 os.path.join(folder, "fit"), seed=1)
finally:
    shutil.rmtree(folder)
best = min(sets, key=lambda s: distance(s, data))
elapsed = time.time() - start
print("true:      ", TRUE)
print("recovered: ", best["parameters"], "distance %.4f" % distance(best, data))
print("data:      ", json.dumps(data["summaries"]["decisions"]))
print("fit:       ", json.dumps(best["summaries"]["decisions"]))
print("%d sets x %s trials; whole fit %.2f s" % (len(sets), TRIALS, elapsed))
