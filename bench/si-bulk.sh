#!/usr/bin/env bash
# The si-bulk benchmark (issue 3): 8 rattled Si cells with real pw.x. Prints and writes bench/results/si-bulk.json:
#   bare       the same 8 pw.x inputs run one by one by a shell loop (no AutoPipe at all)
#   autopipe1  the whole `autopipe run` on 1 worker  -> AutoPipe's overhead per calculation over bare pw.x
#   autopipe2  the whole `autopipe run` on 2 workers -> the speedup over one by one
# Usage: bench/si-bulk.sh AUTOPIPE REPEAT SCRATCH
set -euo pipefail
autopipe=$1 repeat=$2 scratch=$3
python=/usr/bin/python3
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
spec_with_workers() {
  "$python" - "$1" "$2" <<'PY'
import json, os, sys
spec = json.load(open("examples/si-bulk.campaign.json"))
spec["workers"] = int(sys.argv[2])
spec["structures"] = os.path.abspath("examples/si-rattled.extxyz")
spec["calculator"]["pseudoDir"] = os.path.abspath("examples/pseudo")
json.dump(spec, open(sys.argv[1], "w"), indent=2)
PY
}
spec_with_workers "$scratch/si1.json" 1
spec_with_workers "$scratch/si2.json" 2
cat > "$scratch/empty.json" <<'JSON'
{"name":"startup","jobs":{"count":1},"calculator":{"kind":"mock","seconds":0}}
JSON
bare=() pair=() one=() two=() startup=()
for i in $(seq "$repeat"); do
  start=$(now); "$autopipe" run "$scratch/si1.json" --workdir "$scratch/si1-$i" --quiet >/dev/null; end=$(now)
  one+=("$(echo "$end - $start" | bc -l)")
  start=$(now); "$autopipe" run "$scratch/si2.json" --workdir "$scratch/si2-$i" --quiet >/dev/null; end=$(now)
  two+=("$(echo "$end - $start" | bc -l)")
  # Bare pw.x on exactly the inputs AutoPipe wrote, one after the other.
  start=$(now)
  for input in "$scratch"/si1-"$i"/jobs/*/attempt-1/espresso.pwi; do
    folder=$(dirname "$input")
    (cd "$folder" && OMP_NUM_THREADS=1 pw.x -in espresso.pwi > bare.pwo)
  done
  end=$(now)
  bare+=("$(echo "$end - $start" | bc -l)")
  # The machine's own ceiling for two at a time: the same inputs, two pw.x at once, no AutoPipe.
  start=$(now)
  ls "$scratch"/si1-"$i"/jobs/*/attempt-1/espresso.pwi | xargs -P2 -I{} sh -c 'cd "$(dirname {})" && OMP_NUM_THREADS=1 pw.x -in espresso.pwi > pair.pwo'
  end=$(now)
  pair+=("$(echo "$end - $start" | bc -l)")
  # AutoPipe's fixed cost per run (process start, journal, database), to tell it from the cost per calculation.
  start=$(now); "$autopipe" run "$scratch/empty.json" --workdir "$scratch/empty-$i" --quiet >/dev/null; end=$(now)
  startup+=("$(echo "$end - $start" | bc -l)")
done
b=$(printf '%s\n' "${bare[@]}" | median)
o=$(printf '%s\n' "${one[@]}" | median)
t=$(printf '%s\n' "${two[@]}" | median)
p=$(printf '%s\n' "${pair[@]}" | median)
s0=$(printf '%s\n' "${startup[@]}" | median)
overhead=$(echo "($o / $b - 1) * 100" | bc -l)
per_calculation=$(echo "(($o - $s0) / $b - 1) * 100" | bc -l)
speedup=$(echo "$b / $t" | bc -l)
ceiling=$(echo "$b / $p" | bc -l)
printf '\nsi-bulk: 8 Si cells, real pw.x (ecutwfc 20, 4x4x4 k-points), %d runs each, median wall time\n' "$repeat"
printf '  %-44s %8.2f s\n' "bare pw.x, one by one (shell loop)" "$b"
printf '  %-44s %8.2f s   speedup %.2fx: the machine'"'"'s ceiling\n' "bare pw.x, two at a time (xargs -P2)" "$p" "$ceiling"
printf '  %-44s %8.2f s   (process start, journal, empty database)\n' "AutoPipe fixed cost (1 instant mock job)" "$s0"
printf '  %-44s %8.2f s   overhead over bare: %.1f%% whole run, %.1f%% per calculation (target <= 5%%)\n' "AutoPipe, 1 worker (whole autopipe run)" "$o" "$overhead" "$per_calculation"
printf '  %-44s %8.2f s   speedup over one by one: %.2fx (target >= 1.8)\n' "AutoPipe, 2 workers (whole autopipe run)" "$t" "$speedup"
cat > bench/results/si-bulk.json <<JSON
{
  "benchmark": "si-bulk",
  "cores": $(nproc),
  "runs": $repeat,
  "bare_seconds": [$(IFS=,; echo "${bare[*]}")],
  "autopipe_1_worker_seconds": [$(IFS=,; echo "${one[*]}")],
  "autopipe_2_workers_seconds": [$(IFS=,; echo "${two[*]}")],
  "bare_two_at_a_time_seconds": [$(IFS=,; echo "${pair[*]}")],
  "autopipe_fixed_cost_seconds": [$(IFS=,; echo "${startup[*]}")],
  "overhead_percent_whole_run": $overhead,
  "overhead_percent_per_calculation": $per_calculation,
  "speedup_ceiling": $ceiling,
  "speedup": $speedup,
  "commands": {
    "bare": "for each DIR/jobs/*/attempt-1: OMP_NUM_THREADS=1 pw.x -in espresso.pwi",
    "autopipe": "$autopipe run SPEC --workdir DIR --quiet (SPEC = examples/si-bulk.campaign.json with workers 1 or 2)"
  }
}
JSON
