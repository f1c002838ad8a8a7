#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 300) with libFuzzer, seeded from the shared
# fixtures. Needs the nightly toolchain and cargo-fuzz (installed here when missing).
#   bash fuzz/run.sh [SECONDS] [TARGET...]      logs: fuzz/logs/<target>.log
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-300}; shift || true
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
mkdir -p logs
failed=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # Seed with the fixture files so the fuzzer starts from real dumps.
  find ../tests/fixtures -type f -size -64k | while read -r f; do cp "$f" "corpus/$t/seed-$(echo "$f" | md5sum | cut -c1-12)"; done
  if cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 > "logs/$t.log" 2>&1; then
    echo "$t: $(grep -E '^Done [0-9]+ runs' "logs/$t.log" | tail -1), no crash"
  else
    echo "$t: FAILED (see fuzz/logs/$t.log)"; grep -E 'panicked|ERROR|SUMMARY' "logs/$t.log" | head -5
    failed=1
  fi
done
exit $failed
