#!/usr/bin/env bash
# Live capture benchmark (issues 5, 10): the highest tcpreplay rate at which `tlsinspect capture` drops
# nothing, measured beside tcpdump on the same interface in the same run (both get every frame).
# Since issue 10 the live path is the files' pipeline: the capture thread reads (one direct pcap_next_ex
# per packet into a reused buffer) and dissects, one decoder worker per core decodes; a worker's full
# queue is counted (stats.queue_drops), never waited on.
#
# A private veth pair in two network namespaces (tlsb-cap, tlsb-peer); nothing leaves them. For each
# rate, tlsinspect (full pipeline, report to a file) and tcpdump (-w /dev/null, the libpcap floor) listen
# on the capture end with the same filter and kernel buffer, tcpreplay sends a sample capture looped to
# about SECONDS of traffic from the peer end, then both are stopped with SIGINT and their counts read.
#
# Usage (root): bench/live-capture.sh [SAMPLE.pcap]   env: RATES="25 50 100 200 400 800 1600" SECONDS_PER_STEP=2
# Writes bench/results/live-capture.md.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SAMPLE=${1:-$ROOT/sample-pcaps/handshakes.pcap}
RATES=${RATES:-25 50 100 200 400 800 1600}
STEP_SECONDS=${SECONDS_PER_STEP:-2}
BUFFER_MB=32
FILTER='tcp port 443'
NS_CAP=tlsb-cap
NS_PEER=tlsb-peer
OUT=$ROOT/bench/results/live-capture.md
JAR=$ROOT/cli/target/tlsinspect.jar

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (network namespaces, packet capture)"
for c in ip tcpreplay tcpdump jq java; do command -v $c >/dev/null || die "needs $c (apt-get install iproute2 tcpreplay tcpdump jq openjdk-17-jre-headless)"; done
[ -f "$SAMPLE" ] || die "no sample capture $SAMPLE (record it: sample-pcaps/make/)"
[ -f "$JAR" ] || die "build first: mvn -q -pl cli -am package -DskipTests"

W=$(mktemp -d /tmp/tlsb.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  ip netns del "$NS_CAP" 2>/dev/null
  ip netns del "$NS_PEER" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns del "$NS_CAP" 2>/dev/null
ip netns del "$NS_PEER" 2>/dev/null
ip netns add "$NS_CAP" && ip netns add "$NS_PEER" || die "cannot create network namespaces"
ip -n "$NS_CAP" link add bcap0 type veth peer name bpeer0 netns "$NS_PEER" || die "cannot create veth pair"
for n in "$NS_CAP" "$NS_PEER"; do
  ip -n "$n" link set lo up
  ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
done
ip -n "$NS_CAP" link set bcap0 mtu 65535 up
ip -n "$NS_PEER" link set bpeer0 mtu 65535 up
CAP=(ip netns exec "$NS_CAP")
PEER=(ip netns exec "$NS_PEER")
IFINDEX=$("${CAP[@]}" cat /sys/class/net/bcap0/ifindex)

cp "$SAMPLE" "$W/sample.pcap" # a private copy: sample captures may be re-recorded while this runs
NAME=$(basename "$SAMPLE")
SAMPLE=$W/sample.pcap
bytes=$(stat -c %s "$SAMPLE")
per_loop=$(tcpdump -r "$SAMPLE" "$FILTER" 2>/dev/null | wc -l)
[ "$per_loop" -gt 0 ] || die "$SAMPLE has no packets matching '$FILTER'"

# run_step RATE MODE : one replay with tlsinspect and tcpdump listening; prints a table row's cells.
# MODE full    : the whole pipeline (dissector, flow table, TLS decoder, report), as in production;
# MODE capture : the same capture path (libpcap -> Java -> dissector) with the flow table set to a port
#                that never matches, so only what this issue built is measured, not the TLS decoder.
run_step() {
  local rate=$1 mode=$2 loops expected tpid dpid sent actual t_recv t_drop d_recv d_drop
  loops=$(( rate * 1000000 / 8 * STEP_SECONDS / bytes ))
  [ "$loops" -lt 1 ] && loops=1
  expected=$(( per_loop * loops ))
  local ports=(); [ "$mode" = capture ] && ports=(--port 9)
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  set -m
  "${CAP[@]}" java -jar "$JAR" capture -i bcap0 --filter "$FILTER" --buffer-size "$BUFFER_MB" "${ports[@]}" \
    --report-every 0 --format json --connections none --output "$W/r.json" >/dev/null 2>"$W/t.err" &
  tpid=$!
  "${CAP[@]}" tcpdump -n -i bcap0 -B $((BUFFER_MB * 1024)) -w /dev/null "$FILTER" 2>"$W/d.err" &
  dpid=$!
  set +m
  PIDS=("$tpid" "$dpid")
  # ready when the kernel shows both packet sockets bound to the interface (/proc/net/packet, column 5)
  for i in $(seq 600); do
    [ "$("${CAP[@]}" awk -v ifi="$IFINDEX" 'NR > 1 && $5 == ifi' /proc/net/packet | wc -l)" -ge 2 ] &&
      grep -q 'capturing on' "$W/t.err" && break
    sleep 0.1
  done
  "${PEER[@]}" tcpreplay --mbps "$rate" --loop "$loops" -i bpeer0 "$SAMPLE" >"$W/p.out" 2>&1
  sleep 2.5 # tcpdump reads its last kernel block only after its 1 s read timeout, and stops at once on SIGINT
  kill -INT "$tpid" "$dpid"
  wait "$tpid"; wait "$dpid"
  PIDS=()
  sent=$(awk '/Successful packets:/{print $3}' "$W/p.out")
  actual=$(grep -o 'Rated: [^,]*, [0-9.]* Mbps' "$W/p.out" | awk '{print $4}')
  t_recv=$(jq '.stats.packets' "$W/r.json" 2>/dev/null || echo "?")
  t_drop=$(jq '.stats.kernel_drops' "$W/r.json" 2>/dev/null || echo "?")
  t_queue=$(jq '.stats.queue_drops' "$W/r.json" 2>/dev/null || echo "?")
  t_unread=$(jq '.stats.unread_at_stop' "$W/r.json" 2>/dev/null || echo "?")
  d_recv=$(awk '/packets captured/{print $1}' "$W/d.err")
  d_drop=$(awk '/dropped by kernel/{print $1}' "$W/d.err")
  T_OK=no; [ "$t_recv" = "$expected" ] && [ "$t_drop" = 0 ] && [ "$t_queue" = 0 ] && [ "$t_unread" = 0 ] && T_OK=yes
  D_OK=no; [ "$d_recv" = "$expected" ] && [ "$d_drop" = 0 ] && D_OK=yes
  ROW="| $rate | $mode | $load | ${actual:-?} | $sent | $expected | $t_recv | $t_drop | $t_queue | $t_unread | $T_OK | $d_recv | $d_drop | $D_OK |"
  echo "bench: $rate Mbit/s $mode (actual ${actual:-?}): expected $expected; tlsinspect $t_recv (kernel drops $t_drop, queue drops $t_queue, unread $t_unread); tcpdump $d_recv (drops $d_drop)" >&2
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
best_full=0
best_capture=0
best_dump=0
for rate in $RATES; do
  for mode in full capture; do
    run_step "$rate" "$mode"
    rows+=("$ROW")
    if [ "$T_OK" = yes ]; then
      [ "$mode" = full ] && best_full=$rate || best_capture=$rate
    fi
    [ "$D_OK" = yes ] && [ "$mode" = full ] && best_dump=$rate
  done
done

mkdir -p "$(dirname "$OUT")"
{
  echo "# Live capture: highest drop-free replay rate"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/live-capture.sh\` on $(nproc) CPU(s), $(uname -r), $(tcpdump --version 2>&1 | grep -m1 libpcap)."
  echo "Sample \`$NAME\` ($per_loop packets per loop, $bytes bytes) replayed with tcpreplay \`--mbps R --loop N\`"
  echo "(~${STEP_SECONDS} s of traffic per step) onto a veth pair; \`tlsinspect capture\` (whole pipeline, JSON report) and"
  echo "\`tcpdump -w /dev/null\` listened on the same interface at the same time, filter \`$FILTER\`, ${BUFFER_MB} MiB kernel buffer each."
  echo "All three programs share the same CPUs, so the absolute rates say more about this machine than about the tools."
  echo
  echo "Mode \`full\` is tlsinspect as deployed: the capture thread reads (one \`pcap_next_ex\` per packet into a reused buffer) and dissects, $(nproc) decoder workers (one per core)"
  echo "decode TLS, then the JSON report; mode \`capture\` reads and dissects the same packets but tracks no port (\`--port 9\`),"
  echo "which isolates the live capture path from the TLS decoder. A step is lossless for tlsinspect when it read every packet"
  echo "sent that matches the filter and counted no kernel drop, no queue drop (a decoder worker's full queue) and nothing"
  echo "unread at the stop; for tcpdump when it read them all and libpcap counted no kernel drop."
  echo
  echo "Load average (1, 5, 15 min) at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "(the machine is shared: other work ran beside the bench and took CPU from all three programs)."
  echo
  echo "| rate Mbit/s | tlsinspect mode | load (1 min) at the step's start | actual Mbit/s | sent | expected (filter) | tlsinspect received | tlsinspect kernel drops | tlsinspect queue drops | tlsinspect unread at stop | tlsinspect lossless | tcpdump received | tcpdump kernel drops | tcpdump lossless |"
  echo "|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|:---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Highest drop-free rate: **tlsinspect ${best_full} Mbit/s** (full pipeline), ${best_capture} Mbit/s (capture path only);"
  echo "tcpdump ${best_dump} Mbit/s (beside the full pipeline). 0 = none of the steps. \"actual\" is what tcpreplay achieved"
  echo "on this machine; steps whose actual rate fell short of the requested one measure the actual rate."
} >"$OUT"
cat "$OUT"
