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
tool=${PNL_FROM_MODEL:-../shared/tools/pnl_from_model.py}
fixtures=Tests/MechanistTests/Fixtures

# fixture folder -> extra arguments (trial count where the inputs cycle)
declare -A args=(
    [f1_functions]="--trials 10"
    [f2_objective]=""
    [stroop_feedforward]=""
)
for name in "${!args[@]}"; do
    dir=$fixtures/$name
    echo "== $name"
    # shellcheck disable=SC2086
    "$py" "$tool" "$dir/model.json" --inputs "$dir/inputs.json" ${args[$name]} --output "$dir/expected.json"
done
# The reference models (m1, m2, m3, m7) are copies of ../shared/reference/<model>/ without
# pnl_anchor.json; refresh them with: cp ../shared/reference/<model>/{model,inputs,expected}*.json ...
