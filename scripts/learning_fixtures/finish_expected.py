#!/usr/bin/env python3
"""Complete <fixture>/expected.json after pnl_from_model.py wrote it.

    ~/pnl/bin/python finish_expected.py FIXTURE_DIR [--tool PATH] -- <the pnl_from_model.py options used>

pnl_from_model.py's output is kept unchanged (results, nodes, weights, output_nodes, mode, trials, seconds);
this adds, in the layout of ../shared/reference/*/expected.json:

  model, model_file, inputs_file, psyneulink, execution_mode, run {kind, epochs (only with --epochs), trials,
  record}, command (the exact pnl_from_model.py command line),
  learning_nodes      per trial, the output ports of PsyNeuLink's learning components, which pnl_from_model.py
                      cannot --record (they are not nodes of the model file):
                        "Comparator..." (PsyNeuLink's name): {"sample": output node, "OUTCOME": [...],
                                                              "MSE"|"SSE"|"SUM": [...]}
                        "Learning Mechanism for <projection>": {"projection": name,
                                                              "ERROR_SIGNAL": [...],    (port 'error_signal')
                                                              "LEARNING_SIGNAL": [...]} (port 'LearningSignal')
                      recorded at the end of each trial from a second, in-process run of the same translator
                      (its run_model(), hooked like ../shared/reference/scripts/make_expected.py does); that run's
                      results must equal the command line's exactly (checked here).
  weights_matrix_parameter  (learn only) PsyNeuLink's projection.parameters.matrix read right after learn()
  pnl_test_check      numbers asserted by PsyNeuLink's own test_learning.py, where the fixture rebuilds one
                      (pnl_test_values.py), and the largest |difference| to this file
"""
import argparse
import importlib.util
import json
import os
import re
import shlex
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
_INNER = re.compile(r'\[[^\[\]{}"]*\]')


def dumps(obj):
    s = json.dumps(obj, indent=1)
    return _INNER.sub(lambda m: '[' + ', '.join(x.strip() for x in m.group(0)[1:-1].split(',') if x.strip()) + ']',
                      s) + '\n'


def load_translator(path):
    spec = importlib.util.spec_from_file_location('pnl_from_model', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def parse_cli(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument('--trials', type=int)
    ap.add_argument('--epochs', type=int)
    ap.add_argument('--learn', action='store_true')
    ap.add_argument('--learning-rate', type=float)
    ap.add_argument('--record', nargs='*', default=[], action='extend')
    return ap.parse_args(argv)


def main():
    argv = sys.argv[1:]
    if '--' not in argv:
        raise SystemExit('usage: finish_expected.py DIR [--tool PATH] -- <pnl_from_model.py options>')
    k = argv.index('--')
    mine, cli = argv[:k], argv[k + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--tool', default=os.environ.get('PNL_FROM_MODEL', '/work/shared/tools/pnl_from_model.py'))
    a = ap.parse_args(mine)
    o = parse_cli(cli)
    d = a.dir.rstrip('/')
    name = os.path.basename(d)
    with open(os.path.join(d, 'expected.json')) as f:
        out = json.load(f)
    with open(os.path.join(d, 'model.json')) as f:
        model = json.load(f)
    with open(os.path.join(d, 'inputs.json')) as f:
        inputs = json.load(f)

    import warnings
    warnings.filterwarnings('ignore')
    import psyneulink as pnl
    tr = load_translator(a.tool)

    # ---- second, in-process run with hooks: learning components' ports, weights_matrix_parameter
    captured = {}
    rec = {}
    orig_build = tr.Builder.build

    def build(self):
        b = orig_build(self)
        captured['b'] = b
        comp = b.comp
        display = {id(proj): disp for _, proj, disp, _, _ in b.projections}
        cmps = list(comp.get_nodes_by_role(pnl.NodeRole.LEARNING_OBJECTIVE))
        lms = [n for n in comp.nodes if isinstance(n, pnl.LearningMechanism)]
        for c in cmps:
            sample = c.input_ports['SAMPLE'].path_afferents[0].sender.owner.name
            rec[c.name] = {'sample': sample, **{p.name.upper(): [] for p in c.output_ports}}
        for lm in lms:
            lp = lm.learned_projections[0]
            rec[lm.name] = {'projection': display.get(id(lp), lp.name), 'ERROR_SIGNAL': [], 'LEARNING_SIGNAL': []}

        def after_trial():
            for c in cmps:
                for p in c.output_ports:
                    rec[c.name][p.name.upper()].append(np.array(p.parameters.value.get(comp), dtype=float).tolist())
            for lm in lms:
                rec[lm.name]['ERROR_SIGNAL'].append(
                    np.array(lm.output_ports['error_signal'].parameters.value.get(comp), dtype=float).tolist())
                rec[lm.name]['LEARNING_SIGNAL'].append(
                    np.array(lm.output_ports['LearningSignal'].parameters.value.get(comp), dtype=float).tolist())

        def wrap(method):
            def f(*args, **kw):
                inner = kw.get('call_after_trial')

                def cb():
                    if inner:
                        inner()
                    after_trial()
                kw['call_after_trial'] = cb
                return method(*args, **kw)
            return f
        # wrap only the method run_model calls (learn() calls run() internally)
        if o.learn:
            comp.learn = wrap(comp.learn)
        else:
            comp.run = wrap(comp.run)
        return b

    tr.Builder.build = build
    try:
        kw = dict(trials=o.trials, learn=o.learn, epochs=o.epochs, record=o.record, where='model.json')
        if o.learning_rate is not None:
            kw['learning_rate'] = o.learning_rate
        second = tr.run_model(model, inputs, **kw)
    finally:
        tr.Builder.build = orig_build
    b = captured['b']
    if second['results'] != out['results'] or second.get('weights') != out.get('weights') \
            or second.get('nodes') != out.get('nodes'):
        raise SystemExit(f'{d}: the in-process run differs from the command line output')

    how = {'kind': 'learn' if o.learn else 'run'}
    if o.epochs is not None:
        how['epochs'] = o.epochs
    how['trials'] = out['trials']
    if o.learning_rate is not None:
        how['learning_rate'] = o.learning_rate
    how['record'] = list(o.record)
    tool_shown = a.tool if a.tool != '/work/shared/tools/pnl_from_model.py' else '../shared/tools/pnl_from_model.py'
    cmd = ' '.join(['pnl_from_model.py' if tool_shown.endswith('/shared/tools/pnl_from_model.py') else tool_shown,
                    f'{d}/model.json', '--inputs', f'{d}/inputs.json'] + [shlex.quote(x) for x in cli]
                   + ['--output', f'{d}/expected.json'])
    exp = {'model': name, 'model_file': 'model.json', 'inputs_file': 'inputs.json', 'psyneulink': pnl.__version__,
           'execution_mode': 'Python', 'run': how, 'command': cmd}
    exp.update(out)
    if o.learn:
        wmp = {}
        for disp, proj in b.learned:
            wmp[disp] = np.array(proj.parameters.matrix.get(b.comp), dtype=float).tolist()
        exp['weights_matrix_parameter'] = wmp
    if o.learn and rec:   # under run() no learning component executes (their ports would be stale)
        exp['learning_nodes'] = rec

    # ---- PsyNeuLink's own test numbers
    import pnl_test_values
    checks = pnl_test_values.CHECKS.get(name)
    if checks:
        items = {}
        for desc, getter, want in checks:
            got = np.array(getter(exp), dtype=float)
            want = np.array(want, dtype=float)
            items[desc] = float(np.max(np.abs(got - want))) if got.shape == want.shape else f'shape {got.shape} vs {want.shape}'
        worst = max(v for v in items.values() if isinstance(v, float))
        exp['pnl_test_check'] = {'source': pnl_test_values.SOURCES[name], 'max_abs_diff': worst,
                                 'ok': all(isinstance(v, float) and v <= 1e-8 for v in items.values()),
                                 'tolerance': 1e-8, 'items': items}
    notes = pnl_test_values.NOTES.get(name)
    if notes:
        exp['notes'] = notes
    with open(os.path.join(d, 'expected.json'), 'w') as f:
        f.write(dumps(exp))
    msg = f'{name}: {out["trials"]} trials'
    if 'pnl_test_check' in exp:
        msg += f', test_learning.py max |diff| {exp["pnl_test_check"]["max_abs_diff"]:.3g}'
    print(msg, flush=True)


if __name__ == '__main__':
    main()
