#!/usr/bin/env python3
"""An independent numpy re-implementation of PsyNeuLink 0.21's BackPropagation learning, as LEARNING_SEMANTICS.md
states it, checked against every fixture's expected.json (results, recorded nodes, learned weights,
weights_matrix_parameter, and the learning components' ports in learning_nodes).

    python3 numpy_reference.py [fixture_dir ...]      # default: every b*/ and pending/p*/ folder here

Prints the largest |difference| per fixture and item and writes NUMPY_CHECK.md; exits 1 if any exceeds 1e-12.
Covers what the fixtures use: feed-forward graphs, TransferMechanism/ProcessingMechanism with Linear, Logistic,
ReLU, SoftMax(ALL) or LinearCombination(SUM/PRODUCT over InputPorts), backpropagation pathways (MSE/SSE/L0),
learnable, learning_rate (projection / run-time / pathway / composition / 0.05), learning_enabled.
"""
import glob
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 1e-12


# ---------------------------------------------------------------------------------------------- functions
def fspec(spec):
    if spec is None:
        return 'Linear', {}
    if isinstance(spec, str):
        return spec, {}
    return spec['type'], {k: v for k, v in spec.items() if k != 'type'}


def transfer(spec, x):
    t, p = fspec(spec)
    if t == 'Linear':
        return p.get('slope', 1.) * x + p.get('intercept', 0.)
    if t == 'Logistic':
        return p.get('scale', 1.) / (1 + np.exp(-p.get('gain', 1.) * (x + p.get('bias', 0.) - p.get('x_0', 0.)))) \
            + p.get('offset', 0.)
    if t == 'ReLU':
        g, b, lk = p.get('gain', 1.), p.get('bias', 0.), p.get('leak', 0.)
        return p.get('scale', 1.) * np.maximum(g * (x - b), lk * g * (x - b)) + p.get('offset', 0.)
    if t == 'SoftMax':
        assert p.get('output', 'ALL') == 'ALL'
        z = p.get('gain', 1.) * x
        e = np.exp(z - np.max(z))
        return e / np.sum(e)
    raise NotImplementedError(t)


def delta_of(spec, y, dEdA, ports=None, port_index=None):
    """PsyNeuLink's dE/dW for the receiving node: dE/dA combined with the derivative taken from the OUTPUT y."""
    t, p = fspec(spec)
    if t == 'Linear':
        return dEdA * p.get('slope', 1.) * p.get('scale', 1.)
    if t == 'Logistic':                      # gain*scale*y*(1-y), y = the node's output (offset/scale included)
        return dEdA * p.get('gain', 1.) * p.get('scale', 1.) * y * (1 - y)
    if t == 'ReLU':                          # input inferred as y/gain; bias ignored
        g = p.get('gain', 1.)
        return dEdA * np.where(y / g > 0, p.get('scale', 1.) * g, p.get('scale', 1.) * g * p.get('leak', 0.))
    if t == 'SoftMax':                       # Jacobian of the output, no gain factor
        J = np.diag(y) - np.outer(y, y)
        return dEdA @ J
    if t == 'LinearCombination':             # scale, times the product of the OTHER ports for PRODUCT
        jac = p.get('scale', 1.)
        if p.get('operation', 'SUM') == 'PRODUCT' and len(ports) > 1:
            jac = np.prod([v for k, v in enumerate(ports) if k != port_index], axis=0) * jac
        return dEdA * jac
    raise NotImplementedError(t)


# ---------------------------------------------------------------------------------------------- the model
class Net:
    def __init__(self, model, run_lr=None):
        self.nodes = {n['name']: n for n in model['nodes']}
        self.order_in_file = [n['name'] for n in model['nodes']]
        self.projs = []
        for p in model.get('projections', []):
            s = p['sender']
            r, port = (p['receiver'].split('.', 1) + ['InputPort-0'])[:2] if '.' in p['receiver'] \
                else (p['receiver'], 'InputPort-0')
            self.projs.append(dict(name=p.get('name', f"{p['sender']}->{p['receiver']}"), sender=s, receiver=r,
                                   port=int(port.split('-')[1]), W=np.array(p['matrix'], float),
                                   learnable=p.get('learnable', True), lr=p.get('learning_rate')))
        self.by_pair = {(q['sender'], q['receiver']): q for q in self.projs}
        # topological order
        done, order = set(), []
        while len(order) < len(self.nodes):
            for n in self.order_in_file:
                if n not in done and all(q['sender'] in done for q in self.projs if q['receiver'] == n):
                    done.add(n)
                    order.append(n)
        self.topo = order
        self.inputs = [n for n in self.order_in_file if not any(q['receiver'] == n for q in self.projs)]
        # learning components
        comp_lr = model.get('learning_rate')
        self.comparators = {}   # terminal node -> loss
        self.lms = {}           # projection name -> dict
        for lp in model.get('learning', []):
            path = lp['pathway']
            lr_path = lp.get('learning_rate')
            le = lp.get('learning_enabled', True)
            term = path[-1]
            if term not in self.comparators:
                self.comparators[term] = lp.get('loss', 'MSE')
            for k in range(len(path) - 1, 0, -1):
                q = self.by_pair[(path[k - 1], path[k])]
                if q['name'] in self.lms:
                    continue
                lr = next(v for v in (q['lr'], run_lr, lr_path, comp_lr, 0.05) if v is not None)
                self.lms[q['name']] = dict(proj=q, terminal=(k == len(path) - 1), loss=lp.get('loss', 'MSE'),
                                           lr=lr, enabled=le)
        for lm in self.lms.values():   # error sources of a hidden LearningMechanism: LMs of its receiver's efferents
            recv = lm['proj']['receiver']
            lm['sources'] = [] if lm['terminal'] else [self.lms[q['name']] for q in self.projs
                                                       if q['sender'] == recv and q['name'] in self.lms]

    def node_ports(self, n):
        spec = self.nodes[n]
        dv = spec.get('default_variable')
        if dv is not None and isinstance(dv[0], list):
            return len(dv)
        return 1

    def forward(self, ext):
        out, ports = {}, {}
        for n in self.topo:
            spec = self.nodes[n]
            k = self.node_ports(n)
            if n in self.inputs:
                pv = [np.array(ext[n], float).ravel()]
            else:
                pv = [sum(out[q['sender']] @ q['W'] for q in self.projs if q['receiver'] == n and q['port'] == i)
                      for i in range(k)]
            ports[n] = pv
            t, p = fspec(spec.get('function'))
            if t == 'LinearCombination':
                op = p.get('operation', 'SUM')
                v = np.prod(pv, axis=0) if op == 'PRODUCT' else np.sum(pv, axis=0)
                out[n] = p.get('scale', 1.) * v + p.get('offset', 0.)
            else:
                assert k == 1
                out[n] = transfer(spec.get('function'), pv[0])
        return out, ports


def run_fixture(d):
    with open(os.path.join(d, 'model.json')) as f:
        model = json.load(f)
    with open(os.path.join(d, 'inputs.json')) as f:
        inputs = json.load(f)
    with open(os.path.join(d, 'expected.json')) as f:
        exp = json.load(f)
    run = exp['run']
    net = Net(model, run.get('learning_rate'))
    N = run['trials']
    learn = run['kind'] == 'learn'
    ins, tgts = inputs['inputs'], inputs.get('targets', {})
    results, nodes = [], {}
    ln = {}
    pending = {}           # 'online': LearningSignal of the last trial, applied in the next one
    last_applied = {}
    for t in range(N):
        ext = {n: lst[t % len(lst)] for n, lst in ins.items()}
        for name, lm in net.lms.items():   # ONLINE/True: last trial's change enters when the receiver executes
            if name in pending:
                lm['proj']['W'] = lm['proj']['W'] + pending.pop(name)
        out, ports = net.forward(ext)
        results.append([out[n].tolist() for n in exp['output_nodes']])
        for r in run.get('record', []):
            n, port = r.rsplit('.', 1)
            nodes.setdefault(n, {}).setdefault(port, []).append(out[n].tolist())
        if not learn:
            continue
        # learning phase: comparators, then LearningMechanisms from the output backwards; every error matrix is
        # the downstream projection's matrix as used in THIS trial's processing (pre-update)
        errs = {}
        for term, loss in net.comparators.items():
            y = out[term]
            tv = np.array(tgts[term][t % len(tgts[term])], float).ravel()
            e = tv - y
            errs[term] = e
            c = ln.setdefault(term, {'OUTCOME': [], 'MSE': [], 'SSE': [], 'SUM': []})
            c['OUTCOME'].append(e.tolist())
            c['MSE'].append([float(np.mean(e ** 2))])
            c['SSE'].append([float(np.sum(e ** 2))])
            c['SUM'].append([float(np.sum(e))])
        done = {}

        def lm_exec(lm):
            name = lm['proj']['name']
            if name in done:
                return done[name]
            q = lm['proj']
            recv = q['receiver']
            y = out[recv]
            a_in = out[q['sender']]
            fn = net.nodes[recv].get('function')
            if lm['terminal']:
                e = errs[recv]
                scale = {'MSE': 2. / len(e), 'SSE': 2., 'L0': 1.}[lm['loss']]
                dEdAs = [scale * e]
            else:
                dEdAs = []
                for src in lm['sources']:
                    es, _ = lm_exec(src)
                    dEdAs.append(src['proj']['W'] @ es)      # pre-update matrix of the downstream projection
            es_sum, ls_sum = 0., 0.
            for dEdA in dEdAs:
                dl = delta_of(fn, y, dEdA, ports[recv], q['port'])
                es_sum = es_sum + dl
                ls_sum = ls_sum + lm['lr'] * np.outer(a_in, dl)
            done[name] = (es_sum, ls_sum)
            return done[name]
        for lm in net.lms.values():
            lm_exec(lm)
        for name, lm in net.lms.items():
            es, ls = done[name]
            rec = ln.setdefault('LM ' + name, {'ERROR_SIGNAL': [], 'LEARNING_SIGNAL': []})
            rec['ERROR_SIGNAL'].append(np.asarray(es).tolist())
            rec['LEARNING_SIGNAL'].append(np.asarray(ls).tolist())
        for name, lm in net.lms.items():   # apply this trial's changes (pre-update matrices were used above)
            es, ls = done[name]
            if not lm['proj']['learnable'] or lm['enabled'] is False:
                continue
            if lm['enabled'] in (True, 'after'):
                lm['proj']['W'] = lm['proj']['W'] + ls
                last_applied[name] = ls
            else:  # 'online'
                pending[name] = ls
    weights = {lm['proj']['name']: lm['proj']['W'] for lm in net.lms.values()
               if lm['proj']['learnable']}
    # PsyNeuLink's parameters.matrix after learn(): without the last trial's change ('after'); = get_mod_matrix
    # for 'online' (that change is still pending) and for disabled learning
    wmp = {k: (v - last_applied[k] if k in last_applied and net.lms[k]['enabled'] in (True, 'after') else v)
           for k, v in weights.items()}
    return exp, dict(results=results, nodes=nodes, weights=weights, wmp=wmp, ln=ln)


def flat(x):
    if isinstance(x, (list, tuple)):
        return [v for e in x for v in flat(e)]
    return list(np.asarray(x, float).ravel())


def mad(a, b):
    a = np.array(flat(a), float)
    b = np.array(flat(b), float)
    if a.shape != b.shape:
        return float('inf')
    return float(np.max(np.abs(a - b))) if a.size else 0.


def check(d):
    exp, ref = run_fixture(d)
    items = {'results': mad(ref['results'], exp['results'])}
    for n, ports in exp.get('nodes', {}).items():
        for port, v in ports.items():
            items[f'nodes.{n}.{port}'] = mad(ref['nodes'][n][port], v)
    for k, v in exp.get('weights', {}).items():
        items[f'weights.{k}'] = mad(ref['weights'][k], v)
    for k, v in exp.get('weights_matrix_parameter', {}).items():
        items[f'weights_matrix_parameter.{k}'] = mad(ref['wmp'][k], v)
    for comp, rec in (exp.get('learning_nodes', {}) if exp['run']['kind'] == 'learn' else {}).items():
        if 'sample' in rec:
            r = ref['ln'][rec['sample']]
            for port in rec:
                if port != 'sample':
                    items[f'{comp}.{port}'] = mad(r[port], rec[port])
        else:
            r = ref['ln']['LM ' + rec['projection']]
            for port in ('ERROR_SIGNAL', 'LEARNING_SIGNAL'):
                items[f'{comp}.{port}'] = mad(r[port], rec[port])
    return items


def main():
    dirs = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, 'b*_*')) + glob.glob(os.path.join(HERE, 'pending', 'p*_*')),
                                  key=lambda p: (os.path.dirname(p), int(os.path.basename(p).split('_')[0][1:])))
    lines = ['# numpy re-implementation vs expected.json', '',
             'Written by `numpy_reference.py` (an independent numpy implementation of LEARNING_SEMANTICS.md). '
             'Largest |difference| per fixture over results, recorded nodes, weights, weights_matrix_parameter and '
             'learning_nodes (every Comparator and LearningMechanism port, every trial).', '',
             '| fixture | max abs diff | items compared | worst item |', '|---|---|---|---|']
    bad = []
    for d in dirs:
        items = check(d)
        worst_k = max(items, key=items.get)
        worst = items[worst_k]
        rel = os.path.relpath(d, HERE)
        print(f'{rel:45s} max |diff| {worst:.3g}  ({len(items)} items; worst {worst_k})')
        lines.append(f'| {rel} | {worst:.3g} | {len(items)} | {worst_k} |')
        if not worst <= TOL:
            bad.append(rel)
    with open(os.path.join(HERE, 'NUMPY_CHECK.md'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    if bad:
        print('ABOVE TOLERANCE:', ', '.join(bad))
        sys.exit(1)


if __name__ == '__main__':
    main()
