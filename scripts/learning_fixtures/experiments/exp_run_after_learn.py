"""When does the last trial's weight change take effect?  learning_update 'after' vs 'online' (== True):
(a) learn(3 trials) then run(1 trial): which matrix does run() use?
(b) learn(3 trials) + learn(3 trials) vs one learn(6 trials).
(c) learn(3) then run(1) then learn(3) vs learn(6) (does a run() in between change the learning sequence?)"""
import warnings; warnings.filterwarnings('ignore')
import numpy as np, psyneulink as pnl
W1 = np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]); W2 = np.array([[0.7, -0.1], [0.2, 0.3], [-0.5, 0.8]])
X = np.array([[1., 0.], [0., 1.], [1., 1.]]); T = np.array([[1., 0.], [0., 1.], [1., 1.]])

def numpy_outs(n, lr=0.5):
    w1, w2 = W1.copy(), W2.copy(); outs = []; dWs = []
    for t in range(n):
        x, y = X[t % 3], T[t % 3]
        h = 1 / (1 + np.exp(-(x @ w1))); o = 1 / (1 + np.exp(-(h @ w2))); outs.append(o)
        d2 = (2 / 2) * (y - o) * o * (1 - o); d1 = (w2 @ d2) * h * (1 - h)
        dWs.append((lr * np.outer(x, d1), lr * np.outer(h, d2)))
        w1 = w1 + dWs[-1][0]; w2 = w2 + dWs[-1][1]
    return np.array(outs), w1, w2, dWs

def build(upd):
    for r in pnl.primary_registries: pnl.clear_registry(r)
    i = pnl.TransferMechanism(name='input', input_shapes=2)
    h = pnl.TransferMechanism(name='hidden', input_shapes=3, function=pnl.Logistic())
    o = pnl.TransferMechanism(name='output', input_shapes=2, function=pnl.Logistic())
    p1 = pnl.MappingProjection(sender=i, receiver=h, matrix=W1.copy()); p2 = pnl.MappingProjection(sender=h, receiver=o, matrix=W2.copy())
    c = pnl.Composition()
    pw = c.add_backpropagation_learning_pathway([i, p1, h, p2, o], learning_rate=0.5, learning_update=upd)
    return c, i, o, pw.target

def fwd(w1, w2, x):
    h = 1 / (1 + np.exp(-(x @ w1))); return 1 / (1 + np.exp(-(h @ w2)))

for upd in ['after', 'online', True]:
    outs6, w1f, w2f, dWs = numpy_outs(6)
    _, w1_3, w2_3, dW3 = numpy_outs(3)
    # (a)
    c, i, o, tgt = build(upd)
    c.learn(inputs={i: X, tgt: T})
    c.run(inputs={i: X[:1]})
    r = np.array(c.results[-1]).ravel()
    full = fwd(w1_3, w2_3, X[0]); minus_last = fwd(w1_3 - dW3[-1][0], w2_3 - dW3[-1][1], X[0])
    print(f'[{upd}] (a) run() after learn(3) uses: all 3 changes {np.max(np.abs(r - full)):.2g} | without the 3rd {np.max(np.abs(r - minus_last)):.2g}')
    # (b)
    c, i, o, tgt = build(upd)
    c.learn(inputs={i: X, tgt: T}); c.learn(inputs={i: X, tgt: T})
    res = np.array(c.results).reshape(6, 2)
    print(f'[{upd}] (b) learn(3)+learn(3) vs numpy SGD over 6 trials: {np.max(np.abs(res - outs6)):.2g}')
    # (c)
    c, i, o, tgt = build(upd)
    c.learn(inputs={i: X, tgt: T}); c.run(inputs={i: X[:1]}); c.learn(inputs={i: X, tgt: T})
    res = np.array(c.results).reshape(7, 2)
    print(f'[{upd}] (c) learn(3)+run(1)+learn(3): learn trials vs numpy 6-trial SGD: {np.max(np.abs(np.delete(res, 3, 0) - outs6)):.2g}')
