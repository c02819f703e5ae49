#!/usr/bin/env python3
"""Reaction-time summary of an LCA decision example: runs it with `mechanist run` and prints, per
input condition, the choice proportions and the mean and quantiles of DECISION_STEPS.

    python3 Examples/lca_decision_2/reaction_times.py [Examples/lca_decision_4] [--mechanist PATH]
"""
import json
import os
import statistics
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
args = [a for a in sys.argv[1:] if not a.startswith('--')]
folder = os.path.abspath(args[0]) if args else here
mechanist = sys.argv[sys.argv.index('--mechanist') + 1] if '--mechanist' in sys.argv else 'mechanist'
out = subprocess.run([mechanist, 'run', os.path.join(folder, 'model.json'),
                      '--inputs', os.path.join(folder, 'inputs.json')], check=True, capture_output=True, text=True)
result = json.loads(out.stdout)
inputs = json.load(open(os.path.join(folder, 'inputs.json')))['inputs']['evidence']
by_condition = {}
for trial, ports in enumerate(result['results']):
    _, index, steps, _ = ports  # RESULT, DECISION_INDEX, DECISION_STEPS, DECISION_TIME
    by_condition.setdefault(tuple(inputs[trial % len(inputs)]), []).append((int(index[0]), steps[0]))
print(f"{result['trials']} trials, run {result['seconds']['run'] * 1e3:.2f} ms "
      f"(compile {result['seconds']['compile'] * 1e3:.1f} ms)")
for condition, rows in by_condition.items():
    steps = sorted(s for _, s in rows)
    choices = [sum(1 for i, _ in rows if i == k) / len(rows) for k in range(len(condition))]
    q = statistics.quantiles(steps, n=10)
    print(f"evidence {list(condition)}: choices {[round(c, 3) for c in choices]}, "
          f"steps mean {statistics.mean(steps):.1f}, 10%/50%/90% {q[0]:.0f}/{q[4]:.0f}/{q[8]:.0f}")
