#!/usr/bin/env python3
"""Learning curve of a learning example: trains it with `mechanist learn` (or reads a result file written
by `mechanist learn --output FILE`), computes each trial's mean squared error from `results` and the
inputs file's targets, prints per condition the epoch at which the error first falls under 0.1 and its
final value, and plots the error per epoch (matplotlib; skipped with a note where it is missing).

    python3 Examples/stroop_learning/learning_curve.py [Examples/xor_learning] [--epochs N]
        [--mechanist PATH] [--results FILE] [--plot FILE.png]

Trials are grouped by the entry of `task_input` where the inputs have one (the Stroop example: color
naming, word reading), otherwise all trials form one curve. The result is each trial's output before
that trial's weight change, as PsyNeuLink records it, so the MSE is the error the network made on that
trial; it equals the comparator's MSE port (`--record response_comparator.MSE`), which is used as a
check when the result file holds it.
"""
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
DEFAULT_EPOCHS = {'stroop_learning': 100, 'xor_learning': 200}
TASKS = {(1, 0): 'color naming', (0, 1): 'word reading'}


def option(name, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


values = {option(n) for n in ('--epochs', '--mechanist', '--results', '--plot') if option(n) is not None}
args = [a for a in sys.argv[1:] if not a.startswith('--') and a not in values]
folder = os.path.abspath(args[0]) if args else here
inputs = json.load(open(os.path.join(folder, 'inputs.json')))
epochs = int(option('--epochs', DEFAULT_EPOCHS.get(os.path.basename(folder), 100)))

if option('--results'):
    result = json.load(open(option('--results')))
else:
    mechanist = option('--mechanist', 'mechanist')
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'learn.json')
        subprocess.run([mechanist, 'learn', os.path.join(folder, 'model.json'), '--inputs',
                        os.path.join(folder, 'inputs.json'), '--epochs', str(epochs), '--output', out], check=True)
        result = json.load(open(out))

targets = next(iter(inputs['targets'].values()))        # one learning target (the examples' response / output)
per_epoch = max(len(v) for v in list(inputs['inputs'].values()) + [targets])
trials = len(result['results'])
epochs = trials // per_epoch
group_node = 'task_input' if 'task_input' in inputs['inputs'] else None


def mse(output, target):
    return sum((o - t) ** 2 for o, t in zip(output, target)) / len(target)


errors = [mse(result['results'][t][0], targets[t % len(targets)]) for t in range(trials)]
for ports in result.get('nodes', {}).values():          # the comparator's MSE port, where recorded
    if 'MSE' in ports:
        diff = max(abs(float(e) - (m[0] if isinstance(m, list) else m)) for e, m in zip(errors, ports['MSE']))
        print(f'MSE from results vs the recorded MSE port: max abs diff {diff:.1e}')

groups = {}
for t in range(trials):
    key = 'all trials'
    if group_node:
        entry = tuple(inputs['inputs'][group_node][t % per_epoch])
        key = TASKS.get(entry, str(list(entry)))
    groups.setdefault(key, [[] for _ in range(epochs)])
    if t // per_epoch < epochs:
        groups[key][t // per_epoch].append(errors[t])
curves = {k: [sum(v) / len(v) for v in per if v] for k, per in groups.items()}

print(f"{trials} trials ({epochs} epochs of {per_epoch}), run {result['seconds']['run'] * 1e3:.2f} ms "
      f"(compile {result['seconds']['compile'] * 1e3:.1f} ms)")
for name, curve in curves.items():
    first = next((e + 1 for e, v in enumerate(curve) if v < 0.1), None)
    n = sum(len(v) for v in groups[name][:first]) if first else None
    print(f'{name}: MSE epoch 1 {curve[0]:.4f}, final {curve[-1]:.4f}; under 0.1 from epoch '
          + (f'{first} (after {first * per_epoch} trials' + (f', {n} of them {name})' if len(curves) > 1 else ')')
             if first else 'never'))

plot = option('--plot', 'learning_curve.png')
try:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
except ImportError:
    print('matplotlib is not installed: no plot')
    sys.exit(0)
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, curve in curves.items():
    ax.plot(range(1, len(curve) + 1), curve, label=name)
ax.axhline(0.1, color='grey', linewidth=0.5, linestyle='--')
ax.set_xlabel(f'epoch ({per_epoch} trials)')
ax.set_ylabel('mean squared error')
ax.set_title(os.path.basename(folder))
ax.legend()
fig.tight_layout()
fig.savefig(plot, dpi=120)
print(f'plot: {plot}')
