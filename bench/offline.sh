#!/usr/bin/env bash
# Offline benchmarks, side by side in one run: validate + build bulk:mWrite batches over the
# generated 1,000,000-document yellow-taxi dump (about 400 MB).
#   bash bench/offline.sh [DOCS]      (one line per contender: time, CPU, peak RSS)
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-1000000}
data=bench/data/taxi-$docs.jsonl
shared=${KD_SHARED:-../shared}
mkdir -p bench/data
[ -s "$data" ] || node "$shared/bench/gen-taxi.js" "$docs" "$data"
cargo build --release -q -p kuzzle-dump-core --example validate_batch
core=target/release/examples/validate_batch

# Warm the page cache so every contender reads from memory, as the cold-read reference says.
cat "$data" > /dev/null

measure() { # name, command...   prints: name, wall/CPU/peak RSS, the command's summary line
  local name=$1; shift
  local out
  out=$( { /usr/bin/time -f 'TIME wall=%es user=%Us sys=%Ss rss=%MKB' "$@"; } 2>&1 )
  printf '%s\t%s\t%s\n' "$name" "$(grep '^TIME ' <<<"$out" | cut -c6-)" \
    "$(grep -v '^TIME ' <<<"$out" | grep -E '^(\{"|node baseline)' | tail -1)"
}

echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD) $(nproc) cores, $docs documents, $(du -m "$data" | cut -f1) MB"
measure node-baseline node "$shared/bench/node-baseline.js" "$data"
measure core-1-thread "$core" "$data" 1
measure core-2-threads "$core" "$data" 2
# The CLI end to end (Node start-up, file reads, the dump reader), on both backends.
if [ -f js/native/kuzzle-dump.node ] && [ -d js/wasm/node ]; then
  measure cli-native env KUZZLE_DUMP_BACKEND=native node js/cli.js validate "$data" --json
  measure cli-wasm env KUZZLE_DUMP_BACKEND=wasm node js/cli.js validate "$data" --json
else
  echo "cli: not built (npm run build), skipped" >&2
fi
