"""(1) A LearningMechanism shared by two pathways with different pathway rates: which rate does it use?
(2) LinearCombination SUM hidden layer with 2 InputPorts and weights [1, -1]: does BackPropagation use the weights?"""
import warnings, itertools; warnings.filterwarnings('ignore')
import numpy as np, psyneulink as pnl
def clear():
    for r in pnl.primary_registries: pnl.clear_registry(r)

# (1) A -> h -> out (lr .1) and B -> h -> out (lr .5); h -> out is shared
Wa = np.array([[0.3, -0.2]]); Wb = np.array([[0.5, 0.1]]); Wh = np.array([[0.4], [-0.6]])
def numpy1(lr_a, lr_b, lr_h, n=4):
    wa, wb, wh = Wa.copy(), Wb.copy(), Wh.copy(); outs = []
    for t in range(n):
        a, b, tg = np.array([1.]), np.array([0.5]), np.array([1.])
        h = 1 / (1 + np.exp(-(a @ wa + b @ wb))); o = 1 / (1 + np.exp(-(h @ wh))); outs.append(o)
        d2 = 2 * (tg - o) * o * (1 - o); d1 = (wh @ d2) * h * (1 - h)
        wh = wh + lr_h * np.outer(h, d2); wa = wa + lr_a * np.outer(a, d1); wb = wb + lr_b * np.outer(b, d1)
    return np.array(outs)
for order in ['A(.1) first', 'B(.5) first']:
    clear()
    A = pnl.TransferMechanism(name='A'); B = pnl.TransferMechanism(name='B')
    h = pnl.TransferMechanism(name='h', input_shapes=2, function=pnl.Logistic()); o = pnl.TransferMechanism(name='out', function=pnl.Logistic())
    pa = pnl.MappingProjection(A, h, matrix=Wa.copy()); pb = pnl.MappingProjection(B, h, matrix=Wb.copy()); ph = pnl.MappingProjection(h, o, matrix=Wh.copy())
    c = pnl.Composition()
    specs = [([A, pa, h, ph, o], .1), ([B, pb, h, ph, o], .5)]
    if order.startswith('B'):
        specs = specs[::-1]
    pws = [c.add_backpropagation_learning_pathway(p, learning_rate=lr) for p, lr in specs]
    c.learn(inputs={A: [[1.]], B: [[.5]], pws[0].target: [[1.]]}, num_trials=4)
    res = np.array(c.results).reshape(4, 1)
    hit = [(x, y, z) for x, y, z in itertools.product([.1, .5], repeat=3) if np.max(np.abs(numpy1(x, y, z) - res)) < 1e-12]
    print(f'(1) {order}: rates (A->h, B->h, h->out) = {hit};  same target for both pathways: {pws[0].target is pws[1].target}')

# (2) hidden = LinearCombination(SUM, weights [1, -1]) over 2 InputPorts
clear()
i1 = pnl.TransferMechanism(name='i1', input_shapes=2); i2 = pnl.TransferMechanism(name='i2', input_shapes=2)
hid = pnl.ProcessingMechanism(name='hid', input_shapes=(3, 3), function=pnl.LinearCombination(operation=pnl.SUM, weights=[[1.], [-1.]]))
out = pnl.TransferMechanism(name='out', input_shapes=2, function=pnl.Logistic())
M1 = np.array([[.1, .2, .3], [-.1, .4, .2]]); M2 = np.array([[.3, -.2, .1], [.2, .2, -.4]]); M3 = np.array([[.5, -.3], [.2, .1], [-.4, .6]])
p1 = pnl.MappingProjection(i1, hid.input_ports[0], matrix=M1.copy()); p2 = pnl.MappingProjection(i2, hid.input_ports[1], matrix=M2.copy())
p3 = pnl.MappingProjection(hid, out, matrix=M3.copy())
c = pnl.Composition()
pw = c.add_backpropagation_learning_pathway([i1, p1, hid, p3, out], learning_rate=.5)
c.add_backpropagation_learning_pathway([i2, p2, hid, p3, out], learning_rate=.5)
x1, x2, tg = np.array([1., .5]), np.array([.3, -.7]), np.array([1., 0.])
c.learn(inputs={i1: [x1], i2: [x2], pw.target: [tg]}, num_trials=3)
res = np.array(c.results).reshape(3, 2)
for sign_used in (+1, -1):
    w1, w2, w3 = M1.copy(), M2.copy(), M3.copy(); outs = []
    for t in range(3):
        hv = x1 @ w1 - x2 @ w2; o = 1 / (1 + np.exp(-(hv @ w3))); outs.append(o)
        d3 = (2 / 2) * (tg - o) * o * (1 - o); e = w3 @ d3
        w3 = w3 + .5 * np.outer(hv, d3); w1 = w1 + .5 * np.outer(x1, e); w2 = w2 + .5 * np.outer(x2, sign_used * e)
    print(f'(2) LinearCombination SUM weights [1,-1]: numpy with derivative {sign_used:+d} for port 2: max|diff| {np.max(np.abs(np.array(outs) - res)):.3g}')
