#!/usr/bin/env bash
# Benchmarks okr at 1,000 / 10,000 / 100,000 objectives against the parse-only floor.
# Makes the data with examples/generate.rs, then times with hyperfine (if installed) and
# measures peak memory with GNU time (if installed). Figures go to docs/performance.md by hand.
#   bash scripts/bench.sh            # all three sizes
#   SIZES="1000 10000" bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin okr --example generate --example parse_floor
data=${OKR_BENCH_DATA:-target/bench-data}
mkdir -p "$data"
bin=target/release
export OKR_TODAY=2026-11-23
for n in ${SIZES:-1000 10000 100000}; do
  file=$data/o$n.json
  [ -f "$file" ] || "$bin/examples/generate" --objectives "$n" --seed 7 > "$file"
  echo "== $n objectives: $(du -h "$file" | cut -f1)"
  cp "$file" "$data/write-$n.json"
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 1 --runs "${RUNS:-10}" \
      "$bin/examples/parse_floor $file" \
      "$bin/okr --file $file status --json" \
      "$bin/okr --file $file due --json" \
      "$bin/okr --file $file digest --format json" \
      "$bin/okr --file $file report --format json" \
      "$bin/okr --file $file check" \
      --ignore-failure --export-markdown "$data/hyperfine-$n.md"
    # Each write starts from a fresh copy: the same check-in twice is kept once, and the
    # second would not write at all.
    hyperfine -N --warmup 1 --runs "${RUNS:-10}" \
      --prepare "cp $file $data/write-$n.json" \
      "$bin/okr --file $data/write-$n.json progress kr1 5 --date 2026-03-01" \
      --export-markdown "$data/hyperfine-write-$n.md"
    # A merge of two branches that each changed a little, against `status --json`.
    for side in ours theirs; do cp "$file" "$data/merge-$side-$n.json"; done
    "$bin/okr" --file "$data/merge-ours-$n.json" progress kr1 5 --date 2026-11-20 >/dev/null
    "$bin/okr" --file "$data/merge-ours-$n.json" add objective Ours --team zz >/dev/null
    "$bin/okr" --file "$data/merge-theirs-$n.json" progress kr2 7 --date 2026-11-21 >/dev/null
    "$bin/okr" --file "$data/merge-theirs-$n.json" edit kr3 --target 77 >/dev/null
    hyperfine -N --warmup 1 --runs "${RUNS:-10}" --ignore-failure \
      --prepare "cp $data/merge-ours-$n.json $data/merge-work-$n.json" \
      --prepare "true" \
      "$bin/okr merge $file $data/merge-work-$n.json $data/merge-theirs-$n.json" \
      "$bin/okr --file $file status --json" \
      --export-markdown "$data/hyperfine-merge-$n.md"
  fi
  if [ -x /usr/bin/time ]; then
    for cmd in "status --json" "report --format json" "check" "progress kr1 6 --date 2026-03-01"; do
      /usr/bin/time -f "peak RSS %M KB: okr $cmd" "$bin/okr" --file "$data/write-$n.json" $cmd >/dev/null 2>"$data/time.txt" || true
      tail -n 1 "$data/time.txt"
    done
    /usr/bin/time -f "peak RSS %M KB: parse floor" "$bin/examples/parse_floor" "$file" >/dev/null 2>"$data/time.txt"
    tail -n 1 "$data/time.txt"
  fi
done
# The other shape: one owner with every objective (rules broken at scale). No command may be
# slower for it than for the spread file of the same size.
crowded=$data/crowded-${CROWDED:-10000}.json
[ -f "$crowded" ] || "$bin/examples/generate" --objectives "${CROWDED:-10000}" --crowded 1 > "$crowded"
echo "== crowded: ${CROWDED:-10000} company objectives in 2026-Q4: $(du -h "$crowded" | cut -f1)"
if command -v hyperfine >/dev/null; then
  cp "$crowded" "$data/crowded-ours.json"
  hyperfine -N --warmup 1 --runs "${RUNS:-10}" --ignore-failure \
    "$bin/okr --file $crowded check" \
    "$bin/okr --file $crowded status --json" \
    "$bin/okr merge $crowded $data/crowded-ours.json $crowded --path okrs.json" \
    --export-markdown "$data/hyperfine-crowded.md"
fi
# The undo journal after 20 writes of the 10,000-objective file: its size beside the file's.
journal_file=$data/journal/okrs.json
rm -rf "$data/journal" && mkdir -p "$data/journal"
cp "$data/o${JOURNAL:-10000}.json" "$journal_file" 2>/dev/null || "$bin/examples/generate" --objectives "${JOURNAL:-10000}" --seed 7 > "$journal_file"
for i in $(seq 1 20); do
  "$bin/okr" --file "$journal_file" progress kr$i $((i * 3)) --date 2026-03-01 >/dev/null
done
echo "journal after 20 writes: $(du -sb "$data/journal/.okrs.json.undo" | cut -f1) bytes beside a file of $(stat -c %s "$journal_file") bytes"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 10 --runs 200 "$bin/okr --version"
fi
