"""mechanist.plot: each plot renders to a valid, non-empty PNG; bad data is a clear error."""
import json

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402

import mechanist  # noqa: E402
from mechanist import plot  # noqa: E402
from paths import example  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def saved(ax, path):
    ax.figure.savefig(path)
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1000
    image = mpimg.imread(path)
    assert image.shape[0] > 100 and image.shape[1] > 100
    # Something was drawn: the image is not one flat colour.
    assert float(np.ptp(image[..., :3])) > 0
    return image


@pytest.fixture(scope="module")
def lca_run():
    inputs, _ = mechanist.load_inputs(example("lca_decision_2", "inputs.json"))
    exe = mechanist.load(example("lca_decision_2", "model.json")).compile(record_steps=["decision.RESULT"])
    return exe.run(inputs, trials=60)


def test_trajectories(lca_run, tmp_path):
    saved(plot.trajectories(lca_run, "decision.RESULT", trials=[0, 1]), tmp_path / "trajectories.png")
    with pytest.raises(KeyError, match="record_steps"):
        plot.trajectories(lca_run, "decision.DECISION_STEPS")


def test_reaction_times_and_choices(lca_run, tmp_path):
    rts = lca_run["decision.DECISION_STEPS"][:, 0]
    choices = lca_run["decision.DECISION_INDEX"][:, 0].astype(int)
    conditions = np.where(np.arange(lca_run.trials) % 2 == 0, "even", "odd")
    saved(plot.reaction_times(rts, choices, conditions), tmp_path / "rts.png")
    saved(plot.choice_proportions(choices, conditions), tmp_path / "choices.png")
    with pytest.raises(ValueError, match="one of each per trial"):
        plot.reaction_times(rts, choices[:3])


def test_learning_curve(tmp_path):
    inputs, targets = mechanist.load_inputs(example("xor_learning", "inputs.json"))
    exe = mechanist.load(example("xor_learning", "model.json")).compile(record=["output_comparator.MSE"])
    result = exe.learn(inputs, targets, epochs=50, learning_rate=0.5)
    mse = result["output_comparator.MSE"]
    assert mse.shape == (200, 1)
    saved(plot.learning_curve(mse, trials_per_epoch=4, label="MSE"), tmp_path / "curve.png")


def test_graph(tmp_path):
    model = json.load(open(example("stroop", "model.json")))
    saved(plot.graph(model), tmp_path / "graph.png")
