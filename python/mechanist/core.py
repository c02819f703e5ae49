"""Models, executables and results over libMechanistC (the C API, docs/C_API.md).

Every number comes from the library: this module only converts between numpy arrays and the
C API's flat arrays, and turns status codes into exceptions carrying Mechanist's messages.
"""
from __future__ import annotations

import ctypes
import json
import math
import os
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _library as _c

ArrayLike = Union[np.ndarray, Sequence]


# ---- Errors ------------------------------------------------------------------------------

class MechanistError(Exception):
    """A call the library refused; the message is Mechanist's own (as the CLI words it)."""


class InvalidArgumentError(MechanistError, ValueError):
    """A bad argument: a wrong size, a negative count, an index out of range."""


class ModelError(MechanistError, ValueError):
    """A model that is unreadable, malformed or invalid, or a port it does not have."""


class InputError(MechanistError, ValueError):
    """Inputs or targets that do not fit the model; an unknown weight or state name."""


class CompileError(MechanistError):
    """The model could not be compiled."""


class DivergenceError(MechanistError):
    """Verify mode: the compiled code and the interpreter differ."""


class ParameterError(MechanistError, ValueError):
    """An unknown parameter, a bad value, or one that cannot change without recompiling."""


class MechanistMemoryError(MechanistError, MemoryError):
    """A run too large to hold in memory."""


class InternalError(MechanistError):
    """A fault of the library (please report it with the message)."""


_ERRORS = {1: InvalidArgumentError, 2: ModelError, 3: InputError, 4: CompileError, 5: DivergenceError,
           6: ParameterError, 7: MechanistMemoryError, 8: InternalError}


def _check(status: int) -> None:
    if status != 0:
        message = _c.library().mechanist_last_error()
        raise _ERRORS.get(status, InternalError)(message.decode("utf-8", "replace") if message else f"status {status}")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8")


def _int(function, *handle_and_arguments) -> int:
    value = ctypes.c_int64()
    _check(function(*handle_and_arguments, ctypes.byref(value)))
    return value.value


def _string(function, *handle_and_arguments) -> str:
    value = ctypes.c_char_p()
    _check(function(*handle_and_arguments, ctypes.byref(value)))
    return (value.value or b"").decode("utf-8")


def version() -> str:
    """The library's version."""
    return _c.library().mechanist_version().decode()


# ---- Models ------------------------------------------------------------------------------

class Model:
    """A model (format 1, docs/MODEL_FORMAT.md), decoded and validated by the library.

    Make one with :func:`load` (a file), :func:`from_dict` or :func:`from_json`; change
    parameters with :meth:`set` / :meth:`set_seed`; compile it with :meth:`compile`.
    """

    def __init__(self, handle: ctypes.c_void_p, source: str):
        self._handle = handle
        self.source = source

    def __del__(self):
        if getattr(self, "_handle", None):
            _c.library().mechanist_model_free(self._handle)
            self._handle = None

    def __repr__(self) -> str:
        return f"<mechanist.Model from {self.source}>"

    def set(self, name: str, value: float) -> "Model":
        """Sets a parameter by name (``"hidden.function.gain"``, ``"w.matrix[0][1]"``, ``"seed"``)
        in the model, validated: the model a file with that value gives. Returns the model."""
        _check(_c.library().mechanist_model_set(self._handle, _bytes(name), float(value)))
        return self

    def set_seed(self, seed: int) -> "Model":
        """Sets the seed of every random stream without its own. Returns the model."""
        _check(_c.library().mechanist_model_set_seed(self._handle, int(seed)))
        return self

    def compile(self, mode: str = "compiled", record: Iterable[str] = (), record_steps: Iterable[str] = (),
                specialize: bool = False, optimize: bool = True) -> "Executable":
        """Compiles the model.

        mode: ``"compiled"`` (LLVM JIT), ``"interpreted"``, or ``"verify"`` (both, compared bitwise
        after every trial; a difference raises :class:`DivergenceError`). record: ports
        (``"node.PORT"``) recorded per trial besides the results; record_steps: ports recorded
        after every execution of their node within a trial. specialize: fold parameters into the
        code (then only projection matrices stay settable).
        """
        modes = {"compiled": 0, "interpreted": 1, "verify": 2}
        if mode not in modes:
            raise InvalidArgumentError(f"mode: expected one of {', '.join(modes)}, got {mode!r}")
        lib = _c.library()
        options = _c._CompileOptions()
        lib.mechanist_compile_options_init(ctypes.byref(options))
        options.mode = modes[mode]
        record = [_bytes(r) for r in record]
        steps = [_bytes(r) for r in record_steps]
        record_array = (ctypes.c_char_p * max(len(record), 1))(*record)
        steps_array = (ctypes.c_char_p * max(len(steps), 1))(*steps)
        options.record = ctypes.cast(record_array, _c.c_char_pp)
        options.record_count = len(record)
        options.record_steps = ctypes.cast(steps_array, _c.c_char_pp)
        options.record_steps_count = len(steps)
        options.specialize = int(bool(specialize))
        options.optimize = int(bool(optimize))
        handle = ctypes.c_void_p()
        _check(lib.mechanist_compile(self._handle, ctypes.byref(options), ctypes.byref(handle)))
        return Executable(handle, mode, steps=bool(steps))


def load(path: Union[str, os.PathLike]) -> Model:
    """Reads, decodes and validates a model file."""
    handle = ctypes.c_void_p()
    _check(_c.library().mechanist_model_load(_bytes(os.fspath(path)), ctypes.byref(handle)))
    return Model(handle, os.fspath(path))


def from_json(text: str) -> Model:
    """A model from JSON text."""
    handle = ctypes.c_void_p()
    _check(_c.library().mechanist_model_from_json(_bytes(text), ctypes.byref(handle)))
    return Model(handle, "JSON text")


def from_dict(model: Mapping) -> Model:
    """A model from a dict (what :func:`mechanist.from_psyneulink` returns, or a parsed model file)."""
    result = from_json(json.dumps(model, allow_nan=False))
    result.source = f"a dict ({model.get('name', 'model')})"
    return result


def load_inputs(path: Union[str, os.PathLike]) -> Tuple[Dict[str, list], Dict[str, list]]:
    """An inputs file (docs/MODEL_FORMAT.md): ``(inputs, targets)``, each node -> list of entries."""
    with open(path) as f:
        data = json.load(f)
    return data.get("inputs", {}), data.get("targets", {})


# ---- Executables -------------------------------------------------------------------------

def _entries(name: str, values: ArrayLike, width: int, section: str) -> np.ndarray:
    """A node's entries as a C-contiguous (entries x width) float64 array.

    Accepts what an inputs file holds (a list of entries, each a list of port vectors), a 2-d
    array (entries x width, the ports concatenated), or one entry (a flat vector of width)."""
    if type(values) is np.ndarray and values.dtype == np.float64 and values.ndim == 2 and values.shape[1] == width \
            and values.shape[0] > 0:
        return values  # the common case, checked first: every microsecond of a call counts
    if isinstance(values, np.ndarray):
        array = values
    else:
        try:
            array = np.asarray(values, dtype=np.float64)
        except ValueError:
            # Ports of different sizes: concatenate each entry's ports.
            array = np.asarray([np.concatenate([np.ravel(np.asarray(p, dtype=np.float64)) for p in entry])
                                for entry in values], dtype=np.float64)
    array = np.asarray(array, dtype=np.float64)
    if array.ndim == 3:
        array = array.reshape(array.shape[0], -1)
    elif array.ndim == 1:
        array = array.reshape(1, -1) if array.size == width else array.reshape(-1, width) \
            if width > 0 and array.size % width == 0 else array.reshape(1, -1)
    if array.ndim != 2 or array.shape[1] != width:
        raise InputError(f"{section}: '{name}': expected entries of {width} value(s) (the node's input ports' "
                         f"sizes added up), got an array of shape {np.shape(values)}")
    if array.shape[0] == 0:
        raise InputError(f"{section}: '{name}': no entries given")
    return np.ascontiguousarray(array)


class Executable:
    """A compiled model, ready to run and learn. It owns the model's weights, parameters and
    state, which persist from run to run until :meth:`reset`."""

    def __init__(self, handle: ctypes.c_void_p, mode: str, steps: bool = False):
        self._handle = handle
        self.mode = mode
        lib = _c.library()
        self.inputs: Dict[str, int] = {}
        for k in range(_int(lib.mechanist_input_count, handle)):
            self.inputs[_string(lib.mechanist_input_name, handle, k)] = _int(lib.mechanist_input_width, handle, k)
        self.targets: Dict[str, int] = {}
        for k in range(_int(lib.mechanist_target_count, handle)):
            self.targets[_string(lib.mechanist_target_name, handle, k)] = _int(lib.mechanist_target_width, handle, k)
        # The row layout of the fast path (mechanist_run_rows): each node's input slots, in port
        # order, as (offset, size); each output slot as (label, column, size, kind).
        input_width, output_width = ctypes.c_int64(), ctypes.c_int64()
        _check(lib.mechanist_row_widths(handle, ctypes.byref(input_width), ctypes.byref(output_width)))
        self._input_width, self._output_width = input_width.value, output_width.value
        self._slots: Dict[str, List[Tuple[int, int]]] = {}
        for k in range(_int(lib.mechanist_input_slot_count, handle)):
            label, offset, size = ctypes.c_char_p(), ctypes.c_int64(), ctypes.c_int64()
            _check(lib.mechanist_input_slot(handle, k, ctypes.byref(label), ctypes.byref(offset), ctypes.byref(size)))
            node = label.value.decode().rsplit(".", 1)[0]
            self._slots.setdefault(node, []).append((offset.value, size.value))
        self._outputs: List[Tuple[str, int, int, int]] = []
        for k in range(_int(lib.mechanist_output_slot_count, handle)):
            label, column, size, kind = ctypes.c_char_p(), ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int32()
            _check(lib.mechanist_output_slot(handle, k, ctypes.byref(label), ctypes.byref(column), ctypes.byref(size),
                                             ctypes.byref(kind)))
            self._outputs.append((label.value.decode(), column.value, size.value, kind.value))
        # Trajectories come only through mechanist_run.
        self._fast = not steps
        self._run_rows_function = lib.mechanist_run_rows

    def __del__(self):
        if getattr(self, "_handle", None):
            _c.library().mechanist_executable_free(self._handle)
            self._handle = None

    def __repr__(self) -> str:
        return f"<mechanist.Executable {self.mode}, inputs {self.inputs}>"

    @property
    def compile_seconds(self) -> float:
        """Seconds from the model to a callable function (with later first uses of learn)."""
        value = ctypes.c_double()
        _check(_c.library().mechanist_compile_seconds(self._handle, ctypes.byref(value)))
        return value.value

    def _arrays(self, given: Mapping[str, ArrayLike], widths: Mapping[str, int], section: str):
        names, arrays = [], []
        for name, values in given.items():
            # An unknown name is the library's to refuse (with the names it knows); its width
            # is unknown here, so the values pass as one flat entry list.
            width = widths.get(name)
            array = _entries(name, values, width, section) if width is not None else \
                np.ascontiguousarray(np.atleast_2d(np.asarray(values, dtype=np.float64)))
            names.append(_bytes(name))
            arrays.append(array)
        count = len(names)
        name_array = (ctypes.c_char_p * max(count, 1))(*names)
        value_array = (_c.c_double_p * max(count, 1))(*[a.ctypes.data_as(_c.c_double_p) for a in arrays])
        entry_array = (ctypes.c_int64 * max(count, 1))(*[a.shape[0] for a in arrays])
        return count, name_array, value_array, entry_array, arrays

    def _rows(self, given: Mapping[str, ArrayLike], widths: Mapping[str, int], section: str):
        """The fast path's input rows when every list has the same number of entries and names a
        node of `widths` (then row e holds entry e of every node): (rows, entries), else None."""
        if not self._fast or not given:
            return None
        entries = -1
        arrays = []
        for name, values in given.items():
            width = widths.get(name)
            if width is None:
                return None
            array = _entries(name, values, width, section)
            if entries != array.shape[0]:
                if entries != -1:
                    return None
                entries = array.shape[0]
            arrays.append((self._slots[name], array))
        rows = np.zeros((entries, self._input_width))
        for slots, array in arrays:
            if len(slots) == 1:
                offset, size = slots[0]
                rows[:, offset:offset + size] = array
                continue
            position = 0
            for offset, size in slots:
                rows[:, offset:offset + size] = array[:, position:position + size]
                position += size
        return rows, entries

    def _run_rows(self, function, rows: np.ndarray, entries: int, trials: Optional[int],
                  address: Optional[int] = None) -> "Result":
        trials = entries if trials is None else int(trials)
        if trials < 0:
            raise InputError(f"trials: expected a non-negative number, got {trials}")
        outputs = np.empty((trials, self._output_width))
        # Raw addresses (argtypes c_void_p): `ndarray.ctypes.data_as` costs a microsecond a call.
        status = function(self._handle, address or rows.ctypes.data, entries, trials, outputs.ctypes.data,
                          outputs.size)
        if status:
            _check(status)
        return Result.from_rows(outputs, self._outputs)

    def prepare(self, inputs: Mapping[str, ArrayLike]) -> "PreparedInputs":
        """Lays out inputs once for many runs (a simulation loop calling ``run`` with the same
        inputs): ``run(prepared, trials)`` then only calls the library. Every node's list must
        have the same number of entries."""
        fast = self._rows(inputs, self.inputs, "inputs") if len(inputs) == len(self.inputs) else None
        if fast is None:
            if not self._fast:
                raise InvalidArgumentError("prepare: this executable records per-step trajectories, which only "
                                           "run(dict) returns")
            missing = sorted(set(self.inputs) - set(inputs))
            unknown = sorted(set(inputs) - set(self.inputs))
            raise InputError("prepare: expected one list per INPUT node, all of the same length"
                             + (f"; missing: {', '.join(missing)}" if missing else "")
                             + (f"; not INPUT nodes: {', '.join(unknown)}" if unknown else ""))
        return PreparedInputs(self, fast[0], fast[1])

    def run(self, inputs: Union[Mapping[str, ArrayLike], "PreparedInputs"], trials: Optional[int] = None) -> "Result":
        """Runs trials: ``inputs[node]`` is a list of entries (trial t uses entry t % entries), or
        inputs made by :meth:`prepare`. Without ``trials``, as many as the longest list. A model
        with learning pathways runs without learning."""
        if isinstance(inputs, PreparedInputs):
            if inputs.executable is not self:
                raise InvalidArgumentError("run: these inputs were prepared for another executable")
            return self._run_rows(self._run_rows_function, inputs.rows, inputs.entries, trials, inputs.address)
        fast = self._rows(inputs, self.inputs, "inputs") if len(inputs) == len(self.inputs) else None
        if fast is not None:
            return self._run_rows(_c.library().mechanist_run_rows, fast[0], fast[1], trials)
        count, names, values, entries, keep = self._arrays(inputs, self.inputs, "inputs")
        result = ctypes.c_void_p()
        _check(_c.library().mechanist_run(self._handle, count, names, values, entries,
                                          -1 if trials is None else int(trials), ctypes.byref(result)))
        del keep
        return Result(result)

    def learn(self, inputs: Mapping[str, ArrayLike], targets: Optional[Mapping[str, ArrayLike]] = None,
              epochs: Optional[int] = None, trials: Optional[int] = None,
              learning_rate: Optional[float] = None) -> "Result":
        """Trains the learning pathways (PsyNeuLink's ``Composition.learn``): targets keyed by TARGET
        node or by a pathway's last node (none for Hebbian learning); ``epochs`` passes over the
        lists, or ``trials``; ``learning_rate`` for this learn only."""
        count, names, values, entries, keep = self._arrays(inputs, self.inputs, "inputs")
        widths = dict(self.targets)
        tcount, tnames, tvalues, tentries, tkeep = self._arrays(targets or {}, widths, "targets")
        result = ctypes.c_void_p()
        _check(_c.library().mechanist_learn(
            self._handle, count, names, values, entries, tcount, tnames, tvalues, tentries,
            -1 if epochs is None else int(epochs), -1 if trials is None else int(trials),
            math.nan if learning_rate is None else float(learning_rate), ctypes.byref(result)))
        del keep, tkeep
        return Result(result)

    def reset(self) -> None:
        """Restores every weight and state value and reruns initialization (parameters keep their
        set values)."""
        _check(_c.library().mechanist_reset(self._handle))

    # Weights, parameters, state

    def _names(self, count_function, name_function) -> List[str]:
        return [_string(name_function, self._handle, k) for k in range(_int(count_function, self._handle))]

    @property
    def weight_names(self) -> List[str]:
        lib = _c.library()
        return self._names(lib.mechanist_weight_count, lib.mechanist_weight_name)

    def weight(self, name: str) -> np.ndarray:
        """A weight matrix (rows x columns) by projection name."""
        lib = _c.library()
        rows, columns = ctypes.c_int64(), ctypes.c_int64()
        _check(lib.mechanist_weight_shape(self._handle, _bytes(name), ctypes.byref(rows), ctypes.byref(columns)))
        values = np.empty((rows.value, columns.value), dtype=np.float64)
        _check(lib.mechanist_weight_get(self._handle, _bytes(name), values.ctypes.data_as(_c.c_double_p),
                                        values.size))
        return values

    def set_weight(self, name: str, values: ArrayLike) -> None:
        """Sets a weight matrix by projection name; the shape must match."""
        array = np.ascontiguousarray(np.asarray(values, dtype=np.float64))
        _check(_c.library().mechanist_weight_set(self._handle, _bytes(name), array.ctypes.data_as(_c.c_double_p),
                                                 array.size))

    @property
    def weights(self) -> Dict[str, np.ndarray]:
        """Every weight matrix by name (copies)."""
        return {name: self.weight(name) for name in self.weight_names}

    @property
    def parameter_names(self) -> List[str]:
        lib = _c.library()
        return self._names(lib.mechanist_parameter_count, lib.mechanist_parameter_name)

    def parameter(self, name: str) -> float:
        """A parameter's current value by name (docs/MODEL_FORMAT.md, "Parameters by name")."""
        value = ctypes.c_double()
        _check(_c.library().mechanist_parameter_get(self._handle, _bytes(name), ctypes.byref(value)))
        return value.value

    def set_parameter(self, name: str, value: float) -> None:
        """Sets a parameter without recompiling; it stays through :meth:`reset`."""
        _check(_c.library().mechanist_parameter_set(self._handle, _bytes(name), float(value)))

    @property
    def state_names(self) -> List[str]:
        lib = _c.library()
        return self._names(lib.mechanist_state_count, lib.mechanist_state_name)

    def state(self, name: str) -> np.ndarray:
        """A state buffer by name (``"node.value"``, ``"node.integrator"``, ...)."""
        lib = _c.library()
        size = ctypes.c_int64()
        _check(lib.mechanist_state_size(self._handle, _bytes(name), ctypes.byref(size)))
        values = np.empty(size.value, dtype=np.float64)
        _check(lib.mechanist_state_get(self._handle, _bytes(name), values.ctypes.data_as(_c.c_double_p),
                                       values.size))
        return values

    def set_state(self, name: str, values: ArrayLike) -> None:
        array = np.ascontiguousarray(np.ravel(np.asarray(values, dtype=np.float64)))
        _check(_c.library().mechanist_state_set(self._handle, _bytes(name), array.ctypes.data_as(_c.c_double_p),
                                                array.size))

    def snapshot(self) -> str:
        """Every weight and state value as JSON text (the format of ``--save-state``)."""
        lib = _c.library()
        text = ctypes.c_void_p()
        _check(lib.mechanist_snapshot(self._handle, ctypes.byref(text)))
        try:
            return ctypes.string_at(text).decode("utf-8")
        finally:
            lib.mechanist_string_free(text)

    def restore(self, snapshot: str) -> None:
        """Puts back the weights and state of a :meth:`snapshot`; nothing changes when it does not fit."""
        _check(_c.library().mechanist_restore(self._handle, _bytes(snapshot)))

    def save_state(self, path: Union[str, os.PathLike]) -> None:
        _check(_c.library().mechanist_save_state(self._handle, _bytes(os.fspath(path))))

    def load_state(self, path: Union[str, os.PathLike]) -> None:
        _check(_c.library().mechanist_load_state(self._handle, _bytes(os.fspath(path))))


class PreparedInputs:
    """Inputs laid out once as the library's input rows (:meth:`Executable.prepare`)."""

    def __init__(self, executable: "Executable", rows: np.ndarray, entries: int):
        self.executable = executable
        self.rows = rows
        self.entries = entries
        self.address = rows.ctypes.data

    def __repr__(self) -> str:
        return f"<mechanist.PreparedInputs {self.entries} entries>"


# ---- Results -----------------------------------------------------------------------------

class Result:
    """A run's or learn's results: numpy arrays keyed by ``node.PORT``.

    ``result["out.RESULT"]`` is a (trials x width) array; :attr:`columns` lists the keys (the
    results first, then the recorded ports); :attr:`steps` holds per-step trajectories (one
    array of steps x width per trial); :attr:`undecided` the trials each threshold node ended
    without reaching its threshold. Everything is copied out of the library at once.
    """

    @classmethod
    def from_rows(cls, outputs: np.ndarray, slots) -> "Result":
        """A result of the fast path: its output rows split into columns (views, no copies)."""
        result = cls.__new__(cls)
        result.trials = outputs.shape[0]
        result.columns, result._values, result.steps = [], {}, {}
        result.undecided, result.undecided_reasons = {}, {}
        result.result_count = 0
        for label, column, size, kind in slots:
            if kind == 0:
                result.result_count += 1
            values = outputs[:, column:column + size]
            if kind == 2:
                node = label.rsplit(".", 1)[0]
                result.undecided[node] = np.flatnonzero(values[:, 0] == 0)
                result.undecided_reasons[node] = "the trial ended without its threshold reached"
            else:
                result.columns.append(label)
                result._values[label] = values
        result.compile_seconds = result.run_seconds = math.nan
        return result

    def __init__(self, handle: ctypes.c_void_p):
        lib = _c.library()
        try:
            self.trials = _int(lib.mechanist_result_trials, handle)
            self.result_count = _int(lib.mechanist_result_result_count, handle)
            self.columns: List[str] = []
            self._values: Dict[str, np.ndarray] = {}
            for k in range(_int(lib.mechanist_result_column_count, handle)):
                label = _string(lib.mechanist_result_column_label, handle, k)
                width = _int(lib.mechanist_result_column_width, handle, k)
                pointer = _c.c_double_p()
                _check(lib.mechanist_result_column(handle, k, ctypes.byref(pointer)))
                values = np.ctypeslib.as_array(pointer, shape=(self.trials * width,)).copy() \
                    if self.trials * width > 0 else np.empty(0)
                self.columns.append(label)
                self._values[label] = values.reshape(self.trials, width)
            self.steps: Dict[str, List[np.ndarray]] = {}
            for k in range(_int(lib.mechanist_result_step_port_count, handle)):
                label = _string(lib.mechanist_result_step_port_label, handle, k)
                width = _int(lib.mechanist_result_step_port_width, handle, k)
                offsets, values = _c.c_int64_p(), _c.c_double_p()
                _check(lib.mechanist_result_step_port_values(handle, k, ctypes.byref(offsets), ctypes.byref(values)))
                bounds = np.ctypeslib.as_array(offsets, shape=(self.trials + 1,)).copy()
                total = int(bounds[-1]) * width
                flat = np.ctypeslib.as_array(values, shape=(total,)).copy() if total > 0 else np.empty(0)
                flat = flat.reshape(-1, width) if width > 0 else flat.reshape(0, 0)
                self.steps[label] = [flat[bounds[t]:bounds[t + 1]] for t in range(self.trials)]
            self.undecided: Dict[str, np.ndarray] = {}
            self.undecided_reasons: Dict[str, str] = {}
            for k in range(_int(lib.mechanist_result_undecided_count, handle)):
                node, reason = ctypes.c_char_p(), ctypes.c_char_p()
                trials, count = _c.c_int64_p(), ctypes.c_int64()
                _check(lib.mechanist_result_undecided(handle, k, ctypes.byref(node), ctypes.byref(reason),
                                                      ctypes.byref(trials), ctypes.byref(count)))
                name = node.value.decode()
                self.undecided[name] = np.ctypeslib.as_array(trials, shape=(count.value,)).copy() \
                    if count.value > 0 else np.empty(0, dtype=np.int64)
                self.undecided_reasons[name] = (reason.value or b"").decode()
            compile_seconds, run_seconds = ctypes.c_double(), ctypes.c_double()
            _check(lib.mechanist_result_seconds(handle, ctypes.byref(compile_seconds), ctypes.byref(run_seconds)))
            self.compile_seconds, self.run_seconds = compile_seconds.value, run_seconds.value
        finally:
            lib.mechanist_result_free(handle)

    def __getitem__(self, label: str) -> np.ndarray:
        try:
            return self._values[label]
        except KeyError:
            raise KeyError(f"{label!r} is not a column of this result; columns: {', '.join(self.columns)}") from None

    def __contains__(self, label: str) -> bool:
        return label in self._values

    def __iter__(self):
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    @property
    def results(self) -> Dict[str, np.ndarray]:
        """The OUTPUT nodes' ports (what PsyNeuLink's run returns), by label."""
        return {label: self._values[label] for label in self.columns[:self.result_count]}

    def to_dataframe(self):
        """A pandas DataFrame: one row per trial, one column per value (``node.PORT[i]``)."""
        import pandas as pd
        data = {}
        for label in self.columns:
            values = self._values[label]
            for i in range(values.shape[1]):
                data[f"{label}[{i}]"] = values[:, i]
        frame = pd.DataFrame(data)
        frame.index.name = "trial"
        return frame

    def __repr__(self) -> str:
        return f"<mechanist.Result {self.trials} trials, columns {self.columns}>"
