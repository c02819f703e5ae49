#!/usr/bin/env bash
# End-to-end test of the Slurm recipe on a real (single-node) Slurm: starts local_cluster.sh in a
# temporary folder, submits a small sweep with submit_sweep.sh as a job array of 3 shards plus
# its merge job, waits until the queue is empty, and checks that the merged file is byte for byte
# the merged file of the same sweep run unsharded in one process. Then reruns one shard, cut
# short, with sbatch --array=1, as the README says to rerun a failed shard, and checks again. The daemons are
# stopped by their process ids whatever happens (trap on EXIT).
#
#   scripts/slurm/test_slurm.sh        (after swift build; .ci/run calls it)
#
# MECHANIST: the binary to test (default .build/debug/mechanist). Needs slurmctld, slurmd and
# the clients (.ci/run installs them). Exits non-zero, saying what failed, on any failure; the
# temporary folder (cluster logs, job logs) is then kept and named.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
here=$repo/scripts/slurm
started=$SECONDS

fail() {
    echo "test_slurm: FAIL: $*" >&2
    exit 1
}

for tool in slurmctld slurmd sbatch squeue sinfo scancel; do
    command -v "$tool" >/dev/null 2>&1 ||
        fail "$tool is not installed (apt-get install slurmctld slurmd slurm-client; .ci/run does)"
done
MECHANIST=${MECHANIST:-$repo/.build/debug/mechanist}
[[ -x $MECHANIST ]] || fail "no mechanist binary at $MECHANIST: run swift build first, or set MECHANIST"
export MECHANIST

work=$(mktemp -d "${TMPDIR:-/tmp}/mechanist-slurm-test.XXXXXX")
cleanup() {
    local status=$?
    if [[ -d $work/cluster ]]; then "$here/local_cluster.sh" stop "$work/cluster" || status=1; fi
    if [[ $status -eq 0 ]]; then
        rm -rf "$work"
    else
        echo "test_slurm: kept $work (cluster/log/: the daemons' logs; slurm/logs/: the jobs')" >&2
    fi
    exit "$status"
}
trap cleanup EXIT

# A noisy LCA (each set draws its own noise from seed + set index, whichever shard runs it),
# 3 x 2 parameter sets, in 3 shards: every shard holds 2 sets, and with more shards than this
# machine has CPUs some tasks wait in the queue for others to finish.
model=$repo/Examples/lca_decision_2/model.json
inputs=$repo/Examples/lca_decision_2/inputs.json
params=$work/grid.json
shards=3
sets=6
sweep_args=(--trials 50)
cat >"$params" <<'JSON'
{"grid": {"decision.leak": [0.1, 0.2, 0.4], "decision.noise.standard_deviation": [0.3, 0.6]}}
JSON

# The reference: the whole sweep in one process, not sharded, then merged.
"$MECHANIST" sweep "$model" --inputs "$inputs" --params "$params" "${sweep_args[@]}" \
    --output "$work/unsharded" || fail "the unsharded sweep failed"
"$MECHANIST" merge "$work/unsharded" --output "$work/unsharded.jsonl" ||
    fail "merging the unsharded sweep failed"
[[ $(wc -l <"$work/unsharded.jsonl") -eq $sets ]] ||
    fail "the unsharded sweep has $(wc -l <"$work/unsharded.jsonl") lines, expected $sets (one per set)"

"$here/local_cluster.sh" start "$work/cluster" || fail "the local Slurm did not start (logs: $work/cluster/log/)"
export SLURM_CONF=$work/cluster/slurm.conf

# auth/none trusts whoever connects, so both daemons must listen on loopback only: the local
# address of every listening socket on their ports, from /proc/net/tcp (hex, 0100007F =
# 127.0.0.1, state 0A = listening).
for key in SlurmctldPort SlurmdPort; do
    port=$(awk -F= -v key="$key" '$1 == key {print $2}' "$SLURM_CONF")
    listening=$(awk -v port="$(printf '%04X' "$port")" '$4 == "0A" && $2 ~ ":" port "$" {print $2}' /proc/net/tcp /proc/net/tcp6)
    [[ -n $listening ]] || fail "nothing listens on $key $port"
    ! grep -qv '^0100007F:' <<<"$listening" ||
        fail "a daemon listens on $key $port beyond loopback: $listening (hex address:port from /proc/net/tcp)"
done

# Waits until the queue is empty; fails, listing the queue, after $1 seconds.
wait_for_empty_queue() {
    local limit=$1 i
    for ((i = 0; i < limit * 5; i++)); do
        [[ -z $(squeue --noheader) ]] && return 0
        sleep 0.2
    done
    squeue >&2 || true
    fail "the queue is not empty after $limit s"
}

# The final state of job $1 (or of array task $1_$2) from the job completion log.
job_state() {
    local pattern="^JobId=$1 "
    [[ $# -eq 2 ]] && pattern="ArrayJobId=$1 ArrayTaskId=$2 "
    grep -E "$pattern" "$work/cluster/log/jobcomp.txt" | tail -n 1 | grep -oE 'JobState=[A-Z_]+' | cut -d= -f2
}

# Checks that the array task $1_k for every k in $2... and the job $3 completed.
check_completed() {
    local array=$1 merge=$2 k state
    shift 2
    for k in "$@"; do
        state=$(job_state "$array" "$k")
        [[ $state == COMPLETED ]] ||
            fail "shard $k (job ${array}_$k) ended ${state:-without a record}; its log: $(cat "$work/slurm/logs/sweep-${array}_$k.out" 2>/dev/null)"
    done
    state=$(job_state "$merge")
    [[ $state == COMPLETED ]] ||
        fail "the merge job $merge ended ${state:-without a record}; its log: $(cat "$work/slurm/logs/merge-$merge.out" 2>/dev/null)"
}

compare() {
    cmp "$work/unsharded.jsonl" "$work/slurm/merged.jsonl" >&2 ||
        fail "$1: the merged output of the Slurm shards differs from the unsharded run's (diff $work/unsharded.jsonl $work/slurm/merged.jsonl)"
}

submitted=$("$here/submit_sweep.sh" "$model" "$inputs" "$params" "$shards" "$work/slurm" -- "${sweep_args[@]}") ||
    fail "submit_sweep.sh failed"
echo "$submitted"
sweep_job=$(awk '/^sweep job:/ {print $3}' <<<"$submitted")
merge_job=$(awk '/^merge job:/ {print $3}' <<<"$submitted")
[[ -n $sweep_job && -n $merge_job ]] || fail "submit_sweep.sh printed no job ids: $submitted"

wait_for_empty_queue 120
check_completed "$sweep_job" "$merge_job" $(seq 0 $((shards - 1)))
for ((k = 0; k < shards; k++)); do
    [[ -s $work/slurm/shards/shard-$k-of-$shards.jsonl ]] || fail "array task $k wrote no shard-$k-of-$shards.jsonl"
done
compare "array job $sweep_job and merge job $merge_job"
echo "test_slurm: array job $sweep_job ($shards shards) + merge job $merge_job: merged output byte-identical to the unsharded run ($sets sets)"

# Rerunning a shard, as after a failure: shard 1's job was killed after its first set (its
# file is still .partial, holding that set); the rerun runs the other set, the merge agrees.
shard1=$work/slurm/shards/shard-1-of-$shards.jsonl
head -n 1 "$shard1" >"$shard1.partial"
rm "$shard1" "$work/slurm/merged.jsonl"
rerun=$(sbatch --parsable --array=1 --output="$work/slurm/logs/sweep-%A_%a.out" "$here/sweep_array.sbatch" \
    "$model" "$inputs" "$params" "$shards" "$work/slurm/shards" "${sweep_args[@]}") || fail "resubmitting shard 1 failed"
rerun=${rerun%%;*}
merge=$(sbatch --parsable --dependency="afterok:$rerun" --kill-on-invalid-dep=yes \
    --output="$work/slurm/logs/merge-%j.out" "$here/merge.sbatch" "$work/slurm/shards" "$work/slurm/merged.jsonl") ||
    fail "resubmitting the merge failed"
merge=${merge%%;*}
wait_for_empty_queue 120
check_completed "$rerun" "$merge" 1
compare "shard 1 rerun (job ${rerun}_1), merge job $merge"
[[ ! -e $shard1.partial ]] || fail "the rerun of shard 1 left $shard1.partial"
echo "test_slurm: shard 1 rerun as job ${rerun}_1 + merge job $merge: byte-identical again; the job's log:"
sed 's/^/    /' "$work/slurm/logs/sweep-${rerun}_1.out"
echo "test_slurm: OK in $((SECONDS - started)) s"
