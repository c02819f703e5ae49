"""Examples/python_stroop/stroop_rt.py runs end to end: PsyNeuLink's Stroop model imported, the
import checked against PsyNeuLink's own run (the same reaction times), noisy trials run in
Mechanist, both plots written, the speed-up printed."""
import os
import subprocess
import sys


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_the_stroop_example_runs_end_to_end(tmp_path):
    script = os.path.join(ROOT, "Examples", "python_stroop", "stroop_rt.py")
    p = subprocess.run([sys.executable, script, "--trials", "200", "--psyneulink-trials", "3",
                        "--output-dir", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert "reaction times equal: True" in p.stdout, p.stdout
    assert "faster" in p.stdout
    for name in ("stroop_rt.png", "stroop_choices.png", "stroop_trajectories.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5000
