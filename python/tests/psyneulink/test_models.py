"""Models beyond the reference seven: Stroop (run and learning), an LCA deciding with a threshold,
a scheduled model with conditions, a Hebbian memory fed by a stimulus."""
import json
import os

import numpy as np

from conftest import ROOT, assert_same_numbers, pnl, pnl_results
from mechanist import from_psyneulink
from psyneulink.library.components.mechanisms.processing.transfer.lcamechanism import (
    DECISION_INDEX, DECISION_STEPS, DECISION_TIME)


def example(name, file):
    with open(os.path.join(ROOT, 'Examples', name, file)) as f:
        return json.load(f)


def function_of(spec, default='Linear'):
    """A node's function with every field the model format would default filled in, so that two
    files that say the same thing compare equal."""
    from mechanist.psyneulink import FUNCTION_FIELDS
    f = spec.get('function', default)
    f = {'type': f} if isinstance(f, str) else dict(f)
    return {**FUNCTION_FIELDS[f['type']], **{k: float(v) if isinstance(v, int) else v for k, v in f.items()}}


def same_structure(ours, theirs):
    """The nodes (name, type, size, function) and projections (sender, receiver, matrix, learnable)
    of two model files agree."""
    def nodes(m):
        return [(n['name'], n['type'], n.get('size'), function_of(n)) for n in m['nodes']]

    def projections(m):
        return sorted((p.get('name'), p['sender'], p['receiver'], np.asarray(p['matrix'], float).tolist(),
                       p.get('learnable', True)) for p in m['projections'])
    assert nodes(ours) == nodes(theirs)
    assert projections(ours) == projections(theirs)


def stroop(model):
    """The Stroop model of an example's model file, built in PsyNeuLink as a user would."""
    mechs = {}
    for n in model['nodes']:
        if n['type'] == 'ProcessingMechanism':
            mechs[n['name']] = pnl.ProcessingMechanism(name=n['name'], input_shapes=n['size'])
        else:
            f = dict(n['function'])
            mechs[n['name']] = pnl.TransferMechanism(name=n['name'], input_shapes=n['size'],
                                                     function=getattr(pnl, f.pop('type'))(**f))
    comp = pnl.Composition(name=model['name'])
    comp.add_nodes(list(mechs.values()))
    projections = {}
    for p in model['projections']:
        proj = pnl.MappingProjection(name=p['name'], sender=mechs[p['sender']], receiver=mechs[p['receiver']],
                                     matrix=np.array(p['matrix'], float), learnable=p.get('learnable', True))
        comp.add_projection(proj, sender=mechs[p['sender']], receiver=mechs[p['receiver']])
        projections[p['name']] = proj
    return comp, mechs, projections


def test_stroop(run_model):
    file = example('stroop', 'model.json')
    inputs = example('stroop', 'inputs.json')
    comp, mechs, _ = stroop(file)
    model = from_psyneulink(comp)
    same_structure(model, file)
    comp.run(inputs={mechs[k]: v for k, v in inputs['inputs'].items()})
    ours = run_model(model, inputs)
    assert ours['columns'] == ['response.RESULT']
    assert_same_numbers(ours['results'], pnl_results(comp))


def test_stroop_learning(run_model):
    """Two backpropagation pathways into one response, task projections not learnable: learn in
    both, then export the learned Composition and run both again."""
    file = example('stroop_learning', 'model.json')
    inputs = example('stroop_learning', 'inputs.json')
    comp, mechs, projections = stroop(file)
    for lp in file['learning']:
        a, b, c = lp['pathway']
        comp.add_backpropagation_learning_pathway(
            [mechs[a], projections[f'{a.split("_")[0]}_weights'], mechs[b],
             projections[f'{b.split("_")[0]}_response_weights'], mechs[c]], learning_rate=lp['learning_rate'])
    model = from_psyneulink(comp)
    same_structure(model, file)
    assert [(lp['pathway'], lp['learning_rate']) for lp in model['learning']] == \
        [(lp['pathway'], lp['learning_rate']) for lp in file['learning']]
    feed = {mechs[k]: v for k, v in inputs['inputs'].items()}
    comp.learn(inputs=feed, targets={mechs['response']: inputs['targets']['response']})
    ours = run_model(model, inputs, 'learn')
    assert_same_numbers(ours['results'], pnl_results(comp))

    learned = from_psyneulink(comp)
    for p in learned['projections']:
        if p.get('learnable', True):
            assert np.max(np.abs(np.array(p['matrix']) - np.array(ours['weights'][p['name']]))) <= 1e-12
            assert p['matrix'] != next(q['matrix'] for q in file['projections'] if q['name'] == p['name'])
    start = len(comp.results)
    comp.run(inputs=feed)
    after = run_model(learned, {'inputs': inputs['inputs']})
    assert_same_numbers(after['results'], pnl_results(comp, start))


def test_lca_decision_steps(run_model):
    """A 3-unit LCA fed through an identity projection, deciding on MAX_VS_NEXT within each trial
    (reset at trial start); DECISION_INDEX, DECISION_STEPS and DECISION_TIME must agree exactly."""
    evidence = pnl.ProcessingMechanism(name='evidence', input_shapes=3)
    decision = pnl.LCAMechanism(name='decision', input_shapes=3, leak=0.2, competition=0.8, self_excitation=0.1,
                                time_step_size=0.05, threshold=0.3, threshold_criterion=pnl.MAX_VS_NEXT,
                                function=pnl.Logistic(gain=2.0), reset_stateful_function_when=pnl.AtTrialStart(),
                                output_ports=[pnl.RESULT, DECISION_INDEX, DECISION_STEPS, DECISION_TIME])
    comp = pnl.Composition(name='lca_decision')
    comp.add_linear_processing_pathway([evidence, pnl.MappingProjection(matrix=pnl.IDENTITY_MATRIX), decision])
    model = from_psyneulink(comp)
    node = model['nodes'][1]
    assert (node['threshold'], node['threshold_criterion'], node['function']) == \
        (0.3, 'MAX_VS_NEXT', {'type': 'Logistic', 'gain': 2.0})
    assert model['projections'][0]['matrix'] == np.eye(3).tolist()
    X = [[1.0, 0.5, 0.2], [0.3, 0.9, 0.4], [0.2, 0.2, 1.1], [0.6, 0.55, 0.1]]
    comp.run(inputs={evidence: X})
    ours = run_model(model, {'inputs': {'evidence': X}})
    theirs = pnl_results(comp)
    assert ours['columns'] == ['decision.RESULT', 'decision.DECISION_INDEX', 'decision.DECISION_STEPS',
                               'decision.DECISION_TIME']
    assert [t[1:3] for t in ours['results']] == [t[1:3] for t in theirs]
    assert [t[1][0] for t in ours['results']] == [0.0, 1.0, 2.0, 0.0]
    assert ours['undecided'] == {'decision': []}
    assert_same_numbers(ours['results'], theirs)


def test_scheduled_model(run_model):
    """Conditions, a trial termination condition and a reset condition (MODEL_FORMAT.md's scheduler
    example): response runs after every 10 executions of hidden, the trial ends after response."""
    stimulus = pnl.ProcessingMechanism(name='stimulus', input_shapes=2)
    hidden = pnl.TransferMechanism(name='hidden', input_shapes=2, integrator_mode=True, integration_rate=0.1,
                                   reset_stateful_function_when=pnl.AtPass(0))
    response = pnl.TransferMechanism(name='response', input_shapes=2)
    comp = pnl.Composition(name='scheduled', pathways=[[stimulus, hidden, response]])
    comp.scheduler.add_condition(response, pnl.EveryNCalls(hidden, 10))
    comp.termination_processing = {pnl.TimeScale.TRIAL: pnl.AfterNCalls(response, 1)}
    model = from_psyneulink(comp)
    assert model['scheduler'] == {
        'conditions': {'response': {'type': 'EveryNCalls', 'node': 'hidden', 'n': 10}},
        'termination': {'trial': {'type': 'AfterNCalls', 'node': 'response', 'n': 1}},
        'reset_stateful_function_when': {'hidden': {'type': 'AtPass', 'n': 0}}}
    X = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    comp.run(inputs={stimulus: X})
    ours = run_model(model, {'inputs': {'stimulus': X}})
    assert_same_numbers(ours['results'], pnl_results(comp))


def test_threshold_conditions(run_model):
    """Composite conditions: All, Not, AfterTrial, AtPass, Any, Threshold, AfterNCalls (after
    MODEL_FORMAT.md's conditions example; there the accumulator never runs in trial 0, so the trial
    ends only at Mechanist's cap of 100,000 passes, while PsyNeuLink loops for ever)."""
    inp = pnl.ProcessingMechanism(name='input', input_shapes=1)
    acc = pnl.TransferMechanism(name='accumulator', input_shapes=1, integrator_mode=True, integration_rate=0.2)
    comp = pnl.Composition(name='conditions', pathways=[[inp, acc]])
    comp.scheduler.add_condition(acc, pnl.All(pnl.Always(), pnl.Not(pnl.AtPass(0))))
    comp.termination_processing = {pnl.TimeScale.TRIAL: pnl.Any(
        pnl.Threshold(acc, 'value', 0.5, '>=', indices=[0, 0]), pnl.AfterNCalls(acc, 20))}
    model = from_psyneulink(comp)
    assert model['scheduler']['termination']['trial']['conditions'][0] == {
        'type': 'Threshold', 'node': 'accumulator', 'parameter': 'value', 'threshold': 0.5, 'comparator': '>=',
        'indices': [0, 0]}
    X = [[1.0], [0.8], [2.0]]
    comp.run(inputs={inp: X})
    ours = run_model(model, {'inputs': {'input': X}})
    assert_same_numbers(ours['results'], pnl_results(comp))


def test_hebbian_memory(run_model):
    """A RecurrentTransferMechanism fed by a stimulus, learning its recurrent matrix (Hebbian)
    while integrating; learned, then exported and run again."""
    cue = pnl.ProcessingMechanism(name='cue', input_shapes=4)
    memory = pnl.RecurrentTransferMechanism(name='memory', input_shapes=4, function=pnl.Logistic(gain=2.0),
                                            integrator_mode=True, integration_rate=0.4, hetero=-0.05,
                                            enable_learning=True, learning_rate=0.2,
                                            output_ports=[pnl.RESULT, pnl.ENTROPY])
    comp = pnl.Composition(name='hebbian_memory', pathways=[[cue, memory]])
    model = from_psyneulink(comp)
    node = model['nodes'][1]
    assert (node['enable_learning'], node['learning_rate'], node['integration_rate']) == (True, 0.2, 0.4)
    assert node['output_ports'] == ['RESULT', 'ENTROPY']
    patterns = [[1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 0, 0]]
    comp.learn(inputs={cue: patterns}, epochs=3)
    ours = run_model(model, {'inputs': {'cue': patterns}}, 'learn', '--epochs', '3')
    assert_same_numbers(ours['results'], pnl_results(comp))
    learned = from_psyneulink(comp)
    assert np.max(np.abs(np.array(learned['nodes'][1]['matrix']) - np.array(ours['weights']['memory']))) <= 1e-12


def test_transfer_settings(run_model):
    """A TransferMechanism that settles within each trial (MAX_ABS_DIFF threshold, capped), with a
    constant noise, clip, initial value, per-unit integration rates and statistics ports; a SoftMax
    node with MAX_INDICATOR; a ReLU with leak."""
    stimulus = pnl.ProcessingMechanism(name='stimulus', input_shapes=3)
    hidden = pnl.TransferMechanism(name='hidden', input_shapes=3, function=pnl.Tanh(gain=1.5),
                                   integrator_mode=True, integration_rate=[0.2, 0.5, 0.8], initial_value=[[0.1, 0, -0.1]],
                                   noise=0.01, clip=(-0.9, 0.9), termination_threshold=0.001,
                                   max_executions_before_finished=40,
                                   output_ports=[pnl.RESULT, pnl.MEAN, pnl.VARIANCE])
    choice = pnl.TransferMechanism(name='choice', input_shapes=3, function=pnl.SoftMax(gain=3, output=pnl.MAX_INDICATOR))
    rectified = pnl.TransferMechanism(name='rectified', input_shapes=3, function=pnl.ReLU(leak=0.01))
    comp = pnl.Composition(name='settings', pathways=[[stimulus, hidden, choice], [hidden, rectified]])
    model = from_psyneulink(comp)
    node = model['nodes'][1]
    assert {k: node[k] for k in ('integration_rate', 'initial_value', 'noise', 'clip', 'termination_threshold',
                                 'max_executions_before_finished', 'output_ports')} == {
        'integration_rate': [0.2, 0.5, 0.8], 'initial_value': [0.1, 0.0, -0.1], 'noise': 0.01, 'clip': [-0.9, 0.9],
        'termination_threshold': 0.001, 'max_executions_before_finished': 40,
        'output_ports': ['RESULT', 'MEAN', 'VARIANCE']}
    assert model['nodes'][2]['function'] == {'type': 'SoftMax', 'gain': 3.0, 'output': 'MAX_INDICATOR'}
    assert model['nodes'][3]['function'] == {'type': 'ReLU', 'leak': 0.01}
    X = [[1.0, -0.5, 0.3], [0.2, 0.9, -1.5], [-2.0, 0.1, 0.4]]
    comp.run(inputs={stimulus: X})
    ours = run_model(model, {'inputs': {'stimulus': X}}, 'run', '--record', 'hidden.RESULT')
    assert_same_numbers(ours['results'], pnl_results(comp))


def test_noise_distributions_are_exported_without_their_seeds():
    """Mechanist draws noise from its own generator: the distribution's parameters are exported,
    PsyNeuLink's seed is not (the numbers cannot agree either way)."""
    a = pnl.TransferMechanism(name='a', input_shapes=2, noise=pnl.NormalDist(mean=0.1, standard_deviation=0.5))
    b = pnl.TransferMechanism(name='b', input_shapes=2, noise=pnl.UniformDist(low=-0.2, high=0.2))
    model = from_psyneulink(pnl.Composition(name='noisy', pathways=[[a, b]]), seed=7)
    assert model['seed'] == 7
    assert model['nodes'][0]['noise'] == {'type': 'NormalDist', 'mean': 0.1, 'standard_deviation': 0.5}
    assert model['nodes'][1]['noise'] == {'type': 'UniformDist', 'low': -0.2, 'high': 0.2}
