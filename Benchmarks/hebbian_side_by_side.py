#!/usr/bin/env python3
"""Times Hebbian learning (an RTM with enable_learning: its AutoAssociativeLearningMechanism trains the
recurrent matrix) in Mechanist, compiled and interpreted, and in PsyNeuLink 0.21's Composition.learn
(Python mode: the only mode PsyNeuLink has for it), on the same model file, side by side.

Run from the repository root with a Python that has psyneulink==0.21.0.0 (a virtualenv outside the repo),
after `swift build -c release`:

    ~/pnl/bin/python Benchmarks/hebbian_side_by_side.py [--quick] [--model DIR] [--mechanist PATH]
        [--pnl-tool PATH] [--json FILE]

The model is Tests/MechanistTests/Fixtures/m6_hebbian (8 units, Logistic gain 4 bias -0.5, learning
rate 0.1, three input patterns; its expected.json is PsyNeuLink's learn of 30 trials), or --model DIR
with model.json, inputs.json and optionally expected.json. Per backend, the time of one learning trial
(the RTM's execution, the AutoAssociativeLearningMechanism, the matrix update) and the compile or setup
time:

  * Mechanist compiled and interpreted: `mechanist learn MODEL --inputs FILE --epochs E --mode M` with E
    grown until `seconds.run` >= 0.2 s; per trial = seconds.run / trials, best of 3; compile =
    seconds.compile (model file -> callable function, in-process), the least of the calls. One more
    learn of expected.json's length is checked against it (each trial's output, the final matrix).
  * PsyNeuLink Composition.learn, Python mode, in a fresh process: the Composition that
    scripts/pnl_from_model.py builds from the model file; a first learn() of expected.json's length
    (checked against it), then a second learn() of --pnl-trials trials, timed: per trial = its CPU time
    / trials; setup = building the Composition + what the first call costs beyond the second's rate.
    PsyNeuLink's LLVMRun and Auto modes refuse learn() outside an AutodiffComposition
    (docs/PSYNEULINK_TIMINGS.md), so there is no compiled PsyNeuLink row.

PsyNeuLink times are the process's CPU time (time.process_time: on a shared machine wall time also counts
waiting for a core; wall times are printed beside them). Mechanist's seconds.run is wall time of the
in-process learn call; best of 3 filters the same disturbance. A missing backend (no PsyNeuLink, no
mechanist binary) is skipped with a note. The default run takes about a minute and a half (PsyNeuLink's import
and ~60 trials at ~20 ms); the load average is printed before and after.
"""
import argparse
import copy
import json
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL_DIR = os.path.join(ROOT, 'Tests', 'MechanistTests', 'Fixtures', 'm6_hebbian')
PNL_TOOL = os.path.join(ROOT, 'scripts', 'pnl_from_model.py')
MECHANIST = os.path.join(ROOT, '.build', 'release', 'mechanist')
MARK = '@@hebbian_side_by_side@@ '
MIN_RUN = (0.2, 0.05)        # seconds.run a Mechanist measurement must reach (default, --quick)
PNL_TRIALS = (60, 15)        # trials of PsyNeuLink's timed learn() call (~20 ms each)
TIMEOUT = 400                # seconds, one subprocess


def load(path):
    with open(path) as f:
        return json.load(f)


def fmt(s):
    if s is None or not isinstance(s, (int, float)) or not math.isfinite(s):
        return '—'
    if s < 1e-6:
        return f'{s * 1e9:.0f} ns'
    if s < 1e-3:
        return f'{s * 1e6:.2f} µs'
    if s < 1:
        return f'{s * 1e3:.2f} ms'
    return f'{s:.2f} s'


def max_abs_diff(a, b):
    """Largest |a - b| over two nested lists of equal shape (None where the shapes differ)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b):
        ds = [max_abs_diff(x, y) for x, y in zip(a, b)]
        return None if any(d is None for d in ds) else max(ds, default=0.0)
    return None


def per_epoch(inputs):
    return max(len(v) for v in inputs['inputs'].values())


def check(results, weights, ref):
    """Differences from expected.json: each trial's results, every learned matrix."""
    if not ref:
        return {}
    out = {'trials': len(results), 'outputs': max_abs_diff(results, ref['results'][:len(results)])}
    diffs = [max_abs_diff((weights or {}).get(name), w) for name, w in ref.get('weights', {}).items()]
    out['weights'] = None if not diffs or None in diffs else max(diffs)
    return out


class Clock:
    def __enter__(self):
        self.w0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.w0, time.process_time() - self.c0


# ------------------------------------------------------------------------------------------------
# Mechanist, through its command line
# ------------------------------------------------------------------------------------------------
def mechanist_learn(binary, d, mode, count):
    """The parsed JSON of `mechanist learn` with count = ('--epochs', E) or ('--trials', N)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'out.json')
        cmd = [binary, 'learn', os.path.join(d, 'model.json'), '--inputs', os.path.join(d, 'inputs.json'),
               count[0], str(count[1]), '--mode', mode, '--output', out]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
        if p.returncode != 0:
            msg = (p.stderr.strip() or f'exit status {p.returncode}').splitlines()[-1][:200]
            raise RuntimeError(f'`mechanist learn --mode {mode}` failed: {msg}')
        return load(out)


def mechanist_measure(binary, d, mode, ref, quick):
    inputs = load(os.path.join(d, 'inputs.json'))
    k = per_epoch(inputs)
    min_run = MIN_RUN[1 if quick else 0]
    epochs = max(1, (20_000 if mode == 'compiled' else 500) // k)
    for _ in range(8):   # grow the learn until its run time is long enough to time
        doc = mechanist_learn(binary, d, mode, ('--epochs', epochs))
        if doc['seconds']['run'] >= min_run:
            break
        grow = 1.5 * min_run / doc['seconds']['run'] if doc['seconds']['run'] > 0 else 100.0
        epochs = max(epochs + 1, math.ceil(epochs * min(grow, 100.0)))
    samples = [doc] + [mechanist_learn(binary, d, mode, ('--epochs', epochs)) for _ in range(2)]
    best = min(samples, key=lambda s: s['seconds']['run'] / s['trials'])
    out = {'per_trial_s': best['seconds']['run'] / best['trials'],
           'compile_s': min(s['seconds']['compile'] for s in samples),
           'note': f'{best["trials"]} trials per learn call, best of {len(samples)}, run {fmt(best["seconds"]["run"])}'}
    if ref:
        doc = mechanist_learn(binary, d, mode, ('--trials', ref['trials']))
        out['check'] = check(doc['results'], doc.get('weights'), ref)
        out['final'] = doc
    return out


# ------------------------------------------------------------------------------------------------
# PsyNeuLink, in a fresh process (`--part pnl_python`)
# ------------------------------------------------------------------------------------------------
def part_pnl_python(args):
    import warnings
    warnings.filterwarnings('ignore')
    try:
        import numpy as np
        import psyneulink as pnl
    except ImportError as e:
        return {'skipped': f'psyneulink is not importable by {sys.executable} ({e})'}
    sys.path.insert(0, os.path.dirname(args.pnl_tool))
    import pnl_from_model as tool
    for registry in pnl.primary_registries:
        pnl.clear_registry(registry)
    d = args.model
    model, inputs = load(os.path.join(d, 'model.json')), load(os.path.join(d, 'inputs.json'))
    ref_path = os.path.join(d, 'expected.json')
    ref = load(ref_path) if os.path.exists(ref_path) else None
    k = per_epoch(inputs)
    with Clock() as build:
        b = tool.Builder(copy.deepcopy(model), 'model').build()
    if not b.hebbian:
        return {'skipped': 'the model has no RTM with enable_learning'}
    first_trials = ref['trials'] if ref else k
    first_inputs, first_n = tool.prepare_inputs(b, inputs, first_trials, True, None)
    n = PNL_TRIALS[1 if args.quick else 0]
    # Both input sets before any learn(): afterwards the RTM's input ports read differently.
    timed_inputs, timed_n = tool.prepare_inputs(b, inputs, n, True, None)
    with Clock() as first:
        b.comp.learn(inputs=first_inputs, execution_mode=pnl.ExecutionMode.Python)
    results = [[np.array(v, dtype=float).tolist() for v in trial] for trial in b.comp.results]
    weights = {name: np.array(m.recurrent_projection.get_mod_matrix(b.comp), dtype=float).tolist() for name, m in b.hebbian}
    b.comp.parameters.results.set([], b.comp)
    with Clock() as second:
        b.comp.learn(inputs=timed_inputs, execution_mode=pnl.ExecutionMode.Python)
    rate = second.cpu / timed_n
    return {'per_trial_s': rate, 'per_trial_wall_s': second.wall / timed_n,
            'compile_s': build.cpu + max(0.0, first.cpu - rate * first_n),
            'check': check(results, weights, ref),
            'note': f'{timed_n} trials in the timed learn() call, CPU {fmt(second.cpu)} (wall {fmt(second.wall)}); '
                    f'building the Composition {fmt(build.cpu)}, first call ({first_n} trials) {fmt(first.cpu)}; '
                    f'PsyNeuLink {pnl.__version__}'}


def spawn_pnl(args):
    cmd = [args.python, os.path.abspath(__file__), '--part', 'pnl_python', '--model', args.model,
           '--pnl-tool', args.pnl_tool] + (['--quick'] if args.quick else [])
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {'skipped': f'ran past {TIMEOUT} s'}
    for line in p.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    tail = (p.stderr.strip().splitlines() or ['no output'])[-1]
    return {'skipped': f'the measuring process failed (exit {p.returncode}): {tail[:300]}'}


# ------------------------------------------------------------------------------------------------
def check_text(c):
    bits = [f'{k} {c[k]:.1e}' for k in ('outputs', 'weights') if c and c.get(k) is not None]
    return (', '.join(bits) + f' ({c["trials"]} trials)') if bits else ''


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--quick', action='store_true', help='shorter runs')
    ap.add_argument('--model', default=MODEL_DIR, help='folder with model.json, inputs.json [, expected.json]')
    ap.add_argument('--mechanist', default=os.environ.get('MECHANIST', MECHANIST),
                    help='the mechanist binary (default .build/release/mechanist)')
    ap.add_argument('--pnl-tool', default=PNL_TOOL, help='pnl_from_model.py (default scripts/pnl_from_model.py)')
    ap.add_argument('--python', default=sys.executable, help='the Python with psyneulink (default: this one)')
    ap.add_argument('--skip', default='', help='comma-separated: mechanist, pnl_python')
    ap.add_argument('--json', help='also write every measurement to this file')
    ap.add_argument('--part', help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.model, args.pnl_tool = os.path.abspath(args.model), os.path.abspath(args.pnl_tool)
    if args.part == 'pnl_python':
        out = part_pnl_python(args)
        sys.stdout.flush()
        print(MARK + json.dumps(out))
        return 0

    skip = {s.strip() for s in args.skip.split(',') if s.strip()}
    load0 = os.getloadavg()[0]
    start = time.perf_counter()
    print(f'Hebbian learning side by side{" (quick)" if args.quick else ""}: {args.model}; {os.cpu_count()} CPUs, '
          f'load average {load0:.2f} at start', flush=True)
    ref_path = os.path.join(args.model, 'expected.json')
    ref = load(ref_path) if os.path.exists(ref_path) else None
    rows = {}
    binary = os.path.abspath(args.mechanist)
    for mode in ('compiled', 'interpreted'):
        if 'mechanist' in skip:
            rows[mode] = {'skipped': 'left out (--skip)'}
        elif not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            rows[mode] = {'skipped': f'no binary at {binary} (swift build -c release, or --mechanist PATH)'}
        else:
            try:
                rows[mode] = mechanist_measure(binary, args.model, mode, ref, args.quick)
            except (RuntimeError, ValueError, KeyError, OSError, subprocess.TimeoutExpired) as e:
                rows[mode] = {'skipped': str(e)}
    rows['pnl_python'] = {'skipped': 'left out (--skip)'} if 'pnl_python' in skip else spawn_pnl(args)

    finals = [rows[m].pop('final') for m in ('compiled', 'interpreted') if 'final' in rows[m]]
    titles = {'compiled': 'Mechanist learn, compiled', 'interpreted': 'Mechanist learn, interpreted',
              'pnl_python': 'PsyNeuLink Composition.learn, Python'}
    base = rows['compiled'].get('per_trial_s')
    print(f'\n  {"backend":38} {"per trial":>10} {"(wall)":>10} {"compile/setup":>14} {"x vs compiled":>14}  '
          f'max abs diff vs expected.json')
    for key, title in titles.items():
        r = rows[key]
        if 'skipped' in r:
            print(f'  {title:38} skipped: {r["skipped"]}')
            continue
        per = r['per_trial_s']
        ratio = f'{per / base:,.0f}x' if base else '—'
        print(f'  {title:38} {fmt(per):>10} {fmt(r.get("per_trial_wall_s", per)):>10} {fmt(r.get("compile_s")):>14} '
              f'{ratio:>14}  {check_text(r.get("check"))}')
    for key, title in titles.items():
        if 'note' in rows[key]:
            print(f'    {title}: {rows[key]["note"]}')
    if len(finals) == 2:
        same = finals[0]['results'] == finals[1]['results'] and finals[0]['weights'] == finals[1]['weights']
        print(f'  Mechanist compiled and interpreted: {"identical" if same else "DIFFERENT"} results and matrix '
              f'({finals[0]["trials"]} trials; the JSON holds each double exactly, so equal means bitwise)')
    print(f'load average {load0:.2f} at start, {os.getloadavg()[0]:.2f} at end; {time.perf_counter() - start:.0f} s in all')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'model': args.model, 'rows': rows}, f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
