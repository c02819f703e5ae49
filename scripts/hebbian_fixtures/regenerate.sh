#!/bin/bash
# Regenerates the Hebbian learning fixtures (h*) in Tests/MechanistTests/Fixtures with
# PsyNeuLink 0.21: each folder's model.json and inputs.json are run through
# scripts/pnl_from_model.py --learn with the folder's arguments (below), and expected.json
# gets the translator's output plus the "run" section the conformance tests read.
#   PNL_PY=~/pnl/bin/python scripts/hebbian_fixtures/regenerate.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PNL_PY=${PNL_PY:-python3}
FIXTURES=$REPO/Tests/MechanistTests/Fixtures

# folder: epochs
declare -A EPOCHS=(
    [h1_lca_threshold_learning]=2   # an LCA that runs 10-32 steps to its threshold in one execution
    [h2_rtm_three_passes_learning]=2 # an RTM the scheduler runs 3 times per trial
    [h3_hebbian_with_backprop]=3    # a Hebbian RTM beside a backpropagation pathway
)
for name in "${!EPOCHS[@]}"; do
    dir=$FIXTURES/$name
    epochs=${EPOCHS[$name]}
    "$PNL_PY" "$REPO/scripts/pnl_from_model.py" "$dir/model.json" --inputs "$dir/inputs.json" \
        --learn --epochs "$epochs" > "$dir/expected.raw.json"
    "$PNL_PY" - "$dir" "$name" "$epochs" <<'PY'
import json, sys
d, name, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
raw = json.load(open(f'{d}/expected.raw.json'))
import psyneulink
out = {'model': name, 'model_file': 'model.json', 'inputs_file': 'inputs.json',
       'psyneulink': psyneulink.__version__, 'execution_mode': 'Python',
       'run': {'kind': 'learn', 'epochs': epochs, 'trials': raw['trials']},
       'command': f'pnl_from_model.py {name}/model.json --inputs {name}/inputs.json --learn --epochs {epochs}'}
out.update(raw)
json.dump(out, open(f'{d}/expected.json', 'w'), indent=1)
PY
    rm "$dir/expected.raw.json"
    echo "$name: done"
done
