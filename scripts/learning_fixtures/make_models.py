#!/usr/bin/env python3
"""Write model.json + inputs.json of every learning fixture (numpy only; no PsyNeuLink needed).

    python3 make_models.py            # writes ./<fixture>/model.json, inputs.json (and ./pending/...)

Each fixture rebuilds a BackPropagation case of PsyNeuLink 0.21.0.0's tests/composition/test_learning.py
(or a small case of our own where that file has none) as a format-1 model (../shared/MODEL_FORMAT.md),
with every matrix written out.  regenerate.sh then runs pnl_from_model.py on each one.
"""
import json
import os
import re

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def mat(a):
    return [[float(v) for v in row] for row in np.asarray(a, dtype=float)]


def tm(name, size, function=None, **kw):
    d = {'name': name, 'type': 'TransferMechanism', 'size': size}
    if function is not None:
        d['function'] = function
    d.update(kw)
    return d


def pm(name, size=None, function=None, **kw):
    d = {'name': name, 'type': 'ProcessingMechanism'}
    if size is not None:
        d['size'] = size
    if function is not None:
        d['function'] = function
    d.update(kw)
    return d


def proj(sender, receiver, matrix, name=None, **kw):
    d = {'sender': sender, 'receiver': receiver, 'matrix': mat(matrix)}
    if name:
        d['name'] = name
    d.update(kw)
    return d


def bp(pathway, **kw):
    d = {'type': 'backpropagation', 'pathway': pathway}
    d.update(kw)
    return d


_INNER = re.compile(r'\[[^\[\]{}"]*\]')


def dumps(obj):
    s = json.dumps(obj, indent=1)
    return _INNER.sub(lambda m: '[' + ', '.join(x.strip() for x in m.group(0)[1:-1].split(',') if x.strip()) + ']',
                      s) + '\n'


def write(folder, model, inputs):
    d = os.path.join(HERE, folder)
    os.makedirs(d, exist_ok=True)
    model = {'format': 1, 'name': os.path.basename(folder), 'seed': 0, **model}
    with open(os.path.join(d, 'model.json'), 'w') as f:
        f.write(dumps(model))
    with open(os.path.join(d, 'inputs.json'), 'w') as f:
        f.write(dumps(inputs))


LOGISTIC = 'Logistic'
XOR_IN = [[0., 0.], [0., 1.], [1., 0.], [1., 1.]]
XOR_T = [[0.], [1.], [1.], [0.]]


# ---------------------------------------------------------------------------------------------------------
# XOR of test_learning.py::xor_network (2 -> 10 Logistic -> 1 Logistic, every weight 0.1), used by
# TestBackPropLearning::test_different_learning_rate_specs_for_comp
def xor_rates(folder, pathway_rate=None, ho_rate=None, comp_rate=None):
    projs = [proj('input_layer', 'hidden_layer', np.full((2, 10), 0.1), 'input_to_hidden'),
             proj('hidden_layer', 'output_layer', np.full((10, 1), 0.1), 'hidden_to_output')]
    if ho_rate is not None:
        projs[1]['learning_rate'] = ho_rate
    lp = bp(['input_layer', 'hidden_layer', 'output_layer'])
    if pathway_rate is not None:
        lp['learning_rate'] = pathway_rate
    model = {'nodes': [tm('input_layer', 2), tm('hidden_layer', 10, LOGISTIC), tm('output_layer', 1, LOGISTIC)],
             'projections': projs, 'learning': [lp]}
    if comp_rate is not None:
        model['learning_rate'] = comp_rate
    write(folder, model, {'inputs': {'input_layer': XOR_IN}, 'targets': {'output_layer': XOR_T}})


xor_rates('b1_xor_rate_projection', pathway_rate=0.04, ho_rate=0.01)
xor_rates('b2_xor_rate_pathway', pathway_rate=0.02)
xor_rates('b3_xor_rate_default')
xor_rates('pending/p1_xor_rate_composition', comp_rate=0.03)
xor_rates('pending/p2_xor_rate_runtime')                      # run with --learning-rate 0.04 (patched runner)

# TestBackPropLearning::test_matrix_spec_and_learning_rate: one learned projection, its LearningMechanism's rate 0.5
write('b4_single_layer_projection_rate',
      {'nodes': [tm('input_layer', 2, initial_value=[0., 0.]), tm('output_layer', 1, LOGISTIC)],
       'projections': [proj('input_layer', 'output_layer', [[0.1], [0.2]], 'W', learning_rate=0.5)],
       'learning': [bp(['input_layer', 'output_layer'])]},
      {'inputs': {'input_layer': [[1., 0.]]}, 'targets': {'output_layer': [[1.]]}})

# TestBackPropLearning::test_multilayer_truth (MSE, SSE, L0): 2 (Logistic) -> 5 -> 4 -> 3, all Logistic, lr 1
for folder, loss in [('b5_multilayer_mse', 'MSE'), ('b6_multilayer_sse', 'SSE'), ('b7_multilayer_l0', 'L0')]:
    write(folder,
          {'nodes': [tm('input_layer', 2, LOGISTIC), tm('hidden_layer_1', 5, LOGISTIC),
                     tm('hidden_layer_2', 4, LOGISTIC), tm('output_layer', 3, LOGISTIC)],
           'projections': [
               proj('input_layer', 'hidden_layer_1', (np.arange(2 * 5).reshape((2, 5)) + 1) / (2 * 5), 'Input Weights'),
               proj('hidden_layer_1', 'hidden_layer_2', (np.arange(5 * 4).reshape((5, 4)) + 1) / (5 * 4),
                    'Middle Weights'),
               proj('hidden_layer_2', 'output_layer', (np.arange(4 * 3).reshape((4, 3)) + 1) / (4 * 3),
                    'Output Weights')],
           'learning': [bp(['input_layer', 'hidden_layer_1', 'hidden_layer_2', 'output_layer'],
                           learning_rate=1.0, loss=loss)]},
          {'inputs': {'input_layer': [[-1., 30.]]}, 'targets': {'output_layer': [[0., 0., 1.]]}})


# TestStructural::test_projection_specific_learning_rates: ProcessingMechanisms (Linear) 4 -> 3 -> 2 -> 5,
# default (all-ones) matrices, three learned projections; the Composition-level rate .01 and learn()'s rate .1
# are given as the pathway's rate (same effect: see LEARNING_SEMANTICS.md, learning-rate precedence)
def linear_chain(folder, pathway_rate, input_rate=None, hidden_rate=None):
    projs = [proj('mech_1', 'mech_2', np.ones((4, 3)), 'INPUT PROJECTION'),
             proj('mech_2', 'mech_3', np.ones((3, 2)), 'HIDDEN PROJECTION'),
             proj('mech_3', 'mech_4', np.ones((2, 5)), 'OUTPUT PROJECTION')]
    if input_rate is not None:
        projs[0]['learning_rate'] = input_rate
    if hidden_rate is not None:
        projs[1]['learning_rate'] = hidden_rate
    write(folder,
          {'nodes': [pm('mech_1', 4), pm('mech_2', 3), pm('mech_3', 2), pm('mech_4', 5)],
           'projections': projs,
           'learning': [bp(['mech_1', 'mech_2', 'mech_3', 'mech_4'], learning_rate=pathway_rate)]},
          {'inputs': {'mech_1': [[.1, .2, .3, .4]]}, 'targets': {'mech_4': [[1., 1., 1., 1., 1.]]}})


linear_chain('b8_linear_chain_rate_pathway', 0.01)
linear_chain('b9_linear_chain_rate_input_projection', 0.01, input_rate=0.2)
linear_chain('b10_linear_chain_rate_hidden_projection', 0.1, hidden_rate=0.2)

# TestBackPropLearning::test_stroop_model_learning[full_overlap]: two pathways sharing Hidden -> Response
A4 = np.arange(4).reshape((2, 2))
write('b11_converging_stroop',
      {'nodes': [tm('Color', 2), tm('Word', 2), tm('Hidden', 2, LOGISTIC), tm('Response', 2, LOGISTIC)],
       'projections': [proj('Color', 'Hidden', A4, 'color_to_hidden'), proj('Word', 'Hidden', A4, 'word_to_hidden'),
                       proj('Hidden', 'Response', A4, 'hidden_to_response')],
       'learning': [bp(['Color', 'Hidden', 'Response'], learning_rate=1.0),
                    bp(['Word', 'Hidden', 'Response'], learning_rate=1.0)]},
      {'inputs': {'Color': [[1., 1.]], 'Word': [[-2., -2.]]}, 'targets': {'Response': [[1., 1.]]}})

# TestInputAndTargetSpecs::test_dict_target_spec_converging_pathways: A -> B -> C and D -> E -> C (C has 2 units)
write('b12_converging_linear',
      {'nodes': [tm('A', 1), tm('B', 1), tm('C', 2), tm('D', 1), tm('E', 1)],
       'projections': [proj('A', 'B', [[1.]]), proj('B', 'C', [[1., 1.]]), proj('D', 'E', [[1.]]),
                       proj('E', 'C', [[1., 1.]])],
       'learning': [bp(['A', 'B', 'C']), bp(['D', 'E', 'C'])]},
      {'inputs': {'A': [[1.], [5.]], 'D': [[2.], [6.]]}, 'targets': {'C': [[3., 4.], [7., 8.]]}})

# TestInputAndTargetSpecs::test_dict_target_spec_diverging_pathways: A -> B -> C and A -> D -> E
write('b13_diverging_linear',
      {'nodes': [tm('A', 1), tm('B', 1), tm('C', 1), tm('D', 1), tm('E', 1)],
       'projections': [proj('A', 'B', [[1.]]), proj('B', 'C', [[1.]]), proj('A', 'D', [[1.]]), proj('D', 'E', [[1.]])],
       'learning': [bp(['A', 'B', 'C']), bp(['A', 'D', 'E'])]},
      {'inputs': {'A': [[1.], [2.]]}, 'targets': {'C': [[2.], [2.]], 'E': [[4.], [4.]]}})

# own: one hidden layer feeding two output layers (error signals of both outputs summed in the hidden layer's
# LearningMechanism), the two pathways with different losses
rng = np.random.RandomState(14)
X8 = np.round(rng.uniform(0, 1, (8, 3)), 3)
write('b14_diverging_logistic_mse_sse',
      {'nodes': [tm('input', 3), tm('hidden', 4, LOGISTIC), tm('out_a', 2, LOGISTIC), tm('out_b', 3, LOGISTIC)],
       'projections': [proj('input', 'hidden', np.round(rng.uniform(-1, 1, (3, 4)), 3), 'W_ih'),
                       proj('hidden', 'out_a', np.round(rng.uniform(-1, 1, (4, 2)), 3), 'W_ha'),
                       proj('hidden', 'out_b', np.round(rng.uniform(-1, 1, (4, 3)), 3), 'W_hb')],
       'learning': [bp(['input', 'hidden', 'out_a'], learning_rate=0.5, loss='MSE'),
                    bp(['input', 'hidden', 'out_b'], learning_rate=0.5, loss='SSE')]},
      {'inputs': {'input': X8.tolist()},
       'targets': {'out_a': np.round(rng.uniform(0, 1, (8, 2)), 3).tolist(),
                   'out_b': np.round(rng.uniform(0, 1, (8, 3)), 3).tolist()}})

# own: a projection with "learnable": false in the middle of a pathway (error still flows through it)
rng = np.random.RandomState(15)
write('b15_learnable_false_middle',
      {'nodes': [tm('input', 2), tm('h1', 3, LOGISTIC), tm('h2', 3, LOGISTIC), tm('output', 2, LOGISTIC)],
       'projections': [proj('input', 'h1', np.round(rng.uniform(-1, 1, (2, 3)), 3), 'W1'),
                       proj('h1', 'h2', np.round(rng.uniform(-1, 1, (3, 3)), 3), 'W2', learnable=False),
                       proj('h2', 'output', np.round(rng.uniform(-1, 1, (3, 2)), 3), 'W3')],
       'learning': [bp(['input', 'h1', 'h2', 'output'], learning_rate=0.8, loss='MSE')]},
      {'inputs': {'input': XOR_IN}, 'targets': {'output': [[0., 1.], [1., 0.], [1., 0.], [0., 1.]]}})


# own: learning_enabled "online" / "after" / false on the same small net
def small_net(folder, **lp_kw):
    rng = np.random.RandomState(16)
    write(folder,
          {'nodes': [tm('input', 2), tm('hidden', 3, LOGISTIC), tm('output', 1, LOGISTIC)],
           'projections': [proj('input', 'hidden', np.round(rng.uniform(-1, 1, (2, 3)), 3), 'W1'),
                           proj('hidden', 'output', np.round(rng.uniform(-1, 1, (3, 1)), 3), 'W2')],
           'learning': [bp(['input', 'hidden', 'output'], learning_rate=1.0, **lp_kw)]},
          {'inputs': {'input': XOR_IN}, 'targets': {'output': XOR_T}})


small_net('b16_learning_enabled_online', learning_enabled='online')
small_net('b17_learning_enabled_after', learning_enabled='after')
small_net('b18_learning_enabled_true', learning_enabled=True)
small_net('pending/p3_learning_enabled_false', learning_enabled=False)


# TestBackPropLearning::test_backprop_fct_with_{2,3}_inputs_to_linear_combination_product: a ProcessingMechanism
# with n InputPorts and LinearCombination(PRODUCT) as hidden layer, one pathway per input, all sharing
# hidden -> output; learn()'s rate .1 given as each pathway's rate (same effect here)
def lincomb(folder, n, width, inputs):
    nodes = [tm(f'input{k + 1}', 2, 'Linear') for k in range(n)]
    nodes += [pm('hidden', default_variable=[[0.] * width] * n,
                 function={'type': 'LinearCombination', 'operation': 'PRODUCT'}),
              tm('output', 2, 'Linear')]
    projs = [proj(f'input{k + 1}', f'hidden.InputPort-{k}', np.full((2, width), 0.1), f'input_to_hidden{k + 1}')
             for k in range(n)]
    projs.append(proj('hidden', 'output', np.full((width, 2), 0.1), 'hidden_to_output'))
    write(folder,
          {'nodes': nodes, 'projections': projs,
           'learning': [bp([f'input{k + 1}', 'hidden', 'output'], learning_rate=0.1) for k in range(n)]},
          {'inputs': {f'input{k + 1}': [v] for k, v in enumerate(inputs)}, 'targets': {'output': [[1., 2.]]}})


lincomb('b19_lincomb_product_2_inputs', 2, 4, [[1., 1.], [1.5, 1.5]])
lincomb('b20_lincomb_product_3_inputs', 3, 5, [[1., 1.], [2., 2.], [3., 3.]])

# TestNoLearning::test_multilayer: a learning pathway RUN (Composition.run) without learning
write('b21_run_without_learning',
      {'nodes': [tm('input_layer', 2, LOGISTIC), tm('hidden_layer_1', 5, LOGISTIC), tm('hidden_layer_2', 4, LOGISTIC),
                 tm('output_layer', 3, LOGISTIC)],
       'projections': [proj('input_layer', 'hidden_layer_1', (np.arange(2 * 5).reshape((2, 5)) + 1) / (2 * 5),
                            'Input Weights'),
                       proj('hidden_layer_1', 'hidden_layer_2', np.ones((5, 4)), 'Middle Weights'),
                       proj('hidden_layer_2', 'output_layer', np.ones((4, 3)), 'Output Weights')],
       'learning': [bp(['input_layer', 'hidden_layer_1', 'hidden_layer_2', 'output_layer'])]},
      {'inputs': {'input_layer': [[-1., 30.]]}, 'targets': {'output_layer': [[0., 0., 1.]]}})

# own: SoftMax(ALL) output layer (derivative: the Jacobian, without the gain), gain 2
rng = np.random.RandomState(22)
write('b22_softmax_output',
      {'nodes': [tm('input', 3), tm('hidden', 4, LOGISTIC),
                 tm('output', 3, {'type': 'SoftMax', 'gain': 2.0, 'output': 'ALL'})],
       'projections': [proj('input', 'hidden', np.round(rng.uniform(-1, 1, (3, 4)), 3), 'W1'),
                       proj('hidden', 'output', np.round(rng.uniform(-1, 1, (4, 3)), 3), 'W2')],
       'learning': [bp(['input', 'hidden', 'output'], learning_rate=0.5, loss='MSE')]},
      {'inputs': {'input': [[1., 0., 0.], [0., 1., 0.], [0., 0., 1.]]},
       'targets': {'output': [[1., 0., 0.], [0., 1., 0.], [0., 0., 1.]]}})

# own: ReLU hidden layer (gain 1.5, bias 0.1, leak 0.1), Linear output (slope 2)
rng = np.random.RandomState(23)
write('b23_relu_hidden',
      {'nodes': [tm('input', 3), tm('hidden', 4, {'type': 'ReLU', 'gain': 1.5, 'bias': 0.1, 'leak': 0.1}),
                 tm('output', 2, {'type': 'Linear', 'slope': 2.0})],
       'projections': [proj('input', 'hidden', np.round(rng.uniform(-1, 1, (3, 4)), 3), 'W1'),
                       proj('hidden', 'output', np.round(rng.uniform(-0.5, 0.5, (4, 2)), 3), 'W2')],
       'learning': [bp(['input', 'hidden', 'output'], learning_rate=0.05, loss='SSE')]},
      {'inputs': {'input': np.round(rng.uniform(-1, 1, (5, 3)), 3).tolist()},
       'targets': {'output': np.round(rng.uniform(-1, 1, (5, 2)), 3).tolist()}})

# own: Logistic with gain/bias/scale/offset in the hidden layer (PsyNeuLink's derivative gain*scale*y*(1-y) uses the
# mechanism's output y, offset included)
rng = np.random.RandomState(24)
write('b24_logistic_scale_offset',
      {'nodes': [tm('input', 2), tm('hidden', 3, {'type': 'Logistic', 'gain': 2.0, 'bias': 0.3, 'x_0': 0.1,
                                                  'scale': 1.5, 'offset': -0.4}),
                 tm('output', 2, {'type': 'Logistic', 'gain': 0.5})],
       'projections': [proj('input', 'hidden', np.round(rng.uniform(-1, 1, (2, 3)), 3), 'W1'),
                       proj('hidden', 'output', np.round(rng.uniform(-1, 1, (3, 2)), 3), 'W2')],
       'learning': [bp(['input', 'hidden', 'output'], learning_rate=0.7, loss='MSE')]},
      {'inputs': {'input': XOR_IN}, 'targets': {'output': [[0., 1.], [1., 0.], [1., 0.], [0., 1.]]}})

# TestInputAndTargetSpecs::test_target_dict_spec_multi_trial_lists_bp: A -> B -> C (C 2 units); the test's four
# learn() calls (1 + 1 + 3 + 3 trials) as one learn() of 8 trials
write('b25_linear_consecutive_learn_calls',
      {'nodes': [tm('A', 1), tm('B', 1), tm('C', 2)],
       'projections': [proj('A', 'B', [[1.]]), proj('B', 'C', [[1., 1.]])],
       'learning': [bp(['A', 'B', 'C'])]},
      {'inputs': {'A': [[1.], [1.], [1.], [2.], [3.], [1.], [2.], [3.]]},
       'targets': {'C': [[2., 3.], [2., 3.], [3., 4.], [5., 6.], [7., 8.], [3., 4.], [5., 6.], [7., 8.]]}})

# TestInputAndTargetSpecs::test_target_dict_spec_single_trial_scalar_and_lists_bp (A -> B -> C, one unit each;
# the learn() calls after its run()) and TestLearningPathwayMethods::test_indepedence_of_learning_pathways...
# (A -> B, target 0)
write('b26_linear_chain_1_unit',
      {'nodes': [tm('A', 1), tm('B', 1), tm('C', 1)],
       'projections': [proj('A', 'B', [[1.]]), proj('B', 'C', [[1.]])],
       'learning': [bp(['A', 'B', 'C'])]},
      {'inputs': {'A': [[1.]]}, 'targets': {'C': [[2.]]}})
write('b27_single_projection_linear',
      {'nodes': [tm('A', 1), tm('B', 1)],
       'projections': [proj('A', 'B', [[1.]])],
       'learning': [bp(['A', 'B'])]},
      {'inputs': {'A': [[1.]]}, 'targets': {'B': [[0.]]}})
print('models written')
