#!/usr/bin/env bash
# Benchmark (not a test): Elasticsearch-level dump and load, kuzzle-dump es:dump / es:load versus
# the elasticdump package's multielasticdump (its defaults), on the local stack, in one run.
#
#   KD_OS_PORT=19200 bash bench/es.sh [DOCS_PER_INDEX] [INDICES]    (default 50000 x 4)
#
# Creates INDICES Kuzzle-like collections `&esbench.cN` (alias `@&esbench.cN`, _kuzzle_info) with
# DOCS_PER_INDEX documents each through _bulk, then, one after the other: dump with each tool,
# delete, load with each tool (counts checked after every load). Wall time, CPU and peak RSS
# come from /usr/bin/time -v. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
PER=${1:-50000}
N=${2:-4}
OS="http://127.0.0.1:${KD_OS_PORT:-9200}"
WORK=$(mktemp -d /tmp/kd-esbench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
MATCH='^&esbench\.'
TOTAL=$((PER * N))

drop() {
  for i in $(seq 1 "$N"); do curl -s -o /dev/null -XDELETE "$OS/%26esbench.c$i"; done
  curl -s -o /dev/null -XDELETE "$OS/%26esbench.c*" || true
}

count() {
  curl -s -XPOST "$OS/%26esbench.*/_refresh" > /dev/null
  curl -s "$OS/%26esbench.*/_count" | node -pe 'JSON.parse(require("fs").readFileSync(0)).count'
}

echo "generating $TOTAL documents in $N indices..." >&2
drop
node - "$OS" "$PER" "$N" <<'EOF'
const [os, per, n] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
(async () => {
  for (let c = 1; c <= n; c++) {
    const idx = `&esbench.c${c}`;
    const mk = await fetch(`${os}/${encodeURIComponent(idx)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
      aliases: { [`@${idx}`]: {} },
      settings: { index: { number_of_shards: '1', number_of_replicas: '0', refresh_interval: '-1' } },
      mappings: { dynamic: 'false', properties: { _kuzzle_info: { properties: { author: { type: 'keyword' }, createdAt: { type: 'date' }, updatedAt: { type: 'date' }, updater: { type: 'keyword' } } }, city: { type: 'keyword' }, fare: { type: 'float' }, pickup: { type: 'date' }, vendor: { type: 'integer' } } },
    }) });
    if (!mk.ok) throw new Error(`${idx}: ${mk.status} ${await mk.text()}`);
    for (let start = 0; start < per; start += 5000) {
      const lines = [];
      for (let i = start; i < Math.min(per, start + 5000); i++) {
        lines.push(JSON.stringify({ index: { _index: idx, _id: `doc-${c}-${i}` } }));
        lines.push(JSON.stringify({ city: ['hcmc', 'hanoi', 'danang', 'hue'][i % 4], vendor: i % 7, fare: (i % 1000) / 10, pickup: 1700000000000 + i * 1000, passengers: 1 + (i % 4), notes: `trip ${i} of collection ${c}, with some text to make the document a few hundred bytes long`, tags: ['a', 'b', String(i % 10)], _kuzzle_info: { author: 'bench', createdAt: 1700000000000 + i, updatedAt: null, updater: null } }));
      }
      const r = await fetch(`${os}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' });
      const b = await r.json();
      if (b.errors) throw new Error(`bulk errors in ${idx}`);
    }
    await fetch(`${os}/${encodeURIComponent(idx)}/_settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ index: { refresh_interval: null } }) });
  }
})().catch((e) => { console.error(e); process.exit(1); });
EOF
[ "$(count)" = "$TOTAL" ] || { echo "generation failed" >&2; exit 1; }

ROWS=()
run() { # label, then the command
  local label=$1; shift
  /usr/bin/time -v -o "$WORK/time" "$@" > "$WORK/out" 2>&1 || { echo "$label failed:" >&2; tail -20 "$WORK/out" >&2; exit 1; }
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2/1024}' "$WORK/time")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u+s}' "$WORK/time")
  echo "$label: ${wall}s, ${rss} MB, cpu ${cpu}s" >&2
  ROWS+=("$label|$wall|$cpu|$rss")
}

KD="node js/cli.js"
MED="node node_modules/elasticdump/bin/multielasticdump"
mkdir -p "$WORK/kd" "$WORK/med"
run "kuzzle-dump es:dump" $KD es:dump --input "$OS" --output "$WORK/kd" --match "$MATCH" --concurrency 4
run "multielasticdump dump" $MED --direction=dump --match="$MATCH" --input="$OS" --output="$WORK/med"
drop
run "kuzzle-dump es:load" $KD es:load --input "$WORK/kd" --output "$OS" --concurrency 4
C1=$(count)
drop
run "multielasticdump load" $MED --direction=load --match="$MATCH" --input="$WORK/med" --output="$OS"
C2=$(count)
echo "documents after load: kuzzle-dump $C1, multielasticdump $C2 (expected $TOTAL)" >&2
drop

echo
echo "| direction | tool | wall | CPU (user+sys) | docs/s | peak RSS | ratio |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for pair in "0 1 dump" "2 3 load"; do
  set -- $pair
  IFS='|' read -r l1 w1 c1 r1 <<< "${ROWS[$1]}"
  IFS='|' read -r l2 w2 c2 r2 <<< "${ROWS[$2]}"
  rate() { awk -v t="$TOTAL" -v w="$1" 'BEGIN {printf "%d", t / w}'; }
  ratio=$(awk -v a="$w1" -v b="$w2" 'BEGIN {printf "%.1f", b / a}')
  echo "| $3 | $l1 | ${w1} s | ${c1} s | $(rate "$w1") | ${r1} MB | ${ratio}× faster |"
  echo "| $3 | $l2 | ${w2} s | ${c2} s | $(rate "$w2") | ${r2} MB | 1× |"
done
echo
echo "documents after load: kuzzle-dump $C1, multielasticdump $C2 (expected $TOTAL)"
