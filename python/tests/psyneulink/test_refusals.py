"""What the model format cannot express is refused, naming the component and the reason; nothing
is dropped silently."""
import pytest

from conftest import pnl
from mechanist import MechanistImportError, from_psyneulink


def refusal(comp):
    with pytest.raises(MechanistImportError) as e:
        from_psyneulink(comp)
    return str(e.value)


def test_autodiff_composition():
    inp = pnl.ProcessingMechanism(name='input', input_shapes=2)
    out = pnl.TransferMechanism(name='output', input_shapes=1, function=pnl.Logistic())
    comp = pnl.AutodiffComposition(pathways=[inp, out], name='net')
    message = refusal(comp)
    assert message.startswith('cannot import AutodiffComposition "net": ')
    assert 'add_backpropagation_learning_pathway' in message


def test_control_mechanism():
    a = pnl.TransferMechanism(name='a', input_shapes=1)
    ctl = pnl.ControlMechanism(name='ctl', control_signals=[(pnl.SLOPE, a)])
    comp = pnl.Composition(name='controlled')
    comp.add_nodes([a, ctl])
    assert refusal(comp) == ('cannot import ControlMechanism "ctl": control (and gating) mechanisms cannot be '
                             'expressed in the model format')


def test_nested_composition():
    inner = pnl.Composition(name='inner', pathways=[[pnl.ProcessingMechanism(name='x')]])
    outer = pnl.Composition(name='outer')
    outer.add_node(pnl.ProcessingMechanism(name='y'))
    outer.add_node(inner)
    message = refusal(outer)
    assert message.startswith('cannot import the nested Composition "inner" in Composition "outer": ')
    assert 'add its nodes and projections to the outer Composition' in message


def test_user_defined_function():
    double = pnl.ProcessingMechanism(name='double', function=lambda x: 2 * x)
    comp = pnl.Composition(name='udf', pathways=[[double]])
    assert refusal(comp).startswith('cannot import ProcessingMechanism "double": function: a UserDefinedFunction '
                                    '(Python code) cannot be expressed in the model format; use one of ')


def test_unsupported_node_type():
    comp = pnl.Composition(name='ddm', pathways=[[pnl.DDM(name='ddm')]])
    assert refusal(comp).startswith('cannot import DDM "ddm": the model format has no DDM; its node types are ')


def test_parameter_without_a_field_that_differs_from_its_default():
    """The integrator's offset has no field: its default is no loss, another value is refused."""
    fine = pnl.TransferMechanism(name='fine', input_shapes=1, integrator_mode=True,
                                 integrator_function=pnl.AdaptiveIntegrator(rate=0.5))
    assert from_psyneulink(pnl.Composition(name='ok', pathways=[[fine]]))['nodes'][0]['integrator_mode'] is True
    shifted = pnl.TransferMechanism(name='shifted', input_shapes=1, integrator_mode=True,
                                    integrator_function=pnl.AdaptiveIntegrator(rate=0.5, offset=0.25))
    message = refusal(pnl.Composition(name='offset', pathways=[[shifted]]))
    assert message.startswith('cannot import TransferMechanism "shifted": integrator_function.offset: offset = ')
    assert 'has no field in the model format' in message


def test_unsupported_function_and_port():
    prob = pnl.TransferMechanism(name='sampler', input_shapes=3, function=pnl.SoftMax(output=pnl.PROB))
    assert 'function.output: SoftMax output "PROB" is not in the model format' in refusal(pnl.Composition(pathways=[[prob]]))
    pnl.clear_registry(pnl.CompositionRegistry)
    combined = pnl.TransferMechanism(name='combined', input_shapes=2, output_ports=[pnl.RESULT, 'custom port'])
    assert '"custom port" is not one of the standard output ports' in refusal(pnl.Composition(pathways=[[combined]]))


def test_unsupported_condition():
    a = pnl.ProcessingMechanism(name='a')
    b = pnl.ProcessingMechanism(name='b')
    comp = pnl.Composition(name='timed', pathways=[[a, b]])
    comp.scheduler.add_condition(b, pnl.WhenFinishedAny(a))
    assert refusal(comp).startswith('cannot import scheduler condition of "b": the condition WhenFinishedAny is not '
                                    'in the model format')


def test_unsupported_loss():
    inp = pnl.ProcessingMechanism(name='input', input_shapes=2)
    out = pnl.TransferMechanism(name='output', input_shapes=2, function=pnl.Logistic())
    comp = pnl.Composition(name='ce')
    comp.add_backpropagation_learning_pathway([inp, out], loss_spec=pnl.Loss.CROSS_ENTROPY)
    assert 'loss: CROSS_ENTROPY is not in the model format (L0, MSE, SSE)' in refusal(comp)


def test_energy_after_hebbian_learning():
    """PsyNeuLink's ENERGY keeps the matrix the node was built with; after learning the export's
    matrix is another, so its ENERGY would not be PsyNeuLink's."""
    rec = pnl.RecurrentTransferMechanism(name='rec', input_shapes=3, function=pnl.Logistic(), enable_learning=True,
                                         learning_rate=0.5, hetero=-0.1, output_ports=[pnl.RESULT, pnl.ENERGY])
    comp = pnl.Composition(name='energy')
    comp.add_node(rec)
    assert from_psyneulink(comp)['nodes'][0]['output_ports'] == ['RESULT', 'ENERGY']
    comp.learn(inputs={rec: [[1, 0, 1], [0, 1, 1]]})
    assert refusal(comp).startswith('cannot import RecurrentTransferMechanism "rec": output port ENERGY: PsyNeuLink '
                                    'computes ENERGY with the recurrent matrix the node was built with')


def test_mechanism_parameter_without_a_field():
    rec = pnl.RecurrentTransferMechanism(name='rec', input_shapes=2, smoothing_factor=0.2)
    assert refusal(pnl.Composition(name='smooth', pathways=[[rec]])) == (
        'cannot import RecurrentTransferMechanism "rec": smoothing_factor: smoothing_factor = 0.2 (default 0.5) has '
        'no field in the model format')
