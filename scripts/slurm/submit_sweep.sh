#!/usr/bin/env bash
# Submits a Mechanist sweep to Slurm as a job array of N shards plus a merge job that runs once
# every shard has succeeded (--dependency=afterok), and prints both job ids.
#
#   scripts/slurm/submit_sweep.sh MODEL INPUTS PARAMS N OUTDIR [sbatch options ...] [-- sweep options ...]
#
#   scripts/slurm/submit_sweep.sh model.json inputs.json grid.json 50 results \
#       --partition=short --time=00:30:00 --account=mylab --cpus-per-task=4 -- --trials 1000
#
# Options before `--` go to both sbatch calls (partition, time, account, cpus, mail, ...); those
# after it to `mechanist sweep` (--trials, --seeds, --epochs, --learn, ...). Results:
#   OUTDIR/shards/shard-k-of-N.jsonl   one per array task (k = $SLURM_ARRAY_TASK_ID)
#   OUTDIR/merged.jsonl                every set once, sorted by set (the merge job)
#   OUTDIR/logs/                       sweep-JOB_k.out, merge-JOB.out
# The binary: $MECHANIST if set, else `mechanist` on PATH, resolved here to an absolute path
# and passed to the jobs. Submitting the same command again reruns only what is missing: a
# shard skips the sets its file already holds.
set -euo pipefail

usage() {
    echo "usage: $0 MODEL INPUTS PARAMS N OUTDIR [sbatch options ...] [-- sweep options ...]" >&2
    exit 2
}
die() {
    echo "submit_sweep: $*" >&2
    exit 1
}

[[ $# -ge 5 ]] || usage
model=$1 inputs=$2 params=$3 shards=$4 outdir=$5
shift 5
sbatch_args=()
while [[ $# -gt 0 && $1 != -- ]]; do
    sbatch_args+=("$1")
    shift
done
[[ $# -gt 0 ]] && shift # the --
sweep_args=("$@")

[[ $shards =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number of shards, got '$shards'"
for file in "$model" "$inputs" "$params"; do
    [[ -f $file ]] || die "no such file: $file"
done
command -v sbatch >/dev/null 2>&1 || die "sbatch not found: run this on a Slurm login node (or start scripts/slurm/local_cluster.sh)"

# Absolute paths: the jobs may start in another directory, on another node.
absolute() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
model=$(absolute "$model")
inputs=$(absolute "$inputs")
params=$(absolute "$params")
mkdir -p "$outdir/shards" "$outdir/logs"
outdir=$(cd "$outdir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

if [[ -n ${MECHANIST:-} ]]; then
    if [[ $MECHANIST != */* ]]; then # a name on PATH
        MECHANIST=$(command -v "$MECHANIST") || die "MECHANIST=$MECHANIST: no such command on PATH"
    fi
    [[ -x $MECHANIST && ! -d $MECHANIST ]] || die "MECHANIST=$MECHANIST is not an executable file"
    MECHANIST=$(absolute "$MECHANIST")
else
    MECHANIST=$(command -v mechanist) ||
        die "mechanist not found: put it on PATH (module load ..., or swift build -c release and add .build/release) or set MECHANIST=/path/to/mechanist"
fi
export MECHANIST

reply=$(sbatch --parsable --array="0-$((shards - 1))" --output="$outdir/logs/sweep-%A_%a.out" \
    "${sbatch_args[@]}" "$here/sweep_array.sbatch" \
    "$model" "$inputs" "$params" "$shards" "$outdir/shards" "${sweep_args[@]}")
sweep_job=${reply%%;*} # --parsable prints JOBID or JOBID;CLUSTER
[[ $sweep_job =~ ^[0-9]+$ ]] || die "sbatch did not return a job id for the array: '$reply'"

# kill-on-invalid-dep: if a shard fails, the merge is cancelled instead of pending forever.
reply=$(sbatch --parsable --dependency="afterok:$sweep_job" --kill-on-invalid-dep=yes \
    --output="$outdir/logs/merge-%j.out" "${sbatch_args[@]}" "$here/merge.sbatch" \
    "$outdir/shards" "$outdir/merged.jsonl") ||
    die "the merge job was not submitted (the array job $sweep_job was; cancel it with scancel $sweep_job, or submit merge.sbatch yourself)"
merge_job=${reply%%;*}

echo "sweep job: $sweep_job"
echo "merge job: $merge_job"
echo "shards: $outdir/shards/shard-k-of-$shards.jsonl (k = 0..$((shards - 1))), logs: $outdir/logs/" >&2
echo "merged: $outdir/merged.jsonl once every shard has succeeded (squeue --jobs=$sweep_job,$merge_job)" >&2
