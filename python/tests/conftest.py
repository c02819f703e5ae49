"""Support for the binding's tests: the repository, the Mechanist CLI (the reference the
binding's numbers are compared with: the same library through another path), and files."""
import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def mechanist_binary() -> str:
    for configuration in ("debug", "release"):
        path = os.path.join(ROOT, ".build", configuration, "mechanist")
        if os.path.exists(path):
            return path
    swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    subprocess.run([swift, "build", "--product", "mechanist"], cwd=ROOT, check=True)
    return os.path.join(ROOT, ".build", "debug", "mechanist")


@pytest.fixture(scope="session")
def cli():
    """cli(command, model, *args) -> the CLI's JSON output (exit status 0 asserted)."""
    binary = mechanist_binary()

    def run(*args):
        p = subprocess.run([binary, *args, "--format", "json"], capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout)
    return run
