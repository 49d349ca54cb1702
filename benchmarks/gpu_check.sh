#!/usr/bin/env bash
# The GPU check of the probing engine, in under 8 minutes on one CUDA device:
#   1. the equality tests of the dense sweep on CUDA (float32 at float32 precision, bfloat16
#      within its stated tolerance; every Qwen3-family checkpoint layout);
#   2. the all-heads sweep against the per-head hook loop on the random 12x12 model (float32 with
#      TF32 off, then bfloat16) and on the Qwen3-0.6B shape in bfloat16, 64 and 256 prompts, both
#      workloads, with tokens/s and achieved TFLOP/s next to the device's peak;
#   3. forward throughput of the Qwen3-0.6B shape.
# Each step has its own time limit, so that a slow step cannot take the others' time. Logs go to
# $OUT (when set) or gpu_check_logs/. Exit status: the number of steps that failed.
#
#   bash benchmarks/gpu_check.sh            # from the repository root, with the venv's python
#   PYTHON=python3 bash benchmarks/gpu_check.sh
set -u
export PYTHONUNBUFFERED=1  # a step cut off by its time limit still leaves its finished rows
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
LOGS="${OUT:-gpu_check_logs}"
mkdir -p "$LOGS"
failed=0

step() { # step NAME SECONDS COMMAND...
  local name=$1 limit=$2
  shift 2
  echo "=== $name (limit ${limit}s): $*"
  local t0=$SECONDS
  timeout --signal=TERM --kill-after=10 "$limit" "$@" 2>&1 | tee "$LOGS/$name.log"
  local rc=${PIPESTATUS[0]}
  echo "=== $name: exit $rc after $((SECONDS - t0))s"
  [ "$rc" -eq 0 ] || failed=$((failed + 1))
}

"$PY" - <<'EOF' 2>&1 | tee "$LOGS/device.log"
import torch
assert torch.cuda.is_available(), "no CUDA device: this check is for a GPU machine"
p = torch.cuda.get_device_properties(0)
print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, {p.name}, "
      f"{p.total_memory / 2**30:.0f} GiB, bf16 {torch.cuda.is_bf16_supported()}")
EOF
[ "${PIPESTATUS[0]}" -eq 0 ] || exit 99

step tests 100 "$PY" -m pytest -q -p no:cacheprovider tests/test_probing_dense_sweep.py
step sweep_12x12_float32 70 "$PY" benchmarks/ablation_sweep.py --device cuda \
  --synthetic 12x12 --dtype float32 --prompts 64 --repeats 2 --no-plain
step sweep_12x12_bf16 80 "$PY" benchmarks/ablation_sweep.py --device cuda \
  --synthetic 12x12 --dtype bfloat16 --prompts 64 256 --repeats 2 --no-plain --flops
step sweep_qwen3_0.6b_bf16 160 "$PY" benchmarks/ablation_sweep.py --device cuda \
  --shape qwen3-0.6b --dtype bfloat16 --prompts 64 256 --repeats 1 --no-plain
step throughput_qwen3_0.6b 40 "$PY" benchmarks/model_throughput.py --devices cuda \
  --shape qwen3-0.6b --dtype bfloat16 --batch 64 --seq 128 --repeats 3

echo "gpu check: $failed step(s) failed; logs in $LOGS/"
exit "$failed"
