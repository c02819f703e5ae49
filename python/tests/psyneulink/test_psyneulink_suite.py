"""Models from PsyNeuLink 0.21's own test suite (tests/mechanisms/test_lca.py), with the numbers
its tests expect, exported and run in Mechanist."""
import numpy as np

from conftest import assert_same_numbers, pnl, pnl_results
from mechanist import from_psyneulink


def test_lca_threshold_with_convergence(run_model):
    # test_LCAMechanism_threshold_with_convergence: settles in 18 steps to [0.19153799, 0.5, 0.80846201]
    lca = pnl.LCAMechanism(input_shapes=3, leak=0.5, threshold=0.01, threshold_criterion=pnl.CONVERGENCE, name='lca')
    comp = pnl.Composition()
    comp.add_node(lca)
    model = from_psyneulink(comp)
    assert (model['nodes'][0]['threshold'], model['nodes'][0]['threshold_criterion']) == (0.01, 'CONVERGENCE')
    comp.run(inputs={lca: [0, 1, 2]})
    assert lca.num_executions_before_finished == 18
    ours = run_model(model, {'inputs': {'lca': [[0, 1, 2]]}}, 'run', '--record', 'lca.DECISION_STEPS')
    assert ours['nodes']['lca']['DECISION_STEPS'] == [[18.0]]
    np.testing.assert_allclose(ours['results'][0], [[0.19153799, 0.5, 0.80846201]], rtol=0, atol=5e-9)  # 8 digits given
    assert_same_numbers(ours['results'], pnl_results(comp))


def test_parameters_set_in_the_compositions_context(run_model):
    # after test_LCAMechanism_standard_output_ports, without its noise (so its expected step counts,
    # which depend on the noise draws, do not apply): time_step_size set for the Composition after
    # construction is the value exported
    lca = pnl.LCAMechanism(input_shapes=2, function=pnl.Logistic(gain=1, bias=0), threshold=0.55, leak=0,
                           competition=1, self_excitation=0, time_step_size=0.01, execute_until_finished=True,
                           reset_stateful_function_when=pnl.AtTrialStart(), name='lca',
                           output_ports=[pnl.RESULT, pnl.DECISION_INDEX, pnl.DECISION_STEPS, pnl.DECISION_TIME])
    comp = pnl.Composition(lca)
    comp.run(inputs=[[1, 0]])
    lca.parameters.time_step_size.set(.001, comp.name)
    model = from_psyneulink(comp)
    assert model['nodes'][0]['time_step_size'] == 0.001
    start = len(comp.results)
    comp.run(inputs=[[0, 1]])
    ours = run_model(model, {'inputs': {'lca': [[0, 1]]}})
    theirs = pnl_results(comp, start)
    assert theirs[0][1] == [1.0] and ours['results'][0][2] == theirs[0][2]   # DECISION_INDEX, DECISION_STEPS
    assert_same_numbers(ours['results'], theirs)
