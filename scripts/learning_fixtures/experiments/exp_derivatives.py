"""Which activation functions BackPropagation can learn through in PsyNeuLink 0.21, and with which
derivative.  Net: in(3, Linear) -> hid(4, F) -> out(3, G), MSE, lr 0.3, 4 trials.  numpy re-implementation
uses PsyNeuLink's derivative formulas (from the OUTPUT y):
  Logistic: gain*scale*y*(1-y)  (y includes scale/offset!)
  Linear: slope*scale;  ReLU: scale*gain if y/gain > 0 else scale*gain*leak
  SoftMax ALL: J[j,i] = y_i*(delta_ij - y_j), no gain;  delta = dEdA @ J"""
import warnings, traceback; warnings.filterwarnings('ignore')
import numpy as np, psyneulink as pnl
rng = np.random.RandomState(3)
W1 = np.round(rng.uniform(-1, 1, (3, 4)), 3); W2 = np.round(rng.uniform(-1, 1, (4, 3)), 3)
X = np.array([[1., 0.5, -0.3], [0.2, -1., 0.7], [0.9, 0.1, 0.4], [-0.5, 0.8, 0.2]])
T = np.array([[0.2, 0.7, 0.1], [0.9, 0.05, 0.05], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]])
lr = 0.3

def f_np(spec, x):
    t, p = spec
    if t == 'Logistic':
        g, b, x0, s, o = p.get('gain', 1), p.get('bias', 0), p.get('x_0', 0), p.get('scale', 1), p.get('offset', 0)
        return s / (1 + np.exp(-g * (x + b - x0))) + o
    if t == 'Linear':
        return p.get('slope', 1) * x + p.get('intercept', 0)
    if t == 'ReLU':
        g, b, l = p.get('gain', 1), p.get('bias', 0), p.get('leak', 0)
        return np.maximum(g * (x - b), l * g * (x - b))
    if t == 'SoftMax':
        g = p.get('gain', 1); e = np.exp(g * x - np.max(g * x)); return e / e.sum()
    raise KeyError(t)

def d_np(spec, y, dEdA):
    t, p = spec
    if t == 'Logistic':
        return dEdA * p.get('gain', 1) * p.get('scale', 1) * y * (1 - y)
    if t == 'Linear':
        return dEdA * p.get('slope', 1)
    if t == 'ReLU':
        g = p.get('gain', 1)
        return dEdA * np.where(y / g > 0, g, g * p.get('leak', 0))
    if t == 'SoftMax':
        J = np.array([[y[i] * ((i == j) - y[j]) for i in range(len(y))] for j in range(len(y))])
        return dEdA @ J
    raise KeyError(t)

def numpy_run(F, G):
    w1, w2 = W1.copy(), W2.copy(); outs = []
    for x, t in zip(X, T):
        h = f_np(F, x @ w1); o = f_np(G, h @ w2); outs.append(o)
        d2 = d_np(G, o, 2 / 3 * (t - o)); d1 = d_np(F, h, w2 @ d2)
        w2 = w2 + lr * np.outer(h, d2); w1 = w1 + lr * np.outer(x, d1)
    return np.array(outs), w1, w2

def pnl_fn(spec):
    t, p = spec
    p = dict(p)
    if t == 'SoftMax' and 'output' in p:
        p['output'] = getattr(pnl, p['output'])
    return getattr(pnl, t)(**p)

def pnl_run(F, G):
    for r in pnl.primary_registries: pnl.clear_registry(r)
    i = pnl.TransferMechanism(name='in', input_shapes=3)
    h = pnl.TransferMechanism(name='hid', input_shapes=4, function=pnl_fn(F))
    o = pnl.TransferMechanism(name='out', input_shapes=3, function=pnl_fn(G))
    p1 = pnl.MappingProjection(sender=i, receiver=h, matrix=W1.copy()); p2 = pnl.MappingProjection(sender=h, receiver=o, matrix=W2.copy())
    c = pnl.Composition()
    pw = c.add_backpropagation_learning_pathway([i, p1, h, p2, o], learning_rate=lr)
    c.learn(inputs={i: X, pw.target: T})
    return np.array(c.results).reshape(len(X), 3), p1.get_mod_matrix(c), p2.get_mod_matrix(c)

L = ('Logistic', {})
cases = [
    ('hidden Logistic(gain 2, bias .3, x_0 .1)', ('Logistic', {'gain': 2., 'bias': .3, 'x_0': .1}), L),
    ('hidden Logistic(scale 2, offset -.5)', ('Logistic', {'scale': 2., 'offset': -.5}), L),
    ('hidden Linear(slope 1.5, intercept .2)', ('Linear', {'slope': 1.5, 'intercept': .2}), L),
    ('hidden ReLU(gain 1.5, bias .1, leak .1)', ('ReLU', {'gain': 1.5, 'bias': .1, 'leak': .1}), L),
    ('hidden ReLU default', ('ReLU', {}), L),
    ('output SoftMax ALL (gain 1)', L, ('SoftMax', {'output': 'ALL'})),
    ('output SoftMax ALL (gain 2)', L, ('SoftMax', {'output': 'ALL', 'gain': 2.})),
    ('output SoftMax MAX_VAL', L, ('SoftMax', {'output': 'MAX_VAL'})),
    ('output SoftMax MAX_INDICATOR', L, ('SoftMax', {'output': 'MAX_INDICATOR'})),
    ('hidden Tanh', ('Tanh', {}), L),
    ('hidden Exponential', ('Exponential', {}), L),
    ('hidden Gaussian', ('Gaussian', {}), L),
    ('output Linear(slope 2)', L, ('Linear', {'slope': 2.})),
]
for name, F, G in cases:
    try:
        res, w1, w2 = pnl_run(F, G)
    except BaseException as e:
        print(f'{name:45s} PsyNeuLink FAILS: {type(e).__name__}: {str(e).splitlines()[0][:150] if str(e) else ""}')
        continue
    try:
        o, v1, v2 = numpy_run(F, G)
        print(f'{name:45s} max|diff| vs numpy(PNL formula): results {np.max(np.abs(res - o)):.2g}  W1 {np.max(np.abs(w1 - v1)):.2g}  W2 {np.max(np.abs(w2 - v2)):.2g}')
    except KeyError:
        print(f'{name:45s} PsyNeuLink runs; results[-1]={res[-1].tolist()}')
