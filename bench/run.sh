#!/usr/bin/env bash
# Offline speed, as ratios in one run (DESIGN §9): tlsinspect against libpcap's raw read
# (tcpdump -r F -w /dev/null, the floor), tshark with TLS dissection on, and ssldump, on the same
# large capture built from a real sample. Also the pure-Java reader against pcap4j's offline reader.
#   bench/run.sh [SIZE_MB]   (default 256)   -> bench/results/offline.md
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
size="${1:-256}"

need=()
for t in tcpdump tshark ssldump python3; do command -v "$t" >/dev/null || need+=("$t"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else echo "bench: needs ${need[*]} (apt-get install ${need[*]})" >&2; exit 1; fi
fi

mkdir -p bench/data bench/results
big="bench/data/big-${size}m.pcap"
[ -f "$big" ] || python3 bench/make-big-pcap.py "$big" "$size"
./tlsinspect --version >/dev/null   # builds on first use, outside the timings
cat "$big" > /dev/null              # page cache: every tool reads from memory

t() { # t NAME CMD... -> prints NAME seconds (best of 3)
  local name="$1"; shift; local best=""
  for _ in 1 2 3; do
    local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    local d; d=$(echo "$e - $s" | bc); if [ -z "$best" ] || [ "$(echo "$d < $best" | bc)" = 1 ]; then best=$d; fi
  done
  echo "$name $best"
}

results=$(
  t "tcpdump -r (libpcap raw read)" tcpdump -n -r "$big" -w /dev/null
  t "tlsinspect analyze (json)" ./tlsinspect analyze --no-progress --format json --connections none "$big"
  t "tshark (TLS dissection)" tshark -n -r "$big" -Y tls.handshake -T fields -e tls.handshake.type
  t "ssldump" ssldump -n -r "$big"
)
floor=$(echo "$results" | head -1 | awk '{print $NF}')
tls=$(echo "$results" | sed -n 2p | awk '{print $NF}')
mb=$(du -m "$big" | cut -f1)
packets=$(tcpdump -n -r "$big" 2>/dev/null | wc -l)
{
  echo "# Offline speed ($(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1))"
  echo
  echo "Input: \`$big\` ($mb MiB, $packets packets; every recording in sample-pcaps/, copied with distinct client addresses by make-big-pcap.py)."
  echo
  echo "| tool | seconds (best of 3) | MiB/s | x tcpdump -r | x tlsinspect |"
  echo "|---|---|---|---|---|"
  echo "$results" | while read -r line; do
    secs=${line##* }; name=${line% *}
    printf '| %s | %.2f | %.0f | %.2f | %.2f |\n' "$name" "$secs" "$(echo "$mb / $secs" | bc -l)" \
      "$(echo "$secs / $floor" | bc -l)" "$(echo "$secs / $tls" | bc -l)"
  done
  echo
  echo "Reader alone (same JVM, best of 3 after a warm-up round): pure-Java reader vs pcap4j offline (libpcap via JNA)"
  echo
  echo "| reader | seconds | packets | MiB/s |"
  echo "|---|---|---|---|"
  java -cp cli/target/tlsinspect.jar bench/ReaderBench.java "$big" | awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}'
} > bench/results/offline.md
cat bench/results/offline.md
