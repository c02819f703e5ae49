"""Mechanist for Python: compiled PsyNeuLink-style cognitive models.

>>> import mechanist
>>> model = mechanist.load("Examples/stroop/model.json")
>>> inputs, targets = mechanist.load_inputs("Examples/stroop/inputs.json")
>>> result = model.compile().run(inputs)
>>> result["response.RESULT"]          # trials x 2, a numpy array

``from_psyneulink(composition)`` turns a live PsyNeuLink 0.21 Composition into a model dict
(``from_dict`` compiles it); ``mechanist.plot`` draws trajectories, reaction times, choices,
learning curves and the model graph.
"""
from .core import (CompileError, DivergenceError, Executable, InputError, InternalError, InvalidArgumentError,
                   MechanistError, MechanistMemoryError, Model, ModelError, ParameterError, PreparedInputs, Result, from_dict,
                   from_json, load, load_inputs, version)
from .psyneulink import MechanistImportError, from_psyneulink

__version__ = "0.1.0"
__all__ = ["load", "from_dict", "from_json", "load_inputs", "version", "Model", "Executable", "Result", "PreparedInputs",
           "MechanistError", "InvalidArgumentError", "ModelError", "InputError", "CompileError", "DivergenceError",
           "ParameterError", "MechanistMemoryError", "InternalError", "from_psyneulink", "MechanistImportError",
           "__version__"]
