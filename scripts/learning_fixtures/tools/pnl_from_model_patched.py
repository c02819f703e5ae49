#!/usr/bin/env python3
"""Build and run the PsyNeuLink 0.21 Composition that a Mechanist format-1 model file describes.

A reference runner: it reads a model file and an inputs file exactly as
../shared/MODEL_FORMAT.md specifies them, builds the equivalent PsyNeuLink 0.21.0.0
Composition (Python execution mode), runs it (``Composition.run``) or trains it
(``Composition.learn``), and prints the result JSON in the shape ``mechanist run``/``learn`` print:

    {"results": [...per trial: the OUTPUT nodes' output-port values...],
     "nodes":   {"node": {"PORT": [...per trial...]}},      (only with --record)
     "weights": {"projection name": [[...]], "rtm": [[...]]}, (only with --learn)
     "mode": "reference", "trials": N, "seconds": {"compile": .., "run": ..}}

Usage:
    pnl_from_model.py MODEL.json --inputs INPUTS.json [--trials N] [--learn] [--epochs E]
                      [--record node.PORT ...] [--output FILE]

Run it with a Python that has psyneulink==0.21.0.0 installed (a virtualenv outside the repo).

Conventions fixed here (where MODEL_FORMAT.md leaves a choice open):
  * Trials: entry t of every input list is used in trial t (cycling when a list is shorter).
    Without --trials a run has as many trials as the longest input list; with --learn and
    --epochs E it has E * (that length) trials.
  * results: per trial, the output-port values of the OUTPUT nodes, nodes in the order of the
    model's "nodes" list, ports in the node's output_ports order (PsyNeuLink's results layout).
  * weights (after --learn): learned MappingProjections under their "name" (default
    "<sender>-><receiver>" as written in the model), Hebbian-learned recurrent matrices of
    RecurrentTransferMechanisms under the node's name.
  * Port names are PsyNeuLink's standard port keywords in upper case (RESULT, ENERGY, ENTROPY,
    MAX_VS_NEXT, DECISION_STEPS, OUTCOME, SSE, MSE, SUM, ...); "RESULT" also names the primary
    output port of a ProcessingMechanism (PsyNeuLink calls that one "OutputPort-0").
  * termination_measure: "MAX_ABS_DIFF" (default), or a time scale "TIME_STEP", "PASS",
    "TRIAL", "RUN" (execute until the mechanism has run termination_threshold times in it).

Anything the format can say that has no PsyNeuLink equivalent here (RANDOM matrices drawn from
Mechanist's own generator, unknown fields, ...) fails with a message naming the field.
"""
import argparse
import copy
import json
import math
import os
import sys
import time
import warnings

FORMAT_VERSION = 1


class ModelError(Exception):
    """A model or inputs file that cannot be mapped to PsyNeuLink; the message names the field."""


# ------------------------------------------------------------------------------------------------
# file loading and small helpers
# ------------------------------------------------------------------------------------------------
def load_file(path):
    with open(path) as f:
        text = f.read()
    if path.endswith(('.yaml', '.yml')):
        try:
            import yaml
        except ImportError:
            raise ModelError(f'{path}: YAML needs the PyYAML package')
        return yaml.safe_load(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ModelError(f'{path}: malformed JSON: {e}')


def check_fields(obj, allowed, where, required=()):
    if not isinstance(obj, dict):
        raise ModelError(f'{where}: expected an object, got {type(obj).__name__}')
    for k in obj:
        if k not in allowed:
            raise ModelError(f'{where}.{k}: unknown field (allowed: {", ".join(sorted(allowed))})')
    for k in required:
        if k not in obj:
            raise ModelError(f'{where}: missing required field "{k}"')


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_numeric(x, where):
    """Numbers or (nested) lists of numbers, all finite."""
    if is_number(x):
        if not math.isfinite(x):
            raise ModelError(f'{where}: not a finite number ({x})')
        return
    if isinstance(x, list):
        for i, e in enumerate(x):
            check_numeric(e, f'{where}[{i}]')
        return
    raise ModelError(f'{where}: expected a number or a list of numbers, got {json.dumps(x)[:60]}')


def jsonable(x):
    import numpy as np
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        if x.dtype == object:
            return [jsonable(v) for v in x]
        return jsonable(x.tolist())
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, np.integer):
        return float(x)
    if isinstance(x, (np.floating, float)):
        return float(x)
    return x


# ------------------------------------------------------------------------------------------------
# the schema (field names are PsyNeuLink 0.21 constructor arguments)
# ------------------------------------------------------------------------------------------------
MODEL_FIELDS = {'format', 'name', 'seed', 'nodes', 'projections', 'scheduler', 'learning', 'learning_rate'}
COMMON_NODE_FIELDS = {'name', 'type', 'size', 'default_variable', 'function', 'output_ports', 'roles'}
TRANSFER_FIELDS = {'integrator_mode', 'integration_rate', 'initial_value', 'noise', 'clip',
                   'execute_until_finished', 'max_executions_before_finished',
                   'termination_threshold', 'termination_measure'}
RTM_FIELDS = {'matrix', 'auto', 'hetero', 'has_recurrent_input_port', 'combination_function',
              'enable_learning', 'learning_rate', 'learning_enabled'}
LCA_FIELDS = {'leak', 'competition', 'self_excitation', 'time_step_size', 'threshold', 'threshold_criterion'}
NODE_FIELDS = {
    'ProcessingMechanism': COMMON_NODE_FIELDS,
    'TransferMechanism': COMMON_NODE_FIELDS | TRANSFER_FIELDS,
    'RecurrentTransferMechanism': COMMON_NODE_FIELDS | TRANSFER_FIELDS | RTM_FIELDS,
    'LCAMechanism': COMMON_NODE_FIELDS | TRANSFER_FIELDS | RTM_FIELDS | LCA_FIELDS,
    'ObjectiveMechanism': COMMON_NODE_FIELDS | {'monitor'},
    'ComparatorMechanism': {'name', 'type', 'function', 'output_ports', 'roles', 'sample', 'target'},
}
PROJECTION_FIELDS = {'sender', 'receiver', 'matrix', 'name', 'learnable', 'learning_rate'}
SCHEDULER_FIELDS = {'conditions', 'termination', 'reset_stateful_function_when'}
LEARNING_FIELDS = {'type', 'pathway', 'learning_rate', 'loss', 'learning_enabled', 'target'}
MONITOR_FIELDS = {'port', 'weight', 'exponent', 'matrix', 'variable'}

FUNCTION_PARAMS = {
    'Linear': {'slope', 'intercept', 'scale', 'offset'},
    'Logistic': {'gain', 'x_0', 'bias', 'scale', 'offset'},
    'Tanh': {'gain', 'x_0', 'bias', 'scale', 'offset'},
    'ReLU': {'gain', 'bias', 'leak', 'scale', 'offset'},
    'Exponential': {'rate', 'bias', 'scale', 'offset'},
    'Gaussian': {'standard_deviation', 'bias', 'scale', 'offset'},
    'SoftMax': {'gain', 'output', 'per_item'},
    'LinearCombination': {'operation', 'weights', 'exponents', 'scale', 'offset'},
    'Reduce': {'operation', 'weights', 'exponents', 'scale', 'offset'},
}
SOFTMAX_OUTPUTS = {'ALL', 'MAX_VAL', 'MAX_INDICATOR'}
OPERATIONS = {'SUM', 'PRODUCT'}
THRESHOLD_CRITERIA = {'VALUE', 'MAX_VS_NEXT', 'MAX_VS_AVG', 'CONVERGENCE'}
TIME_SCALES = {'TIME_STEP', 'PASS', 'TRIAL', 'RUN'}
LOSSES = {'MSE', 'SSE', 'L0'}
ROLES = {'INPUT', 'OUTPUT', 'INTERNAL', 'ORIGIN', 'TERMINAL'}
MATRIX_KEYWORDS = {'IDENTITY': 'IDENTITY_MATRIX', 'FULL_CONNECTIVITY': 'FULL_CONNECTIVITY_MATRIX',
                   'HOLLOW': 'HOLLOW_MATRIX'}
CONDITION_ARGS = {
    'Always': set(), 'Never': set(),
    'AtPass': {'n'}, 'AfterPass': {'n'}, 'AtTrial': {'n'}, 'AfterTrial': {'n'},
    'EveryNCalls': {'node', 'n'}, 'AfterNCalls': {'node', 'n', 'time_scale'},
    'AtNCalls': {'node', 'n', 'time_scale'}, 'BeforeNCalls': {'node', 'n', 'time_scale'},
    'WhenFinished': {'node'}, 'AllHaveRun': {'nodes', 'time_scale'},
    'Threshold': {'node', 'parameter', 'threshold', 'comparator', 'indices', 'atol', 'rtol'},
    'All': {'conditions'}, 'Any': {'conditions'}, 'Not': {'condition'},
}
CONDITION_REQUIRED = {
    'AtPass': ('n',), 'AfterPass': ('n',), 'AtTrial': ('n',), 'AfterTrial': ('n',),
    'EveryNCalls': ('node', 'n'), 'AfterNCalls': ('node', 'n'), 'AtNCalls': ('node', 'n'),
    'BeforeNCalls': ('node', 'n'), 'WhenFinished': ('node',),
    'Threshold': ('node', 'parameter', 'threshold', 'comparator'),
    'All': ('conditions',), 'Any': ('conditions',), 'Not': ('condition',),
}


# ------------------------------------------------------------------------------------------------
# the builder
# ------------------------------------------------------------------------------------------------
class Built:
    """A PsyNeuLink Composition built from a model, with the lookups the runner needs."""

    def __init__(self):
        self.comp = None
        self.mechs = {}            # node name -> Mechanism
        self.node_specs = {}       # node name -> node dict
        self.node_order = []       # names in the model's order
        self.projections = []      # (spec, MappingProjection, display name)
        self.targets = {}          # target name / output node name -> TARGET mechanism
        self.learned = []          # (display name, MappingProjection) learned by backprop
        self.hebbian = []          # (node name, RTM) with enable_learning
        self.termination = {}      # TimeScale -> Condition
        self.has_learning = False


class Builder:
    def __init__(self, model, where='model'):
        import numpy as np
        import psyneulink as pnl
        self.np, self.pnl = np, pnl
        self.model = model
        self.where = where
        self.b = Built()

    # ---------------------------------------------------------------- values
    def array(self, x, where):
        check_numeric(x, where)
        return self.np.array(x, dtype=float)

    def matrix(self, spec, where):
        if isinstance(spec, str):
            if spec not in MATRIX_KEYWORDS:
                raise ModelError(f'{where}: unknown matrix keyword "{spec}" '
                                 f'(use {", ".join(sorted(MATRIX_KEYWORDS))} or a nested list)')
            return getattr(self.pnl, MATRIX_KEYWORDS[spec])
        if isinstance(spec, dict):
            if spec.get('type') == 'RANDOM':
                raise ModelError(f'{where}: RANDOM matrices are drawn from Mechanist\'s own generator; '
                                 f'PsyNeuLink cannot reproduce them (give the matrix explicitly)')
            raise ModelError(f'{where}: unknown matrix specification {json.dumps(spec)}')
        m = self.array(spec, where)
        if m.ndim != 2:
            raise ModelError(f'{where}: a matrix must be a nested list (rows = sender units)')
        return m

    def function(self, spec, where):
        pnl = self.pnl
        if isinstance(spec, str):
            spec = {'type': spec}
        check_fields(spec, {'type'} | FUNCTION_PARAMS.get(spec.get('type'), set()), where, required=('type',))
        ftype = spec['type']
        if ftype not in FUNCTION_PARAMS:
            raise ModelError(f'{where}.type: unknown function type "{ftype}" '
                             f'(known: {", ".join(sorted(FUNCTION_PARAMS))})')
        kw = {}
        for k, v in spec.items():
            if k == 'type':
                continue
            w = f'{where}.{k}'
            if k == 'output':
                if v not in SOFTMAX_OUTPUTS:
                    raise ModelError(f'{w}: SoftMax output must be one of {sorted(SOFTMAX_OUTPUTS)} '
                                     f'(PROB draws from PsyNeuLink\'s generator and is not supported)')
                kw[k] = {'ALL': pnl.ALL, 'MAX_VAL': pnl.MAX_VAL, 'MAX_INDICATOR': pnl.MAX_INDICATOR}[v]
            elif k == 'per_item':
                if not isinstance(v, bool):
                    raise ModelError(f'{w}: expected true or false')
                kw[k] = v
            elif k == 'operation':
                if v not in OPERATIONS:
                    raise ModelError(f'{w}: operation must be SUM or PRODUCT')
                kw[k] = pnl.SUM if v == 'SUM' else pnl.PRODUCT
            else:
                check_numeric(v, w)
                kw[k] = v if is_number(v) else self.np.array(v, dtype=float)
        return getattr(pnl, ftype)(**kw)

    def noise(self, spec, where):
        if is_number(spec) or isinstance(spec, list):
            check_numeric(spec, where)
            return float(spec) if is_number(spec) else self.np.array(spec, dtype=float)
        if isinstance(spec, dict):
            t = spec.get('type')
            if t == 'NormalDist':
                check_fields(spec, {'type', 'mean', 'standard_deviation', 'seed'}, where)
                print(f'warning: {where}: NormalDist noise uses PsyNeuLink\'s generator; Mechanist\'s '
                      f'draws will differ', file=sys.stderr)
                kw = {k: spec[k] for k in ('mean', 'standard_deviation', 'seed') if k in spec}
                return self.pnl.NormalDist(**kw)
            if t == 'UniformDist':
                check_fields(spec, {'type', 'low', 'high', 'seed'}, where)
                kw = {k: spec[k] for k in ('low', 'high', 'seed') if k in spec}
                return self.pnl.UniformDist(**kw)
            raise ModelError(f'{where}.type: unknown noise distribution "{t}"')
        raise ModelError(f'{where}: noise must be a number, a list or a distribution object')

    def value_2d(self, x, where):
        """initial_value / default_variable style: a flat list means one port."""
        check_numeric(x, where)
        if is_number(x):
            return float(x)
        if x and all(is_number(e) for e in x):
            return self.np.array([x], dtype=float)
        return [self.np.array(e, dtype=float) for e in x] if any(
            isinstance(e, list) and len(e) != len(x[0]) for e in x) else self.np.array(x, dtype=float)

    def port_names(self, cls, names, where):
        """Map the format's upper-case port keywords to PsyNeuLink's standard port names."""
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ModelError(f'{where}: expected a list of port names')
        std = set()
        try:
            std = {p['name'] for p in cls.standard_output_ports}
        except Exception:
            pass
        out = []
        for i, n in enumerate(names):
            cands = [n]
            kwv = getattr(self.pnl, n, None)
            if isinstance(kwv, str):
                cands.append(kwv)
            hit = next((c for c in cands if c in std), None)
            if hit is None:
                raise ModelError(f'{where}[{i}]: "{n}" is not a standard output port of {cls.__name__} '
                                 f'(known: {", ".join(sorted(std))})')
            out.append(hit)
        return out

    # ---------------------------------------------------------------- references
    def split_ref(self, ref, where):
        """'node' or 'node.PORT' -> (name, port or None); node names may contain dots."""
        if not isinstance(ref, str):
            raise ModelError(f'{where}: expected "node" or "node.PORT", got {json.dumps(ref)}')
        if ref in self.b.node_specs:
            return ref, None
        best = None
        for name in self.b.node_specs:
            if ref.startswith(name + '.') and (best is None or len(name) > len(best)):
                best = name
        if best is None:
            raise ModelError(f'{where}: unknown node in "{ref}"')
        return best, ref[len(best) + 1:]

    def output_port(self, mech, port, where):
        if port is None:
            return mech.output_ports[0]
        names = [port]
        kwv = getattr(self.pnl, port, None)
        if isinstance(kwv, str):
            names.append(kwv)
        for n in names:
            if n in mech.output_ports.names:
                return mech.output_ports[n]
        if port == 'RESULT':
            return mech.output_ports[0]
        raise ModelError(f'{where}: node "{mech.name}" has no output port "{port}" '
                         f'(it has: {", ".join(mech.output_ports.names)})')

    def input_port(self, mech, port, where):
        if port is None:
            return mech.input_ports[0]
        if port in mech.input_ports.names:
            return mech.input_ports[port]
        raise ModelError(f'{where}: node "{mech.name}" has no input port "{port}" '
                         f'(it has: {", ".join(mech.input_ports.names)})')

    def mech_of(self, name, where):
        if name not in self.b.mechs:
            raise ModelError(f'{where}: unknown node "{name}"')
        return self.b.mechs[name]

    # ---------------------------------------------------------------- nodes
    def common_kwargs(self, spec, where, cls):
        kw = {'name': spec['name']}
        if 'size' in spec and 'default_variable' in spec:
            raise ModelError(f'{where}: give "size" or "default_variable", not both')
        if 'size' in spec:
            s = spec['size']
            if not (isinstance(s, int) and not isinstance(s, bool) and s > 0):
                raise ModelError(f'{where}.size: expected a positive integer')
            kw['input_shapes'] = s
        if 'default_variable' in spec:
            kw['default_variable'] = self.value_2d(spec['default_variable'], f'{where}.default_variable')
        if 'function' in spec:
            kw['function'] = self.function(spec['function'], f'{where}.function')
        if 'output_ports' in spec:
            kw['output_ports'] = self.port_names(cls, spec['output_ports'], f'{where}.output_ports')
        return kw

    def transfer_kwargs(self, spec, where, kw):
        pnl = self.pnl
        for k in ('integrator_mode', 'execute_until_finished'):
            if k in spec:
                if not isinstance(spec[k], bool):
                    raise ModelError(f'{where}.{k}: expected true or false')
                kw[k] = spec[k]
        if 'integration_rate' in spec:
            check_numeric(spec['integration_rate'], f'{where}.integration_rate')
            v = spec['integration_rate']
            kw['integration_rate'] = v if is_number(v) else self.np.array(v, dtype=float)
        if 'initial_value' in spec:
            kw['initial_value'] = self.value_2d(spec['initial_value'], f'{where}.initial_value')
        if 'noise' in spec:
            kw['noise'] = self.noise(spec['noise'], f'{where}.noise')
        if 'clip' in spec:
            c = spec['clip']
            check_numeric(c, f'{where}.clip')
            if not (isinstance(c, list) and len(c) == 2 and all(is_number(e) for e in c) and c[0] <= c[1]):
                raise ModelError(f'{where}.clip: expected [low, high] with low <= high')
            kw['clip'] = (float(c[0]), float(c[1]))
        if 'max_executions_before_finished' in spec:
            m = spec['max_executions_before_finished']
            if not (isinstance(m, int) and not isinstance(m, bool) and m > 0):
                raise ModelError(f'{where}.max_executions_before_finished: expected a positive integer')
            kw['max_executions_before_finished'] = m
        if 'termination_threshold' in spec:
            check_numeric(spec['termination_threshold'], f'{where}.termination_threshold')
            if not is_number(spec['termination_threshold']):
                raise ModelError(f'{where}.termination_threshold: expected a number')
            kw['termination_threshold'] = spec['termination_threshold']
        if 'termination_measure' in spec:
            m = spec['termination_measure']
            if m == 'MAX_ABS_DIFF':
                kw['termination_measure'] = pnl.Distance(metric=pnl.MAX_ABS_DIFF)
            elif m in TIME_SCALES:
                kw['termination_measure'] = getattr(pnl.TimeScale, m)
            else:
                raise ModelError(f'{where}.termination_measure: expected "MAX_ABS_DIFF" or a time scale '
                                 f'({", ".join(sorted(TIME_SCALES))}), got {json.dumps(m)}')
        return kw

    def rtm_kwargs(self, spec, where, kw):
        for k in ('has_recurrent_input_port', 'enable_learning'):
            if k in spec:
                if not isinstance(spec[k], bool):
                    raise ModelError(f'{where}.{k}: expected true or false')
                kw[k] = spec[k]
        if 'matrix' in spec:
            kw['matrix'] = self.matrix(spec['matrix'], f'{where}.matrix')
        for k in ('auto', 'hetero', 'learning_rate'):
            if k in spec:
                check_numeric(spec[k], f'{where}.{k}')
                kw[k] = spec[k] if is_number(spec[k]) else self.np.array(spec[k], dtype=float)
        if 'combination_function' in spec:
            kw['combination_function'] = self.function(spec['combination_function'], f'{where}.combination_function')
        if 'learning_enabled' in spec and not isinstance(spec['learning_enabled'], bool):
            raise ModelError(f'{where}.learning_enabled: expected true or false')
        return kw

    def lca_kwargs(self, spec, where, kw):
        pnl = self.pnl
        for k in ('leak', 'competition', 'self_excitation', 'time_step_size', 'threshold'):
            if k in spec:
                check_numeric(spec[k], f'{where}.{k}')
                kw[k] = spec[k] if is_number(spec[k]) else self.np.array(spec[k], dtype=float)
        if 'auto' in kw and 'self_excitation' in kw:
            raise ModelError(f'{where}: give "self_excitation" or "auto", not both')
        if 'hetero' in kw and 'competition' in kw:
            raise ModelError(f'{where}: give "competition" or "hetero", not both')
        if 'threshold' in kw and 'termination_threshold' in kw:
            raise ModelError(f'{where}: give "threshold" or "termination_threshold", not both')
        if 'threshold_criterion' in spec:
            c = spec['threshold_criterion']
            if c not in THRESHOLD_CRITERIA:
                raise ModelError(f'{where}.threshold_criterion: expected one of {sorted(THRESHOLD_CRITERIA)}')
            if 'termination_measure' in kw:
                raise ModelError(f'{where}: give "threshold_criterion" or "termination_measure", not both')
            kw['threshold_criterion'] = getattr(pnl, c)
        if 'matrix' in kw:
            kw[pnl.MATRIX] = kw.pop('matrix')
        return kw

    def monitor_item(self, item, where):
        if isinstance(item, str):
            name, port = self.split_ref(item, where)
            mech = self.mech_of(name, where)
            return self.output_port(mech, port, where)
        check_fields(item, MONITOR_FIELDS, where, required=('port',))
        name, port = self.split_ref(item['port'], f'{where}.port')
        out = self.output_port(self.mech_of(name, where), port, f'{where}.port')
        for k in ('weight', 'exponent'):
            if k in item:
                check_numeric(item[k], f'{where}.{k}')
        w = item.get('weight', 1)
        e = item.get('exponent', 1)
        if 'variable' in item:
            d = {self.pnl.VARIABLE: self.np.array(item['variable'], dtype=float),
                 self.pnl.WEIGHT: w, self.pnl.EXPONENT: e,
                 self.pnl.PROJECTIONS: [(out, self.matrix(item['matrix'], f'{where}.matrix'))
                                        if 'matrix' in item else out]}
            check_numeric(item['variable'], f'{where}.variable')
            return d
        if 'matrix' in item:
            return (out, w, e, self.matrix(item['matrix'], f'{where}.matrix'))
        if 'weight' in item or 'exponent' in item:
            return (out, w, e)
        return out

    def port_source(self, ref, where):
        name, port = self.split_ref(ref, where)
        return self.output_port(self.mech_of(name, where), port, where)

    def build_node(self, spec, where):
        pnl = self.pnl
        t = spec['type']
        if t == 'ObjectiveMechanism':
            kw = self.common_kwargs(spec, where, pnl.ObjectiveMechanism)
            if 'monitor' not in spec or not isinstance(spec['monitor'], list) or not spec['monitor']:
                raise ModelError(f'{where}.monitor: expected a non-empty list')
            kw['monitor'] = [self.monitor_item(m, f'{where}.monitor[{i}]') for i, m in enumerate(spec['monitor'])]
            return pnl.ObjectiveMechanism(**kw)
        if t == 'ComparatorMechanism':
            kw = {'name': spec['name']}
            for k in ('sample', 'target'):
                if k not in spec:
                    raise ModelError(f'{where}: missing required field "{k}"')
                kw[k] = self.port_source(spec[k], f'{where}.{k}')
            if 'function' in spec:
                kw['function'] = self.function(spec['function'], f'{where}.function')
            if 'output_ports' in spec:
                kw['output_ports'] = self.port_names(pnl.ComparatorMechanism, spec['output_ports'],
                                                     f'{where}.output_ports')
            return pnl.ComparatorMechanism(**kw)
        cls = getattr(pnl, t)
        kw = self.common_kwargs(spec, where, cls)
        if t == 'ProcessingMechanism':
            return pnl.ProcessingMechanism(**kw)
        kw = self.transfer_kwargs(spec, where, kw)
        if t == 'TransferMechanism':
            return pnl.TransferMechanism(**kw)
        kw = self.rtm_kwargs(spec, where, kw)
        if t == 'RecurrentTransferMechanism':
            return pnl.RecurrentTransferMechanism(**kw)
        kw = self.lca_kwargs(spec, where, kw)
        return pnl.LCAMechanism(**kw)

    # ---------------------------------------------------------------- conditions
    def condition(self, spec, where):
        pnl = self.pnl
        if isinstance(spec, str):
            spec = {'type': spec}
        if not isinstance(spec, dict) or 'type' not in spec:
            raise ModelError(f'{where}: a condition is {{"type": ..., ...}}')
        t = spec['type']
        if t not in CONDITION_ARGS:
            raise ModelError(f'{where}.type: unknown condition "{t}" (known: {", ".join(sorted(CONDITION_ARGS))})')
        check_fields(spec, {'type'} | CONDITION_ARGS[t], where, required=CONDITION_REQUIRED.get(t, ()))

        def n_arg():
            n = spec['n']
            if not (isinstance(n, int) and not isinstance(n, bool) and n >= 0):
                raise ModelError(f'{where}.n: expected a non-negative integer')
            return n

        def ts_kw():
            if 'time_scale' in spec:
                if spec['time_scale'] not in TIME_SCALES:
                    raise ModelError(f'{where}.time_scale: expected one of {sorted(TIME_SCALES)}')
                return {'time_scale': getattr(pnl.TimeScale, spec['time_scale'])}
            return {}

        if t in ('Always', 'Never'):
            return getattr(pnl, t)()
        if t in ('AtPass', 'AfterPass', 'AtTrial', 'AfterTrial'):
            return getattr(pnl, t)(n_arg())
        if t in ('EveryNCalls', 'AfterNCalls', 'AtNCalls', 'BeforeNCalls'):
            node = self.mech_of(spec['node'], f'{where}.node')
            if t == 'EveryNCalls':
                return pnl.EveryNCalls(node, n_arg())
            return getattr(pnl, t)(node, n_arg(), **ts_kw())
        if t == 'WhenFinished':
            return pnl.WhenFinished(self.mech_of(spec['node'], f'{where}.node'))
        if t == 'AllHaveRun':
            nodes = [self.mech_of(n, f'{where}.nodes') for n in spec.get('nodes', [])]
            return pnl.AllHaveRun(*nodes, **ts_kw())
        if t == 'Threshold':
            node = self.mech_of(spec['node'], f'{where}.node')
            comp = spec['comparator']
            if comp not in ('<', '<=', '>', '>=', '==', '!='):
                raise ModelError(f'{where}.comparator: expected one of < <= > >= == !=')
            kw = {k: spec[k] for k in ('indices', 'atol', 'rtol') if k in spec}
            return pnl.Threshold(node, spec['parameter'], spec['threshold'], comp, **kw)
        if t in ('All', 'Any'):
            if not isinstance(spec['conditions'], list):
                raise ModelError(f'{where}.conditions: expected a list')
            return getattr(pnl, t)(*[self.condition(c, f'{where}.conditions[{i}]')
                                     for i, c in enumerate(spec['conditions'])])
        if t == 'Not':
            return pnl.Not(self.condition(spec['condition'], f'{where}.condition'))
        raise ModelError(f'{where}: condition "{t}" not handled')

    # ---------------------------------------------------------------- the whole model
    def build(self):
        np, pnl = self.np, self.pnl
        m, w, b = self.model, self.where, self.b
        check_fields(m, MODEL_FIELDS, w, required=('nodes',))
        if m.get('format', FORMAT_VERSION) != FORMAT_VERSION:
            raise ModelError(f'{w}.format: only format 1 is supported')
        seed = m.get('seed', 0)
        if not (isinstance(seed, int) and not isinstance(seed, bool)):
            raise ModelError(f'{w}.seed: expected an integer')
        np.random.seed(seed)
        try:
            pnl.core.globals.utilities.set_global_seed(seed)
        except Exception:
            pass

        nodes = m['nodes']
        if not isinstance(nodes, list) or not nodes:
            raise ModelError(f'{w}.nodes: expected a non-empty list')
        for i, n in enumerate(nodes):
            where = f'{w}.nodes[{i}]'
            if not isinstance(n, dict):
                raise ModelError(f'{where}: expected an object')
            if 'type' not in n:
                raise ModelError(f'{where}: missing required field "type"')
            if n['type'] not in NODE_FIELDS:
                raise ModelError(f'{where}.type: unknown node type "{n["type"]}" '
                                 f'(known: {", ".join(sorted(NODE_FIELDS))})')
            check_fields(n, NODE_FIELDS[n['type']], where, required=('name', 'type'))
            if not isinstance(n['name'], str) or not n['name']:
                raise ModelError(f'{where}.name: expected a non-empty string')
            if n['name'] in b.node_specs:
                raise ModelError(f'{where}.name: duplicate node name "{n["name"]}"')
            b.node_specs[n['name']] = n
            b.node_order.append(n['name'])
        where_of = {n['name']: f'{w}.nodes[{i}]' for i, n in enumerate(nodes)}

        # Objective/Comparator nodes reference other nodes' ports: build them last.
        later = ('ObjectiveMechanism', 'ComparatorMechanism')
        for name in [n for n in b.node_order if b.node_specs[n]['type'] not in later] + \
                    [n for n in b.node_order if b.node_specs[n]['type'] in later]:
            try:
                b.mechs[name] = self.build_node(b.node_specs[name], where_of[name])
            except ModelError:
                raise
            except Exception as e:
                raise ModelError(f'{where_of[name]}: PsyNeuLink rejected node "{name}": {e}')
            if b.mechs[name].name != name:
                raise ModelError(f'{where_of[name]}.name: PsyNeuLink renamed "{name}" to "{b.mechs[name].name}"')

        # projections
        projs = m.get('projections', [])
        if not isinstance(projs, list):
            raise ModelError(f'{w}.projections: expected a list')
        seen_names = set()
        for i, p in enumerate(projs):
            where = f'{w}.projections[{i}]'
            check_fields(p, PROJECTION_FIELDS, where, required=('sender', 'receiver'))
            sname, sport = self.split_ref(p['sender'], f'{where}.sender')
            rname, rport = self.split_ref(p['receiver'], f'{where}.receiver')
            sm, rm = b.mechs[sname], b.mechs[rname]
            sender = self.output_port(sm, sport, f'{where}.sender')
            receiver = self.input_port(rm, rport, f'{where}.receiver')
            display = p.get('name', f'{p["sender"]}->{p["receiver"]}')
            if display in seen_names:
                raise ModelError(f'{where}.name: duplicate projection name "{display}"')
            seen_names.add(display)
            kw = {'sender': sender, 'receiver': receiver, 'name': display}
            if 'matrix' in p:
                kw['matrix'] = self.matrix(p['matrix'], f'{where}.matrix')
            if 'learnable' in p:
                if not isinstance(p['learnable'], bool):
                    raise ModelError(f'{where}.learnable: expected true or false')
                kw['learnable'] = p['learnable']
            if 'learning_rate' in p:
                check_numeric(p['learning_rate'], f'{where}.learning_rate')
                kw['learning_rate'] = p['learning_rate']
            try:
                proj = pnl.MappingProjection(**kw)
            except Exception as e:
                raise ModelError(f'{where}: PsyNeuLink rejected the projection: {e}')
            b.projections.append((p, proj, display, sname, rname))

        # composition: nodes in model order, then projections, then learning pathways
        ckw = {}
        if 'learning_rate' in m:  # PATCH: the Composition's learning_rate (MODEL_FORMAT.md)
            check_numeric(m['learning_rate'], f'{w}.learning_rate')
            ckw['learning_rate'] = m['learning_rate']
        comp = pnl.Composition(name=m.get('name', 'model'), **ckw)
        b.comp = comp
        for name in b.node_order:
            spec = b.node_specs[name]
            roles = spec.get('roles')
            req = None
            if roles is not None:
                if not isinstance(roles, list) or any(r not in ROLES for r in roles):
                    raise ModelError(f'{where_of[name]}.roles: expected a list of {sorted(ROLES)}')
                req = [getattr(pnl.NodeRole, r) for r in roles]
            comp.add_node(b.mechs[name], required_roles=req)
        for p, proj, display, sname, rname in b.projections:
            comp.add_projection(proj, sender=b.mechs[sname], receiver=b.mechs[rname])

        # learning
        learning = m.get('learning', [])
        if not isinstance(learning, list):
            raise ModelError(f'{w}.learning: expected a list')
        learned_ids = set()
        for i, lp in enumerate(learning):
            where = f'{w}.learning[{i}]'
            check_fields(lp, LEARNING_FIELDS, where, required=('pathway',))
            if lp.get('type', 'backpropagation') != 'backpropagation':
                raise ModelError(f'{where}.type: only "backpropagation" pathways exist '
                                 f'(Hebbian learning is "enable_learning" on a RecurrentTransferMechanism)')
            path = lp['pathway']
            if not isinstance(path, list) or len(path) < 2:
                raise ModelError(f'{where}.pathway: expected a list of at least two node names')
            seq = []
            for j, name in enumerate(path):
                mech = self.mech_of(name, f'{where}.pathway[{j}]')
                if j > 0:
                    cands = [(proj, display) for p, proj, display, sname, rname in b.projections
                             if sname == path[j - 1] and rname == name]
                    if len(cands) != 1:
                        raise ModelError(f'{where}.pathway: {len(cands)} projections from "{path[j - 1]}" to '
                                         f'"{name}" in "projections" (a learning pathway needs exactly one)')
                    proj, display = cands[0]
                    seq.append(proj)
                    if proj.learnable and id(proj) not in learned_ids:
                        learned_ids.add(id(proj))
                        b.learned.append((display, proj))
                seq.append(mech)
            kw = {}
            if 'learning_rate' in lp:
                check_numeric(lp['learning_rate'], f'{where}.learning_rate')
                kw['learning_rate'] = lp['learning_rate']
            loss = lp.get('loss', 'MSE')
            if loss not in LOSSES:
                raise ModelError(f'{where}.loss: expected one of {sorted(LOSSES)}')
            kw['loss_spec'] = getattr(pnl.Loss, loss)
            le = lp.get('learning_enabled', True)
            if le in ('online', 'after'):
                kw['learning_update'] = le
            elif le is False:  # PATCH: learning_update=False at construction (setting lm.learning_enabled later is a no-op)
                kw['learning_update'] = False
            elif not isinstance(le, bool):
                raise ModelError(f'{where}.learning_enabled: expected true, false, "online" or "after"')
            try:
                pw = comp.add_backpropagation_learning_pathway(pathway=seq, **kw)
            except Exception as e:
                raise ModelError(f'{where}: PsyNeuLink rejected the learning pathway: {e}')
            tgt = pw.learning_components[pnl.TARGET_MECHANISM]
            tname = lp.get('target', f'{path[-1]}_target')
            for key in (tname, path[-1]):
                if key in b.targets and b.targets[key] is not tgt:
                    raise ModelError(f'{where}.target: "{key}" already names another pathway\'s target')
                b.targets[key] = tgt
            b.has_learning = True

        for name in b.node_order:
            spec = b.node_specs[name]
            if spec.get('enable_learning'):
                b.hebbian.append((name, b.mechs[name]))
                b.has_learning = True
            if 'learning_enabled' in spec:
                b.mechs[name].learning_enabled = spec['learning_enabled']

        # scheduler
        sch = m.get('scheduler', {})
        check_fields(sch, SCHEDULER_FIELDS, f'{w}.scheduler')
        for name, cspec in sch.get('conditions', {}).items():
            where = f'{w}.scheduler.conditions.{name}'
            comp.scheduler.add_condition(self.mech_of(name, where), self.condition(cspec, where))
        term = sch.get('termination', {})
        check_fields(term, {'trial', 'pass'}, f'{w}.scheduler.termination')
        for k, cspec in term.items():
            ts = pnl.TimeScale.TRIAL if k == 'trial' else pnl.TimeScale.PASS
            b.termination[ts] = self.condition(cspec, f'{w}.scheduler.termination.{k}')
        for name, cspec in sch.get('reset_stateful_function_when', {}).items():
            where = f'{w}.scheduler.reset_stateful_function_when.{name}'
            self.mech_of(name, where).reset_stateful_function_when = self.condition(cspec, where)
        return b


# ------------------------------------------------------------------------------------------------
# inputs
# ------------------------------------------------------------------------------------------------
def port_entry(entry, shapes, where):
    """One trial's entry for a node -> list of per-port arrays (PsyNeuLink's canonical form)."""
    import numpy as np
    check_numeric(entry, where)
    k = len(shapes)
    if k == 1:
        if is_number(entry):
            v = [entry]
        elif entry and all(is_number(e) for e in entry):
            v = entry
        elif len(entry) == 1 and isinstance(entry[0], list):
            v = entry[0]
        else:
            raise ModelError(f'{where}: expected a vector of {shapes[0]} numbers')
        if len(v) != shapes[0]:
            raise ModelError(f'{where}: expected {shapes[0]} values, got {len(v)}')
        return [np.array(v, dtype=float)]
    if not isinstance(entry, list) or len(entry) != k:
        raise ModelError(f'{where}: the node has {k} input ports; give a list of {k} vectors')
    out = []
    for i, (e, s) in enumerate(zip(entry, shapes)):
        v = [e] if is_number(e) else e
        if len(v) != s:
            raise ModelError(f'{where}[{i}]: expected {s} values, got {len(v)}')
        out.append(np.array(v, dtype=float))
    return out


def prepare_inputs(b, inputs, trials, learn, epochs, where='inputs'):
    """Expand the inputs file to exactly N trials per node -> (pnl inputs dict, N)."""
    import numpy as np
    import psyneulink as pnl
    check_fields(inputs, {'inputs', 'targets'}, where, required=('inputs',))
    ins = inputs['inputs']
    tgts = inputs.get('targets', {})
    if not isinstance(ins, dict) or not isinstance(tgts, dict):
        raise ModelError(f'{where}: "inputs" and "targets" map node names to lists of entries')
    lists = {}
    for key, lst in list(ins.items()) + [(('T', k), v) for k, v in tgts.items()]:
        w = f'{where}.inputs.{key}' if not isinstance(key, tuple) else f'{where}.targets.{key[1]}'
        if not isinstance(lst, list) or not lst:
            raise ModelError(f'{w}: expected a non-empty list with one entry per trial')
        lists[key] = lst
    K = max(len(v) for v in lists.values()) if lists else 1
    if epochs is not None:
        if any(len(v) != K for v in lists.values()):
            raise ModelError(f'{where}: --epochs needs input lists of equal length')
        N = epochs * K
        if trials is not None and trials != N:
            raise ModelError(f'--trials {trials} and --epochs {epochs} disagree: {epochs} epochs of {K} '
                             f'entries are {N} trials')
    else:
        N = trials if trials is not None else K

    input_nodes = [n for n in b.comp.get_nodes_by_role(pnl.NodeRole.INPUT)]
    target_nodes = set(b.targets.values())
    out = {}
    for key, lst in lists.items():
        if isinstance(key, tuple):
            name = key[1]
            w = f'{where}.targets.{name}'
            if name not in b.targets:
                raise ModelError(f'{w}: no learning pathway ends in (or names its target) "{name}"')
            mech = b.targets[name]
        else:
            name = key
            w = f'{where}.inputs.{name}'
            if name not in b.mechs:
                raise ModelError(f'{w}: unknown node "{name}"')
            mech = b.mechs[name]
            if mech not in input_nodes:
                raise ModelError(f'{w}: "{name}" is not an INPUT node (it receives projections)')
        if mech in out:
            raise ModelError(f'{w}: inputs for this node are given twice')
        shapes = [int(np.size(p.defaults.variable)) for p in mech.external_input_ports]
        out[mech] = [port_entry(lst[t % len(lst)], shapes, f'{w}[{t % len(lst)}]') for t in range(N)]
    for mech in input_nodes:
        if mech in out:
            continue
        if mech in target_nodes:
            if learn:
                raise ModelError(f'{where}.targets: learning needs targets for "{mech.name}"')
            continue
        raise ModelError(f'{where}.inputs: no inputs for INPUT node "{mech.name}"')
    return out, N


# ------------------------------------------------------------------------------------------------
# running
# ------------------------------------------------------------------------------------------------
def run_model(model, inputs, trials=None, learn=False, epochs=None, record=(), where='model', learning_rate=None):
    """Build the model, run (or learn) it, and return the output dict."""
    warnings.filterwarnings('ignore')
    import numpy as np
    try:
        import psyneulink as pnl
    except ImportError:
        raise ModelError('PsyNeuLink 0.21 is not importable here: run with a Python that has psyneulink==0.21.0.0 installed')
    if getattr(pnl, '__version__', '') != '0.21.0.0':
        print(f'warning: PsyNeuLink {getattr(pnl, "__version__", "?")} (the reference is 0.21.0.0)', file=sys.stderr)
    for registry in pnl.primary_registries:
        pnl.clear_registry(registry)
    t0 = time.perf_counter()
    b = Builder(model, where).build()
    comp = b.comp
    if learn and not b.has_learning:
        raise ModelError('--learn: the model has no learning (no "learning" pathways and no RTM with '
                         '"enable_learning")')
    if epochs is not None and not learn:
        raise ModelError('--epochs is for --learn')
    if learning_rate is not None and not learn:
        raise ModelError('--learning-rate is for --learn')
    pnl_inputs, N = prepare_inputs(b, inputs, trials, learn, epochs)

    # --record node.PORT
    recs = []
    for r in record:
        bld = Builder(model)
        bld.b = b
        name, port = bld.split_ref(r, f'--record {r}')
        mech = b.mechs[name]
        if port is None:
            raise ModelError(f'--record {r}: name a port, as in {name}.RESULT')
        try:
            p = bld.output_port(mech, port, f'--record {r}')
        except ModelError:
            if port in mech.input_ports.names:
                p = mech.input_ports[port]
            else:
                raise
        recs.append((name, port, p))
    recorded = {name: {port: [] for n2, port, _ in recs if n2 == name} for name, _, _ in recs}

    def after_trial():
        for name, port, p in recs:
            recorded[name][port].append(np.array(p.parameters.value.get(comp), dtype=float).tolist())

    kw = {'call_after_trial': after_trial}
    if b.termination:
        kw['termination_processing'] = dict(b.termination)
    t1 = time.perf_counter()
    if learn:
        if learning_rate is not None:  # PATCH: run-time rate, Composition.learn(learning_rate=...)
            kw['learning_rate'] = learning_rate
        comp.learn(inputs=pnl_inputs, **kw)
    else:
        comp.run(inputs=pnl_inputs, **kw)
    t2 = time.perf_counter()

    # results, reordered to the model's node order if PsyNeuLink's differs
    outs = comp.get_nodes_by_role(pnl.NodeRole.OUTPUT)
    model_order = sorted(outs, key=lambda m: b.node_order.index(m.name) if m.name in b.node_order else 1e9)
    results = []
    for trial in comp.results:
        trial = list(trial)
        per_node, k = {}, 0
        for mech in outs:
            n = len(mech.output_ports)
            per_node[mech] = trial[k:k + n]
            k += n
        if k != len(trial):
            raise ModelError('internal: output ports do not match the results layout')
        results.append([np.array(v, dtype=float).tolist() for mech in model_order for v in per_node[mech]])
    out = {'results': results}
    if recs:
        out['nodes'] = recorded
    if learn:
        weights = {}
        for display, proj in b.learned:
            weights[display] = np.array(proj.get_mod_matrix(comp), dtype=float).tolist()
        for name, mech in b.hebbian:
            weights[name] = np.array(mech.recurrent_projection.get_mod_matrix(comp), dtype=float).tolist()
        out['weights'] = weights
    out['output_nodes'] = [m.name for m in model_order]
    out['mode'] = 'reference'
    out['trials'] = N
    out['seconds'] = {'compile': t1 - t0, 'run': t2 - t1}
    return jsonable(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('model')
    ap.add_argument('--inputs', required=True)
    ap.add_argument('--trials', type=int)
    ap.add_argument('--epochs', type=int)
    ap.add_argument('--learn', action='store_true')
    ap.add_argument('--record', nargs='*', default=[], action='extend')
    ap.add_argument('--learning-rate', type=float)  # PATCH
    ap.add_argument('--output')
    ap.add_argument('--mode', default='reference', help='accepted and ignored (always PsyNeuLink Python mode)')
    a = ap.parse_args(argv)
    try:
        model = load_file(a.model)
        inputs = load_file(a.inputs)
        if a.trials is not None and a.trials < 1:
            raise ModelError('--trials: expected a positive integer')
        if a.epochs is not None and a.epochs < 1:
            raise ModelError('--epochs: expected a positive integer')
        out = run_model(model, inputs, trials=a.trials, learn=a.learn, epochs=a.epochs,
                        record=a.record, where=a.model, learning_rate=a.learning_rate)
    except ModelError as e:
        print(f'error: {e}', file=sys.stderr)
        return 2
    text = json.dumps(out)
    if a.output:
        with open(a.output, 'w') as f:
            f.write(text + '\n')
    else:
        print(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
