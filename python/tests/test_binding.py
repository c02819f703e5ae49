"""The Python package over libMechanistC: every number is compared (==) with the Mechanist CLI
running the same model, the reference path; errors carry Mechanist's messages."""
import json
import math

import numpy as np
import pytest

import mechanist
from paths import example


def test_a_run_equals_the_cli(cli):
    model = mechanist.load(example("stroop", "model.json"))
    inputs, _ = mechanist.load_inputs(example("stroop", "inputs.json"))
    for mode in ("compiled", "interpreted", "verify"):
        result = model.compile(mode=mode).run(inputs)
        expected = cli("run", example("stroop", "model.json"), "--inputs", example("stroop", "inputs.json"),
                       "--mode", mode)
        assert result.columns == expected["columns"]
        assert result.trials == len(expected["results"])
        for k, label in enumerate(result.columns):
            assert result[label].tolist() == [trial[k] for trial in expected["results"]]


def test_inputs_take_lists_arrays_and_flat_entries():
    exe = mechanist.load(example("stroop", "model.json")).compile()
    inputs, _ = mechanist.load_inputs(example("stroop", "inputs.json"))
    as_lists = exe.run(inputs)
    exe.reset()
    as_arrays = exe.run({node: np.asarray(entries).reshape(len(entries), -1) for node, entries in inputs.items()})
    assert as_lists["response.RESULT"].tolist() == as_arrays["response.RESULT"].tolist()
    assert as_lists["response.RESULT"].shape == (as_lists.trials, 2)


def test_recorded_ports_steps_and_undecided_trials_equal_the_cli(cli):
    path = example("lca_decision_2", "model.json")
    text = json.load(open(path))
    lca = next(n["name"] for n in text["nodes"] if n["type"] == "LCAMechanism")
    inputs, _ = mechanist.load_inputs(example("lca_decision_2", "inputs.json"))
    exe = mechanist.load(path).compile(record=[f"{lca}.DECISION_STEPS"], record_steps=[f"{lca}.RESULT"])
    result = exe.run(inputs, trials=4)
    expected = cli("run", path, "--inputs", example("lca_decision_2", "inputs.json"), "--trials", "4",
                   "--record", f"{lca}.DECISION_STEPS", "--record-steps", f"{lca}.RESULT")
    assert result.columns[:result.result_count] == expected["columns"]
    for k, label in enumerate(result.columns[:result.result_count]):
        assert result[label].tolist() == [trial[k] for trial in expected["results"]]
    # The recorded port is the last column (a result too: the LCA is an OUTPUT node).
    assert result.columns[-1] == f"{lca}.DECISION_STEPS"
    assert result[f"{lca}.DECISION_STEPS"].tolist() == expected["nodes"][lca]["DECISION_STEPS"]
    steps = expected["steps"][lca]["RESULT"]
    assert [s.tolist() for s in result.steps[f"{lca}.RESULT"]] == steps
    assert set(result.undecided) == {lca}
    assert result.undecided[lca].tolist() == expected["undecided"][lca]


def test_learning_equals_the_cli(cli):
    path = example("xor_learning", "model.json")
    inputs, targets = mechanist.load_inputs(example("xor_learning", "inputs.json"))
    exe = mechanist.load(path).compile()
    result = exe.learn(inputs, targets, epochs=30, learning_rate=0.5)
    expected = cli("learn", path, "--inputs", example("xor_learning", "inputs.json"), "--epochs", "30",
                   "--learning-rate", "0.5")
    assert result.trials == len(expected["results"])
    for name, rows in expected["weights"].items():
        assert exe.weight(name).tolist() == rows


def test_weights_parameters_state_and_snapshots():
    exe = mechanist.load(example("stroop", "model.json")).compile()
    inputs, _ = mechanist.load_inputs(example("stroop", "inputs.json"))
    name = exe.weight_names[0]
    w = exe.weight(name)
    exe.set_weight(name, w * 2)
    assert exe.weight(name).tolist() == (w * 2).tolist()
    exe.set_weight(name, w)
    parameter = exe.parameter_names[0]
    before = exe.parameter(parameter)
    exe.set_parameter(parameter, before + 1)
    assert exe.parameter(parameter) == before + 1
    exe.set_parameter(parameter, before)
    first = exe.run(inputs)
    snapshot = exe.snapshot()
    second = exe.run(inputs)
    exe.restore(snapshot)
    again = exe.run(inputs)
    assert again["response.RESULT"].tolist() == second["response.RESULT"].tolist()
    state = exe.state_names[0]
    exe.set_state(state, np.zeros_like(exe.state(state)))
    assert exe.state(state).tolist() == [0.0] * exe.state(state).size
    exe.reset()
    assert exe.run(inputs)["response.RESULT"].tolist() == first["response.RESULT"].tolist()


def test_a_model_from_a_dict_and_its_parameters():
    text = json.load(open(example("stroop", "model.json")))
    model = mechanist.from_dict(text)
    inputs, _ = mechanist.load_inputs(example("stroop", "inputs.json"))
    base = model.compile().run(inputs)["response.RESULT"]
    hidden = next(n["name"] for n in text["nodes"] if n["type"] == "TransferMechanism")
    changed = model.set(f"{hidden}.function.gain", 2.0).compile().run(inputs)["response.RESULT"]
    assert changed.tolist() != base.tolist()


def test_errors_are_exceptions_with_mechanists_messages(tmp_path):
    with pytest.raises(mechanist.ModelError, match="no such file"):
        mechanist.load(tmp_path / "missing.json")
    with pytest.raises(mechanist.ModelError, match="nodes"):
        mechanist.from_dict({"format": 1})
    exe = mechanist.load(example("stroop", "model.json")).compile()
    with pytest.raises(mechanist.InputError, match="not an INPUT node"):
        exe.run({"nowhere": [[1.0]]})
    with pytest.raises(mechanist.InputError, match="entries of 2 value"):
        exe.run({"color_input": [[1.0, 2.0, 3.0]], "word_input": [[1, 0]], "task_input": [[1, 0]]})
    with pytest.raises(mechanist.ParameterError):
        exe.set_parameter("no.such.parameter", 1.0)
    with pytest.raises(mechanist.InputError):
        exe.weight("no_such_projection")
    with pytest.raises(mechanist.InvalidArgumentError):
        mechanist.load(example("stroop", "model.json")).compile(mode="fast")
    with pytest.raises(mechanist.InputError):
        exe.learn({"color_input": [[1, 0]]}, {})


def test_a_dataframe_has_a_row_per_trial():
    pandas = pytest.importorskip("pandas")
    exe = mechanist.load(example("stroop", "model.json")).compile()
    inputs, _ = mechanist.load_inputs(example("stroop", "inputs.json"))
    result = exe.run(inputs)
    frame = result.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["response.RESULT[0]", "response.RESULT[1]"]
    assert frame.to_numpy().tolist() == result["response.RESULT"].tolist()


def test_the_fast_path_equals_the_general_one():
    """Lists of one length run through mechanist_run_rows; lists of different lengths (here the
    same sequence, one list given twice over) through mechanist_run: the numbers are the same."""
    exe = mechanist.load(example("stroop_lca", "model.json")).compile(record=["response.DECISION_STEPS"])
    inputs, _ = mechanist.load_inputs(example("stroop_lca", "inputs.json"))
    fast = exe.run(inputs, trials=12)
    exe.reset()
    doubled = dict(inputs, color_input=inputs["color_input"] * 2)
    general = exe.run(doubled, trials=12)
    assert fast.columns == general.columns
    for label in fast.columns:
        assert fast[label].tolist() == general[label].tolist()
    assert {node: trials.tolist() for node, trials in fast.undecided.items()} == \
        {node: trials.tolist() for node, trials in general.undecided.items()}


def test_prepared_inputs_run_as_the_dict_does():
    exe = mechanist.load(example("stroop", "model.json")).compile()
    inputs, _ = mechanist.load_inputs(example("stroop", "inputs.json"))
    prepared = exe.prepare(inputs)
    assert exe.run(prepared, trials=9)["response.RESULT"].tolist() == exe.run(inputs, trials=9)["response.RESULT"].tolist()
    with pytest.raises(mechanist.InputError, match="missing: task_input"):
        exe.prepare({"color_input": inputs["color_input"], "word_input": inputs["word_input"]})
    other = mechanist.load(example("stroop", "model.json")).compile()
    with pytest.raises(mechanist.InvalidArgumentError, match="another executable"):
        other.run(prepared)
