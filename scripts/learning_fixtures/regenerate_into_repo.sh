#!/bin/bash
# Regenerates the learning fixtures (b*, p*) with PsyNeuLink 0.21 and copies them into
# Tests/MechanistTests/Fixtures. regenerate.sh works in its own folder's layout (bN/ and
# pending/pN/), so it runs in a staging copy of this folder.
#   PNL_PY=~/pnl/bin/python scripts/learning_fixtures/regenerate_into_repo.sh [fixture ...]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export PNL_FROM_MODEL=${PNL_FROM_MODEL:-$REPO/scripts/pnl_from_model.py}
STAGE=$(mktemp -d)
cp -r "$HERE"/. "$STAGE"/
"$STAGE/regenerate.sh" "$@"
for d in "$STAGE"/b*_*/ "$STAGE"/pending/p*_*/; do
    [[ -f "$d/expected.json" ]] || continue
    n=$(basename "$d")
    mkdir -p "$REPO/Tests/MechanistTests/Fixtures/$n"
    cp "$d"/model.json "$d"/inputs.json "$d"/expected.json "$REPO/Tests/MechanistTests/Fixtures/$n/"
done
echo "fixtures copied into $REPO/Tests/MechanistTests/Fixtures"
