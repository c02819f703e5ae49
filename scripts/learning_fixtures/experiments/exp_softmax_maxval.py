"""Where SoftMax MAX_VAL / MAX_INDICATOR (and per_item) fail as the activation of a backprop output layer."""
import warnings, traceback; warnings.filterwarnings('ignore')
import numpy as np, psyneulink as pnl
for out, per_item in [('MAX_VAL', True), ('MAX_VAL', False), ('MAX_INDICATOR', False), ('ALL', True), ('ALL', False)]:
    for r in pnl.primary_registries: pnl.clear_registry(r)
    i = pnl.TransferMechanism(name='in', input_shapes=2)
    o = pnl.TransferMechanism(name='out', input_shapes=3, function=pnl.SoftMax(output=getattr(pnl, out), per_item=per_item))
    c = pnl.Composition()
    stage = 'construction'
    try:
        pw = c.add_backpropagation_learning_pathway([i, pnl.MappingProjection(matrix=np.array([[.1, .2, .3], [.4, .5, .6]])), o])
        stage = 'learn'
        c.learn(inputs={i: [[1., 2.]], pw.target: [[0., 1., 0.]]}, num_trials=2)
        print(out, 'per_item', per_item, 'OK results', np.array(c.results).tolist())
    except BaseException as e:
        tb = traceback.extract_tb(e.__traceback__)[-1]
        print(out, 'per_item', per_item, f'FAILS at {stage}: {type(e).__name__}: {e} [{tb.filename.split("psyneulink/")[-1]}:{tb.lineno} {tb.name}]')
