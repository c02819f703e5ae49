"""Finding and loading libMechanistC, the C API of the Mechanist library (docs/C_API.md).

The library is looked for, in order: the path in the ``MECHANIST_LIBRARY`` environment
variable; a copy installed inside this package (``pip install`` builds one); the build folders
of the repository this package sits in (``.build/release`` and ``.build/debug``, the newer
first), so that an editable install in a checkout uses what ``swift build`` made.
"""
from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Optional

_NAME = "libMechanistC.so"

c_double_p = ctypes.POINTER(ctypes.c_double)
c_int64_p = ctypes.POINTER(ctypes.c_int64)
c_char_pp = ctypes.POINTER(ctypes.c_char_p)


class _CompileOptions(ctypes.Structure):
    _fields_ = [
        ("mode", ctypes.c_int),
        ("record", c_char_pp),
        ("record_count", ctypes.c_int64),
        ("record_steps", c_char_pp),
        ("record_steps_count", ctypes.c_int64),
        ("specialize", ctypes.c_int32),
        ("optimize", ctypes.c_int32),
    ]


def candidates() -> list:
    """Where the library may be, in the order they are tried."""
    here = Path(__file__).resolve().parent
    found = []
    if os.environ.get("MECHANIST_LIBRARY"):
        found.append(Path(os.environ["MECHANIST_LIBRARY"]))
    found.append(here / "_lib" / _NAME)
    for parent in here.parents:
        if (parent / "Package.swift").exists():
            # The newer of the two builds: a stale release library must not shadow a fresh debug one.
            built = [parent / ".build" / "release" / _NAME, parent / ".build" / "debug" / _NAME]
            found += sorted(built, key=lambda p: p.stat().st_mtime if p.exists() else 0, reverse=True)
            break
    return found


_library: Optional[ctypes.CDLL] = None


def library() -> ctypes.CDLL:
    """The loaded library (loaded once, with every function's prototype declared)."""
    global _library
    if _library is None:
        tried = candidates()
        path = next((p for p in tried if p.exists()), None)
        if path is None:
            raise ImportError(
                "libMechanistC.so was not found; tried: " + ", ".join(str(p) for p in tried)
                + ". Build it with `swift build -c release --product MechanistC` in the repository, "
                "or set MECHANIST_LIBRARY to its path")
        _library = _declare(ctypes.CDLL(str(path)))
    return _library


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    P = ctypes.c_void_p
    i64, f64, i32, s = ctypes.c_int64, ctypes.c_double, ctypes.c_int32, ctypes.c_char_p
    pp = ctypes.POINTER(ctypes.c_void_p)
    status = ctypes.c_int
    signatures = {
        "mechanist_version": (s, []),
        "mechanist_last_error": (s, []),
        "mechanist_string_free": (None, [P]),
        "mechanist_model_from_json": (status, [s, pp]),
        "mechanist_model_load": (status, [s, pp]),
        "mechanist_model_free": (None, [P]),
        "mechanist_model_set": (status, [P, s, f64]),
        "mechanist_model_set_seed": (status, [P, i64]),
        "mechanist_compile_options_init": (None, [ctypes.POINTER(_CompileOptions)]),
        "mechanist_compile": (status, [P, ctypes.POINTER(_CompileOptions), pp]),
        "mechanist_executable_free": (None, [P]),
        "mechanist_compile_seconds": (status, [P, c_double_p]),
        "mechanist_input_count": (status, [P, c_int64_p]),
        "mechanist_input_name": (status, [P, i64, c_char_pp]),
        "mechanist_input_width": (status, [P, i64, c_int64_p]),
        "mechanist_target_count": (status, [P, c_int64_p]),
        "mechanist_target_name": (status, [P, i64, c_char_pp]),
        "mechanist_target_width": (status, [P, i64, c_int64_p]),
        "mechanist_run": (status, [P, i64, c_char_pp, ctypes.POINTER(c_double_p), c_int64_p, i64, pp]),
        "mechanist_learn": (status, [P, i64, c_char_pp, ctypes.POINTER(c_double_p), c_int64_p,
                                     i64, c_char_pp, ctypes.POINTER(c_double_p), c_int64_p, i64, i64, f64, pp]),
        "mechanist_row_widths": (status, [P, c_int64_p, c_int64_p]),
        "mechanist_input_slot_count": (status, [P, c_int64_p]),
        "mechanist_input_slot": (status, [P, i64, c_char_pp, c_int64_p, c_int64_p]),
        "mechanist_output_slot_count": (status, [P, c_int64_p]),
        "mechanist_output_slot": (status, [P, i64, c_char_pp, c_int64_p, c_int64_p, ctypes.POINTER(i32)]),
        "mechanist_run_rows": (status, [P, P, i64, i64, P, i64]),
        "mechanist_learn_rows": (status, [P, P, i64, i64, P, i64]),
        "mechanist_result_free": (None, [P]),
        "mechanist_result_trials": (status, [P, c_int64_p]),
        "mechanist_result_column_count": (status, [P, c_int64_p]),
        "mechanist_result_result_count": (status, [P, c_int64_p]),
        "mechanist_result_column_label": (status, [P, i64, c_char_pp]),
        "mechanist_result_column_width": (status, [P, i64, c_int64_p]),
        "mechanist_result_column": (status, [P, i64, ctypes.POINTER(c_double_p)]),
        "mechanist_result_step_port_count": (status, [P, c_int64_p]),
        "mechanist_result_step_port_label": (status, [P, i64, c_char_pp]),
        "mechanist_result_step_port_width": (status, [P, i64, c_int64_p]),
        "mechanist_result_step_port_values": (status, [P, i64, ctypes.POINTER(c_int64_p),
                                                       ctypes.POINTER(c_double_p)]),
        "mechanist_result_undecided_count": (status, [P, c_int64_p]),
        "mechanist_result_undecided": (status, [P, i64, c_char_pp, c_char_pp, ctypes.POINTER(c_int64_p),
                                                c_int64_p]),
        "mechanist_result_seconds": (status, [P, c_double_p, c_double_p]),
        "mechanist_weight_count": (status, [P, c_int64_p]),
        "mechanist_weight_name": (status, [P, i64, c_char_pp]),
        "mechanist_weight_shape": (status, [P, s, c_int64_p, c_int64_p]),
        "mechanist_weight_get": (status, [P, s, c_double_p, i64]),
        "mechanist_weight_set": (status, [P, s, c_double_p, i64]),
        "mechanist_parameter_count": (status, [P, c_int64_p]),
        "mechanist_parameter_name": (status, [P, i64, c_char_pp]),
        "mechanist_parameter_get": (status, [P, s, c_double_p]),
        "mechanist_parameter_set": (status, [P, s, f64]),
        "mechanist_state_count": (status, [P, c_int64_p]),
        "mechanist_state_name": (status, [P, i64, c_char_pp]),
        "mechanist_state_size": (status, [P, s, c_int64_p]),
        "mechanist_state_get": (status, [P, s, c_double_p, i64]),
        "mechanist_state_set": (status, [P, s, c_double_p, i64]),
        "mechanist_reset": (status, [P]),
        "mechanist_snapshot": (status, [P, ctypes.POINTER(ctypes.c_void_p)]),
        "mechanist_restore": (status, [P, s]),
        "mechanist_save_state": (status, [P, s]),
        "mechanist_load_state": (status, [P, s]),
    }
    for name, (result, arguments) in signatures.items():
        function = getattr(lib, name)
        function.restype = result
        function.argtypes = arguments
    return lib
