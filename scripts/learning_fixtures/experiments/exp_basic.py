"""Basic BackPropagation semantics in PsyNeuLink 0.21 vs a numpy re-implementation.
input(2, Linear) -> hidden(3, Logistic) -> output(2, Logistic); records per trial the Comparator's
ports, each LearningMechanism's value/ports, results, learn() return, matrices."""
import sys, json, warnings
warnings.filterwarnings('ignore')
import numpy as np
import psyneulink as pnl

loss = sys.argv[1] if len(sys.argv) > 1 else 'MSE'
upd = sys.argv[2] if len(sys.argv) > 2 else 'after'
upd = {'after': 'after', 'online': 'online', 'True': True, 'False': False}[upd]
W1 = np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]])
W2 = np.array([[0.7, -0.1], [0.2, 0.3], [-0.5, 0.8]])
X = np.array([[1., 0.], [0., 1.], [1., 1.]])
T = np.array([[1., 0.], [0., 1.], [1., 1.]])
lr = 0.5
i = pnl.TransferMechanism(name='input', input_shapes=2)
h = pnl.TransferMechanism(name='hidden', input_shapes=3, function=pnl.Logistic())
o = pnl.TransferMechanism(name='output', input_shapes=2, function=pnl.Logistic())
p1 = pnl.MappingProjection(sender=i, receiver=h, matrix=W1.copy(), name='W1')
p2 = pnl.MappingProjection(sender=h, receiver=o, matrix=W2.copy(), name='W2')
c = pnl.Composition(name='c')
pw = c.add_backpropagation_learning_pathway([i, p1, h, p2, o], learning_rate=lr,
                                            loss_spec=getattr(pnl.Loss, loss), learning_update=upd)
lc = pw.learning_components
tgt = lc[pnl.TARGET_MECHANISM]; cmp_ = lc[pnl.OBJECTIVE_MECHANISM]; lms = lc[pnl.LEARNING_MECHANISMS]
print('target', tgt.name, 'comparator', cmp_.name, [p.name for p in cmp_.output_ports])
print('LMs', [lm.name for lm in lms], [[p.name for p in lm.output_ports] for lm in lms],
      [[p.name for p in lm.input_ports] for lm in lms])
print('INPUT nodes', [n.name for n in c.get_nodes_by_role(pnl.NodeRole.INPUT)])
print('OUTPUT nodes', [n.name for n in c.get_nodes_by_role(pnl.NodeRole.OUTPUT)])
print('TARGET_INPUT', [n.name for n in c.get_nodes_by_role(pnl.NodeRole.TARGET_INPUT)])
print('LP learning_enabled', [lp.learning_enabled for lm in lms for ls in lm.learning_signals for lp in ls.efferents], 'LM', [lm.learning_enabled for lm in lms])
rec = []
def cb():
    rec.append(dict(
        out=o.parameters.value.get(c).tolist(), hid=h.parameters.value.get(c).tolist(),
        cmp=[p.parameters.value.get(c).tolist() for p in cmp_.output_ports],
        lm_out=[[p.parameters.value.get(c).tolist() for p in lm.output_ports] for lm in lms],
        W1_port=p1.parameter_ports['matrix'].parameters.value.get(c).tolist(),
        W2_port=p2.parameter_ports['matrix'].parameters.value.get(c).tolist(),
    ))
N = 3
ret = c.learn(inputs={i: X, tgt: T}, call_after_trial=cb)
print('learn() returned', np.array(ret).tolist())
print('results', [np.array(r).tolist() for r in c.results])
print('len results', len(c.results), 'learning_results' , getattr(c, 'learning_results', None))
modW1 = p1.get_mod_matrix(c); modW2 = p2.get_mod_matrix(c)
parW1 = p1.parameters.matrix.get(c); parW2 = p2.parameters.matrix.get(c)

# numpy reference
w1, w2 = W1.copy(), W2.copy()
n = 2
scale = {'MSE': 2 / n, 'SSE': 2, 'L0': 1}[loss]
ok = True
for t in range(N):
    x, y = X[t], T[t]
    hh = 1 / (1 + np.exp(-(x @ w1))); oo = 1 / (1 + np.exp(-(hh @ w2)))
    e = y - oo
    d2 = scale * e * oo * (1 - oo)
    d1 = (w2 @ d2) * hh * (1 - hh)
    dW2 = lr * np.outer(hh, d2); dW1 = lr * np.outer(x, d1)
    r = rec[t]
    diffs = dict(out=np.max(np.abs(np.array(r['out'])[0] - oo)),
                 outcome=np.max(np.abs(np.array(r['cmp'][0]) - e)),
                 mse=abs(r['cmp'][1] if np.ndim(r['cmp'][1]) == 0 else np.array(r['cmp'][1]).ravel()[0] - {'MSE': np.mean(e**2), 'SSE': np.sum(e**2), 'L0': np.sum(e)}[loss]),
                 lm_out_err=np.max(np.abs(np.array(r['lm_out'][0][0]) - d2)),   # ERROR_SIGNAL of output LM = delta2
                 lm_out_ls=np.max(np.abs(np.array(r['lm_out'][0][1]) - dW2)),
                 lm_hid_err=np.max(np.abs(np.array(r['lm_out'][1][0]) - d1)),
                 lm_hid_ls=np.max(np.abs(np.array(r['lm_out'][1][1]) - dW1)),
                 W2port_eq_preupdate=np.max(np.abs(np.array(r['W2_port']) - w2)),
                 W2port_eq_postupdate=np.max(np.abs(np.array(r['W2_port']) - (w2 + dW2))))
    print('trial', t, {k: float('%.3g' % v) for k, v in diffs.items()})
    if upd is not False:
        w1 += dW1; w2 += dW2
print('cmp port values last trial', rec[-1]['cmp'])
print('mod W1 - numpy final', np.max(np.abs(modW1 - w1)), ' param W1 - numpy final', np.max(np.abs(parW1 - w1)))
print('mod W2 - numpy final', np.max(np.abs(modW2 - w2)), ' param W2 - numpy final', np.max(np.abs(parW2 - w2)))
print('param W2 - (numpy final - last dW2)', np.max(np.abs(parW2 - (w2 - dW2))))
