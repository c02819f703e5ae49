#!/bin/bash
# Regenerate every learning fixture: model.json/inputs.json (make_models.py, numpy only), then expected.json with
# PsyNeuLink 0.21.0.0 (Python mode) through the format-1 translator pnl_from_model.py, then finish_expected.py
# (adds run/command/learning_nodes/weights_matrix_parameter/pnl_test_check; see its docstring), then the numpy
# re-implementation check (numpy_reference.py).  About 5-10 minutes on 2 cores.
#   PNL_PY=~/pnl/bin/python  PNL_FROM_MODEL=scripts/pnl_from_model.py  ./regenerate.sh [fixture ...]
set -euo pipefail
cd "$(dirname "$0")"
PY=${PNL_PY:-$HOME/pnl/bin/python}
TOOL=${PNL_FROM_MODEL:?name the translator, e.g. PNL_FROM_MODEL=$PWD/scripts/pnl_from_model.py}
PATCHED=tools/pnl_from_model_patched.py     # pending/ only: the shared translator cannot express these yet
ONLY=" $* "
python3 make_models.py

gen() {   # gen DIR <pnl_from_model.py options>   (DIR relative to this folder)
  local d=$1; shift
  [[ "$ONLY" == "  " || "$ONLY" == *" $(basename "$d") "* ]] || return 0
  "$PY" "$TOOL" "$d/model.json" --inputs "$d/inputs.json" "$@" --output "$d/expected.json"
  "$PY" finish_expected.py "$d" --tool "$TOOL" -- "$@"
}
gen_patched() {
  local d=$1; shift
  [[ "$ONLY" == "  " || "$ONLY" == *" $(basename "$d") "* ]] || return 0
  "$PY" "$PATCHED" "$d/model.json" --inputs "$d/inputs.json" "$@" --output "$d/expected.json"
  "$PY" finish_expected.py "$d" --tool "$PATCHED" -- "$@"
}

gen b1_xor_rate_projection --learn --epochs 10 --record hidden_layer.RESULT
gen b2_xor_rate_pathway --learn --epochs 10 --record hidden_layer.RESULT
gen b3_xor_rate_default --learn --epochs 10 --record hidden_layer.RESULT
gen b4_single_layer_projection_rate --learn --trials 10
gen b5_multilayer_mse --learn --trials 10 --record hidden_layer_1.RESULT hidden_layer_2.RESULT
gen b6_multilayer_sse --learn --trials 10 --record hidden_layer_1.RESULT hidden_layer_2.RESULT
gen b7_multilayer_l0 --learn --trials 10 --record hidden_layer_1.RESULT hidden_layer_2.RESULT
gen b8_linear_chain_rate_pathway --learn --trials 3 --record mech_2.RESULT mech_3.RESULT
gen b9_linear_chain_rate_input_projection --learn --trials 3 --record mech_2.RESULT mech_3.RESULT
gen b10_linear_chain_rate_hidden_projection --learn --trials 3 --record mech_2.RESULT mech_3.RESULT
gen b11_converging_stroop --learn --trials 2 --record Hidden.RESULT
gen b12_converging_linear --learn --epochs 1 --record B.RESULT E.RESULT
gen b13_diverging_linear --learn --epochs 5 --record B.RESULT D.RESULT
gen b14_diverging_logistic_mse_sse --learn --epochs 5 --record hidden.RESULT
gen b15_learnable_false_middle --learn --epochs 10 --record h1.RESULT h2.RESULT
gen b16_learning_enabled_online --learn --epochs 10 --record hidden.RESULT
gen b17_learning_enabled_after --learn --epochs 10 --record hidden.RESULT
gen b18_learning_enabled_true --learn --epochs 10 --record hidden.RESULT
gen b19_lincomb_product_2_inputs --learn --trials 5 --record hidden.RESULT
gen b20_lincomb_product_3_inputs --learn --trials 5 --record hidden.RESULT
gen b21_run_without_learning --trials 10 --record hidden_layer_1.RESULT hidden_layer_2.RESULT
gen b22_softmax_output --learn --epochs 10 --record hidden.RESULT
gen b23_relu_hidden --learn --epochs 6 --record hidden.RESULT
gen b24_logistic_scale_offset --learn --epochs 10 --record hidden.RESULT
gen b25_linear_consecutive_learn_calls --learn --epochs 1 --record B.RESULT
gen b26_linear_chain_1_unit --learn --trials 3 --record B.RESULT
gen b27_single_projection_linear --learn --trials 2

gen_patched pending/p1_xor_rate_composition --learn --epochs 10 --record hidden_layer.RESULT
gen_patched pending/p2_xor_rate_runtime --learn --epochs 10 --learning-rate 0.04 --record hidden_layer.RESULT
gen_patched pending/p3_learning_enabled_false --learn --epochs 10 --record hidden.RESULT

python3 numpy_reference.py
python3 describe.py
