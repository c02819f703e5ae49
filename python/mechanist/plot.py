"""Plots with matplotlib: activation trajectories, reaction times, choices, learning curves,
and the model's graph.

Each function draws into ``ax`` (a new figure when none is given) and returns the Axes; save
with ``ax.figure.savefig(path)``. matplotlib is imported on first use (``pip install
mechanist[plot]``).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib
    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg", "ps", "cairo") and not _has_display():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    _, ax = plt.subplots(figsize=(6, 4))
    return ax


def _has_display() -> bool:
    import os
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def trajectories(result, port: str, trials: Optional[Iterable[int]] = None, units: Optional[Iterable[int]] = None,
                 ax=None, title: Optional[str] = None):
    """Activation within trials: the per-step trajectory of ``port`` (compile with
    ``record_steps=[port]``), one line per unit and trial, against the execution step."""
    if port not in result.steps:
        recorded = ", ".join(result.steps) or "none"
        raise KeyError(f"{port!r} has no per-step trajectory in this result (recorded: {recorded}); "
                       f"compile with record_steps=[{port!r}]")
    ax = _axes(ax)
    per_trial = result.steps[port]
    chosen = list(trials) if trials is not None else list(range(min(len(per_trial), 5)))
    for t in chosen:
        steps = per_trial[t]
        for unit in (list(units) if units is not None else range(steps.shape[1])):
            ax.plot(np.arange(1, steps.shape[0] + 1), steps[:, unit], label=f"trial {t}, unit {unit}")
    ax.set_xlabel("execution within the trial")
    ax.set_ylabel(port)
    ax.set_title(title or f"{port} within trials")
    if len(chosen) * (per_trial[chosen[0]].shape[1] if chosen else 0) <= 12:
        ax.legend(fontsize="small")
    return ax


def reaction_times(rts: Sequence[float], choices: Optional[Sequence] = None,
                   conditions: Optional[Sequence] = None, bins: int = 30, ax=None, title: Optional[str] = None):
    """Reaction-time distributions: a histogram per (condition, choice), e.g. an LCA's
    ``DECISION_STEPS`` and the index of its winning unit."""
    rts = np.asarray(rts, dtype=float).ravel()
    if rts.size == 0:
        raise ValueError("reaction_times: no reaction times given")
    choices = np.asarray(choices).ravel() if choices is not None else np.zeros(rts.size, dtype=int)
    conditions = np.asarray(conditions).ravel() if conditions is not None else np.full(rts.size, "", dtype=object)
    if choices.size != rts.size or conditions.size != rts.size:
        raise ValueError(f"reaction_times: {rts.size} reaction times, {choices.size} choices and "
                         f"{conditions.size} conditions: give one of each per trial")
    ax = _axes(ax)
    edges = np.histogram_bin_edges(rts, bins=bins)
    for condition in _unique(conditions):
        for choice in _unique(choices):
            selected = rts[(conditions == condition) & (choices == choice)]
            if selected.size == 0:
                continue
            named = f"choice {choice}" if isinstance(choice, (int, float, np.integer, np.floating)) else str(choice)
            label = ", ".join(str(x) for x in (condition, named) if str(x) != "")
            ax.hist(selected, bins=edges, histtype="step", linewidth=1.5, label=f"{label} (n={selected.size})")
    ax.set_xlabel("reaction time")
    ax.set_ylabel("trials")
    ax.set_title(title or "reaction-time distributions")
    ax.legend(fontsize="small")
    return ax


def choice_proportions(choices: Sequence, conditions: Optional[Sequence] = None, ax=None,
                       title: Optional[str] = None):
    """The proportion of each choice, per condition, as grouped bars."""
    choices = np.asarray(choices).ravel()
    if choices.size == 0:
        raise ValueError("choice_proportions: no choices given")
    conditions = np.asarray(conditions).ravel() if conditions is not None else np.full(choices.size, "all", dtype=object)
    if conditions.size != choices.size:
        raise ValueError(f"choice_proportions: {choices.size} choices and {conditions.size} conditions")
    ax = _axes(ax)
    kinds, groups = _unique(choices), _unique(conditions)
    width = 0.8 / max(len(kinds), 1)
    for k, choice in enumerate(kinds):
        proportions = [np.mean(choices[conditions == g] == choice) for g in groups]
        ax.bar(np.arange(len(groups)) + k * width, proportions, width, label=f"choice {choice}")
    ax.set_xticks(np.arange(len(groups)) + width * (len(kinds) - 1) / 2)
    ax.set_xticklabels([str(g) for g in groups])
    ax.set_ylim(0, 1)
    ax.set_ylabel("proportion")
    ax.set_title(title or "choice proportions")
    ax.legend(fontsize="small")
    return ax


def learning_curve(values, trials_per_epoch: Optional[int] = None, ax=None, label: Optional[str] = None,
                   title: Optional[str] = None):
    """A learning curve: a learn's recorded error (compile with ``record=["<comparator>.MSE"]``
    and pass ``result["<comparator>.MSE"]``, or any sequence), per trial or averaged per epoch."""
    curve = np.asarray(values, dtype=float)
    curve = curve.reshape(curve.shape[0], -1).mean(axis=1) if curve.ndim > 1 else curve
    if curve.size == 0:
        raise ValueError("learning_curve: no values given")
    x_label = "trial"
    if trials_per_epoch:
        epochs = curve.size // trials_per_epoch
        curve = curve[:epochs * trials_per_epoch].reshape(epochs, trials_per_epoch).mean(axis=1)
        x_label = "epoch"
    ax = _axes(ax)
    ax.plot(np.arange(1, curve.size + 1), curve, label=label)
    ax.set_xlabel(x_label)
    ax.set_ylabel(label or "error")
    ax.set_title(title or "learning curve")
    if label:
        ax.legend(fontsize="small")
    return ax


def graph(model: Mapping, ax=None, dot: Optional[str] = None, title: Optional[str] = None):
    """The model's graph: nodes and projections (learning components are not drawn). Laid out by
    Graphviz's ``dot`` when it is installed (``dot`` may give its path), else in layers by
    matplotlib itself. ``model`` is a model dict (a parsed model file, or what
    :func:`mechanist.from_psyneulink` returns)."""
    nodes = [n["name"] for n in model.get("nodes", [])]
    edges = [(_node(p["sender"]), _node(p["receiver"]), p.get("name", "")) for p in model.get("projections", [])]
    ax = _axes(ax)
    program = dot or shutil.which("dot")
    if program:
        _graphviz(model, nodes, edges, ax, program)
    else:
        _layers(nodes, edges, ax)
    ax.set_title(title or model.get("name", "model"))
    ax.axis("off")
    return ax


def _node(reference) -> str:
    text = reference if isinstance(reference, str) else reference.get("node", "")
    return text.split(".")[0]


def _graphviz(model, nodes, edges, ax, program):
    import matplotlib.image as mpimg
    kinds = {n["name"]: n.get("type", "") for n in model.get("nodes", [])}
    lines = ["digraph G {", "  rankdir=TB;", '  node [fontname="Helvetica", shape=box];']
    lines += [f'  "{n}" [label="{n}\\n{kinds.get(n, "")}"];' for n in nodes]
    lines += [f'  "{s}" -> "{r}" [label="{name}"];' for s, r, name in edges]
    lines.append("}")
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/graph.png"
        run = subprocess.run([program, "-Tpng", "-o", path], input="\n".join(lines), text=True,
                             capture_output=True)
        if run.returncode != 0:
            raise RuntimeError(f"graph: {program} failed: {run.stderr.strip()}")
        ax.imshow(mpimg.imread(path))


def _layers(nodes, edges, ax):
    # Longest-path layering from the nodes without senders; cycles keep the first layer found.
    depth = {n: 0 for n in nodes}
    for _ in range(len(nodes)):
        changed = False
        for s, r, _name in edges:
            if s != r and s in depth and r in depth and depth[r] < depth[s] + 1 and depth[s] + 1 < len(nodes):
                depth[r] = depth[s] + 1
                changed = True
        if not changed:
            break
    rows: Dict[int, List[str]] = {}
    for n in nodes:
        rows.setdefault(depth[n], []).append(n)
    position = {}
    for level, members in rows.items():
        for k, n in enumerate(members):
            position[n] = ((k + 1) / (len(members) + 1), 1 - (level + 0.5) / (len(rows) + 0.5))
    for s, r, _name in edges:
        if s in position and r in position:
            ax.annotate("", xy=position[r], xytext=position[s],
                        arrowprops=dict(arrowstyle="->", shrinkA=14, shrinkB=14, color="0.3"))
    for n, (x, y) in position.items():
        ax.text(x, y, n, ha="center", va="center", bbox=dict(boxstyle="round", facecolor="white", edgecolor="0.2"))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)


def _unique(values) -> list:
    seen = []
    for v in values.tolist():
        if v not in seen:
            seen.append(v)
    return seen
