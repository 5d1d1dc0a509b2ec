#!/bin/sh
# Side by side in one run: `zhextract bench` (whole pipeline, each stage, bare jieba-rs tag)
# and the Python baseline, on the same generated corpus. Python is slow (~0.1–0.2 MB/s):
# it runs on the first PY_MB megabytes of the corpus only (the figure is MB/s either way).
# Usage: benches/baseline_py/compare.sh [SIZE_MB] [THREADS] [PY_MB]
set -eu
SIZE_MB=${1:-100}
THREADS=${2:-2}
PY_MB=${3:-2}
WORK=${WORK:-${TMPDIR:-/tmp}}
BIN=${ZHEXTRACT:-target/release/zhextract}
HERE=$(dirname "$0")
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" bench --size-mb "$SIZE_MB" --threads "$THREADS" --work-dir "$WORK"
python3 "$HERE/pipeline.py" "$WORK/zhextract-bench-${SIZE_MB}mb" "$WORK/zhextract-bench-py-out" --max-mb "$PY_MB"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
