#!/bin/sh
# bench/quadrature: JS(normal(0,1) ‖ mixture(0.5*normal(-2,0.6),0.5*normal(2,0.6))) at
# relative tolerance 1e-10, ganflow (bench-runner, release build) against
# scipy.integrate.quad (peer.py). Runs the two programs in turn (A B A B …) with
# /usr/bin/time for the whole-process figures, and prints both programs' own in-loop
# rates (median of the runs).
#   usage: sh bench/quadrature/run.sh   (from anywhere; N_SWIFT, N_PEER, RUNS override)
set -eu
cd "$(dirname "$0")/../.."
N_SWIFT=${N_SWIFT:-6000}
N_PEER=${N_PEER:-300}
RUNS=${RUNS:-7}
swift build -c release --package-path bench --product bench-runner >/dev/null
BIN=bench/.build/release/bench-runner
OUT_A=$(mktemp /tmp/bench-quadrature-ganflow.XXXXXX)
OUT_B=$(mktemp /tmp/bench-quadrature-peer.XXXXXX)
i=0
while [ "$i" -lt "$RUNS" ]; do
  /usr/bin/time -f "ganflow whole process: %e s wall, %U s user" \
    sh -c "exec $BIN quadrature $N_SWIFT >>$OUT_A 2>&1"
  /usr/bin/time -f "scipy whole process:   %e s wall, %U s user" \
    sh -c "exec python3 bench/quadrature/peer.py $N_PEER >>$OUT_B 2>&1"
  i=$((i + 1))
done
echo "--- in-loop rates: median over the runs (warm-up included) of each program's own report"
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for f in "$OUT_A" "$OUT_B"; do
  name=$( [ "$f" = "$OUT_A" ] && echo ganflow || echo scipy )
  wall=$(grep '^repeat' "$f" | sed 's/.* \([0-9.]*\) computations\/s,.*/\1/' | median)
  cpu=$(grep '^repeat' "$f" | sed 's/.* \([0-9.]*\) computations per cpu-second.*/\1/' | median)
  ev=$(grep '^repeat' "$f" | head -1 | sed 's/.* \([0-9]*\) integrand evaluations each.*/\1/')
  runs=$(grep -c '^repeat' "$f")
  echo "$name: $ev integrand evaluations per JS; median $wall JS/s (wall), $cpu JS per cpu-second ($runs runs)"
done
grep -h '^js' "$OUT_A" | head -1
grep -h '^js' "$OUT_B" | head -1
rm -f "$OUT_A" "$OUT_B"
