"""Builds libMechanistC (the C API the package binds) into the package on install.

`pip install ./python` from the repository runs `swift build -c release --product MechanistC`
in the repository and copies the library into mechanist/_lib/. With MECHANIST_LIBRARY set to
an existing libMechanistC.so, that one is copied instead and nothing is built. An editable
install (`pip install -e ./python`) builds nothing: the package then finds the library in the
repository's .build/release or .build/debug (after `swift build`).
"""
import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LIBRARY = "libMechanistC.so"


class BuildWithLibrary(build_py):
    def run(self):
        super().run()
        repository = Path(__file__).resolve().parent.parent
        given = os.environ.get("MECHANIST_LIBRARY")
        if given:
            source = Path(given)
            if not source.exists():
                raise SystemExit(f"MECHANIST_LIBRARY={given}: no such file")
        else:
            if not (repository / "Package.swift").exists():
                raise SystemExit(f"{repository} is not the Mechanist repository (no Package.swift); set "
                                 "MECHANIST_LIBRARY to a built libMechanistC.so")
            swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
            if not Path(swift).exists():
                raise SystemExit("building libMechanistC needs the Swift toolchain (`swift` on PATH), or set "
                                 "MECHANIST_LIBRARY to a built libMechanistC.so")
            print("building libMechanistC (swift build -c release --product MechanistC): a few minutes")
            subprocess.run([swift, "build", "-c", "release", "--product", "MechanistC"], cwd=repository, check=True)
            source = repository / ".build" / "release" / LIBRARY
        target = Path(self.build_lib) / "mechanist" / "_lib"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / LIBRARY)


setup(cmdclass={"build_py": BuildWithLibrary})
