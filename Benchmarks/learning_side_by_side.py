#!/usr/bin/env python3
"""Times supervised learning (backpropagation, one sample per update) in Mechanist, PsyNeuLink 0.21 and
plain PyTorch on the same model files, side by side, and prints ratios against Mechanist compiled.

Run from the repository root with a Python that has psyneulink==0.21.0.0 and torch (a virtualenv
outside the repo), after `swift build -c release`:

    ~/pnl/bin/python Benchmarks/learning_side_by_side.py [--quick] [--models m4,m5]
        [--mechanist PATH] [--pnl-tool PATH] [--reference DIR] [--json FILE]

Models: m4 (XOR, 2-10-1, Logistic, no biases, MSE, learning rate 0.5, 4 samples) and m5 (64-128-10,
the same otherwise, 200 samples), read from Tests/MechanistTests/Fixtures/<model>/ or, where they are
not there, from ../shared/reference/<model>/ (--reference). Per model and backend, the time of one
learning trial (forward pass, backward pass, weight update for one sample) and the compile or setup time:

  * Mechanist compiled and interpreted: `mechanist learn MODEL --inputs FILE --epochs E --mode M`
    with E grown until `seconds.run` >= 0.2 s; per sample = seconds.run / trials, best of 3;
    compile = seconds.compile (model file -> callable function, in-process). One more learn of
    expected.json's length is checked against it (outputs during learning, final `weights`).
  * PsyNeuLink Composition.learn, Python mode: the Composition that ../shared/tools/pnl_from_model.py
    builds from the model file (add_backpropagation_learning_pathway); per sample = a second
    learn() call / its samples (the first call is checked against expected.json); setup = building
    the Composition + what the first call costs beyond the second.
  * PsyNeuLink AutodiffComposition.learn, ExecutionMode.LLVMRun (compiled) and ExecutionMode.PyTorch,
    built from the same model file (same matrices, learning rate, loss): marginal per sample
    (T(N epochs) - T(1 epoch)) / ((N - 1) x samples), medians of 3, plus the fixed cost per learn()
    call; compile = building + first call - its predicted steady-state time. The first call runs
    as many epochs as expected.json and is checked against it (outputs during learning, weights).
  * PyTorch, plain loop: float64, Linear(bias=False) + Sigmoid, MSELoss (mean over output units,
    PsyNeuLink's Loss.MSE), SGD, batch size 1, torch.set_num_threads(1), same initial matrices;
    checked against expected.json over its trials (400 for m4, 1000 for m5: the largest difference of
    the outputs during learning and of the final weights); best of 3.

PsyNeuLink and PyTorch times are the process's CPU time (time.process_time; torch limited to one
thread): on a shared machine wall time also counts the time spent waiting for a core, and CPU time is
the better estimate of undisturbed single-core time (wall times are printed beside them). Mechanist's
seconds.run is wall time of the in-process run call; best of 3 short runs filters the same disturbance.

Every PsyNeuLink / PyTorch measurement runs in a fresh Python process (PsyNeuLink keeps registries
and compiled code per process; a failed compile can poison the process). A backend that is missing
(no PsyNeuLink, no torch, no mechanist binary, a mechanist without `learn`) is skipped with a note.
The default run takes about 4-5 minutes on a 2-vCPU machine (most of it PsyNeuLink's imports and LLVM
compilations, one per fresh process), --quick about 3; more when the machine is busy. Times on a shared
machine are noisy: the load average is printed before and after.
"""
import argparse
import copy
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'Tests', 'MechanistTests', 'Fixtures')
REFERENCE = os.path.join(ROOT, '..', 'shared', 'reference')
PNL_TOOL = os.path.join(ROOT, 'scripts', 'pnl_from_model.py')
MECHANIST = os.path.join(ROOT, '.build', 'release', 'mechanist')

MODELS = {'m4': ('m4_backprop_xor', 'XOR 2-10-1'), 'm5': ('m5_backprop_big', '64-128-10')}

# Work per measurement: (default, --quick). Sized so that the default run stays under ~5 minutes.
BUDGET = {
    # PsyNeuLink Python mode, samples per learn() call (~50-70 ms a sample; two calls)
    ('m4', 'pnl_python'): (40, 12), ('m5', 'pnl_python'): (40, 12),
    # AutodiffComposition: epochs of the long timing call (the short one is 1 epoch), repeats
    ('m4', 'autodiff_llvm'): (10000, 3000), ('m5', 'autodiff_llvm'): (200, 50),
    ('m4', 'autodiff_pytorch'): (25, 6), ('m5', 'autodiff_pytorch'): (3, 2),
    # plain torch: samples per timed loop
    ('m4', 'torch'): (4000, 800), ('m5', 'torch'): (2000, 400),
}
REPEATS = (3, 2)
MECHANIST_MIN_RUN = (0.2, 0.05)      # seconds.run a Mechanist measurement must reach
MECHANIST_MAX_VALUES = 5_000_000     # trials x outputs: every trial's results are written out
PART_TIMEOUT = 400                   # seconds, one PsyNeuLink / torch measurement


def load(path):
    with open(path) as f:
        return json.load(f)


def model_dir(key, reference):
    folder = MODELS[key][0]
    for base in (FIXTURES, reference):
        d = os.path.join(base, folder)
        if os.path.exists(os.path.join(d, 'model.json')) and os.path.exists(os.path.join(d, 'inputs.json')):
            return d
    return None


def samples_per_epoch(inputs):
    return max(len(v) for group in ('inputs', 'targets') for v in inputs.get(group, {}).values())


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


class Clock:
    """Wall and process CPU time of a block. On a shared machine the CPU time (this process's threads
    only) is the better estimate of undisturbed single-core time: wall time also counts the time the
    process waits for a core."""

    def __enter__(self):
        self.w0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.w0, time.process_time() - self.c0


def max_abs_diff(a, b):
    """Largest |a - b| over two nested lists of equal shape (None where the shapes differ)."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b):
        ds = [max_abs_diff(x, y) for x, y in zip(a, b)]
        return None if any(d is None for d in ds) else max(ds, default=0.0)
    return None


def flat_outputs(results):
    """results as Mechanist / PsyNeuLink give them (per trial: per output port: a vector) -> per trial: the
    first output port's vector (these models have one OUTPUT node with one port)."""
    out = []
    for trial in results:
        v = trial[0] if isinstance(trial, (list, tuple)) and trial and isinstance(trial[0], (list, tuple)) else trial
        out.append([float(x) for x in v])
    return out


# ------------------------------------------------------------------------------------------------
# Mechanist (runs here, through its command line)
# ------------------------------------------------------------------------------------------------
def parse_mechanist_output(text):
    """(trials, seconds.run, seconds.compile) from `mechanist learn` JSON. A long learn writes every
    trial's results, so for large outputs the top-level fields are looked for at the ends of the text
    before the whole document is parsed."""
    if len(text) > 8_000_000:
        for chunk in (text[-1_000_000:], text[:1_000_000]):
            sec = re.search(r'"seconds"\s*:\s*(\{[^{}]*\})', chunk)
            tri = re.search(r'"trials"\s*:\s*(\d+)', chunk)
            if sec and tri:
                s = json.loads(sec.group(1))
                return int(tri.group(1)), float(s['run']), float(s['compile'])
    doc = json.loads(text)
    if not isinstance(doc, dict) or 'seconds' not in doc or 'trials' not in doc:
        raise ValueError('the output JSON has no "trials" and "seconds"')
    return int(doc['trials']), float(doc['seconds']['run']), float(doc['seconds']['compile'])


def mechanist_learn(binary, model_path, inputs_path, mode, epochs, whole=False):
    """(trials, seconds.run, seconds.compile) of one `mechanist learn`; with whole, the parsed JSON."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'out.json')
        cmd = [binary, 'learn', model_path, '--inputs', inputs_path, '--epochs', str(epochs), '--mode', mode,
               '--output', out]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f'`{" ".join(cmd[1:3])} ... --epochs {epochs}` ran past 300 s')
        if p.returncode != 0:
            msg = (p.stderr.strip() or p.stdout.strip() or f'exit status {p.returncode}').splitlines()
            raise RuntimeError(f'`mechanist learn --mode {mode}` failed: {msg[-1][:200] if msg else ""}')
        if os.path.exists(out):
            with open(out) as f:
                text = f.read()
        else:
            text = p.stdout   # a mechanist that ignores --output
        return json.loads(text) if whole else parse_mechanist_output(text)


def mechanist_check(binary, model_path, inputs_path, mode, ref, per_epoch):
    """Largest differences from PsyNeuLink's expected.json: outputs during learning and final weights."""
    epochs = ref['trials'] // per_epoch
    doc = mechanist_learn(binary, model_path, inputs_path, mode, epochs, whole=True)
    outs = flat_outputs(doc.get('results', []))
    check = {'trials': len(outs), 'outputs': max_abs_diff(outs, flat_outputs(ref['results']))}
    diffs = [max_abs_diff(doc.get('weights', {}).get(name), w) for name, w in ref.get('weights', {}).items()]
    check['weights'] = None if not diffs or None in diffs else max(diffs)
    if check['outputs'] is None or check['weights'] is None:
        check['mismatch'] = 'results or weights missing or of another shape than expected.json'
    return check


def mechanist_measure(binary, model_path, inputs_path, mode, per_epoch, width, quick):
    """Per-sample time (best of 3) at an epoch count whose run takes >= MECHANIST_MIN_RUN seconds.
    width: numbers per trial in `results`; the trial count is capped so that the output stays sane."""
    min_run = MECHANIST_MIN_RUN[1 if quick else 0]
    max_epochs = max(1, MECHANIST_MAX_VALUES // max(width, 1) // per_epoch)
    epochs = max(1, (400 if mode == 'compiled' else 100) // per_epoch + 1)
    samples, note = [], ''
    for _ in range(12):
        try:
            trials, run, compile_s = mechanist_learn(binary, model_path, inputs_path, mode, epochs)
        except RuntimeError as e:
            if not samples:
                raise
            note = f'; {epochs} epochs failed ({e}), kept the last run that worked'
            epochs = samples[0][3]
            break
        samples = [(run, trials, compile_s, epochs)]
        if run >= min_run or epochs >= max_epochs:
            break
        grow = 1.5 * min_run / run if run > 0 else 100.0
        epochs = min(max_epochs, max(epochs + 1, math.ceil(epochs * min(grow, 100.0))))
    for _ in range(REPEATS[0] - 1):
        trials, run, compile_s = mechanist_learn(binary, model_path, inputs_path, mode, epochs)
        samples.append((run, trials, compile_s, epochs))
    run, trials, _, _ = min(samples, key=lambda s: s[0] / max(s[1], 1))
    note = f'{epochs} epochs = {trials} trials, best run {fmt(run)} of {len(samples)}' + note
    if run < min_run:
        note += f' (< {min_run} s' + (f': trials capped at {MECHANIST_MAX_VALUES} result values)'
                                      if epochs >= max_epochs else ')')
    return {'per_sample_s': run / max(trials, 1), 'compile_s': min(s[2] for s in samples),
            'epochs': epochs, 'trials': trials, 'note': note}


# ------------------------------------------------------------------------------------------------
# PsyNeuLink and PyTorch parts (each in a fresh process: `--part NAME --model KEY`)
# ------------------------------------------------------------------------------------------------
class Skip(Exception):
    """A backend that is not there (the message says what is missing)."""


def import_pnl(tool_path):
    import warnings
    warnings.filterwarnings('ignore')
    try:
        import psyneulink as pnl
    except ImportError as e:
        raise Skip(f'PsyNeuLink is not importable ({e}); run with ~/pnl/bin/python or --python')
    if not os.path.exists(tool_path):
        raise Skip(f'{tool_path} not found (--pnl-tool)')
    sys.path.insert(0, os.path.dirname(os.path.abspath(tool_path)))
    import importlib
    tool = importlib.import_module(os.path.splitext(os.path.basename(tool_path))[0])
    for registry in pnl.primary_registries:  # fresh names for a fresh Composition
        pnl.clear_registry(registry)
    return pnl, tool


def chain(model):
    """The model's single learning pathway as (node specs, projection specs, pathway spec); these
    backends (AutodiffComposition, torch) take a feed-forward chain of TransferMechanisms only."""
    learning = model.get('learning', [])
    if len(learning) != 1:
        raise Skip(f'{len(learning)} learning pathways (this backend takes one chain)')
    lp = learning[0]
    path = lp['pathway']
    nodes = {n['name']: n for n in model['nodes']}
    if set(nodes) != set(path) or len(model.get('projections', [])) != len(path) - 1:
        raise Skip('the model is more than its learning pathway (this backend takes one chain)')
    if lp.get('loss', 'MSE') != 'MSE':
        raise Skip(f'loss {lp.get("loss")} (this backend implements MSE)')
    projs = []
    for a, b in zip(path, path[1:]):
        ps = [p for p in model['projections'] if p['sender'] == a and p['receiver'] == b]
        if len(ps) != 1 or not isinstance(ps[0].get('matrix'), list):
            raise Skip(f'{a} -> {b}: needs exactly one projection with an explicit matrix')
        projs.append(ps[0])
    return [nodes[n] for n in path], projs, lp


def learning_rate(model, lp):
    lr = lp.get('learning_rate', model.get('learning_rate'))
    if lr is None:
        raise Skip('no learning_rate in the model file')
    return float(lr)


def expected_outputs(ref):
    return flat_outputs(ref['results']) if ref else None


def part_pnl_python(model, inputs, ref, key, quick, tool_path):
    pnl, tool = import_pnl(tool_path)
    per_epoch = samples_per_epoch(inputs)
    n = BUDGET[(key, 'pnl_python')][1 if quick else 0]
    epochs = max(1, n // per_epoch)
    if per_epoch > n:   # one learn() call over the first n samples only
        inputs = {g: {k: v[:n] for k, v in inputs.get(g, {}).items()} for g in ('inputs', 'targets')}
        epochs, per_epoch = 1, n
    with Clock() as build:
        b = tool.Builder(copy.deepcopy(model), 'model').build()
        pnl_inputs, trials = tool.prepare_inputs(b, inputs, None, True, epochs)
    with Clock() as first:
        b.comp.learn(inputs=pnl_inputs, execution_mode=pnl.ExecutionMode.Python)
    outs = flat_outputs([list(r) for r in tool.jsonable(b.comp.results)])
    diff = max_abs_diff(outs, expected_outputs(ref)[:len(outs)]) if ref and len(ref['results']) >= len(outs) else None
    b.comp.parameters.results.set([], b.comp)
    with Clock() as second:
        b.comp.learn(inputs=pnl_inputs, execution_mode=pnl.ExecutionMode.Python)
    return {'per_sample_s': second.cpu / trials, 'per_sample_wall_s': second.wall / trials,
            'compile_s': build.cpu + max(0.0, first.cpu - second.cpu),
            'compile_wall_s': build.wall + max(0.0, first.wall - second.wall),
            'check': {'outputs': diff, 'trials': len(outs)},
            'note': f'{trials} samples per learn() call; CPU time: building the Composition {fmt(build.cpu)}, '
                    f'first call {fmt(first.cpu)}, second {fmt(second.cpu)} (wall {fmt(second.wall)})'}


def build_autodiff(model, pnl, tool):
    import numpy as np
    nodes, projs, lp = chain(model)
    fb = tool.Builder(copy.deepcopy(model), 'model')   # its function translator (Logistic, Linear, ...)
    mechs = []
    for i, spec in enumerate(nodes):
        if spec.get('type') not in ('TransferMechanism', 'ProcessingMechanism'):
            raise Skip(f'node "{spec["name"]}" is a {spec.get("type")} (this backend takes TransferMechanisms)')
        extra = set(spec) - {'name', 'type', 'size', 'function'}
        if extra:
            raise Skip(f'node "{spec["name"]}": fields {sorted(extra)} are not translated here')
        kw = {'name': spec['name'], 'default_variable': [[0.0] * int(spec['size'])]}
        if 'function' in spec:
            kw['function'] = fb.function(spec['function'], f'nodes[{i}].function')
        mechs.append(pnl.TransferMechanism(**kw))
    seq = [mechs[0]]
    for k, p in enumerate(projs):
        proj = pnl.MappingProjection(sender=mechs[k], receiver=mechs[k + 1], name=p.get('name'),
                                     matrix=np.array(p['matrix'], dtype=float))
        seq += [proj, mechs[k + 1]]
    comp = pnl.AutodiffComposition(pathways=seq, learning_rate=learning_rate(model, lp), loss_spec=pnl.Loss.MSE,
                                   name=model.get('name', 'model') + '_autodiff')
    return comp, mechs, [s for s in seq if isinstance(s, pnl.MappingProjection)], projs


def part_autodiff(model, inputs, ref, key, quick, tool_path, mode_name):
    import numpy as np
    pnl, tool = import_pnl(tool_path)
    if not hasattr(pnl.ExecutionMode, mode_name):
        raise Skip(f'PsyNeuLink {pnl.__version__} has no ExecutionMode.{mode_name}')
    mode = getattr(pnl.ExecutionMode, mode_name)
    if mode_name == 'PyTorch':
        import torch
        torch.set_num_threads(1)   # CPU time is then single-core time (2 threads gain nothing on these sizes)
    with Clock() as build:
        comp, mechs, pnl_projs, projs = build_autodiff(model, pnl, tool)
    inp, out = mechs[0], mechs[-1]
    X = inputs['inputs'][inp.name]
    Y = inputs['targets'].get(out.name, inputs['targets'].get(out.name + '_target'))
    per_epoch = len(X)

    def learn(epochs):
        comp.learn(inputs={inp: X}, targets={out: Y}, epochs=epochs, execution_mode=mode)

    # first call: as many epochs as expected.json (checked against it), or fewer for a quick PyTorch run
    ref_epochs = ref['trials'] // per_epoch if ref else 1
    first_epochs = ref_epochs if (mode_name == 'LLVMRun' or not quick) else 1
    with Clock() as first:
        learn(first_epochs)
    outs = flat_outputs([list(r) for r in tool.jsonable(comp.results)])
    check = {'trials': len(outs)}
    if ref:
        n = min(len(outs), len(ref['results']))
        check['outputs'] = max_abs_diff(outs[:n], expected_outputs(ref)[:n]) if n else None
        if first_epochs == ref_epochs and len(outs) == ref['trials']:
            ws = {p.get('name'): np.asarray(q.parameters.matrix.get(comp), dtype=float).tolist()
                  for p, q in zip(projs, pnl_projs)}
            diffs = [max_abs_diff(ws[name], ref['weights'][name]) for name in ws if name in ref.get('weights', {})]
            check['weights'] = None if not diffs or None in diffs else max(diffs)
    # marginal timing: T(1 epoch) and T(N epochs), medians of `repeats` calls, results cleared before each
    n_large = BUDGET[(key, 'autodiff_llvm' if mode_name == 'LLVMRun' else 'autodiff_pytorch')][1 if quick else 0]
    repeats = REPEATS[1 if quick else 0]
    small, large = [], []
    for _ in range(repeats):
        for n, ts in ((1, small), (n_large, large)):
            comp.parameters.results.set([], comp)
            with Clock() as c:
                learn(n)
            ts.append(c)
    med = lambda v, kind: sorted(getattr(c, kind) for c in v)[len(v) // 2]
    fig = {}
    for kind in ('cpu', 'wall'):
        marginal_epoch = (med(large, kind) - med(small, kind)) / (n_large - 1)
        if marginal_epoch <= 0:   # lost in the noise of the per-call cost: the amortized time instead
            marginal_epoch = med(large, kind) / n_large
        fixed = med(small, kind) - marginal_epoch
        predicted_first = fixed + first_epochs * marginal_epoch
        fig[kind] = (marginal_epoch / per_epoch, fixed, getattr(build, kind) + max(0.0, getattr(first, kind) - predicted_first))
    return {'per_sample_s': fig['cpu'][0], 'per_call_s': fig['cpu'][1], 'compile_s': fig['cpu'][2],
            'per_sample_wall_s': fig['wall'][0], 'per_call_wall_s': fig['wall'][1], 'compile_wall_s': fig['wall'][2],
            'check': check,
            'note': f'marginal CPU time, {n_large} vs 1 epochs ({n_large * per_epoch} samples), medians of {repeats}; '
                    f'amortized at {n_large} epochs {fmt(med(large, "cpu") / (n_large * per_epoch))}; first call '
                    f'({first_epochs} epochs) {fmt(first.cpu)}; wall: marginal {fmt(fig["wall"][0])}, '
                    f'+{fmt(max(0.0, fig["wall"][1]))}/call, compile {fmt(fig["wall"][2])}'}


def part_torch(model, inputs, ref, key, quick, tool_path):
    try:
        import torch
    except ImportError as e:
        raise Skip(f'torch is not importable ({e})')
    import numpy as np
    torch.set_num_threads(1)
    nodes, projs, lp = chain(model)
    acts = []
    for spec in nodes[1:]:
        f = spec.get('function', 'Linear')
        f = f if isinstance(f, dict) else {'type': f}
        if f.get('type') != 'Logistic' or any(f.get(k, d) != d for k, d in
                                               (('gain', 1.0), ('bias', 0.0), ('x_0', 0.0), ('scale', 1.0),
                                                ('offset', 0.0))):
            raise Skip(f'node "{spec["name"]}": only plain Logistic layers are translated to torch')
        acts.append(torch.nn.Sigmoid())
    f0 = nodes[0].get('function', 'Linear')
    f0 = f0 if isinstance(f0, dict) else {'type': f0}
    if f0.get('type') != 'Linear' or f0.get('slope', 1.0) != 1.0 or f0.get('intercept', 0.0) != 0.0:
        raise Skip('the input node must be an identity (Linear, slope 1, intercept 0)')
    lr = learning_rate(model, lp)
    X = torch.tensor(np.array(inputs['inputs'][nodes[0]['name']], dtype=float))
    Y = torch.tensor(np.array(inputs['targets'].get(nodes[-1]['name'],
                                                    inputs['targets'].get(nodes[-1]['name'] + '_target')), dtype=float))

    def fresh():
        layers = []
        for p, act in zip(projs, acts):
            W = np.array(p['matrix'], dtype=float)        # rows = sender units
            lin = torch.nn.Linear(W.shape[0], W.shape[1], bias=False).double()
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(W.T))
            layers += [lin, act]
        net = torch.nn.Sequential(*layers)
        return net, torch.optim.SGD(net.parameters(), lr=lr), torch.nn.MSELoss()

    def train(net, opt, lossf, samples, record=None):
        k = len(X)
        for t in range(samples):
            i = t % k
            opt.zero_grad()
            o = net(X[i:i + 1])
            loss = lossf(o, Y[i:i + 1])
            loss.backward()
            opt.step()
            if record is not None:
                record.append(o.detach().numpy().ravel().tolist())

    check = {}
    if ref:   # equivalence: the same trajectory as PsyNeuLink's reference outputs and final weights
        net, opt, lossf = fresh()
        outs = []
        train(net, opt, lossf, ref['trials'], outs)
        check = {'trials': ref['trials'], 'outputs': max_abs_diff(outs, expected_outputs(ref))}
        lins = [m for m in net if isinstance(m, torch.nn.Linear)]
        diffs = [max_abs_diff(lin.weight.detach().numpy().T.tolist(), ref['weights'][p.get('name')])
                 for lin, p in zip(lins, projs) if p.get('name') in ref.get('weights', {})]
        check['weights'] = None if not diffs or None in diffs else max(diffs)
    n = BUDGET[(key, 'torch')][1 if quick else 0]
    times = []
    for _ in range(REPEATS[1 if quick else 0]):
        net, opt, lossf = fresh()
        train(net, opt, lossf, min(n, 50))     # warm up (allocator, autograd)
        with Clock() as c:
            train(net, opt, lossf, n)
        times.append(c)
    return {'per_sample_s': min(c.cpu for c in times) / n, 'per_sample_wall_s': min(c.wall for c in times) / n,
            'compile_s': None, 'check': check,
            'note': f'torch {torch.__version__}, {torch.get_num_threads()} thread, best of {len(times)} loops of {n} '
                    f'samples, CPU time (wall {fmt(min(c.wall for c in times) / n)})'}


PARTS = {
    'pnl_python': ('PsyNeuLink Composition.learn, Python', part_pnl_python),
    'autodiff_llvm': ('PsyNeuLink Autodiff, LLVMRun', lambda *a: part_autodiff(*a, 'LLVMRun')),
    'autodiff_pytorch': ('PsyNeuLink Autodiff, PyTorch mode', lambda *a: part_autodiff(*a, 'PyTorch')),
    'torch': ('PyTorch SGD loop (f64, batch 1, 1 thread)', part_torch),
}
MARK = '@@learning_side_by_side@@ '


def run_part(args):
    """In a fresh process: one measurement; prints one marked JSON line."""
    name, _ = MODELS[args.model]
    d = model_dir(args.model, args.reference)
    ref_path = os.path.join(d, 'expected.json')
    ref = load(ref_path) if os.path.exists(ref_path) else None
    try:
        out = PARTS[args.part][1](load(os.path.join(d, 'model.json')), load(os.path.join(d, 'inputs.json')),
                                  ref, args.model, args.quick, args.pnl_tool)
    except Skip as e:
        out = {'skipped': str(e)}
    except Exception as e:   # a backend that fails is reported, the others still run
        out = {'skipped': f'failed: {type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ""}'}
    sys.stdout.flush()
    print(MARK + json.dumps(out))


def spawn_part(args, part, key):
    cmd = [args.python, os.path.abspath(__file__), '--part', part, '--model', key, '--pnl-tool', args.pnl_tool,
           '--reference', args.reference] + (['--quick'] if args.quick else [])
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=PART_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {'skipped': f'ran past {PART_TIMEOUT} s'}
    for line in p.stdout.splitlines():
        if line.startswith(MARK):
            return json.loads(line[len(MARK):])
    tail = (p.stderr.strip().splitlines() or ['no output'])[-1]
    return {'skipped': f'the measuring process failed (exit {p.returncode}): {tail[:300]}'}


# ------------------------------------------------------------------------------------------------
# the table
# ------------------------------------------------------------------------------------------------
def check_text(c):
    if not c:
        return ''
    bits = []
    if c.get('outputs') is not None:
        bits.append(f'outputs {c["outputs"]:.1e}')
    if c.get('weights') is not None:
        bits.append(f'weights {c["weights"]:.1e}')
    if c.get('mismatch'):
        bits.append(c['mismatch'])
    return (', '.join(bits) + f' ({c.get("trials")} trials)') if bits else ''


def print_table(key, rows):
    name, label = MODELS[key]
    base_label, base = 'Mechanist compiled', rows.get('mechanist_compiled', {}).get('per_sample_s')
    if base is None:   # no Mechanist figure: compare with the fastest PsyNeuLink path instead
        base_label, base = 'Autodiff LLVMRun', rows.get('autodiff_llvm', {}).get('per_sample_s')
    print(f'\n== {key} {label} ({name})')
    print(f'  {"backend":44} {"per sample":>11} {"(wall)":>11} {"compile/setup":>14} {"x vs " + base_label:>26}  '
          f'max abs diff vs PsyNeuLink reference')
    for part, title in ROWS:
        r = rows.get(part)
        if r is None:
            continue
        if 'skipped' in r:
            print(f'  {title:44} skipped: {r["skipped"]}')
            continue
        per = r['per_sample_s']
        ratio = f'{per / base:,.1f}x' if base and per else '—'
        call = r.get('per_call_s')
        extra = '' if call is None else f'+{fmt(call)}/call' if call > 0 else '+≈0/call (lost in the noise)'
        wall = fmt(r.get('per_sample_wall_s', per))
        print(f'  {title:44} {fmt(per):>11} {wall:>11} {fmt(r.get("compile_s")):>14} {ratio:>26}  '
              f'{check_text(r.get("check"))}' + (f'\n  {"":44} {extra}' if extra else ''))
    for part, title in ROWS:
        r = rows.get(part)
        if r and 'note' in r:
            print(f'    {title}: {r["note"]}')
    sys.stdout.flush()


ROWS = [('mechanist_compiled', 'Mechanist learn, compiled'), ('mechanist_interpreted', 'Mechanist learn, interpreted')] + \
       [(k, v[0]) for k, v in PARTS.items()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--quick', action='store_true', help='short runs (about 3 minutes in all)')
    ap.add_argument('--models', default='m4,m5', help='comma-separated: m4 (XOR 2-10-1), m5 (64-128-10)')
    ap.add_argument('--mechanist', default=os.environ.get('MECHANIST', MECHANIST),
                    help='the mechanist binary (default .build/release/mechanist)')
    ap.add_argument('--pnl-tool', default=os.environ.get('PNL_TOOL', PNL_TOOL),
                    help='pnl_from_model.py (default ../shared/tools/pnl_from_model.py)')
    ap.add_argument('--reference', default=REFERENCE,
                    help='where m4_backprop_xor/ and m5_backprop_big/ are when the test fixtures lack them')
    ap.add_argument('--python', default=sys.executable, help='the Python with psyneulink and torch')
    ap.add_argument('--skip', default='', help='comma-separated parts to leave out: mechanist,' + ','.join(PARTS))
    ap.add_argument('--json', help='also write every measurement to this file')
    ap.add_argument('--part', help=argparse.SUPPRESS)
    ap.add_argument('--model', help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.pnl_tool = os.path.abspath(args.pnl_tool)
    args.reference = os.path.abspath(args.reference)
    if args.part:
        run_part(args)
        return 0

    keys = [k.strip() for k in args.models.split(',') if k.strip()]
    for k in keys:
        if k not in MODELS:
            ap.error(f'--models: unknown model "{k}" (known: {", ".join(MODELS)})')
    skip = {s.strip() for s in args.skip.split(',') if s.strip()}
    load0 = os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan')
    start = time.perf_counter()
    print(f'learning side by side{" (quick)" if args.quick else ""}: {os.cpu_count()} CPUs, '
          f'load average {load0:.2f} at start', flush=True)
    mechanist = os.path.abspath(args.mechanist)
    mechanist_note = None
    if 'mechanist' in skip:
        mechanist_note = 'left out (--skip)'
    elif not (os.path.isfile(mechanist) and os.access(mechanist, os.X_OK)):
        mechanist_note = f'no binary at {mechanist} (swift build -c release, or --mechanist PATH)'
    everything = {}
    for key in keys:
        d = model_dir(key, args.reference)
        if d is None:
            print(f'\n== {key}: skipped: {MODELS[key][0]}/model.json is neither in {FIXTURES} nor in {args.reference}')
            continue
        rows = {}
        inputs = load(os.path.join(d, 'inputs.json'))
        per_epoch = samples_per_epoch(inputs)
        width = max(len(v[0]) for v in inputs.get('targets', {}).values()) if inputs.get('targets') else 1
        for mode in ('compiled', 'interpreted'):
            part = f'mechanist_{mode}'
            if mechanist_note:
                rows[part] = {'skipped': mechanist_note}
                continue
            try:
                rows[part] = mechanist_measure(mechanist, os.path.join(d, 'model.json'), os.path.join(d, 'inputs.json'),
                                               mode, per_epoch, width, args.quick)
                ref_path = os.path.join(d, 'expected.json')
                if os.path.exists(ref_path):
                    rows[part]['check'] = mechanist_check(mechanist, os.path.join(d, 'model.json'),
                                                          os.path.join(d, 'inputs.json'), mode, load(ref_path), per_epoch)
            except (RuntimeError, ValueError, KeyError, OSError) as e:
                rows[part] = {'skipped': str(e)}
        for part in PARTS:
            rows[part] = {'skipped': 'left out (--skip)'} if part in skip else spawn_part(args, part, key)
        everything[key] = {'model_dir': d, 'rows': rows}
        print_table(key, rows)
    load1 = os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan')
    total = time.perf_counter() - start
    print('\nper sample: Mechanist: seconds.run / trials (wall, in-process), best of 3; PsyNeuLink and PyTorch: '
          'process CPU time\n(single-threaded; wall time in brackets, which on a busy machine also counts waiting '
          'for a core).\ncompile/setup: Mechanist: seconds.compile; PsyNeuLink: building the Composition + the first '
          'call beyond its steady-state time (CPU).')
    print(f'load average {load0:.2f} at start, {load1:.2f} at end; {total:.0f} s in all. Wall times on a shared '
          f'{os.cpu_count()}-CPU machine carry roughly +-30 % noise (more when the load average exceeds the CPU count).')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'quick': args.quick, 'load_average': [load0, load1], 'seconds': total, 'models': everything},
                      f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
