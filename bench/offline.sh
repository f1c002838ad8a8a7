#!/usr/bin/env bash
# Offline benchmarks, side by side in one run: validate + build bulk:mWrite batches over the
# generated 1,000,000-document yellow-taxi dump (about 400 MB).
#   bash bench/offline.sh [DOCS]      (results on stdout, one JSON line per contender)
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

measure() { # name, command...
  local name=$1; shift
  local out rss
  out=$( { /usr/bin/time -f 'RSS_KB=%M USER=%U SYS=%S' "$@"; } 2>&1 )
  rss=$(grep -o 'RSS_KB=[0-9]*' <<<"$out" | cut -d= -f2)
  printf '%s\t%s\trss=%s MB\n' "$name" "$(grep -v RSS_KB <<<"$out" | tail -1)" "$((rss / 1024))"
}

echo "# $(date -u +%FT%TZ) $(git rev-parse --short HEAD) $(nproc) cores, $docs documents, $(du -m "$data" | cut -f1) MB"
measure node-baseline node "$shared/bench/node-baseline.js" "$data"
measure core-1-thread "$core" "$data" 1
measure core-2-threads "$core" "$data" 2
