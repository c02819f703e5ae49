#!/usr/bin/env python3
"""Reaction-time summary of an LCA decision example: runs it with `mechanist run` and prints, per
input condition, the choice proportions and the mean and quantiles of DECISION_STEPS.

    python3 Examples/lca_decision_2/reaction_times.py [FOLDER] [--mechanist PATH]

FOLDER holds model.json and inputs.json (default: this script's folder). Without --mechanist the
tool is the repository's own build (.build/release/mechanist, then .build/debug/mechanist), or
`mechanist` on PATH.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
repository = os.path.dirname(os.path.dirname(here))


def find_mechanist():
    """The repository's build (release first), else `mechanist` on PATH, else None."""
    for configuration in ('release', 'debug'):
        path = os.path.join(repository, '.build', configuration, 'mechanist')
        if os.access(path, os.X_OK):
            return path
    return shutil.which('mechanist')


parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
parser.add_argument('folder', nargs='?', default=here,
                    help='the example folder, with model.json and inputs.json (default: %(default)s)')
parser.add_argument('--mechanist', metavar='PATH',
                    help='the mechanist executable (default: .build/release or .build/debug of the '
                         'repository, or mechanist on PATH)')
options = parser.parse_args()

mechanist = options.mechanist or find_mechanist()
if mechanist is None:
    sys.exit(f"reaction_times.py: no mechanist executable found: build it with `swift build -c release` in "
             f"{repository} (it is then .build/release/mechanist), or give --mechanist PATH")
folder = os.path.abspath(options.folder)
try:
    out = subprocess.run([mechanist, 'run', os.path.join(folder, 'model.json'),
                          '--inputs', os.path.join(folder, 'inputs.json')], capture_output=True, text=True)
except OSError as error:
    sys.exit(f"reaction_times.py: cannot run {mechanist}: {error.strerror}")
if out.returncode != 0:
    sys.exit(f"reaction_times.py: {mechanist} run failed:\n{out.stderr.strip()}")
result = json.loads(out.stdout)


def column(port):
    """Index of the result vector of `port` (by the output's `columns`, node.PORT)."""
    labels = result.get('columns') or ['decision.RESULT', 'decision.DECISION_INDEX',
                                       'decision.DECISION_STEPS', 'decision.DECISION_TIME']
    matches = [k for k, label in enumerate(labels) if label.endswith('.' + port)]
    if not matches:
        sys.exit(f"reaction_times.py: the model's results have no {port} port (they are {', '.join(labels)}); "
                 f"list it in the LCA's output_ports")
    return matches[0]


index_column, steps_column = column('DECISION_INDEX'), column('DECISION_STEPS')
with open(os.path.join(folder, 'inputs.json')) as file:
    inputs = json.load(file)['inputs']['evidence']
by_condition = {}
for trial, ports in enumerate(result['results']):
    choice, steps = int(ports[index_column][0]), ports[steps_column][0]
    by_condition.setdefault(tuple(inputs[trial % len(inputs)]), []).append((choice, steps))
print(f"{result['trials']} trials, run {result['seconds']['run'] * 1e3:.2f} ms "
      f"(compile {result['seconds']['compile'] * 1e3:.1f} ms)")
for condition, rows in by_condition.items():
    steps = sorted(s for _, s in rows)
    choices = [sum(1 for i, _ in rows if i == k) / len(rows) for k in range(len(condition))]
    q = statistics.quantiles(steps, n=10) if len(steps) > 1 else steps * 9
    print(f"evidence {list(condition)}: choices {[round(c, 3) for c in choices]}, "
          f"steps mean {statistics.mean(steps):.1f}, 10%/50%/90% {q[0]:.0f}/{q[4]:.0f}/{q[8]:.0f}")
