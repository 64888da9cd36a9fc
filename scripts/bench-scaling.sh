#!/usr/bin/env bash
# The commands that once grew faster than the file (issue: hardening): carry --all, check
# --format github with a problem per objective, imports into one key result, and new ids in
# a file without `next_id`. Times with hyperfine, peak memory with GNU time.
#   bash scripts/bench-scaling.sh                 # 10,000 objectives, 100k and 1M import rows
#   OKR=path/to/other/okr bash scripts/bench-scaling.sh   # the same for another build
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin okr --example generate
okr=${OKR:-$PWD/target/release/okr}
data=${OKR_BENCH_DATA:-target/bench-data}
mkdir -p "$data"
export OKR_TODAY=2026-11-23
n=${OBJECTIVES:-10000}
base=$data/o$n.json
[ -f "$base" ] || target/release/examples/generate --objectives "$n" --seed 7 > "$base"
# One problem per objective: every objective has 3 key results, and at least 4 are asked.
sed 's/"min_krs": 2/"min_krs": 4/' "$base" > "$data/problems.json"
# A file whose counters are gone: each new id once meant a search of the whole file.
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("next_id",None); json.dump(d,open(sys.argv[2],"w"),indent=2)' "$base" "$data/no-next-id.json"
for rows in 100000 1000000; do
  [ -f "$data/rows-$rows.csv" ] || awk -v n="$rows" 'BEGIN { print "kr,value,date,id"; for (i = 0; i < n; i++) printf "kr1,%d,2026-11-%02d,row-%d\n", i % 97, 20 - i % 20, i }' > "$data/rows-$rows.csv"
done
small=$data/small.json
"$okr" --file "$small" init >/dev/null 2>&1 || true
"$okr" --file "$small" add objective "Imports" --id o1 >/dev/null 2>&1 || true
"$okr" --file "$small" add kr o1 "Rows" --target 100 --id kr1 >/dev/null 2>&1 || true
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --ignore-failure \
  --prepare "cp $base $data/carry.json" \
  --prepare "true" \
  --prepare "true" \
  --prepare "cp $data/no-next-id.json $data/ids.json" \
  --prepare "cp $small $data/import.json" \
  "$okr --file $data/carry.json carry --all 2026-Q4 --to 2027-Q1" \
  "$okr --file $data/problems.json check" \
  "$okr --file $data/problems.json check --format github" \
  "$okr --file $data/ids.json add kr o1 Extra --target 9" \
  "$okr --file $data/import.json import $data/rows-100000.csv" \
  --export-markdown "$data/scaling.md"
cp "$small" "$data/import.json"
/usr/bin/time -f "1,000,000 rows into one key result: %e s, peak RSS %M KB" \
  "$okr" --file "$data/import.json" import "$data/rows-1000000.csv"
