#!/usr/bin/env bash
# Import and export through Kuzzle, side by side in one run on the local stack (not a test):
# kuzzle-dump, a Kourou-algorithm baseline with kuzzle-sdk (bench/kourou-baseline.js), the
# stack's ceiling (bulk straight to OpenSearch, bench/os-ceiling.js) and Kuzzle's own
# document:export stream (curl). Client CPU seconds and peak RSS from /usr/bin/time.
#   bash bench/kuzzle.sh [DOCS]          (default 200000; uses the KD_* ports of stack/env)
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-200000}
shared=${KD_SHARED:-/work/shared}
# shellcheck disable=SC1091
source stack/env
bash stack/start > /dev/null
# shellcheck disable=SC1091
source .stack/urls.env
port=${KUZZLE_URL##*:}
export KUZZLE_HOST=127.0.0.1 KUZZLE_PORT=$port KUZZLE_USERNAME KUZZLE_PASSWORD
work=bench/data/kuzzle-$docs
mkdir -p "$work/src/bench/kd"
data=bench/data/taxi-$docs.jsonl
[ -s "$data" ] || node "$shared/bench/gen-taxi.js" "$docs" "$data"
# One collection per contender, same mapping, same documents (the header names bench/kd).
sed '1s/.*/{"type":"collection","index":"bench","collection":"kd"}/' "$data" > "$work/src/bench/kd/documents.jsonl"
cat > "$work/src/bench/kd/mappings.json" <<'JSON'
{"type":"mappings","content":{"bench":{"kd":{"mappings":{"dynamic":"false","properties":{"VendorID":{"type":"integer"},"tpep_pickup_datetime":{"type":"date"},"passenger_count":{"type":"integer"},"trip_distance":{"type":"float"},"pickup":{"type":"geo_point"},"payment_type":{"type":"integer"},"fare_amount":{"type":"float"},"note":{"type":"keyword"}}}}}}}
JSON
mapping=$(node -pe 'JSON.stringify(JSON.parse(require("fs").readFileSync(process.argv[1])).content.bench.kd)' "$work/src/bench/kd/mappings.json")
cat "$work/src/bench/kd/documents.jsonl" > /dev/null

jwt=$(curl -fsS -X POST "$KUZZLE_URL/_login/local" -H 'content-type: application/json' -d "{\"username\":\"$KUZZLE_USERNAME\",\"password\":\"$KUZZLE_PASSWORD\"}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).result.jwt')
kz() { curl -fsS -o /dev/null -X "$1" "$KUZZLE_URL$2" -H "Authorization: Bearer $jwt" -H 'content-type: application/json' ${3:+-d "$3"}; }
count() { curl -fsS -X POST "$KUZZLE_URL/bench/$1/_count" -H "Authorization: Bearer $jwt" -H 'content-type: application/json' -d '{}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).result.count'; }
curl -sS -o /dev/null -X DELETE "$KUZZLE_URL/bench" -H "Authorization: Bearer $jwt" || true
kz POST /bench/_create
for c in kd baseline ceiling; do kz PUT "/bench/$c" "$mapping"; done

results=()
measure() { # name, documents-check-collection-or-file, command...
  local name=$1 check=$2; shift 2
  local start end out
  start=$(date +%s%N)
  /usr/bin/time -o "$work/$name.time" -f 'rss_kb=%M user=%U sys=%S' "$@" > "$work/$name.log" 2>&1 || { echo "$name failed:"; tail -5 "$work/$name.log"; exit 1; }
  out=$(cat "$work/$name.time")
  end=$(date +%s%N)
  local secs rss cpu n
  secs=$(node -pe "($end - $start) / 1e9")
  rss=$(grep -o 'rss_kb=[0-9]*' <<<"$out" | cut -d= -f2)
  cpu=$(node -pe "$(grep -o 'user=[0-9.]*' <<<"$out" | cut -d= -f2) + $(grep -o 'sys=[0-9.]*' <<<"$out" | cut -d= -f2)")
  if [ -f "$check" ]; then n=$(( $(grep -c . "$check") - 1 )); else n=$(count "$check"); fi
  printf '%-22s %8d docs %7.1f s %8.0f docs/s  cpu %6.1f s  rss %4d MB\n' "$name" "$n" "$secs" "$(node -pe "$n / $secs")" "$cpu" "$((rss / 1024))"
  results+=("$name $n $secs")
}

echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD), $(nproc) cores, $docs documents ($(du -m "$data" | cut -f1) MB), Kuzzle $KUZZLE_URL"
echo "## import"
measure import-kuzzle-dump kd node js/cli.js collection:import "$work/src/bench/kd" --no-mappings --host 127.0.0.1 --port "$port" --username "$KUZZLE_USERNAME" --password "$KUZZLE_PASSWORD"
measure import-kourou-sdk baseline node bench/kourou-baseline.js import "$work/src/bench/kd/documents.jsonl" bench baseline
measure import-os-ceiling ceiling node bench/os-ceiling.js "$work/src/bench/kd/documents.jsonl" "$OPENSEARCH_URL" '&bench.ceiling'
echo "## export (of bench/kd)"
rm -rf "$work/out" && mkdir -p "$work/out"
measure export-kuzzle-dump "$work/out/bench/kd/documents.jsonl" node js/cli.js collection:export bench kd --path "$work/out" --host 127.0.0.1 --port "$port" --username "$KUZZLE_USERNAME" --password "$KUZZLE_PASSWORD"
measure export-kourou-sdk "$work/out/baseline.jsonl" node bench/kourou-baseline.js export bench kd "$work/out/baseline.jsonl"
# Kuzzle's document:export stream (jsonl): its first line is a header too.
measure export-kuzzle-stream "$work/out/kuzzle-export.jsonl" curl -fsS -o "$work/out/kuzzle-export.jsonl" -X POST "$KUZZLE_URL/bench/kd/_export?format=jsonl&size=2000" -H "Authorization: Bearer $jwt" -H 'content-type: application/json' -d '{}'
cmp <(tail -n +2 "$work/out/bench/kd/documents.jsonl" | sort) <(tail -n +2 "$work/out/baseline.jsonl" | sort) && echo "# kuzzle-dump's and the baseline's exports hold the same lines"
