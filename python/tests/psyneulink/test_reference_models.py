"""The seven reference models (docs: ../shared/reference/README.md), built as their anchor scripts
build them (the model-building parts copied here, as the users' side), exported, and run in both.

The hand-written model files of these models are Tests/MechanistTests/Fixtures/m*/model.json;
the export must compute the same: the numbers are compared with the Composition's own."""
import numpy as np
import pytest

from conftest import assert_same_numbers, listed, pnl, pnl_results
from mechanist import from_psyneulink
from psyneulink.library.components.mechanisms.processing.transfer.lcamechanism import DECISION_STEPS


def test_m1_lca4(run_model):
    # scripts/m1_lca4.py build(ports): 4-unit LCA, one step per trial, state carried over
    lca = pnl.LCAMechanism(default_variable=[[0, 0, 0, 0]], leak=0.5, competition=1.0, self_excitation=0.0,
                           time_step_size=0.1, name='lca',
                           output_ports=[pnl.RESULT, pnl.MAX_VS_NEXT, pnl.MAX_VS_AVG, pnl.ENERGY, pnl.ENTROPY,
                                         pnl.MEAN, pnl.VARIANCE])
    comp = pnl.Composition(name='m1_lca4')
    comp.add_node(lca)
    model = from_psyneulink(comp)
    node = model['nodes'][0]
    assert node['output_ports'] == ['RESULT', 'MAX_VS_NEXT', 'MAX_VS_AVG', 'ENERGY', 'ENTROPY', 'MEAN', 'VARIANCE']
    assert (node['leak'], node['competition'], node['self_excitation'], node['time_step_size']) == (0.5, 1.0, 0.0, 0.1)
    assert node['matrix'] == [[0.0 if i == j else -1.0 for j in range(4)] for i in range(4)]
    comp.run(inputs={lca: [[1.0, 0.5, 0.2, 0.1]]}, num_trials=60)
    ours = run_model(model, {'inputs': {'lca': [[1.0, 0.5, 0.2, 0.1]]}}, 'run', '--trials', '60')
    assert_same_numbers(ours['results'], pnl_results(comp))


def m2_inputs():
    rng = np.random.default_rng(2024)
    X = []
    for _ in range(100):
        a = rng.uniform(2.0, 3.5)
        b = rng.uniform(0.0, 1.5)
        X.append([a, b] if rng.uniform() < 0.5 else [b, a])
    return np.array(X)


def test_m2_lca_threshold(run_model):
    # scripts/m2_lca_threshold.py build(): threshold 0.9 on VALUE, reset at every trial start
    lca = pnl.LCAMechanism(default_variable=[[0, 0]], leak=0.5, competition=1.0, self_excitation=0.0,
                           time_step_size=0.1, threshold=0.9, threshold_criterion=pnl.VALUE,
                           reset_stateful_function_when=pnl.AtTrialStart(),
                           output_ports=[pnl.RESULT, DECISION_STEPS], name='lca')
    comp = pnl.Composition(name='m2_lca_threshold')
    comp.add_node(lca)
    model = from_psyneulink(comp)
    node = model['nodes'][0]
    assert (node['threshold'], node['threshold_criterion']) == (0.9, 'VALUE')
    assert model['scheduler'] == {'reset_stateful_function_when': {'lca': {'type': 'AtPass', 'n': 0}}}
    X = m2_inputs()[:12].tolist()
    comp.run(inputs={lca: X})
    ours = run_model(model, {'inputs': {'lca': X}})
    theirs = pnl_results(comp)
    assert [t[1] for t in ours['results']] == [t[1] for t in theirs]   # DECISION_STEPS, exactly
    assert_same_numbers(ours['results'], theirs)


W_IH = np.round(np.random.default_rng(3).uniform(-1, 1, (3, 5)), 4)
W_HO = np.round(np.random.default_rng(4).uniform(-1, 1, (5, 2)), 4)
PATTERNS = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, -0.5, 1.0]]


@pytest.mark.parametrize('integrator', [False, True])
def test_m3_transfer_chain(run_model, integrator):
    # scripts/m3_transfer_chain.py build(variant)
    kw = dict(integrator_mode=True, integration_rate=0.3) if integrator else {}
    inp = pnl.TransferMechanism(name='input', default_variable=[[0, 0, 0]], function=pnl.Linear())
    hid = pnl.TransferMechanism(name='hidden', default_variable=[[0] * 5], function=pnl.Logistic(gain=1.0, bias=0.0), **kw)
    out = pnl.TransferMechanism(name='output', default_variable=[[0, 0]], function=pnl.Tanh(gain=1.0))
    p1 = pnl.MappingProjection(sender=inp, receiver=hid, matrix=W_IH.copy(), name='W_ih')
    p2 = pnl.MappingProjection(sender=hid, receiver=out, matrix=W_HO.copy(), name='W_ho')
    comp = pnl.Composition(name='m3', pathways=[[inp, p1, hid, p2, out]])
    model = from_psyneulink(comp)
    assert [p['name'] for p in model['projections']] == ['W_ih', 'W_ho']
    assert model['projections'][0]['matrix'] == listed(W_IH)
    hidden = model['nodes'][1]
    assert hidden.get('integrator_mode', False) == integrator
    if integrator:
        assert hidden['integration_rate'] == 0.3
    comp.run(inputs={inp: PATTERNS}, num_trials=24)
    ours = run_model(model, {'inputs': {'input': PATTERNS}}, 'run', '--trials', '24')
    assert_same_numbers(ours['results'], pnl_results(comp))


def backprop_network(n_in, n_hid, n_out, W1, W2, lr):
    # scripts/bp_common.py _mechs + build_standard
    inp = pnl.TransferMechanism(name='input', default_variable=[[0.0] * n_in])
    hid = pnl.TransferMechanism(name='hidden', default_variable=[[0.0] * n_hid], function=pnl.Logistic())
    out = pnl.TransferMechanism(name='output', default_variable=[[0.0] * n_out], function=pnl.Logistic())
    p1 = pnl.MappingProjection(sender=inp, receiver=hid, matrix=np.array(W1, float), name='W1')
    p2 = pnl.MappingProjection(sender=hid, receiver=out, matrix=np.array(W2, float), name='W2')
    comp = pnl.Composition(name='bp_standard')
    pw = comp.add_backpropagation_learning_pathway([inp, p1, hid, p2, out], learning_rate=lr)
    return comp, inp, pw.target


def check_backprop(run_model, comp, inp, target, X, Y, epochs):
    model = from_psyneulink(comp)
    assert model['learning'] == [{'type': 'backpropagation', 'pathway': ['input', 'hidden', 'output'],
                                  'learning_rate': 0.5}]
    comp.learn(inputs={inp: X, target: Y}, epochs=epochs)
    ours = run_model(model, {'inputs': {'input': X}, 'targets': {'output': Y}}, 'learn', '--epochs', str(epochs))
    assert_same_numbers(ours['results'], pnl_results(comp))
    # exported after learning: the learned matrices, the last trial's change included, so a run of
    # the export continues exactly as the Composition's next run
    learned = from_psyneulink(comp)
    for p in learned['projections']:
        assert np.max(np.abs(np.array(p['matrix']) - np.array(ours['weights'][p['name']]))) <= 1e-12
    start = len(comp.results)
    comp.run(inputs={inp: X})
    after = run_model(learned, {'inputs': {'input': X}})
    assert_same_numbers(after['results'], pnl_results(comp, start))


def test_m4_backprop_xor(run_model):
    rng = np.random.default_rng(0)   # scripts/m4_backprop_xor.py
    W1 = np.round(rng.uniform(-1, 1, (2, 10)), 4)
    W2 = np.round(rng.uniform(-1, 1, (10, 1)), 4)
    comp, inp, target = backprop_network(2, 10, 1, W1, W2, 0.5)
    check_backprop(run_model, comp, inp, target, [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]], 6)


def test_m5_backprop_big(run_model):
    # scripts/m5_backprop_big.py, 12 of its 200 samples for one epoch (PsyNeuLink takes 50 ms a sample)
    rng = np.random.default_rng(12345)
    X = rng.uniform(0.0, 1.0, (200, 64))
    Y = np.eye(10)[rng.integers(0, 10, 200)]
    W1 = rng.uniform(-0.1, 0.1, (64, 128))
    W2 = rng.uniform(-0.1, 0.1, (128, 10))
    comp, inp, target = backprop_network(64, 128, 10, W1, W2, 0.5)
    check_backprop(run_model, comp, inp, target, X[:12].tolist(), Y[:12].tolist(), 1)


def test_m6_hebbian(run_model):
    # scripts/m6_hebbian.py build()
    patterns = [[1, 0, 1, 0, 1, 0, 1, 0], [1, 1, 0, 0, 1, 1, 0, 0], [0, 0, 0, 1, 1, 1, 1, 0]]
    r = pnl.RecurrentTransferMechanism(name='rec', default_variable=np.zeros((1, 8)),
                                       function=pnl.Logistic(gain=4.0, bias=-0.5), enable_learning=True,
                                       learning_rate=0.1, auto=0.0, hetero=-0.1)
    comp = pnl.Composition(name='m6_hebbian')
    comp.add_node(r)
    model = from_psyneulink(comp)
    node = model['nodes'][0]
    assert (node['enable_learning'], node['learning_rate']) == (True, 0.1)
    assert node['matrix'] == [[0.0 if i == j else -0.1 for j in range(8)] for i in range(8)]
    comp.learn(inputs={r: patterns}, epochs=4)
    ours = run_model(model, {'inputs': {'rec': patterns}}, 'learn', '--epochs', '4')
    assert_same_numbers(ours['results'], pnl_results(comp))
    learned = from_psyneulink(comp)
    assert np.max(np.abs(np.array(learned['nodes'][0]['matrix']) - np.array(ours['weights']['rec']))) <= 1e-12


def test_m7_objective(run_model):
    rng = np.random.default_rng(7)   # scripts/m7_objective.py
    IN_A = np.round(rng.uniform(-2, 2, (100, 3)), 6).tolist()
    IN_B = np.round(rng.uniform(-2, 2, (100, 3)), 6).tolist()
    A = pnl.TransferMechanism(name='A', default_variable=[[0, 0, 0]], function=pnl.Linear(slope=2.0, intercept=0.5))
    B = pnl.TransferMechanism(name='B', default_variable=[[0, 0, 0]], function=pnl.Logistic(gain=1.5, bias=0.0))
    obj = pnl.ObjectiveMechanism(name='obj_BminusA', monitor=[(A, -1, 1), B])
    obj2 = pnl.ObjectiveMechanism(name='obj_exp', monitor=[(A, 1, 2), (B, -0.5, 1)])
    cm = pnl.ComparatorMechanism(name='cmp', sample=A, target=B, output_ports=[pnl.OUTCOME, 'SUM', 'SSE', 'MSE'])
    comp = pnl.Composition(name='m7_objective')
    comp.add_nodes([A, B, obj, obj2, cm])
    model = from_psyneulink(comp)
    monitors = {n['name']: [(m['port'], m['weight'], m['exponent']) for m in n['monitor']]
                for n in model['nodes'] if n['type'] == 'ObjectiveMechanism'}
    assert monitors == {'obj_BminusA': [('A.RESULT', -1.0, 1.0), ('B.RESULT', 1.0, 1.0)],
                        'obj_exp': [('A.RESULT', 1.0, 2.0), ('B.RESULT', -0.5, 1.0)]}
    cmp = model['nodes'][4]
    assert (cmp['sample'], cmp['target'], cmp['output_ports']) == ('A.RESULT', 'B.RESULT', ['OUTCOME', 'SUM', 'SSE', 'MSE'])
    comp.run(inputs={A: IN_A[:20], B: IN_B[:20]})
    ours = run_model(model, {'inputs': {'A': IN_A[:20], 'B': IN_B[:20]}})
    assert_same_numbers(ours['results'], pnl_results(comp))
