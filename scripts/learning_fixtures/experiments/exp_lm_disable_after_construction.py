"""What pnl_from_model.py does for "learning_enabled": false -- build the pathway with the default
learning_update ('after') and then set lm.learning_enabled = False on every LearningMechanism.
Does learning still change the weights?"""
import warnings; warnings.filterwarnings('ignore')
import numpy as np, psyneulink as pnl
W1 = np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]); W2 = np.array([[0.7, -0.1], [0.2, 0.3], [-0.5, 0.8]])
X = np.array([[1., 0.], [0., 1.], [1., 1.]]); T = np.array([[1., 0.], [0., 1.], [1., 1.]])
for variant in ['default', 'lm.learning_enabled=False after construction', 'learning_update=False at construction']:
    i = pnl.TransferMechanism(name='input', input_shapes=2)
    h = pnl.TransferMechanism(name='hidden', input_shapes=3, function=pnl.Logistic())
    o = pnl.TransferMechanism(name='output', input_shapes=2, function=pnl.Logistic())
    p1 = pnl.MappingProjection(sender=i, receiver=h, matrix=W1.copy(), name='W1')
    p2 = pnl.MappingProjection(sender=h, receiver=o, matrix=W2.copy(), name='W2')
    c = pnl.Composition()
    kw = {'learning_update': False} if variant.startswith('learning_update') else {}
    pw = c.add_backpropagation_learning_pathway([i, p1, h, p2, o], learning_rate=0.5, **kw)
    if variant.startswith('lm.'):
        for lm in pw.learning_components[pnl.LEARNING_MECHANISMS]:
            lm.learning_enabled = False
    lps = [lp.learning_enabled for lm in pw.learning_components[pnl.LEARNING_MECHANISMS] for ls in lm.learning_signals for lp in ls.efferents]
    c.learn(inputs={i: X, pw.target: T})
    print(f'{variant:50s} LearningProjection.learning_enabled={lps}  |W2 change|={np.max(np.abs(p2.get_mod_matrix(c) - W2)):.4g}'
          f'  results[-1]={np.array(c.results[-1]).ravel().tolist()}')
    for r in pnl.primary_registries: pnl.clear_registry(r)
