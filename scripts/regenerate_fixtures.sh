#!/usr/bin/env bash
# Regenerates the expected.json of Mechanist's own PsyNeuLink fixtures (those not copied from
# ../shared/reference) by running each model file in PsyNeuLink 0.21.0.0's Python mode.
#
# Needs PsyNeuLink in a virtualenv outside the repository:
#   python3 -m venv ~/pnl && ~/pnl/bin/pip install psyneulink==0.21.0.0
# Usage: PNL_PY=~/pnl/bin/python scripts/regenerate_fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PNL_PY:-$HOME/pnl/bin/python}
tool=${PNL_FROM_MODEL:-scripts/pnl_from_model.py}
fixtures=Tests/MechanistTests/Fixtures

# fixture folder -> extra arguments (trial count where the inputs cycle)
declare -A args=(
    [f1_functions]="--trials 10"
    [f2_objective]=""
    [stroop_feedforward]=""
    # issue 3 fixtures (see Tests/MechanistTests/Fixtures/ISSUE3_FIXTURES.md)
    [r1_lca_value]="--trials 1"
    [r1b_lca_value_reset]="--trials 3"
    [r1c_lca_value_noreset]="--trials 3"
    [r2_lca_max_vs_next]="--trials 1"
    [r2b_lca_max_vs_next_reset]="--trials 3"
    [r3_lca_max_vs_avg]="--trials 1"
    [r3b_lca_max_vs_avg_reset]="--trials 3"
    [r4_lca_convergence]="--trials 1"
    [r4b_lca_convergence_noreset]="--trials 3"
    [r5_lca_ports]="--trials 20"
    [r5b_lca_ties]="--trials 5"
    [r6_lca_until_finished_false]="--trials 30"
    [r7_rtm_basic]="--trials 10"
    [r8_rtm_auto_hetero]="--trials 10"
    [r8b_rtm_matrix_hetero]="--trials 10"
    [r8c_rtm_auto_vector]="--trials 10"
    [r9_rtm_recurrent_port]="--trials 10"
    [r10_rtm_in_chain]="--trials 10 --record rtm.RESULT"
    [r11_transfer_termination]="--trials 5"
    [r11b_transfer_termination_trial]="--trials 5"
    [r11c_transfer_termination_run]="--trials 5"
    [r12_scheduler_conditions]="--trials 6 --record A.RESULT B.RESULT C.RESULT"
    [r13_scheduler_more]="--trials 8 --record A.RESULT B.RESULT C.RESULT D.RESULT E.RESULT"
    [r14_cycle]="--trials 5 --record A.RESULT B.RESULT"
    [r15_lca_stroop]="--record color_hidden.RESULT word_hidden.RESULT"
    # issue 6 fixtures (see Tests/MechanistTests/Fixtures/ISSUE6_FIXTURES.md)
    [f3_combination_vectors]="--trials 6 --record lc_scale.RESULT lc_offset.RESULT lc_rows.RESULT obj.OUTCOME rtm.RESULT rtm.ENERGY"
    [f4_reduce_ports]="--trials 6 --record red.RESULT after.RESULT"
)
for name in "${!args[@]}"; do
    dir=$fixtures/$name
    echo "== $name"
    # shellcheck disable=SC2086
    "$py" "$tool" "$dir/model.json" --inputs "$dir/inputs.json" ${args[$name]} --output "$dir/expected.json"
done
# The reference models (m1, m2, m3, m7) are copies of ../shared/reference/<model>/ without
# pnl_anchor.json; refresh them with: cp ../shared/reference/<model>/{model,inputs,expected}*.json ...
