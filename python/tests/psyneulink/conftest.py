"""Shared support: the Mechanist CLI, PsyNeuLink, and comparing their numbers.

Each test builds a Composition in PsyNeuLink 0.21 (as a user would), exports it with
from_psyneulink, runs the model file with the Mechanist CLI and compares the numbers with the
Composition's own run or learn.
"""
import json
import os
import shutil
import subprocess
import sys
import warnings

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, 'python'))

pnl = pytest.importorskip('psyneulink')
warnings.filterwarnings('ignore')

# PsyNeuLink sums matrix products with numpy/BLAS, whose summation order differs from Mechanist's
# in the last bits (Tests/MechanistTests/ConformanceTests.swift: its own execution modes disagree by
# up to 4e-15 on the reference models). 1e-12 leaves room for that and nothing else.
TOLERANCE = 1e-12


def _mechanist_binary():
    path = os.path.join(ROOT, '.build', 'debug', 'mechanist')
    if not os.path.exists(path):
        swift = shutil.which('swift') or '/opt/swift/usr/bin/swift'
        subprocess.run([swift, 'build', '--product', 'mechanist'], cwd=ROOT, check=True)
    return path


@pytest.fixture(scope='session')
def mechanist():
    return _mechanist_binary()


@pytest.fixture(autouse=True)
def fresh_registry():
    """PsyNeuLink renames a mechanism whose name is already taken in this process ('lca' ->
    'lca-1'); every test starts with empty registries so the names stay the test's own."""
    for registry in pnl.primary_registries:
        pnl.clear_registry(registry)
    yield


@pytest.fixture
def run_model(mechanist, tmp_path):
    """run_model(model, inputs, command='run', *args) -> the CLI's JSON output."""
    def run(model, inputs, command='run', *args):
        mpath, ipath = tmp_path / 'model.json', tmp_path / 'inputs.json'
        mpath.write_text(json.dumps(model, indent=1))
        ipath.write_text(json.dumps(inputs))
        p = subprocess.run([mechanist, command, str(mpath), '--inputs', str(ipath), '--format', 'json', *args],
                           capture_output=True, text=True)
        assert p.returncode == 0, f'mechanist {command} failed:\n{p.stderr}\nmodel:\n{mpath.read_text()}'
        return json.loads(p.stdout)
    return run


def pnl_results(comp, start=0):
    """comp.results from trial `start` on, as [trial][port] lists of floats."""
    return [[np.asarray(v, dtype=float).reshape(-1).tolist() for v in trial] for trial in comp.results[start:]]


def flat(results):
    return np.concatenate([np.asarray(v, dtype=float).reshape(-1) for trial in results for v in trial])


def assert_same_numbers(ours, theirs, tol=TOLERANCE):
    """The same shape trial by trial and port by port, every number within tol."""
    assert len(ours) == len(theirs), f'{len(ours)} trials vs {len(theirs)}'
    for t, (a, b) in enumerate(zip(ours, theirs)):
        assert [len(v) for v in a] == [len(v) for v in b], f'trial {t}: port sizes {a} vs {b}'
    diff = np.max(np.abs(flat(ours) - flat(theirs))) if ours else 0.0
    assert diff <= tol, f'largest difference {diff}'
    return diff


def listed(x):
    return np.asarray(x, dtype=float).tolist()
