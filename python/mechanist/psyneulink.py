"""Import a live PsyNeuLink 0.21 Composition as a Mechanist model (format 1, docs/MODEL_FORMAT.md).

``from_psyneulink(composition)`` walks the Composition as it is now -- its nodes with their
functions and parameters, its MappingProjections with their current (possibly learned) matrices,
scheduler, termination and reset conditions, backpropagation pathways and Hebbian learning -- and
returns the model as a dict that ``json.dump`` writes as a model file.

Whatever the format cannot say is refused with a ``MechanistImportError`` that names the component,
what it is and why; nothing is dropped silently.  Parameters the format has no field for are
compared with PsyNeuLink's defaults: a value that differs is refused, one that equals the default
needs no field.  This is the opposite direction of scripts/pnl_from_model.py, which builds the
Composition a model file describes; the two use the same names.
"""
from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional

import numpy as np

__all__ = ['from_psyneulink', 'MechanistImportError']


class MechanistImportError(Exception):
    """A part of the Composition the model format cannot express.

    ``component`` names it (a node, projection, condition, ...), ``reason`` says why; the message
    holds both and, where there is one, what to do instead.
    """

    def __init__(self, component: str, reason: str):
        self.component = component
        self.reason = reason
        super().__init__(f'cannot import {component}: {reason}')


# --------------------------------------------------------------------------------------------
# names the format shares with PsyNeuLink
# --------------------------------------------------------------------------------------------

# Function type -> {format field: the format's default}.  PsyNeuLink's defaults are the same.
FUNCTION_FIELDS: Dict[str, Dict[str, Any]] = {
    'Linear': {'slope': 1.0, 'intercept': 0.0, 'scale': 1.0, 'offset': 0.0},
    'Logistic': {'gain': 1.0, 'bias': 0.0, 'x_0': 0.0, 'offset': 0.0, 'scale': 1.0},
    'Tanh': {'gain': 1.0, 'bias': 0.0, 'x_0': 0.0, 'offset': 0.0, 'scale': 1.0},
    'ReLU': {'gain': 1.0, 'bias': 0.0, 'leak': 0.0, 'scale': 1.0, 'offset': 0.0},
    'Exponential': {'rate': 1.0, 'bias': 0.0, 'scale': 1.0, 'offset': 0.0},
    'Gaussian': {'standard_deviation': 1.0, 'bias': 0.0, 'scale': 1.0, 'offset': 0.0},
    'SoftMax': {'gain': 1.0, 'output': 'ALL', 'per_item': True},
    'LinearCombination': {'operation': 'SUM', 'weights': None, 'exponents': None, 'scale': 1.0, 'offset': 0.0},
    'Reduce': {'operation': 'SUM', 'weights': None, 'exponents': None, 'scale': 1.0, 'offset': 0.0},
}

# Function parameters that are bookkeeping, not part of what the function computes.
FUNCTION_INTERNALS = {
    'max_executions_before_finished', 'enable_output_type_conversion', 'variable',
    'num_executions_before_finished', 'range', 'num_executions', 'output_type', 'multiplicative_param',
    'additive_param', 'execution_count', 'has_initializers', 'changes_shape', 'value',
    'execute_until_finished', 'is_finished_flag', 'previous_value', 'random_state', 'seed',
    'one_hot_function',   # SoftMax's, derived from its output
}

# PsyNeuLink output port names -> the format's.  ProcessingMechanism calls its primary port
# 'OutputPort-0'; the format calls every primary value port RESULT.
PORT_NAMES = {
    'RESULT': 'RESULT', 'OutputPort-0': 'RESULT', 'MEAN': 'MEAN', 'MEDIAN': 'MEDIAN',
    'standard_deviation': 'STANDARD_DEVIATION', 'variance': 'VARIANCE', 'MAX_VAL': 'MAX_VAL',
    'MAX_ABS_VAL': 'MAX_ABS_VAL', 'MAX_INDICATOR': 'MAX_INDICATOR', 'MAX_ABS_INDICATOR': 'MAX_ABS_INDICATOR',
    'PROB': 'PROB', 'energy': 'ENERGY', 'entropy': 'ENTROPY', 'max_vs_next': 'MAX_VS_NEXT',
    'max_vs_avg': 'MAX_VS_AVG', 'DECISION_INDEX': 'DECISION_INDEX', 'DECISION_STEPS': 'DECISION_STEPS',
    'DECISION_TIME': 'DECISION_TIME', 'OUTCOME': 'OUTCOME', 'SUM': 'SUM', 'SSE': 'SSE', 'MSE': 'MSE',
}
NODE_PORTS = {
    'ProcessingMechanism': {'RESULT'},
    'TransferMechanism': {'RESULT', 'MEAN', 'MEDIAN', 'VARIANCE', 'STANDARD_DEVIATION', 'MAX_VAL', 'MAX_ABS_VAL',
                          'MAX_INDICATOR', 'MAX_ABS_INDICATOR', 'PROB'},
    'ObjectiveMechanism': {'OUTCOME'},
    'ComparatorMechanism': {'OUTCOME', 'SUM', 'SSE', 'MSE'},
}
NODE_PORTS['RecurrentTransferMechanism'] = NODE_PORTS['TransferMechanism'] | {'ENERGY', 'ENTROPY'}
NODE_PORTS['LCAMechanism'] = NODE_PORTS['RecurrentTransferMechanism'] | {
    'MAX_VS_NEXT', 'MAX_VS_AVG', 'DECISION_INDEX', 'DECISION_STEPS', 'DECISION_TIME'}

# graph_scheduler's time scales under the names PsyNeuLink 0.21 users write (TimeScale.TRIAL is
# ENVIRONMENT_STATE_UPDATE, TimeScale.RUN is ENVIRONMENT_SEQUENCE, TIME_STEP is
# CONSIDERATION_SET_EXECUTION).
TIME_SCALE_NAMES = {'CONSIDERATION_SET_EXECUTION': 'TIME_STEP', 'PASS': 'PASS',
                    'ENVIRONMENT_STATE_UPDATE': 'TRIAL', 'ENVIRONMENT_SEQUENCE': 'RUN'}

# Mechanism parameters the importer reads (or whose effect it reads elsewhere) ...
MECHANISM_FIELDS = {
    'function', 'input_ports', 'output_ports', 'clip', 'execute_until_finished', 'initial_value', 'integration_rate',
    'integrator_function', 'integrator_mode', 'max_executions_before_finished', 'noise', 'on_resume_integrator_mode',
    'termination_comparison_op', 'termination_measure', 'termination_threshold', 'auto', 'hetero', 'matrix',
    'combination_function', 'enable_learning', 'has_recurrent_input_port', 'learning_function', 'learning_rate',
    'recurrent_projection', 'competition', 'leak', 'self_excitation', 'time_step_size', 'monitor', 'sample', 'target',
}
# ... and those that are state or bookkeeping (labels only change how PsyNeuLink parses inputs).
MECHANISM_INTERNALS = {
    'execution_count', 'has_initializers', 'input_labels_dict', 'input_port_variables', 'is_finished_flag',
    'num_executions', 'num_executions_before_finished', 'output_labels_dict', 'value', 'variable',
    'integrator_function_value', 'termination_measure_value',
}

SUPPORTED_FUNCTIONS = ', '.join(sorted(FUNCTION_FIELDS))
LOSSES = {'MSE', 'SSE', 'L0'}
LEARNING_ROLES = {'SAMPLE', 'TARGET', 'LEARNING', 'LEARNING_OBJECTIVE', 'TARGET_INPUT'}


# --------------------------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------------------------
def _get(param, comp):
    """The parameter's value in the Composition's context; before the Composition has run,
    PsyNeuLink keeps values only in the default (None) context."""
    eid = getattr(comp, 'default_execution_id', None)
    try:
        if param.stateful and eid in param.values:
            return param.get(comp)
    except Exception:
        pass
    return param.get(None)


def _plain(x):
    """numpy values -> JSON numbers and lists (a one-element value as a number)."""
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    a = np.asarray(x, dtype=float)
    if a.size == 1 and a.ndim <= 1:
        return _number(a.reshape(-1)[0])
    return _tolist(a)


def _number(v):
    f = float(v)
    if not np.isfinite(f):
        raise ValueError(f'{f} is not finite')
    return f


def _tolist(a):
    a = np.asarray(a, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ValueError('holds a value that is not finite')
    return a.tolist()


def _equal(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return bool(np.all(x == y)) if np.broadcast_shapes(x.shape, y.shape) is not None else False
    except (ValueError, TypeError):
        return False


def _uniform(a):
    """A number when every element of a is the same, else None."""
    x = np.asarray(a, dtype=float).reshape(-1)
    return float(x[0]) if x.size and np.all(x == x[0]) else None


def _show(v) -> str:
    """A value for a message: numbers and arrays as plain numbers and lists."""
    try:
        return repr(_plain(v))
    except (ValueError, TypeError):
        return repr(v)


def _enum_name(x) -> str:
    return str(getattr(x, 'name', x))


# --------------------------------------------------------------------------------------------
# the importer
# --------------------------------------------------------------------------------------------
class _Importer:
    def __init__(self, comp):
        import psyneulink as pnl
        self.pnl = pnl
        self.comp = comp
        self.nodes: List[Any] = []            # exported mechanisms, in the Composition's order
        self.learning_nodes = set()           # generated by learning: the format creates them again

    # ----------------------------------------------------------------- refusals of the whole
    def check_composition(self):
        pnl, comp = self.pnl, self.comp
        name = f'Composition "{comp.name}"'
        if isinstance(comp, pnl.AutodiffComposition):
            raise MechanistImportError(
                f'AutodiffComposition "{comp.name}"',
                'its learning runs through PyTorch-style autodiff, which the model format cannot express; build '
                'the same network as a Composition with add_backpropagation_learning_pathway and import that')
        if not isinstance(comp, pnl.Composition):
            raise MechanistImportError(repr(comp), 'not a PsyNeuLink Composition')
        if getattr(comp, 'controller', None) is not None:
            raise MechanistImportError(f'the controller "{comp.controller.name}" of {name}',
                                       'control mechanisms cannot be expressed in the model format')
        for node in comp.nodes:
            if isinstance(node, pnl.Composition):
                raise MechanistImportError(
                    f'the nested Composition "{node.name}" in {name}',
                    'nested Compositions cannot be expressed in the model format; add its nodes and projections '
                    'to the outer Composition instead')
            if isinstance(node, pnl.ControlMechanism):
                raise MechanistImportError(
                    f'{type(node).__name__} "{node.name}"',
                    'control (and gating) mechanisms cannot be expressed in the model format')

    # ----------------------------------------------------------------- learning components
    def find_learning_nodes(self):
        pnl = self.pnl
        for node in self.comp.nodes:
            if isinstance(node, pnl.LearningMechanism):   # includes AutoAssociativeLearningMechanism
                self.learning_nodes.add(node)
        for pw in self.comp.pathways:
            lc = getattr(pw, 'learning_components', None) or {}
            for key in (pnl.TARGET_MECHANISM, pnl.OBJECTIVE_MECHANISM):
                if lc.get(key) is not None:
                    self.learning_nodes.add(lc[key])
        self.nodes = [n for n in self.comp.nodes if n not in self.learning_nodes]

    # ----------------------------------------------------------------- references
    def node_ref(self, mech, where):
        if mech not in self.nodes:
            raise MechanistImportError(where, f'it refers to "{mech.name}", which is not a node of the imported model')
        return mech.name

    def port_name(self, port, where) -> str:
        name = PORT_NAMES.get(port.name)
        if name is None:
            raise MechanistImportError(
                f'output port "{port.name}" of "{port.owner.name}"' if where is None else where,
                f'"{port.name}" is not one of the standard output ports the model format knows '
                f'({", ".join(sorted(set(PORT_NAMES.values())))})')
        return name

    def output_ref(self, port, where) -> str:
        """'node' for a node's primary output port, else 'node.PORT'."""
        owner = port.owner
        ref = self.node_ref(owner, where)
        if owner.output_ports.index(port) == 0:
            return ref
        return f'{ref}.{self.port_name(port, where)}'

    def input_ref(self, port, where) -> str:
        owner = port.owner
        ref = self.node_ref(owner, where)
        k = owner.input_ports.index(port)
        return ref if k == 0 else f'{ref}.InputPort-{k}'

    # ----------------------------------------------------------------- functions
    def function(self, fn, where, allowed=None, default_type=None) -> Optional[Any]:
        """A PsyNeuLink Function -> the format's function spec; None when it is the default
        function of the owner with default parameters."""
        t = type(fn).__name__
        if t == 'UserDefinedFunction':
            raise MechanistImportError(where, 'a UserDefinedFunction (Python code) cannot be expressed in the '
                                              f'model format; use one of {SUPPORTED_FUNCTIONS}')
        if t not in FUNCTION_FIELDS or (allowed is not None and t not in allowed):
            ok = ', '.join(sorted(allowed)) if allowed is not None else SUPPORTED_FUNCTIONS
            raise MechanistImportError(where, f'the function {t} is not in the model format here (it takes {ok})')
        spec: Dict[str, Any] = {'type': t}
        fields = FUNCTION_FIELDS[t]
        params = {p.name: p for p in fn.parameters}
        for name in fields:   # the format's fields first: their refusals are the more telling
            v = self.function_field(t, name, _get(params[name], self.comp), f'{where}.{name}')
            if not _equal(v, fields[name]):
                spec[name] = v
        for name, p in params.items():
            if name in FUNCTION_INTERNALS or name in fields:
                continue
            value = _get(p, self.comp)
            default = getattr(type(fn).defaults, name, None)
            if not _equal(value, default) and not (value is None and default is None):
                raise MechanistImportError(
                    f'{where}.{name}',
                    f'{t}\'s parameter "{name}" is {_show(value)} (default {_show(default)}); the model format has no field '
                    f'for it (the {t} fields are {", ".join(fields)})')
        if len(spec) == 1 and (default_type is None or default_type == t):
            return None if default_type == t else t
        return spec

    def function_field(self, t, name, value, where):
        if name == 'operation':
            op = str(value).upper()
            if op not in ('SUM', 'PRODUCT'):
                raise MechanistImportError(where, f'operation "{value}" is not in the model format (SUM or PRODUCT)')
            return op
        if name == 'output':
            out = str(value).upper()
            if out not in ('ALL', 'MAX_VAL', 'MAX_INDICATOR'):
                raise MechanistImportError(where, f'SoftMax output "{value}" is not in the model format (ALL, MAX_VAL, '
                                                  'MAX_INDICATOR; PROB draws from PsyNeuLink\'s own generator)')
            return out
        if name == 'per_item':
            return bool(value)
        if value is None:
            return None
        if name == 'gain' and isinstance(value, str):
            raise MechanistImportError(where, f'gain "{value}" (adaptive) is not in the model format: give a number')
        try:
            return _plain(value)
        except (ValueError, TypeError) as e:
            raise MechanistImportError(where, f'{value!r} is not a finite number or list of numbers ({e})')

    # ----------------------------------------------------------------- nodes
    def node(self, mech) -> Dict[str, Any]:
        pnl = self.pnl
        t = type(mech).__name__
        where = f'{t} "{mech.name}"'
        if t not in NODE_PORTS:
            raise MechanistImportError(
                where, f'the model format has no {t}; its node types are {", ".join(sorted(NODE_PORTS))}')
        spec: Dict[str, Any] = {'name': mech.name, 'type': t}
        if t == 'ObjectiveMechanism':
            self.objective(mech, spec, where)
        elif t == 'ComparatorMechanism':
            self.comparator(mech, spec, where)
        else:
            self.shape(mech, spec, where)
            default_fn = 'Logistic' if t == 'LCAMechanism' else 'Linear'
            f = self.function(mech.function, f'{where}: function')
            if f is not None and f != default_fn:
                spec['function'] = f
            if t != 'ProcessingMechanism':
                self.transfer(mech, spec, where)
            if t in ('RecurrentTransferMechanism', 'LCAMechanism'):
                self.recurrent(mech, spec, where)
            if t == 'LCAMechanism':
                self.lca(mech, spec, where)
        self.output_ports(mech, spec, where, t)
        self.input_port_functions(mech, where, t)
        self.other_parameters(mech, where)
        return spec

    def other_parameters(self, mech, where):
        """Any other parameter (smoothing_factor, a Hebbian learning_condition, ...) must have its
        default: the model format has no field for it."""
        for p in mech.parameters:
            if p.name in MECHANISM_FIELDS or p.name in MECHANISM_INTERNALS:
                continue
            try:
                value = _get(p, self.comp)
            except Exception:
                continue   # a shared parameter without its source (no learning mechanism): nothing set
            default = getattr(type(mech).defaults, p.name, None)
            if not _equal(value, default):
                raise MechanistImportError(f'{where}: {p.name}', f'{p.name} = {_show(value)} (default {_show(default)}) has no '
                                                                 'field in the model format')

    def external_input_ports(self, mech):
        if getattr(mech, 'has_recurrent_input_port', False):
            return [p for p in mech.input_ports if p.name != 'RECURRENT']
        return list(mech.input_ports)

    def shape(self, mech, spec, where):
        # a port's variable holds one row per afferent projection; its value is what the node sees
        rows = [np.asarray(p.defaults.value, dtype=float).reshape(-1) for p in self.external_input_ports(mech)]
        if len(rows) == 1 and not np.any(rows[0]):
            spec['size'] = int(rows[0].size)
        elif len(rows) == 1:
            spec['default_variable'] = _tolist(rows[0])
        else:
            spec['default_variable'] = [_tolist(r) for r in rows]

    def input_port_functions(self, mech, where, t):
        for k, port in enumerate(mech.input_ports):
            pw = f'{where}: input port "{port.name}"'
            f = self.function(port.function, f'{pw} function', allowed={'LinearCombination'},
                              default_type='LinearCombination')
            if f is not None:
                raise MechanistImportError(pw, f'its function {f} is not the default (LinearCombination SUM); '
                                               'the model format has no input port functions')
            if t != 'ObjectiveMechanism':
                for attr in ('weight', 'exponent'):
                    if getattr(port, attr, None) is not None:
                        raise MechanistImportError(pw, f'its {attr} {getattr(port, attr)!r} cannot be expressed in '
                                                       f'the model format for a {t}')

    def output_ports(self, mech, spec, where, t):
        names = [self.port_name(p, f'{where}: output port "{p.name}"') for p in mech.output_ports]
        for n in names:
            if n not in NODE_PORTS[t]:
                raise MechanistImportError(f'{where}: output port "{n}"',
                                           f'a {t} has no output port {n} in the model format '
                                           f'(it has {", ".join(sorted(NODE_PORTS[t]))})')
        if t in ('ObjectiveMechanism', 'ComparatorMechanism'):
            default = ['OUTCOME']
        elif t == 'ProcessingMechanism':
            default = ['RESULT']
        else:
            default = ['RESULT'] * len(self.external_input_ports(mech))
        if t in ('TransferMechanism', 'RecurrentTransferMechanism', 'LCAMechanism') and len(names) > 1 \
                and names == ['RESULT'] * len(names):
            return   # one RESULT per value row: the format's default for several input ports
        if names != default:
            spec['output_ports'] = names

    def transfer(self, mech, spec, where):
        pnl, comp = self.pnl, self.comp
        P = mech.parameters
        t = type(mech).__name__
        lca = t == 'LCAMechanism'
        integrator_mode = bool(_get(P.integrator_mode, comp))
        if integrator_mode != lca:
            spec['integrator_mode'] = integrator_mode
        if integrator_mode:
            fn = mech.integrator_function
            expected = 'LeakyCompetingIntegrator' if lca else 'AdaptiveIntegrator'
            if type(fn).__name__ != expected:
                raise MechanistImportError(f'{where}: integrator_function',
                                           f'{type(fn).__name__} is not in the model format (a {t} integrates '
                                           f'with the {expected})')
            for p in fn.parameters:
                if p.name in FUNCTION_INTERNALS or p.name in ('rate', 'noise', 'initializer', 'leak', 'time_step_size'):
                    continue
                v, d = _get(p, comp), getattr(type(fn).defaults, p.name, None)
                if not _equal(v, d):
                    raise MechanistImportError(f'{where}: integrator_function.{p.name}',
                                               f'{p.name} = {_show(v)} (default {_show(d)}) has no field in the model format')
            if not lca:
                rate = _get(P.integration_rate, comp)
                if not _equal(rate, 0.5):
                    spec['integration_rate'] = self.value(rate, f'{where}: integration_rate')
        init = _get(P.initial_value, comp)
        if init is not None and np.any(np.asarray(init, dtype=float)):
            spec['initial_value'] = self.value(init, f'{where}: initial_value')
        noise = self.noise(_get(P.noise, comp), f'{where}: noise')
        if noise is not None:
            spec['noise'] = noise
        clip = _get(P.clip, comp)
        if clip is not None:
            spec['clip'] = [_number(clip[0]), _number(clip[1])]
        if not bool(_get(P.execute_until_finished, comp)):
            spec['execute_until_finished'] = False
        mx = int(_get(P.max_executions_before_finished, comp))
        if lca:
            if mx != sys.maxsize:   # PsyNeuLink's LCA runs unlimited; Mechanist caps it at 1000000
                spec['max_executions_before_finished'] = mx
        elif mx != 1000:
            spec['max_executions_before_finished'] = mx
        on_resume = _get(P.on_resume_integrator_mode, comp)
        if on_resume != 'current_value':
            raise MechanistImportError(f'{where}: on_resume_integrator_mode',
                                       f'"{on_resume}" is not in the model format (only the default, current_value)')
        threshold = _get(P.termination_threshold, comp)
        if threshold is not None:
            self.termination(mech, spec, where, _number(threshold), lca)

    def termination(self, mech, spec, where, threshold, lca):
        pnl = self.pnl
        measure = mech.termination_measure
        op = _get(mech.parameters.termination_comparison_op, self.comp)
        op = str(getattr(op, '__name__', op))
        op = {'le': '<=', 'ge': '>=', 'LESS_THAN_OR_EQUAL': '<=', 'GREATER_THAN_OR_EQUAL': '>='}.get(op, op)
        if isinstance(measure, pnl.TimeScale):
            kind, want = TIME_SCALE_NAMES.get(measure.name, measure.name), '>='
        elif type(measure).__name__ == 'Distance' and str(_get(measure.parameters.metric, self.comp)) == 'max_abs_diff':
            kind, want = 'MAX_ABS_DIFF', '<='
        elif lca and getattr(measure, '__name__', None) in ('max', 'max_vs_next', 'max_vs_avg'):
            kind, want = {'max': 'VALUE', 'max_vs_next': 'MAX_VS_NEXT', 'max_vs_avg': 'MAX_VS_AVG'}[measure.__name__], '>='
        else:
            raise MechanistImportError(f'{where}: termination_measure',
                                       f'{measure!r} is not in the model format (MAX_ABS_DIFF or a TimeScale; for an '
                                       'LCA also the threshold_criterion VALUE, MAX_VS_NEXT, MAX_VS_AVG)')
        if op != want:
            raise MechanistImportError(f'{where}: termination_comparison_op',
                                       f'"{op}" with the measure {kind} is not in the model format (it compares {want})')
        if lca:
            spec['threshold'] = threshold
            criterion = 'CONVERGENCE' if kind == 'MAX_ABS_DIFF' else kind
            if criterion in ('TIME_STEP', 'PASS', 'TRIAL', 'RUN'):
                del spec['threshold']
                spec['termination_threshold'] = threshold
                spec['termination_measure'] = criterion
            elif criterion != 'VALUE':
                spec['threshold_criterion'] = criterion
            else:
                spec['threshold_criterion'] = 'VALUE'
        else:
            spec['termination_threshold'] = threshold
            if kind != 'MAX_ABS_DIFF':
                spec['termination_measure'] = kind

    def value(self, v, where):
        """A parameter value: a number, one per element, or one row per input port."""
        a = np.asarray(v, dtype=float)
        u = _uniform(a)
        if u is not None:
            return u
        if a.ndim == 2 and a.shape[0] == 1:
            return _tolist(a[0])
        return _tolist(a)

    def noise(self, noise, where):
        if noise is None:
            return None
        t = type(noise).__name__
        if t == 'NormalDist':
            spec = {'type': 'NormalDist'}
            for k, d in (('mean', 0.0), ('standard_deviation', 1.0)):
                v = _number(_get(getattr(noise.parameters, k), self.comp))
                if v != d:
                    spec[k] = v
            return spec
        if t == 'UniformDist':
            spec = {'type': 'UniformDist'}
            for k, d in (('low', 0.0), ('high', 1.0)):
                v = _number(_get(getattr(noise.parameters, k), self.comp))
                if v != d:
                    spec[k] = v
            return spec
        if hasattr(noise, 'parameters') or callable(noise):
            raise MechanistImportError(where, f'{t} noise is not in the model format (a number, one per element, '
                                              'NormalDist or UniformDist)')
        a = np.asarray(noise, dtype=float)
        if not np.any(a):
            return None    # PsyNeuLink adds no noise of 0
        return self.value(a, where)

    def recurrent(self, mech, spec, where):
        comp = self.comp
        P = mech.parameters
        matrix = self.current_matrix(mech.recurrent_projection)
        spec['matrix'] = _tolist(matrix)
        self.energy_matrix(mech, matrix, where)
        if bool(_get(P.has_recurrent_input_port, comp)):
            spec['has_recurrent_input_port'] = True
            f = self.function(mech.combination_function, f'{where}: combination_function',
                              allowed={'LinearCombination'}, default_type='LinearCombination')
            if f is not None:
                spec['combination_function'] = f
        # PsyNeuLink 0.21 leaves the enable_learning parameter False even when the constructor's
        # enable_learning=True built the learning mechanism: the mechanism is what tells.
        lm = getattr(mech, 'learning_mechanism', None)
        if lm is not None and lm in self.comp.nodes:
            if type(lm.function).__name__ != 'Hebbian':
                raise MechanistImportError(f'{where}: learning_function',
                                           f'{type(lm.function).__name__} is not in the model format (only Hebbian)')
            spec['enable_learning'] = True
            spec['learning_rate'] = self.value(_get(lm.parameters.learning_rate, comp), f'{where}: learning_rate')
            enabled = lm.learning_enabled
            if enabled is False:
                spec['learning_enabled'] = False
            elif enabled is not True:
                raise MechanistImportError(f'{where}: learning_enabled',
                                           f'{enabled!r} is not in the model format for Hebbian learning (true or false)')

    def energy_matrix(self, mech, matrix, where):
        """PsyNeuLink's ENERGY port keeps the matrix the node was built with, while the model format
        computes ENERGY from the node's matrix: after Hebbian learning (or a changed matrix) the two
        differ, and the export could not report PsyNeuLink's ENERGY."""
        if 'energy' not in mech.output_ports.names:
            return
        fn = mech.output_ports['energy'].function
        built = np.asarray(_get(fn.parameters.matrix, self.comp), dtype=float)
        hollow = 1 - np.eye(matrix.shape[0])
        if built.shape != matrix.shape or not np.array_equal(built * hollow, matrix * hollow):
            raise MechanistImportError(
                f'{where}: output port ENERGY',
                'PsyNeuLink computes ENERGY with the recurrent matrix the node was built with, which is no longer '
                'its matrix (learned or changed since); the model format computes ENERGY from the matrix it '
                'exports. Import before learning, or report LEARNED_ENERGY in the model file instead')

    def lca(self, mech, spec, where):
        comp = self.comp
        P = mech.parameters
        spec['leak'] = _number(_get(P.leak, comp))
        competition = _get(P.competition, comp)
        if competition is not None:
            spec['competition'] = _number(competition)
        se = _uniform(_get(P.self_excitation, comp))
        if se is not None:
            spec['self_excitation'] = se
        spec['time_step_size'] = _number(_get(P.time_step_size, comp))

    def objective(self, mech, spec, where):
        comp = self.comp
        fn = mech.function
        if type(fn).__name__ != 'LinearCombination':
            self.function(fn, f'{where}: function', allowed={'LinearCombination'})
        weights = _get(fn.parameters.weights, comp)
        exponents = _get(fn.parameters.exponents, comp)
        monitor = []
        for k, port in enumerate(mech.input_ports):
            pw = f'{where}: monitored port {k} ("{port.name}")'
            projs = list(port.path_afferents)
            if len(projs) != 1:
                raise MechanistImportError(pw, f'it receives {len(projs)} projections; the model format monitors '
                                               'exactly one port per input port')
            proj = projs[0]
            entry: Dict[str, Any] = {'port': self.output_port_full(proj.sender, pw)}
            w = 1.0 if weights is None else np.asarray(weights, dtype=float)[k]
            e = 1.0 if exponents is None else np.asarray(exponents, dtype=float)[k]
            entry['weight'] = self.value(w, f'{pw}: weight')
            entry['exponent'] = self.value(e, f'{pw}: exponent')
            entry['matrix'] = _tolist(self.current_matrix(proj))
            size = np.asarray(port.defaults.value).size
            if size != np.asarray(proj.sender.defaults.value).size:
                entry['variable'] = _tolist(np.asarray(port.defaults.value, dtype=float).reshape(-1))
            monitor.append(entry)
        spec['monitor'] = monitor
        f = self.combination(fn, f'{where}: function', keep_weights=False)
        if f is not None:
            spec['function'] = f

    def output_port_full(self, port, where):
        """A monitored or compared port, always as node.PORT."""
        return f'{self.node_ref(port.owner, where)}.{self.port_name(port, where)}'

    def combination(self, fn, where, keep_weights, default_weights=None):
        """An Objective's or Comparator's LinearCombination; weights/exponents are the monitors' own
        (keep_weights False) or part of the function (the Comparator's)."""
        spec = self.function(fn, where, allowed={'LinearCombination'}, default_type='LinearCombination')
        if spec is None:
            return None
        if not keep_weights:
            spec.pop('weights', None)
            spec.pop('exponents', None)
        elif default_weights is not None and _equal(spec.get('weights'), default_weights):
            spec.pop('weights')
        return spec if len(spec) > 1 else None

    def comparator(self, mech, spec, where):
        for key in ('SAMPLE', 'TARGET'):
            port = mech.input_ports[key]
            projs = list(port.path_afferents)
            pw = f'{where}: {key}'
            if len(projs) != 1:
                raise MechanistImportError(pw, f'it receives {len(projs)} projections; the model format takes one')
            m = self.current_matrix(projs[0])
            if m.shape[0] != m.shape[1] or not np.array_equal(m, np.eye(m.shape[0])):
                raise MechanistImportError(pw, 'its projection matrix is not the identity; the model format\'s '
                                               'Comparator reads its SAMPLE and TARGET unchanged')
            spec[key.lower()] = self.output_port_full(projs[0].sender, pw)
        f = self.combination(mech.function, f'{where}: function', keep_weights=True, default_weights=[[-1.0], [1.0]])
        if f is not None:
            spec['function'] = f

    # ----------------------------------------------------------------- projections
    def current_matrix(self, proj):
        """The matrix the projection uses at its next execution.  After Composition.learn() the last
        trial's change is already in the MATRIX ParameterPort's accumulator (previous_value) but not
        yet in the matrix parameter: PsyNeuLink applies it when the projection next executes."""
        comp = self.comp
        matrix = np.asarray(_get(proj.parameters.matrix, comp), dtype=float)
        port = proj.parameter_ports['matrix'] if 'matrix' in proj.parameter_ports.names else None
        if port is not None and port.mod_afferents and type(port.function).__name__ == 'AccumulatorIntegrator':
            try:
                pending = np.asarray(_get(port.function.parameters.previous_value, comp), dtype=float)
            except Exception:
                pending = None
            if pending is not None and pending.shape == matrix.shape:
                matrix = pending
        if not np.all(np.isfinite(matrix)):
            raise MechanistImportError(f'projection "{proj.name}"', 'its matrix holds values that are not finite')
        return matrix

    def projections(self) -> List[Dict[str, Any]]:
        pnl = self.pnl
        out = []
        skip_receivers = ('ObjectiveMechanism', 'ComparatorMechanism')
        for proj in self.comp.projections:
            sender, receiver = proj.sender.owner, proj.receiver.owner
            if isinstance(proj, pnl.AutoAssociativeProjection) and sender is receiver \
                    and getattr(sender, 'recurrent_projection', None) is proj:
                continue       # the recurrent node's matrix
            if not isinstance(proj, pnl.MappingProjection):
                if isinstance(proj, pnl.LearningProjection):
                    continue   # learning is exported with its pathway
                raise MechanistImportError(f'{type(proj).__name__} "{proj.name}"',
                                           'this kind of projection is not in the model format')
            if sender not in self.nodes or receiver not in self.nodes:
                continue       # interface (CIM) and learning projections
            if type(receiver).__name__ in skip_receivers:
                continue       # exported as the monitor / sample / target of the receiver
            where = f'projection "{proj.name}"'
            spec: Dict[str, Any] = {}
            if not proj.name.startswith('MappingProjection from '):
                spec['name'] = proj.name
            spec['sender'] = self.output_ref(proj.sender, where)
            spec['receiver'] = self.input_ref(proj.receiver, where)
            spec['matrix'] = _tolist(self.current_matrix(proj))
            if not proj.learnable:
                spec['learnable'] = False
            for attr in ('weight', 'exponent'):
                v = _get(getattr(proj.parameters, attr), self.comp) if hasattr(proj.parameters, attr) else None
                if v is not None:
                    raise MechanistImportError(where, f'its {attr} {v!r} is not in the model format')
            if type(proj.function).__name__ not in ('MatrixTransform', 'LinearMatrix'):
                raise MechanistImportError(where, f'its function {type(proj.function).__name__} is not in the model '
                                                  'format (a projection multiplies by its matrix)')
            lr = _get(proj.parameters.learning_rate, self.comp) if hasattr(proj.parameters, 'learning_rate') else None
            if lr is not None:
                spec['learning_rate'] = _number(lr)
            spec['_proj'] = proj
            out.append(spec)
        names = [p.get('name', f'{p["sender"]}->{p["receiver"]}') for p in out]
        for n in names:
            if names.count(n) > 1:
                raise MechanistImportError(f'projection "{n}"', 'two projections have this name; name them apart '
                                                                 '(MappingProjection(name=...))')
        return out

    # ----------------------------------------------------------------- learning
    def learning(self, projections, model):
        pnl, comp = self.pnl, self.comp
        by_proj = {p['_proj']: p for p in projections}
        pathways = []
        model_rate = _number(comp.learning_rate) if getattr(comp, 'learning_rate', None) is not None else None
        if model_rate is not None and model_rate != 0.05:
            model['learning_rate'] = model_rate
        for pw in comp.pathways:
            lc = getattr(pw, 'learning_components', None) or {}
            if not lc:
                continue
            where = f'learning pathway "{pw.name}"'
            fn = lc.get('learning_function', getattr(pw, 'learning_function', None))
            fname = getattr(fn, '__name__', type(fn).__name__)
            if fname != 'BackPropagation':
                raise MechanistImportError(where, f'{fname} learning is not in the model format (only BackPropagation '
                                                  'pathways and Hebbian learning of recurrent nodes)')
            seq = [c for c in pw.pathway if isinstance(c, pnl.Mechanism)]
            spec: Dict[str, Any] = {'type': 'backpropagation', 'pathway': [self.node_ref(m, where) for m in seq]}
            for a, b in zip(seq, seq[1:]):
                links = [p for p in projections if p['_proj'].sender.owner is a and p['_proj'].receiver.owner is b]
                if len(links) != 1:
                    raise MechanistImportError(where, f'{len(links)} projections from "{a.name}" to "{b.name}"; the '
                                                      'model format learns along exactly one')
            lms = list(lc.get(pnl.LEARNING_MECHANISMS, []))
            rate = getattr(pw, 'learning_rate', None)
            if rate is not None:
                spec['learning_rate'] = _number(rate)
            loss = None
            enabled = set()
            for lm in lms:
                ls = getattr(lm.function, 'loss_spec', None)
                if ls is not None:
                    loss = _enum_name(ls)
                enabled.add(str(lm.learning_enabled))
            loss = loss or 'MSE'
            if loss not in LOSSES:
                raise MechanistImportError(f'{where}: loss', f'{loss} is not in the model format ({", ".join(sorted(LOSSES))})')
            if loss != 'MSE':
                spec['loss'] = loss
            if len(enabled) > 1:
                raise MechanistImportError(f'{where}: learning_enabled', f'its LearningMechanisms differ ({sorted(enabled)}); '
                                                                         'the model format has one setting per pathway')
            e = enabled.pop() if enabled else 'True'
            if e == 'False':
                spec['learning_enabled'] = False
            elif e == 'online':
                spec['learning_enabled'] = 'online'
            elif e not in ('True', 'after'):
                raise MechanistImportError(f'{where}: learning_enabled', f'{e} is not in the model format')
            target = lc.get(pnl.TARGET_MECHANISM)
            if target is not None and not target.name.startswith('TARGET for '):
                spec['target'] = target.name
            # the rate each LearningMechanism uses must be the one the format's precedence gives
            for lm in lms:
                for proj in lm.learned_projections:
                    p = by_proj.get(proj)
                    if p is None:
                        raise MechanistImportError(where, f'it learns "{proj.name}", which is not a projection of the model')
                    used = _get(lm.parameters.learning_rate, comp)
                    used = _number(np.asarray(used, dtype=float).reshape(-1)[0]) if used is not None else None
                    resolved = p.get('learning_rate', spec.get('learning_rate', model.get('learning_rate', 0.05)))
                    if used is not None and used != resolved:
                        p['learning_rate'] = used
            pathways.append(spec)
            self.pathway_rate(spec, lms, by_proj, comp)
        return pathways

    def pathway_rate(self, spec, lms, by_proj, comp):
        """PsyNeuLink copies a pathway's learning_rate onto each of its projections; write it once,
        on the pathway, when every projection of this pathway alone has it."""
        if 'learning_rate' in spec:
            return
        mine = [by_proj[p] for lm in lms for p in lm.learned_projections]
        rates = {p.get('learning_rate') for p in mine}
        shared = any(p in other for other in self.learned_elsewhere(lms) for p in
                     [q for lm in lms for q in lm.learned_projections])
        if len(rates) == 1 and None not in rates and not shared:
            spec['learning_rate'] = rates.pop()
            for p in mine:
                del p['learning_rate']

    def learned_elsewhere(self, lms):
        pnl = self.pnl
        out = []
        for pw in self.comp.pathways:
            lc = getattr(pw, 'learning_components', None) or {}
            other = list(lc.get(pnl.LEARNING_MECHANISMS, []))
            if other and other != lms:
                out.append([q for lm in other for q in lm.learned_projections])
        return out

    # ----------------------------------------------------------------- scheduler
    def condition(self, c, where):
        pnl = self.pnl
        t = type(c).__name__
        mro = [k.__name__ for k in type(c).__mro__]

        def ts(default='TRIAL'):
            s = getattr(c, 'time_scale', None)
            name = TIME_SCALE_NAMES.get(s.name, s.name) if s is not None else default
            return {} if name == default else {'time_scale': name}

        def node(m):
            return self.node_ref(m, f'{where} ({t})')

        if t in ('Always', 'Never'):
            return {'type': t}
        if t in ('AtTrialStart', 'AtEnvironmentStateUpdateStart'):
            return {'type': 'AtPass', 'n': 0}
        if t in ('AtPass', 'AfterPass'):
            if len(c.args) > 1 and TIME_SCALE_NAMES.get(_enum_name(c.args[1])) not in (None, 'TRIAL'):
                raise MechanistImportError(where, f'{t} counted over {c.args[1]} is not in the model format')
            return {'type': t, 'n': int(c.args[0])}
        if 'AtEnvironmentStateUpdate' in mro or t == 'AtTrial':
            return {'type': 'AtTrial', 'n': int(c.args[0])}
        if 'AfterEnvironmentStateUpdate' in mro or t == 'AfterTrial':
            return {'type': 'AfterTrial', 'n': int(c.args[0])}
        if t == 'EveryNCalls':
            return {'type': t, 'node': node(c.args[0]), 'n': int(c.args[1])}
        if t in ('AfterNCalls', 'AtNCalls', 'BeforeNCalls'):
            return {'type': t, 'node': node(c.args[0]), 'n': int(c.args[1]), **ts()}
        if t == 'WhenFinished':
            return {'type': t, 'node': node(c.args[0])}
        if t == 'AllHaveRun':
            spec = {'type': t}
            if c.args:
                spec['nodes'] = [node(m) for m in c.args]
            spec.update(ts())
            return spec
        if t == 'Threshold':
            k = c.kwargs
            spec = {'type': t, 'node': node(k['dependency']), 'parameter': k['parameter'],
                    'threshold': _number(k['threshold']), 'comparator': k['comparator']}
            if k.get('indices') is not None:
                spec['indices'] = [int(i) for i in k['indices']]
            for a in ('atol', 'rtol'):
                if k.get(a):
                    spec[a] = _number(k[a])
            return spec
        if t in ('All', 'Any'):
            return {'type': t, 'conditions': [self.condition(x, f'{where}.conditions[{i}]') for i, x in enumerate(c.args)]}
        if t == 'Not':
            return {'type': t, 'condition': self.condition(c.condition, f'{where}.condition')}
        raise MechanistImportError(where, f'the condition {t} is not in the model format (it has Always, Never, AtPass, '
                                          'AfterPass, AtTrial, AfterTrial, AtTrialStart, EveryNCalls, AfterNCalls, '
                                          'AtNCalls, BeforeNCalls, WhenFinished, AllHaveRun, Threshold, All, Any, Not)')

    def scheduler(self):
        sch = self.comp.scheduler
        out: Dict[str, Any] = {}
        conds = {}
        for node, c in dict(getattr(sch, '_user_specified_conds').conditions).items():
            if node in self.learning_nodes:
                raise MechanistImportError(f'the condition on "{node.name}"', 'conditions on learning components are not '
                                                                              'in the model format')
            if node not in self.nodes:
                continue
            conds[node] = self.condition(c, f'scheduler condition of "{node.name}"')
        if conds:
            out['conditions'] = {n.name: conds[n] for n in self.nodes if n in conds}
        term = {}
        for scale, c in (getattr(sch, '_user_specified_termination_conds', None) or {}).items():
            name = TIME_SCALE_NAMES.get(_enum_name(scale), _enum_name(scale))
            t = type(c).__name__
            if name == 'TRIAL':
                if t == 'AllHaveRun' and not c.args and TIME_SCALE_NAMES.get(_enum_name(c.time_scale)) == 'TRIAL':
                    continue   # the default
                term['trial'] = self.condition(c, 'the termination condition of a trial')
            elif name == 'RUN' and t == 'Never':
                continue
            else:
                raise MechanistImportError(f'the termination condition for {name} ({t})',
                                           'the model format ends only trials by a condition')
        if term:
            out['termination'] = term
        resets = {}
        for node in self.nodes:
            c = getattr(node, 'reset_stateful_function_when', None)
            if c is not None and type(c).__name__ != 'Never':
                resets[node.name] = self.condition(c, f'reset_stateful_function_when of "{node.name}"')
        if resets:
            out['reset_stateful_function_when'] = resets
        return out

    def roles(self, specs):
        pnl = self.pnl
        allowed = {'INPUT', 'OUTPUT', 'INTERNAL', 'ORIGIN', 'TERMINAL'}
        by_name = {s['name']: s for s in specs}
        for node, role in getattr(self.comp, 'required_node_roles', []):
            name = _enum_name(role)
            if node not in self.nodes or name in LEARNING_ROLES:
                continue   # learning pathways give these roles; the format derives them again
            if name not in allowed:
                raise MechanistImportError(f'required role {name} of "{node.name}"',
                                           f'the model format has the roles {", ".join(sorted(allowed))}')
            roles = by_name[node.name].setdefault('roles', [])
            if name not in roles:
                roles.append(name)

    # ----------------------------------------------------------------- the whole
    def model(self, name=None, seed=None) -> Dict[str, Any]:
        self.check_composition()
        self.find_learning_nodes()
        model: Dict[str, Any] = {'format': 1, 'name': name or self.comp.name}
        if seed is not None:
            model['seed'] = int(seed)
        names = [n.name for n in self.nodes]
        for n in names:
            if names.count(n) > 1:
                raise MechanistImportError(f'node "{n}"', 'two nodes have this name; the model format needs unique names')
        specs = [self.node(m) for m in self.nodes]
        self.roles(specs)
        model['nodes'] = specs
        projections = self.projections()
        learning = self.learning(projections, model)
        model['projections'] = [{k: v for k, v in p.items() if k != '_proj'} for p in projections]
        if not model['projections']:
            del model['projections']
        sch = self.scheduler()
        if sch:
            model['scheduler'] = sch
        if learning:
            model['learning'] = learning
        return model


def from_psyneulink(composition, *, name: Optional[str] = None, seed: Optional[int] = None) -> Dict[str, Any]:
    """Translate a live PsyNeuLink 0.21 Composition into a Mechanist model (format 1).

    The Composition is read as it is now: a Composition that has learned is exported with its
    learned matrices (including the last trial's change, which PsyNeuLink applies at the
    projection's next execution).  ``name`` replaces the Composition's name; ``seed`` sets the
    model's seed (Mechanist draws noise from its own generator, so PsyNeuLink's noise seeds are
    not carried over).

    Raises MechanistImportError for anything the model format cannot express: AutodiffComposition,
    control mechanisms and controllers, nested Compositions, user-defined or unknown functions, and
    any parameter without a field in the format whose value differs from PsyNeuLink's default.
    """
    return _Importer(composition).model(name=name, seed=seed)
