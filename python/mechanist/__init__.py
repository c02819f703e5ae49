"""Mechanist for Python.

So far: ``from_psyneulink(composition)`` turns a live PsyNeuLink 0.21 Composition into a Mechanist
model (a format-1 dict, docs/MODEL_FORMAT.md) that ``json.dump`` writes as a model file.  The
binding to the compiled library (load, compile, run, learn) extends this package.
"""
from .psyneulink import MechanistImportError, from_psyneulink

__version__ = '0.1.0'
__all__ = ['from_psyneulink', 'MechanistImportError', '__version__']
