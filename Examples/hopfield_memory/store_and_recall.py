#!/usr/bin/env python3
"""The Hopfield memory example end to end: stores the three patterns of inputs.json by Hebbian learning,
writes the learned matrix into a copy of model.json, lets that copy complete the corrupted cues of
recall_inputs.json, and draws every cue and what the memory settled to as 4 x 4 grids.

    python3 Examples/hopfield_memory/store_and_recall.py [--mechanist PATH] [--mode compiled|interpreted|verify]
        [--keep DIR]
    python3 Examples/hopfield_memory/store_and_recall.py --recall-model WEIGHTS.json OUT.json   (step 2 alone)

The three steps, each a plain command (printed as they run):

  1. mechanist learn model.json --inputs inputs.json --save-weights DIR/learned_weights.json
  2. this script's write_recall_model(): model.json with "matrix" = the learned matrix, "auto",
     "hetero" and the learning fields removed (auto/hetero would override the matrix), to
     DIR/recall_model.json (`mechanist run` has no option to load saved weights)
  3. mechanist run DIR/recall_model.json --inputs recall_inputs.json --output DIR/recall.json

DIR is a temporary folder unless --keep names one. Exit status 1 when a cue does not settle to the
pattern it was made from (every unit's sign, on the last trial of its block).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NODE = 'memory'


def load(path):
    with open(path) as f:
        return json.load(f)


def write_recall_model(model_path, weights_path, out_path):
    """model.json with the learned recurrent matrix in place and learning switched off."""
    model = load(model_path)
    matrix = load(weights_path)[NODE]
    for node in model['nodes']:
        if node['name'] == NODE:
            for field in ('auto', 'hetero', 'enable_learning', 'learning_rate', 'learning_enabled'):
                node.pop(field, None)
            node['matrix'] = matrix
    model['name'] += '_recall'
    with open(out_path, 'w') as f:
        json.dump(model, f, indent=1)   # Python writes the shortest repr: every double round-trips exactly


def grid(v):
    """4 x 4 rows of '#' (positive) and '.' (negative or zero)."""
    return [''.join('#' if x > 0 else '.' for x in v[r * 4:(r + 1) * 4]) for r in range(4)]


def sign(v):
    return [1 if x > 0 else -1 for x in v]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--mechanist', default='mechanist', help='the mechanist binary (default: mechanist on PATH)')
    ap.add_argument('--mode', default='compiled', choices=['compiled', 'interpreted', 'verify'])
    ap.add_argument('--keep', help='write the learned weights, recall model and results here (default: a temporary folder)')
    ap.add_argument('--recall-model', nargs=2, metavar=('WEIGHTS', 'OUT'),
                    help='only step 2: write the recall model for a --save-weights file to OUT')
    args = ap.parse_args()
    if args.recall_model:
        write_recall_model(os.path.join(HERE, 'model.json'), *args.recall_model)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or tmp
        os.makedirs(out, exist_ok=True)
        weights, recall_model, recall = (os.path.join(out, n) for n in
                                         ('learned_weights.json', 'recall_model.json', 'recall.json'))
        learn = [args.mechanist, 'learn', os.path.join(HERE, 'model.json'), '--inputs', os.path.join(HERE, 'inputs.json'),
                 '--mode', args.mode, '--save-weights', weights, '--output', os.path.join(out, 'learn.json')]
        run = [args.mechanist, 'run', recall_model, '--inputs', os.path.join(HERE, 'recall_inputs.json'),
               '--mode', args.mode, '--output', recall]
        print('$ ' + ' '.join(learn), flush=True)
        subprocess.run(learn, check=True)
        write_recall_model(os.path.join(HERE, 'model.json'), weights, recall_model)
        print(f'wrote {recall_model}: model.json with the learned matrix, learning off')
        print('$ ' + ' '.join(run), flush=True)
        subprocess.run(run, check=True)

        stored = load(os.path.join(HERE, 'inputs.json'))['inputs'][NODE]
        cues = load(os.path.join(HERE, 'recall_inputs.json'))['inputs'][NODE]
        results = [trial[0] for trial in load(recall)['results']]
        matrix = load(weights)[NODE]

    print(f'\nlearned matrix: {len(matrix)} x {len(matrix[0])}, values '
          + ', '.join(f'{v:+.4f}' for v in sorted({round(x, 4) for row in matrix for x in row})))
    starts = [t for t, cue in enumerate(cues) if any(cue)] + [len(cues)]
    ok = True
    for start, end in zip(starts, starts[1:]):
        cue, last = cues[start], results[end - 1]
        target = max(stored, key=lambda p: sum(a * b for a, b in zip(p, cue)))
        wrong = sum(a != b for a, b in zip(sign(cue), target))
        settled = sign(last) == sign(target)
        first = next(t for t in range(start, end) if sign(results[t]) == sign(target)) - start \
            if settled else None
        ok &= settled
        print(f'\ncue on trial {start} ({wrong} of 16 units flipped), stored pattern, output on trial {end - 1} '
              f'(after {end - start - 1} trials without input):')
        for a, b, c in zip(grid(cue), grid(target), grid(last)):
            print(f'  {a}    {b}    {c}')
        print(f'  {"recalled" if settled else "NOT recalled"}: '
              + (f'every sign right from trial {start + first}, ' if settled else '')
              + f'last output {min(abs(x) for x in last):.4f} .. {max(abs(x) for x in last):.4f} in magnitude')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
