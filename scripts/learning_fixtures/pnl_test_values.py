"""Numbers asserted by PsyNeuLink 0.21.0.0's tests/composition/test_learning.py for the cases the fixtures rebuild.

CHECKS[fixture] = [(description, getter(expected_json) -> array, asserted value), ...]; the tests assert with
atol 1e-8 (assert_allclose; some with default rtol 1e-7), i.e. to the 8 decimals they print.
"""
T = 'tests/composition/test_learning.py::'


def res(i):
    return lambda e: e['results'][i]


def res_range(a, b=None):
    return lambda e: e['results'][a:b]


def node(n, port='RESULT', i=-1):
    return lambda e: e['nodes'][n][port][i]


def w(name):
    return lambda e: e['weights'][name]


def ln(comp, port, i=-1):
    return lambda e: e['learning_nodes'][comp][port][i]


SOURCES = {
    'b1_xor_rate_projection': T + 'TestBackPropLearning::test_different_learning_rate_specs_for_comp[learning_mech]',
    'b2_xor_rate_pathway': T + 'TestBackPropLearning::test_different_learning_rate_specs_for_comp[learning_pathway] '
                               '(and [pathway+comp])',
    'b3_xor_rate_default': T + 'TestBackPropLearning::test_different_learning_rate_specs_for_comp[default]',
    'p1_xor_rate_composition': T + 'TestBackPropLearning::test_different_learning_rate_specs_for_comp[composition]',
    'p2_xor_rate_runtime': T + 'TestBackPropLearning::test_different_learning_rate_specs_for_comp[runtime] '
                               '(and [runtime+comp], [runtime+pway], [runtime+pway+comp])',
    'b4_single_layer_projection_rate': T + 'TestBackPropLearning::test_matrix_spec_and_learning_rate',
    'b5_multilayer_mse': T + 'TestBackPropLearning::test_multilayer_truth[MSE]',
    'b6_multilayer_sse': T + 'TestBackPropLearning::test_multilayer_truth[SSE]',
    'b7_multilayer_l0': T + 'TestBackPropLearning::test_multilayer_truth[L0]',
    'b8_linear_chain_rate_pathway': T + 'TestStructural::test_projection_specific_learning_rates[baseline]',
    'b9_linear_chain_rate_input_projection': T + 'TestStructural::test_projection_specific_learning_rates[input_proj]',
    'b10_linear_chain_rate_hidden_projection': T + 'TestStructural::test_projection_specific_learning_rates'
                                                   '[hidn_override_lr]',
    'b11_converging_stroop': T + 'TestBackPropLearning::test_stroop_model_learning[full_overlap]',
    'b12_converging_linear': T + 'TestStructural::TestInputAndTargetSpecs::test_dict_target_spec_converging_pathways',
    'b13_diverging_linear': T + 'TestStructural::TestInputAndTargetSpecs::test_dict_target_spec_diverging_pathways',
    'b19_lincomb_product_2_inputs': T + 'TestBackPropLearning::test_backprop_fct_with_2_inputs_to_linear_combination_'
                                        'product[comp-python]',
    'b20_lincomb_product_3_inputs': T + 'TestBackPropLearning::test_backprop_fct_with_3_inputs_to_linear_combination_'
                                        'product[comp-python]',
    'b21_run_without_learning': T + 'TestNoLearning::test_multilayer',
    'b25_linear_consecutive_learn_calls': T + 'TestStructural::TestInputAndTargetSpecs::'
                                              'test_target_dict_spec_multi_trial_lists_bp',
    'b26_linear_chain_1_unit': T + 'TestStructural::TestInputAndTargetSpecs::'
                                   'test_target_dict_spec_single_trial_scalar_and_lists_bp',
    'b27_single_projection_linear': T + 'TestStructural::TestLearningPathwayMethods::test_indepedence_of_learning_'
                                        'pathways_using_same_mechs_in_different_comps (and TestInputAndTargetSpecs::'
                                        'test_target_spec_default_assignment)',
}

MULTI = {
    'MSE': dict(
        out=[0.34065762, 0.40283722, 0.90991679], loss=[0.09548014],
        iw=[[0.09878461, 0.19766035, 0.29665234, 0.39577252, 0.49502758],
            [0.59548084, 0.69130054, 0.78755247, 0.88428106, 0.98151113]],
        mw=[[0.07706183, 0.09444972, 0.11723154, 0.14557542], [0.27818676, 0.29420326, 0.3158414, 0.34327603],
            [0.4792692, 0.49396883, 0.51450859, 0.54106987], [0.68030443, 0.69374747, 0.71323898, 0.73896663],
            [0.88128847, 0.89353987, 0.91203717, 0.93697403]],
        ow=[[-0.59467351, -0.52912455, 0.29597305], [-0.35770705, -0.29192171, 0.54683712],
            [-0.12052892, -0.05468307, 0.79769116], [0.11707288, 0.18282992, 1.04852107]],
        results=[[0.8344837, 0.87072018, 0.89997433], [0.79924855, 0.84620706, 0.90106255],
                 [0.75417448, 0.81457342, 0.90208226], [0.69827147, 0.77394099, 0.90306295],
                 [0.63285507, 0.72284124, 0.90404476], [0.5625646, 0.66140581, 0.90507175],
                 [0.49415513, 0.59273088, 0.90617688], [0.4332465, 0.52285839, 0.90736771],
                 [0.38219876, 0.45825994, 0.90862524], [0.34065762, 0.40283722, 0.90991679]]),
    'SSE': dict(
        out=[0.12306101, 0.12855051, 0.92795179], loss=[0.03686019],
        iw=[[0.09944189, 0.19971589, 0.29997209, 0.40020673, 0.50041673],
            [0.5979248, 0.69894361, 0.79989623, 0.90076867, 1.0015495]],
        mw=[[0.11871093, 0.12080358, 0.12913871, 0.14437706], [0.32158068, 0.32166374, 0.32825218, 0.34203389],
            [0.52434054, 0.52249285, 0.52740295, 0.53978486], [0.72697833, 0.72328725, 0.72659469, 0.73763981],
            [0.92948392, 0.92404372, 0.92583026, 0.93560663]],
        ow=[[-0.93832915, -0.92583809, 0.36458405], [-0.70446298, -0.69176289, 0.61576631],
            [-0.47104248, -0.45856457, 0.86712447], [-0.23778995, -0.22590794, 1.11863746]],
        results=[[0.8344837, 0.87072018, 0.89997433], [0.71351724, 0.78641358, 0.90315634],
                 [0.50994992, 0.62475304, 0.90595494], [0.32856147, 0.41172748, 0.90933295],
                 [0.24083869, 0.2789737, 0.91321678], [0.19538549, 0.21621273, 0.91684295],
                 [0.16740723, 0.1806998, 0.92008144], [0.14819045, 0.15753784, 0.92297786],
                 [0.13402466, 0.14102997, 0.92558631], [0.12306101, 0.12855051, 0.92795179]]),
    'SUM': dict(
        out=[0.22686074, 0.25270212, 0.91542149], loss=[-0.39498435],
        iw=[[0.09900247, 0.19839653, 0.29785764, 0.39739191, 0.49700232],
            [0.59629092, 0.69403786, 0.79203411, 0.89030237, 0.98885379]],
        mw=[[0.09490249, 0.10488719, 0.12074013, 0.1428774], [0.29677354, 0.30507726, 0.31949676, 0.3404652],
            [0.49857336, 0.50526254, 0.51830509, 0.53815062], [0.70029406, 0.70544225, 0.71717037, 0.73594383],
            [0.90192903, 0.90561554, 0.91609668, 0.93385292]],
        ow=[[-0.74447522, -0.71016859, 0.31575293], [-0.50885177, -0.47444784, 0.56676582],
            [-0.27333719, -0.23912033, 0.8178167], [-0.03767547, -0.00389039, 1.06888608]],
        results=[[0.8344837, 0.87072018, 0.89997433], [0.77970193, 0.83263138, 0.90159627],
                 [0.70218502, 0.7773823, 0.90307765], [0.60279149, 0.69958079, 0.90453143],
                 [0.4967927, 0.60030321, 0.90610082], [0.4056202, 0.49472391, 0.90786617],
                 [0.33763025, 0.40397637, 0.90977675], [0.28892812, 0.33633532, 0.9117193],
                 [0.25348771, 0.28791896, 0.9136125], [0.22686074, 0.25270212, 0.91542149]]),
}


def multi(port):
    q = MULTI[port]
    return [('output_layer value after 10 trials (= results[9])', res(9), [q['out']]),
            (f'Comparator {port} port after trial 10', ln('Comparator', port), q['loss']),
            ('Input Weights (get_mod_matrix)', w('Input Weights'), q['iw']),
            ('Middle Weights (get_mod_matrix)', w('Middle Weights'), q['mw']),
            ('Output Weights (get_mod_matrix)', w('Output Weights'), q['ow']),
            ('results, 10 trials', lambda e: e['results'], [[r] for r in q['results']])]


CHECKS = {
    'b1_xor_rate_projection': [('learn() value after epoch 1 (= results[3])', res(3), [[0.63458688]])],
    'b2_xor_rate_pathway': [('learn() value after epoch 1 (= results[3])', res(3), [[0.63506819]])],
    'b3_xor_rate_default': [('learn() value after epoch 1 (= results[3])', res(3), [[0.63668214]])],
    'p1_xor_rate_composition': [('learn() value after epoch 1 (= results[3])', res(3), [[0.63558543]])],
    'p2_xor_rate_runtime': [('learn() value after epoch 1 (= results[3])', res(3), [[0.63612349]])],
    'b4_single_layer_projection_rate': [('learning_results, 2 trials', res_range(0, 2), [[[0.52497919]], [[0.55439853]]])],
    'b5_multilayer_mse': multi('MSE'),
    'b6_multilayer_sse': multi('SSE'),
    'b7_multilayer_l0': multi('SUM'),
    'b8_linear_chain_rate_pathway': [('learn() value after 3 trials', res(2), [[4.06551247] * 5])],
    'b9_linear_chain_rate_input_projection': [('learn() value after 3 trials', res(2), [[1.0479138] * 5])],
    'b10_linear_chain_rate_hidden_projection': [('learn() value after 3 trials', res(2), [[-0.49108492] * 5])],
    'b11_converging_stroop': [
        ('Hidden value after trial 2', node('Hidden'), [0.13227553, 0.01990677]),
        ('Response value after trial 2 (= results[1])', res(1), [[0.51044657, 0.5483048]]),
        ('Comparator OUTCOME after trial 2', ln('Comparator', 'OUTCOME'), [0.48955343, 0.4516952]),
        ('Comparator MSE after trial 2', ln('Comparator', 'MSE'), [0.22184555903789838]),
        ('Color -> Hidden matrix (get_mod_matrix)', w('color_to_hidden'), [[0.02512045, 1.02167245],
                                                                          [2.02512045, 3.02167245]]),
        ('Word -> Hidden matrix (get_mod_matrix)', w('word_to_hidden'), [[-0.05024091, 0.9566551],
                                                                        [1.94975909, 2.9566551]]),
        ('Hidden -> Response matrix (get_mod_matrix)', w('hidden_to_response'), [[0.03080958, 1.02830959],
                                                                                [2.00464242, 3.00426575]])],
    'b12_converging_linear': [('results, trials 1-2', res_range(0, 2), [[[3., 3.]], [[11.85, 12.7725]]])],
    'b13_diverging_linear': [('results, trials 1-2', res_range(0, 2), [[[1.], [1.]], [[2.42], [3.38]]])],
    'b19_lincomb_product_2_inputs': [('results, 5 trials', lambda e: e['results'],
                                      [[[0.024, 0.024]], [[0.0301045, 0.03181085]], [[0.03857725, 0.04305852]],
                                       [[0.05066789, 0.05971998]], [[0.06846757, 0.08519742]]])],
    'b20_lincomb_product_3_inputs': [('results, 5 trials', lambda e: e['results'],
                                      [[[0.024, 0.024]], [[0.03085165, 0.03226625]], [[0.04114933, 0.04513236]],
                                       [[0.05755718, 0.06642539]], [[0.08571825, 0.10452682]]])],
    'b21_run_without_learning': [('Output Layer value after 10 trials', res(9), [[0.97988347] * 3])],
    'b25_linear_consecutive_learn_calls': [
        ('results of the 4 learn() calls (8 trials)', lambda e: e['results'],
         [[[1., 1.]], [[1.2075, 1.265]], [[1.41003122, 1.54413183]], [[3.64504691, 4.13165454]],
          [[8.1607109, 9.54419477]], [[1.40021212, 1.56636511]], [[3.61629564, 4.17586792]],
          [[8.11241026, 9.57222535]]])],
    'b26_linear_chain_1_unit': [('results of the 3 learn() calls', lambda e: e['results'],
                                 [[[1.]], [[1.21]], [[1.40873161]]])],
    'b27_single_projection_linear': [('results, 2 trials', lambda e: e['results'], [[[1.]], [[0.9]]])],
}

NOTES = {
    'b1_xor_rate_projection': [
        'The test sets the rate of the LearningMechanism for hidden_to_output to .01 (comp.nodes[5].parameters.'
        'learning_rate.set(.01)) and passes pathway .02, Composition .03 and learn(learning_rate=.04). Effective rates '
        '(LEARNING_SEMANTICS.md): hidden_to_output .01 (own rate beats everything), input_to_hidden .04 (learn()\'s '
        'rate beats pathway and Composition). The model says the same with the projection\'s own learning_rate .01 '
        'and the pathway rate .04.'],
    'b4_single_layer_projection_rate': [
        'The test sets C.learning_components[2].learning_rate.base = 0.5 (the LearningMechanism); the model gives '
        'the projection learning_rate 0.5, which PsyNeuLink copies to its LearningMechanism.'],
    'b8_linear_chain_rate_pathway': [
        'The test gives the Composition learning_rate .01 (format: top-level "learning_rate", not accepted by '
        'pnl_from_model.py); with no other rate the pathway rate .01 has the same effect.'],
    'b9_linear_chain_rate_input_projection': [
        'Test: Composition .01, INPUT PROJECTION .2; here pathway .01 (same effect).'],
    'b10_linear_chain_rate_hidden_projection': [
        'Test: Composition .01, learn(learning_rate=.1), HIDDEN PROJECTION .2; here pathway .1 (learn()\'s rate '
        'beats the Composition\'s and is beaten by the projection\'s own, so pathway .1 has the same effect).'],
    'b11_converging_stroop': [
        'Both pathways end in Response and share Hidden -> Response: one TARGET, one Comparator, one '
        'LearningMechanism for hidden_to_response (the test passes a separate matrix copy for hidden -> response in '
        'each pathway; PsyNeuLink keeps the first projection, so the model has one).'],
    'b12_converging_linear': [
        'Two pathways ending in C: one TARGET and Comparator for C, two LearningMechanisms into C (B->C, E->C), each '
        'fed by the same Comparator. The test makes two learn() calls of one trial each; one learn() of 2 trials '
        'gives the same numbers.'],
    'b13_diverging_linear': ['results per trial: [C, E].'],
    'b16_learning_enabled_online': [
        'learning_enabled "online" (PsyNeuLink learning_update=ONLINE): results equal b17 ("after"); the weights '
        'after learn() (get_mod_matrix) LACK the last trial\'s change, which stays pending in the '
        'LearningMechanisms\' LearningSignal until the projection next executes in a learning trial.'],
    'b17_learning_enabled_after': [
        'learning_enabled "after" (PsyNeuLink\'s default): weights after learn() include every change.'],
    'b18_learning_enabled_true': [
        'learning_enabled true: pnl_from_model.py then passes no learning_update, i.e. PsyNeuLink\'s default '
        '"after"; PsyNeuLink\'s own learning_update=True behaves like "online" (see b16).'],
    'b19_lincomb_product_2_inputs': [
        'Test: learn(learning_rate=.1); here each pathway has rate .1 (same effect). The hidden ProcessingMechanism '
        'has 2 InputPorts (InputPort-0, InputPort-1) combined by LinearCombination(PRODUCT); each pathway is '
        '[inputK, hidden, output]; derivative for inputK -> hidden = product of the OTHER ports\' values.'],
    'b20_lincomb_product_3_inputs': ['As b19 with 3 InputPorts of 5 units.'],
    'b21_run_without_learning': [
        'Composition.run (no --learn): no learning component executes; targets in inputs.json are not used. '
        'Middle/Output Weights are the all-ones default matrices of the test.'],
    'b25_linear_consecutive_learn_calls': [
        'The test\'s four learn() calls (1, 1, 3, 3 trials) as one learn() of 8 trials: identical numbers, so '
        'consecutive learn() calls continue exactly where the last one stopped.'],
    'b26_linear_chain_1_unit': [
        'The test calls run() once (results [[1]], no learning) and then learn() three times with one trial; here '
        'one learn() of 3 trials.'],
}

NOTES.update({
    'p1_xor_rate_composition': [
        'Made with tools/pnl_from_model_patched.py: the shared pnl_from_model.py rejects the top-level '
        '"learning_rate" (unknown field). Same XOR as b1-b3.'],
    'p2_xor_rate_runtime': [
        'Made with tools/pnl_from_model_patched.py --learning-rate 0.04 (Composition.learn(learning_rate=.04)); the '
        'shared pnl_from_model.py has no run-time rate option. Same XOR as b1-b3.'],
    'p3_learning_enabled_false': [
        'Made with tools/pnl_from_model_patched.py, which passes learning_update=False to '
        'add_backpropagation_learning_pathway. The shared pnl_from_model.py accepts "learning_enabled": false but sets '
        'lm.learning_enabled = False after building, which PsyNeuLink ignores: its output would equal b17 (weights '
        'change). LearningMechanisms still execute (learning_nodes shows nonzero LEARNING_SIGNAL); weights stay at '
        'their initial values. Same net as b16-b18.'],
})
