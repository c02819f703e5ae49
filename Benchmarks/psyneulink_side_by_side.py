#!/usr/bin/env python3
"""Times PsyNeuLink 0.21 and Mechanist on the same model files, side by side, and prints ratios.

Run from the repository root with a Python that has psyneulink==0.21.0.0 (a virtualenv outside
the repo), after `swift build -c release`:

    ~/pnl/bin/python Benchmarks/psyneulink_side_by_side.py [--quick]

For each model: PsyNeuLink's per-trial time in Python mode and LLVMRun (marginal: the cost of
one more trial inside a run() call, (T(N) - T(1)) / (N - 1), plus its fixed cost per call) and
Mechanist's per-trial time compiled and interpreted (`seconds.run` of `mechanist run`, which
times the run call alone in-process).
"""
import copy
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'Tests', 'MechanistTests', 'Fixtures')
TOOLS = os.environ.get('PNL_TOOLS', os.path.join(ROOT, '..', 'shared', 'tools'))
MECHANIST = os.environ.get('MECHANIST', os.path.join(ROOT, '.build', 'release', 'mechanist'))
sys.path.insert(0, TOOLS)
import pnl_from_model  # noqa: E402  (the format-1 -> PsyNeuLink translator)


def load(path):
    with open(path) as f:
        return json.load(f)


def models():
    m3 = load(os.path.join(FIXTURES, 'm3_transfer_chain', 'model.json'))
    m3_in = load(os.path.join(FIXTURES, 'm3_transfer_chain', 'inputs.json'))
    # The 4-unit LCA with its RESULT port only: PsyNeuLink cannot compile the other ports.
    m1 = load(os.path.join(FIXTURES, 'm1_lca4', 'model.json'))
    m1['nodes'][0]['output_ports'] = ['RESULT']
    m1_in = load(os.path.join(FIXTURES, 'm1_lca4', 'inputs.json'))
    # The 2-unit threshold LCA with Gaussian noise (different generators: only times compare).
    m2 = load(os.path.join(FIXTURES, 'm2_lca_threshold', 'model.json'))
    m2['nodes'][0]['noise'] = {'type': 'NormalDist', 'mean': 0.0, 'standard_deviation': 0.1}
    m2_in = load(os.path.join(FIXTURES, 'm2_lca_threshold', 'inputs.json'))
    return [('m3 transfer chain 3-5-2', m3, m3_in), ('m1 LCA 4 units (RESULT)', m1, m1_in),
            ('m2 threshold LCA 2 units, noisy', m2, m2_in)]


def pnl_per_trial(model, inputs, mode_name, n):
    """Seconds for a 1-trial and an n-trial run() of a freshly built Composition."""
    import psyneulink as pnl
    mode = getattr(pnl.ExecutionMode, mode_name)
    for registry in pnl.primary_registries:  # fresh names for a fresh Composition
        pnl.clear_registry(registry)
    b = pnl_from_model.Builder(copy.deepcopy(model), 'model').build()
    times = {}
    # One entry per input pattern; PsyNeuLink cycles them over num_trials (as the reference
    # timings in ../shared/reference/PSYNEULINK_TIMINGS.md were taken).
    patterns = max(len(v) for v in inputs['inputs'].values())
    pnl_inputs, _ = pnl_from_model.prepare_inputs(b, inputs, patterns, False, None)
    kw = {'termination_processing': dict(b.termination)} if b.termination else {}
    b.comp.run(inputs=pnl_inputs, num_trials=1, execution_mode=mode, **kw)  # warm up (compiles)
    for trials in (1, n):
        samples = []
        for _ in range(3):
            t = time.perf_counter()
            b.comp.run(inputs=pnl_inputs, num_trials=trials, execution_mode=mode, **kw)
            samples.append(time.perf_counter() - t)
        times[trials] = min(samples)  # the least disturbed of three calls
    marginal = (times[n] - times[1]) / (n - 1)
    return marginal, times[1] - marginal


def mechanist_per_trial(model, inputs, mode, n):
    with tempfile.TemporaryDirectory() as d:
        mpath, ipath = os.path.join(d, 'model.json'), os.path.join(d, 'inputs.json')
        with open(mpath, 'w') as f:
            json.dump(model, f)
        with open(ipath, 'w') as f:
            json.dump(inputs, f)
        out = subprocess.run([MECHANIST, 'run', mpath, '--inputs', ipath, '--trials', str(n), '--mode', mode],
                             check=True, capture_output=True, text=True).stdout
        seconds = json.loads(out)['seconds']
        return seconds['run'] / n, seconds['compile']


def main():
    quick = '--quick' in sys.argv
    if '--model' not in sys.argv:
        # Each model in a fresh process: PsyNeuLink keeps global state (registries, compiled
        # code) that one model's build can leave inconsistent for the next.
        for k in range(len(models())):
            subprocess.run([sys.executable, __file__, '--model', str(k)] + (['--quick'] if quick else []), check=False)
        return
    k = int(sys.argv[sys.argv.index('--model') + 1])
    fmt = lambda s: f'{s * 1e9:.0f} ns' if s < 1e-6 else f'{s * 1e6:.2f} µs' if s < 1e-3 else f'{s * 1e3:.2f} ms'
    for name, model, inputs in models()[k:k + 1]:
        print(f'== {name}')
        py, py_fixed = pnl_per_trial(model, inputs, 'Python', 5 if quick else 20)
        llvm, llvm_fixed = pnl_per_trial(model, inputs, 'LLVMRun', 20000 if quick else 100000)
        compiled, compile_s = mechanist_per_trial(model, inputs, 'compiled', 100000 if quick else 2000000)
        interp, _ = mechanist_per_trial(model, inputs, 'interpreted', 2000 if quick else 20000)
        print(f'  PsyNeuLink Python   {fmt(py)} / trial (+{fmt(py_fixed)} per run call)')
        print(f'  PsyNeuLink LLVMRun  {fmt(llvm)} / trial (+{fmt(llvm_fixed)} per run call)')
        print(f'  Mechanist compiled  {fmt(compiled)} / trial (compile {fmt(compile_s)})')
        print(f'  Mechanist interpreted {fmt(interp)} / trial')
        sys.stdout.flush()
        print(f'  ratios: LLVMRun / compiled {llvm / compiled:.1f}x;  Python / interpreted {py / interp:.0f}x;'
              f'  Python / compiled {py / compiled:.0f}x')


if __name__ == '__main__':
    main()
