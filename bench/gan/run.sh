#!/bin/sh
# bench/gan: the four seeded workloads, ganflow (bench-runner, release build) against the
# NumPy peer (peer.py). For each workload, PAIRS alternating runs (A = ganflow, B = NumPy)
# under /usr/bin/time; prints min / median / max of whole-process CPU (user + system) and
# wall seconds, the median of the per-pair A/B ratios, and each program's own in-process
# seconds (median).
#   usage: sh bench/gan/run.sh [PAIRS] [KIND ...]   (default 5 pairs, all four kinds)
set -eu
cd "$(dirname "$0")/../.."
PAIRS=${1:-5}
[ $# -gt 0 ] && shift
KINDS=${*:-particles1d particles2d affine mlp}
swift build -c release --package-path bench --product bench-runner >/dev/null
R=bench/.build/release/bench-runner
T=$(mktemp /tmp/bench-gan-time.XXXXXX); D=$(mktemp -d /tmp/bench-gan.XXXXXX)
# min median max of a column of numbers on standard input
stats() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f %.3f %.3f", a[1], m, a[NR]}'; }
for kind in $KINDS; do
    : > "$D/a"; : > "$D/b"; : > "$D/ina"; : > "$D/inb"
    i=0
    while [ $i -lt "$PAIRS" ]; do
        /usr/bin/time -o "$T" -f "%e %U %S" $R gan "$kind" > "$D/outa"
        awk '{print $1, $2 + $3}' "$T" >> "$D/a"
        sed 's/.*seconds=\([0-9.e-]*\).*/\1/' "$D/outa" >> "$D/ina"
        /usr/bin/time -o "$T" -f "%e %U %S" python3 bench/gan/peer.py "$kind" > "$D/outb"
        awk '{print $1, $2 + $3}' "$T" >> "$D/b"
        sed 's/.*seconds=\([0-9.e-]*\).*/\1/' "$D/outb" >> "$D/inb"
        i=$((i + 1))
    done
    echo "$kind ($PAIRS pairs): $(cat "$D/outa") | $(cat "$D/outb")"
    echo "  A cpu s $(cut -d' ' -f2 "$D/a" | stats)   B cpu s $(cut -d' ' -f2 "$D/b" | stats)   A/B cpu $(paste -d' ' "$D/a" "$D/b" | awk '{print $2 / $4}' | stats)"
    echo "  A wall s $(cut -d' ' -f1 "$D/a" | stats)  B wall s $(cut -d' ' -f1 "$D/b" | stats)  A/B wall $(paste -d' ' "$D/a" "$D/b" | awk '{print $1 / $3}' | stats)"
    echo "  in-process wall s: A $(stats < "$D/ina")  B $(stats < "$D/inb")  A/B per pair $(paste -d' ' "$D/ina" "$D/inb" | awk '{print $1 / $2}' | stats)"
done
rm -rf "$T" "$D"
