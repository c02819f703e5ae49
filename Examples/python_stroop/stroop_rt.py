"""The Stroop task from PsyNeuLink to Mechanist, end to end.

1. Build the Stroop model in PsyNeuLink 0.21 (the user's own code): color and word pathways into
   a noisy LCA response layer that runs until a unit crosses its threshold.
2. Import it into Mechanist (`mechanist.from_psyneulink`) and check the import: without noise,
   Mechanist and PsyNeuLink compute the same reaction times and responses.
3. Run thousands of noisy color-naming trials in Mechanist (compiled), per condition: congruent,
   neutral, incongruent.
4. Plot the reaction-time distributions, the responses, and the response units within a trial
   (stroop_rt.png, stroop_choices.png, stroop_trajectories.png).
5. Measure, on the spot, PsyNeuLink's time per trial and Mechanist's, and print the speed-up.

Run it with the venv that has PsyNeuLink and the package (python/README.md):
    ~/pnl/bin/python Examples/python_stroop/stroop_rt.py [--trials 2000] [--output-dir .]
"""
import argparse
import os
import sys
import time
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))
warnings.filterwarnings("ignore")

import psyneulink as pnl  # noqa: E402

import mechanist  # noqa: E402
from mechanist import plot  # noqa: E402

# Color naming: task unit 0. Stimuli per condition: (color, word) one-hot vectors; the correct
# response is the color's unit (0: red).
CONDITIONS = {
    "congruent": ([1, 0], [1, 0]),
    "neutral": ([1, 0], [0, 0]),
    "incongruent": ([1, 0], [0, 1]),
}
TASK = [1, 0]


def build_stroop(noise: float) -> pnl.Composition:
    """The Stroop model, as a PsyNeuLink user writes it (in fresh registries, so that a second
    build keeps the names: PsyNeuLink renames a mechanism whose name is taken)."""
    for registry in pnl.primary_registries:
        pnl.clear_registry(registry)
    color_input = pnl.ProcessingMechanism(name="color_input", input_shapes=2)
    word_input = pnl.ProcessingMechanism(name="word_input", input_shapes=2)
    task_input = pnl.ProcessingMechanism(name="task_input", input_shapes=2)
    color_hidden = pnl.TransferMechanism(name="color_hidden", input_shapes=2, function=pnl.Logistic(gain=1.0, x_0=4.0))
    word_hidden = pnl.TransferMechanism(name="word_hidden", input_shapes=2, function=pnl.Logistic(gain=1.0, x_0=4.0))
    response = pnl.LCAMechanism(name="response", input_shapes=2, function=pnl.Logistic(gain=1.0), leak=0.1,
                                competition=1.0, self_excitation=0.0, time_step_size=0.1, threshold=0.8,
                                threshold_criterion=pnl.VALUE, execute_until_finished=True,
                                noise=pnl.NormalDist(standard_deviation=noise) if noise > 0 else 0.0,
                                reset_stateful_function_when=pnl.AtTrialStart(),
                                output_ports=[pnl.RESULT, pnl.DECISION_STEPS])
    comp = pnl.Composition(name="stroop")
    comp.add_linear_processing_pathway([color_input, [[2.2, -2.2], [-2.2, 2.2]], color_hidden,
                                        [[1.3, -1.3], [-1.3, 1.3]], response])
    comp.add_linear_processing_pathway([word_input, [[2.6, -2.6], [-2.6, 2.6]], word_hidden,
                                        [[2.5, -2.5], [-2.5, 2.5]], response])
    comp.add_node(task_input)
    comp.add_projection(pnl.MappingProjection(matrix=[[4.0, 4.0], [0.0, 0.0]]), task_input, color_hidden)
    comp.add_projection(pnl.MappingProjection(matrix=[[0.0, 0.0], [4.0, 4.0]]), task_input, word_hidden)
    return comp


def condition_inputs(names, repeat=1):
    """Mechanist's inputs: each condition's stimulus `repeat` times, conditions in order."""
    inputs = {"color_input": [], "word_input": [], "task_input": []}
    labels = []
    for condition, (color, word) in CONDITIONS.items():
        for _ in range(repeat):
            inputs["color_input"].append([color])
            inputs["word_input"].append([word])
            inputs["task_input"].append([TASK])
            labels.append(condition)
    return inputs, np.array(labels)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=2000, help="noisy trials per condition in Mechanist")
    parser.add_argument("--psyneulink-trials", type=int, default=15, help="trials timed in PsyNeuLink")
    parser.add_argument("--noise", type=float, default=0.5, help="the response layer's noise (standard deviation)")
    parser.add_argument("--output-dir", default=".", help="where the plots go")
    options = parser.parse_args()

    # 2. Import the noise-free model and check it against PsyNeuLink's own run.
    exact = build_stroop(noise=0.0)
    model = mechanist.from_psyneulink(exact)
    executable = mechanist.from_dict(model).compile()
    inputs, labels = condition_inputs(CONDITIONS)
    ours = executable.run(inputs)
    pnl_inputs = {exact.nodes[name]: [entry[0] for entry in inputs[name]] for name in inputs}
    exact.run(inputs=pnl_inputs)
    theirs = [np.array(trial[0]) for trial in exact.results]
    steps = [trial[1][0] for trial in exact.results]
    difference = max(float(np.max(np.abs(ours["response.RESULT"][t] - theirs[t]))) for t in range(len(theirs)))
    same_steps = ours["response.DECISION_STEPS"][:, 0].tolist() == steps
    print(f"import check (no noise): reaction times equal: {same_steps}; largest difference in the response: "
          f"{difference:.1e}")

    # 3. Noisy color naming in Mechanist.
    noisy = build_stroop(noise=options.noise)
    executable = mechanist.from_dict(mechanist.from_psyneulink(noisy)).compile()
    inputs, labels = condition_inputs(CONDITIONS, repeat=options.trials)
    start = time.perf_counter()
    result = executable.run(inputs)
    mechanist_seconds = time.perf_counter() - start
    rts = result["response.DECISION_STEPS"][:, 0]
    choices = result["response.RESULT"].argmax(axis=1)
    for condition in CONDITIONS:
        selected = labels == condition
        print(f"{condition:>11}: mean RT {rts[selected].mean():6.2f} steps, errors {np.mean(choices[selected] != 0):6.1%}")

    # 4. Plots.
    os.makedirs(options.output_dir, exist_ok=True)
    names = np.where(choices == 0, "correct", "error")
    ax = plot.reaction_times(rts, names, labels, title="Stroop color naming: reaction times")
    ax.figure.savefig(os.path.join(options.output_dir, "stroop_rt.png"), dpi=120)
    ax = plot.choice_proportions(names, labels, title="Stroop color naming: responses")
    ax.figure.savefig(os.path.join(options.output_dir, "stroop_choices.png"), dpi=120)
    # The response units within one trial of each condition.
    tracer = mechanist.from_dict(mechanist.from_psyneulink(noisy)).compile(record_steps=["response.RESULT"])
    one_each, _ = condition_inputs(CONDITIONS)
    traced = tracer.run(one_each)
    ax = None
    for t, condition in enumerate(CONDITIONS):
        ax = plot.trajectories(traced, "response.RESULT", trials=[t], units=[0], ax=ax,
                               title="Stroop color naming: the correct response unit within a trial")
        ax.lines[-1].set_label(condition)
    ax.axhline(0.8, color="0.5", linestyle="--", linewidth=1, label="threshold")
    ax.legend(fontsize="small")
    ax.figure.savefig(os.path.join(options.output_dir, "stroop_trajectories.png"), dpi=120)

    # 5. Speed, measured now: PsyNeuLink's run (Python mode) against Mechanist's, per trial.
    pnl_inputs, _ = condition_inputs(CONDITIONS, repeat=max(options.psyneulink_trials // 3, 1))
    pnl_inputs = {noisy.nodes[name]: [entry[0] for entry in values] for name, values in pnl_inputs.items()}
    start = time.perf_counter()
    noisy.run(inputs=pnl_inputs)
    pnl_per_trial = (time.perf_counter() - start) / len(pnl_inputs[noisy.nodes["color_input"]])
    ours_per_trial = mechanist_seconds / result.trials
    print(f"PsyNeuLink: {pnl_per_trial * 1e3:.2f} ms per trial; Mechanist: {ours_per_trial * 1e6:.2f} us per trial "
          f"(compiled in {executable.compile_seconds * 1e3:.0f} ms): {pnl_per_trial / ours_per_trial:,.0f}x faster")
    print("plots: " + ", ".join(os.path.join(options.output_dir, name)
                                for name in ("stroop_rt.png", "stroop_choices.png", "stroop_trajectories.png")))


if __name__ == "__main__":
    main()
