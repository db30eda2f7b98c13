#!/usr/bin/env bash
# Live capture test (issue 5). Runs as root; needs no network beyond what it builds:
# two network namespaces joined by a veth pair, addresses from 198.51.100.0/24 (RFC 5737
# documentation range) that exist only inside those namespaces.
#
#   (b) live: openssl s_server, then Debian's nginx, in tlsl-cap, real clients (curl, openssl s_client) in tlsl-peer,
#       `tlsinspect capture -i lcap0 --write` on the server's veth end; one connection is still
#       open when SIGINT arrives.
#   (a) replay: every Ethernet sample capture (sample-pcaps/*.pcap, *.pcapng; at least basic.pcap
#       once recorded, else the pcap written by (b)) sent onto the peer end with tcpreplay at 50 Mbit/s.
#
# Each capture is stopped with SIGINT or SIGTERM right after the last packet and must: exit 0; leave a
# JSON report; leave a --write file that tshark reads with exactly the report's stats.packets; count no
# kernel drop, queue drop or unread packet; for (a), hold exactly the TCP packets tcpreplay sent; give the
# same outcome per connection as `tlsinspect analyze` on that file and, for (a), on the original sample.
# (c) stops captures with --count and --duration right after a burst and rotates reports every 200 ms.
#
# No sleeps before traffic: a capture is ready when the kernel shows its packet socket on the interface
# and one UDP probe (198.51.100.2 -> .1 port 9, in the capture's filter) is counted in its summary line.
# The probe is in the report as one non-TCP packet, which the checks subtract; it makes no connection.
#
# LIVE_LOAD=N runs N CPU-bound processes (stress-ng, or shell busy loops) beside the whole test.
#
# Idempotent: leftovers of an earlier run (namespaces tlsl-*) are removed first; a trap removes
# everything it made. Last line: "live: N passed, M failed"; exit status non-zero on any failure.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NS_CAP=tlsl-cap
NS_PEER=tlsl-peer
IF_CAP=lcap0
IF_PEER=lpeer0
SRV=198.51.100.1      # s_server
DEAD=198.51.100.3     # an address of the server side with nothing listening: SYN -> RST
CLI=198.51.100.2
MBPS=${LIVE_MBPS:-50}
FILTER='tcp port 443 or udp port 9'   # the default filter plus the readiness probe
LOAD=${LIVE_LOAD:-0}

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   - $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }
die() { echo "live: $*" >&2; echo "live: 0 passed, 1 failed"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, packet capture)"

# ---- packages -------------------------------------------------------------
missing=()
command -v ip >/dev/null || missing+=(iproute2)
command -v tcpreplay >/dev/null || missing+=(tcpreplay)
command -v tshark >/dev/null || missing+=(tshark)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
command -v nginx >/dev/null || missing+=(nginx-light)
ldconfig -p 2>/dev/null | grep 'libpcap\.so' >/dev/null || missing+=(libpcap0.8)
if [ ${#missing[@]} -gt 0 ]; then
  echo "live: installing ${missing[*]}" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; }; } ||
    die "needs packages: apt-get install ${missing[*]}"
fi
command -v java >/dev/null || die "needs java: apt-get install openjdk-17-jre-headless"

# ---- the tool -------------------------------------------------------------
JAR=$ROOT/cli/target/tlsinspect.jar
if [ ! -f "$JAR" ]; then
  echo "live: building $JAR" >&2
  (cd "$ROOT" && mvn -q -pl cli -am package -Dmaven.test.skip=true >/dev/null 2>&1) || die "build failed: cd $ROOT && mvn -pl cli -am package"
fi
tls() { java -jar "$JAR" "$@"; }

# ---- lab ------------------------------------------------------------------
W=$(mktemp -d /tmp/tlsl.XXXXXX)
CAP_PID=
SRV_PID=
HOLD_PID=
LOAD_PIDS=
cleanup() {
  for p in $HOLD_PID $CAP_PID $SRV_PID $LOAD_PIDS; do kill "$p" 2>/dev/null; done
  [ -f "$W/nginx/nginx.pid" ] && kill "$(cat "$W/nginx/nginx.pid")" 2>/dev/null
  for p in $HOLD_PID $CAP_PID $SRV_PID $LOAD_PIDS; do wait "$p" 2>/dev/null; done
  ip netns del "$NS_CAP" 2>/dev/null
  ip netns del "$NS_PEER" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns del "$NS_CAP" 2>/dev/null
ip netns del "$NS_PEER" 2>/dev/null
ip netns add "$NS_CAP" && ip netns add "$NS_PEER" || die "cannot create network namespaces"
# created inside the namespaces: the host's own interfaces are never touched
ip -n "$NS_CAP" link add "$IF_CAP" type veth peer name "$IF_PEER" netns "$NS_PEER" || die "cannot create veth pair"
for n in "$NS_CAP" "$NS_PEER"; do
  ip -n "$n" link set lo up
  ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null  # no ND chatter
done
ip -n "$NS_CAP" addr add "$SRV/24" dev "$IF_CAP"
ip -n "$NS_CAP" addr add "$DEAD/24" dev "$IF_CAP"
ip -n "$NS_PEER" addr add "$CLI/24" dev "$IF_PEER"
# samples recorded on a veth hold frames above 1500 bytes (GRO): tcpreplay must be able to send them
ip -n "$NS_CAP" link set "$IF_CAP" mtu 65535 up
ip -n "$NS_PEER" link set "$IF_PEER" mtu 65535 up

if [ "$LOAD" -gt 0 ]; then
  if command -v stress-ng >/dev/null; then
    stress-ng --cpu "$LOAD" --timeout 3600s >/dev/null 2>&1 &
    LOAD_PIDS=$!
  else
    for _ in $(seq "$LOAD"); do bash -c 'while :; do :; done' & LOAD_PIDS="$LOAD_PIDS $!"; done
  fi
  echo "    under load: $LOAD CPU-bound processes beside the test"
fi
IFINDEX=$(ip netns exec "$NS_CAP" cat "/sys/class/net/$IF_CAP/ifindex")

# arrays, not functions: a background function is a subshell, and $! must be the real process
CAP=(ip netns exec "$NS_CAP")
PEER=(ip netns exec "$NS_PEER")
peer() { "${PEER[@]}" "$@"; }

# ---- helpers --------------------------------------------------------------
# listening : waits until something listens on $SRV:443 in the capture namespace
listening() {
  for _ in $(seq 300); do
    [ -n "$("${CAP[@]}" ss -Hltn "sport = :443")" ] && return 0
    sleep 0.1
  done
  return 1
}

# ready NAME : waits until capture NAME receives: its packet socket is bound to the interface (kernel
# fact), then one probe is counted in its summary line (another every 5 s while none is: one sent
# before the capture's ring existed is lost). Fails if the capture ends first.
ready() {
  local name=$1 i sock=0
  for i in $(seq 600); do
    kill -0 "$CAP_PID" 2>/dev/null || break
    # /proc/net/packet of the capture's namespace: column 5 is the ifindex a packet socket is bound to
    if "${CAP[@]}" awk -v ifi="$IFINDEX" 'NR > 1 && $5 == ifi { f = 1 } END { exit !f }' /proc/net/packet; then
      sock=1; break
    fi
    sleep 0.1
  done
  if [ "$sock" = 1 ]; then
    for i in $(seq 1200); do
      [ $((i % 50)) = 1 ] && peer bash -c "echo probe >/dev/udp/$SRV/9" 2>/dev/null
      grep -q '^tlsinspect: [0-9:]* packets [1-9]' "$W/$name.err" 2>/dev/null && return 0
      kill -0 "$CAP_PID" 2>/dev/null || break
      sleep 0.1
    done
  fi
  bad "$name: capture never received the probe: $(grep -v SLF4J "$W/$name.err" | tail -1)"
  kill "$CAP_PID" 2>/dev/null; wait "$CAP_PID" 2>/dev/null; CAP_PID=
  return 1
}

# start_capture NAME [ARGS...] : capture on the server's end, JSON report and pcap in $W/NAME.*; ready
start_capture() {
  local name=$1; shift
  # job control on, so the background JVM does not inherit an ignored SIGINT
  set -m
  "${CAP[@]}" java -jar "$JAR" capture -i "$IF_CAP" --filter "$FILTER" --format json --output "$W/$name.json" \
    --write "$W/$name.pcap" --report-every 100ms "$@" >"$W/$name.out" 2>"$W/$name.err" &
  CAP_PID=$!
  set +m
  ready "$name"
}

# finished NAME RC [SENT] : the checks every capture must pass once it ended with status RC; SENT is what
# tcpreplay sent that matches 'tcp port 443' (see replay): the report and the --write file must hold exactly those
finished() {
  local name=$1 rc=$2 sent=${3:-}
  grep -v '^SLF4J' "$W/$name.err" | grep -v '^tlsinspect: [0-9][0-9]:' | sed "s/^/    [$name] /"
  [ "$rc" = 0 ] && ok "$name: exit 0" || bad "$name: exit $rc"
  if jq -e . "$W/$name.json" >/dev/null 2>&1; then ok "$name: final JSON report written"
  else bad "$name: no final JSON report"; return 1; fi
  local stated got tcp
  stated=$(jq '.stats.packets' "$W/$name.json")
  if got=$(tshark -n -r "$W/$name.pcap" -T fields -e frame.number 2>"$W/$name.tshark" | wc -l) &&
     ! grep -qi 'cut short\|appears to be damaged' "$W/$name.tshark"; then
    [ "$got" = "$stated" ] && [ "$got" -gt 0 ] && ok "$name: tshark reads $got packets from --write, the report says $stated" ||
      bad "$name: tshark reads $got packets from --write, the report says $stated"
  else
    bad "$name: tshark cannot read the --write file: $(head -1 "$W/$name.tshark")"
  fi
  if [ -n "$sent" ]; then
    local rep_tcp pcap_tcp
    rep_tcp=$(jq '.stats.packets - .stats.non_tcp_packets' "$W/$name.json")
    pcap_tcp=$(tshark -n -r "$W/$name.pcap" -Y tcp -T fields -e frame.number 2>/dev/null | wc -l)
    [ "$rep_tcp" = "$sent" ] && [ "$pcap_tcp" = "$sent" ] &&
      ok "$name: tcpreplay sent $SENT_ALL packets, $sent on port 443; the report and the --write file hold $rep_tcp and $pcap_tcp" ||
      bad "$name: tcpreplay sent $SENT_ALL packets, $sent on port 443; the report holds $rep_tcp, the --write file $pcap_tcp"
  fi
  local drops
  drops=$(jq -c '.stats | [.kernel_drops, .interface_drops, .queue_drops, .unread_at_stop]' "$W/$name.json")
  [ "$drops" = "[0,0,0,0]" ] && ok "$name: no kernel, interface or queue drop, nothing unread at the stop" ||
    bad "$name: [kernel_drops, interface_drops, queue_drops, unread_at_stop] = $drops"
}

# stop_capture NAME [SIGNAL] [SENT] : SIGINT (or SIGTERM) mid-capture, then the checks of finished
stop_capture() {
  local name=$1 sig=${2:-INT} sent=${3:-} rc
  # no pause before the signal: capture must still read what the kernel accepted before it
  kill -"$sig" "$CAP_PID"
  wait "$CAP_PID"; rc=$?
  CAP_PID=
  echo "    [$name] SIG$sig"
  finished "$name" "$rc" "$sent"
}

# replay NAME FILE [TCPREPLAY ARGS] : sends FILE once from the peer's end; SENT_ALL is what tcpreplay
# sent, SENT the part of it on TCP port 443 (a sample may hold a few other frames: ICMPv6 chatter)
replay() {
  local name=$1 f=$2; shift 2
  SENT= SENT_ALL=
  if peer tcpreplay "$@" -i "$IF_PEER" "$f" >"$W/$name.tcpreplay" 2>&1; then
    SENT_ALL=$(awk '/Successful packets:/{print $3}' "$W/$name.tcpreplay")
    local failed total
    failed=$(awk '/Failed packets:/{print $3}' "$W/$name.tcpreplay")
    total=$(tshark -n -r "$f" -T fields -e frame.number 2>/dev/null | wc -l)
    [ "$SENT_ALL" = "$total" ] && SENT=$(tshark -n -r "$f" -Y 'tcp.port == 443' -T fields -e frame.number 2>/dev/null | wc -l)
    [ "${failed:-1}" = 0 ] && [ "$SENT_ALL" = "$total" ] && ok "$name: tcpreplay sent all $SENT_ALL packets ($*), $SENT on port 443" ||
      bad "$name: tcpreplay failed to send ${failed:-?} packets: $(grep -i 'error\|fail' "$W/$name.tcpreplay" | head -1)"
  else
    bad "$name: tcpreplay failed: $(tail -1 "$W/$name.tcpreplay")"
  fi
}

# outcomes FILE.json : one line per connection, sorted: client, server, outcome, alerts
outcomes() {
  jq -r '.connections[] | "\(.client.ip):\(.client.port) \(.server.ip):\(.server.port) \(.outcome) \([.alerts[]? | "\(.from)/\(.description)"] | join(","))"' "$1" | sort
}

# same_outcomes LABEL A.json B.json
same_outcomes() {
  local label=$1 n
  outcomes "$2" >"$W/a.txt"
  outcomes "$3" >"$W/b.txt"
  n=$(wc -l <"$W/a.txt")
  if cmp -s "$W/a.txt" "$W/b.txt"; then
    ok "$label: same outcome for each of $n connections"
  else
    bad "$label: outcomes differ (< live, > offline):"
    diff "$W/a.txt" "$W/b.txt" | grep '^[<>]' | head -20 | sed 's/^/    /'
  fi
}

analyze() { tls analyze --format json --output "$2" "$1" 2>"$W/analyze.err" || { echo "    $(cat "$W/analyze.err")"; return 1; }; }

# ---- (b) real handshakes, live --------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" -days 2 \
  -subj "/CN=www.example.test" >/dev/null 2>&1 || die "openssl cannot make a test certificate"
"${CAP[@]}" openssl s_server -accept "$SRV:443" -cert "$W/cert.pem" -key "$W/key.pem" -www -quiet \
  >"$W/s_server.log" 2>&1 &
SRV_PID=$!
listening || bad "s_server: not listening on $SRV:443"

if start_capture handshakes; then
  t=(timeout 10)
  peer "${t[@]}" curl -sk -o /dev/null --tlsv1.3 "https://$SRV/"                                   # established, TLS 1.3
  printf 'GET / HTTP/1.0\r\n\r\n' | peer "${t[@]}" openssl s_client -quiet -tls1_2 -connect "$SRV:443" >/dev/null 2>&1  # established, TLS 1.2
  peer "${t[@]}" openssl s_client -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 -connect "$SRV:443" </dev/null >/dev/null 2>&1  # server_alert handshake_failure
  peer "${t[@]}" openssl s_client -tls1_2 -verify_return_error -connect "$SRV:443" </dev/null >/dev/null 2>&1  # client_alert (self-signed)
  peer "${t[@]}" curl -s -o /dev/null "http://$SRV:443/"                                           # not_tls
  peer "${t[@]}" curl -sk -o /dev/null "https://$DEAD/"                                            # refused
  # still open when SIGINT arrives: the report must have it and the pcap must stay readable
  "${PEER[@]}" openssl s_client -quiet -connect "$SRV:443" </dev/null >/dev/null 2>&1 & # -quiet: stays after stdin EOF
  HOLD_PID=$!
  for _ in $(seq 300); do  # its TCP connection is up (the kernel's word), so its packets are on the wire
    [ -n "$("${PEER[@]}" ss -Htn state established "dst $SRV:443")" ] && break
    sleep 0.1
  done
  stop_capture handshakes
  kill "$HOLD_PID" 2>/dev/null; wait "$HOLD_PID" 2>/dev/null; HOLD_PID=
  n=$(jq '.connections | length' "$W/handshakes.json" 2>/dev/null)
  [ "${n:-0}" = 7 ] && ok "handshakes: 7 connections reported" || bad "handshakes: ${n:-0} connections reported, 7 made"
  echo "    outcomes: $(jq -r '[.connections[].outcome] | join(" ")' "$W/handshakes.json" 2>/dev/null)"
  if analyze "$W/handshakes.pcap" "$W/handshakes.offline.json"; then
    same_outcomes "handshakes: live vs analyze of the --write file" "$W/handshakes.json" "$W/handshakes.offline.json"
  else
    bad "handshakes: analyze of the --write file failed"
  fi
fi
kill "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; SRV_PID=

# ---- (b2) real handshakes with nginx, live ---------------------------------
# Debian's nginx with TLS 1.0-1.3 (as in the seed incident), curl and openssl s_client as clients;
# one fallback retry with TLS_FALLBACK_SCSV must come back as inappropriate_fallback.
mkdir -p "$W/nginx"
cat > "$W/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $W/nginx/nginx.pid;
error_log $W/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  server {
    listen $SRV:443 ssl;
    ssl_certificate $W/cert.pem;
    ssl_certificate_key $W/key.pem;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_ciphers DEFAULT:@SECLEVEL=0;
    location / { return 200 "ok\n"; }
  }
}
NGINX
if "${CAP[@]}" nginx -c "$W/nginx/nginx.conf" -p "$W/nginx" 2>"$W/nginx/start.err"; then
  listening || bad "nginx: not listening on $SRV:443"
  if start_capture nginx; then
    t=(timeout 10)
    peer "${t[@]}" curl -sk -o /dev/null "https://$SRV/"                                                  # established, TLS 1.3
    peer "${t[@]}" curl -sk -o /dev/null --tls-max 1.2 "https://$SRV/"                                    # established, TLS 1.2
    peer "${t[@]}" openssl s_client -tls1_1 -fallback_scsv -cipher DEFAULT:@SECLEVEL=0 -connect "$SRV:443" </dev/null >/dev/null 2>&1  # inappropriate_fallback
    stop_capture nginx
    got=$(jq -r '[.connections[] | .outcome + (if .alerts[0].description then ":" + .alerts[0].description else "" end)] | join(" ")' "$W/nginx.json" 2>/dev/null)
    [ "$got" = "established established server_alert:inappropriate_fallback" ] &&
      ok "nginx: live outcomes are: $got" || bad "nginx: live outcomes: '$got'"
    if analyze "$W/nginx.pcap" "$W/nginx.offline.json"; then
      same_outcomes "nginx: live vs analyze of the --write file" "$W/nginx.json" "$W/nginx.offline.json"
    else
      bad "nginx: analyze of the --write file failed"
    fi
  fi
  "${CAP[@]}" nginx -c "$W/nginx/nginx.conf" -p "$W/nginx" -s stop 2>/dev/null || true
else
  bad "nginx did not start: $(tail -1 "$W/nginx/start.err")"
fi

# ---- (a) sample captures replayed ------------------------------------------
samples=()
for f in "$ROOT"/sample-pcaps/*.pcap "$ROOT"/sample-pcaps/*.pcapng; do
  [ -f "$f" ] || continue
  analyze "$f" "$W/sample.json" >/dev/null 2>&1 || continue
  [ "$(jq -r '.inputs[0].link_type' "$W/sample.json")" = EN10MB ] && samples+=("$f") # tcpreplay sends Ethernet
done
if [ ${#samples[@]} = 0 ] && [ -f "$W/handshakes.pcap" ]; then
  echo "    no Ethernet sample capture in sample-pcaps/ yet: replaying the pcap written by (b)"
  cp "$W/handshakes.pcap" "$W/recorded-live.pcap"
  samples=("$W/recorded-live.pcap")
fi
i=0
for f in "${samples[@]}"; do
  i=$((i + 1))
  name="replay$i-$(basename "${f%.*}")"
  start_capture "$name" || continue
  replay "$name" "$f" --mbps "$MBPS"
  sig=INT; [ $((i % 2)) = 0 ] && sig=TERM   # both signals, each right after a burst
  stop_capture "$name" "$sig" "$SENT"
  if analyze "$W/$name.pcap" "$W/$name.offline.json"; then
    same_outcomes "$name: live vs analyze of the --write file" "$W/$name.json" "$W/$name.offline.json"
  else
    bad "$name: analyze of the --write file failed"
  fi
  if analyze "$f" "$W/$name.original.json"; then
    same_outcomes "$name: live at $MBPS Mbit/s vs analyze of $(basename "$f")" "$W/$name.json" "$W/$name.original.json"
  else
    bad "$name: analyze of $(basename "$f") failed"
  fi
done

# ---- (c) --count, --duration and --rotate right after a burst ---------------
f=${samples[0]:-}
if [ -n "$f" ]; then
  # --count: the probe is one packet, the burst the rest; the capture ends at its last packet
  per=$(tshark -n -r "$f" -Y 'tcp.port == 443' -T fields -e frame.number 2>/dev/null | wc -l)
  if start_capture count --count $((per + 1)); then
    replay count "$f" --mbps "$MBPS"
    wait "$CAP_PID"; rc=$?; CAP_PID=
    echo "    [count] --count $((per + 1)) (one probe and $per packets of $(basename "$f"))"
    finished count "$rc" "$SENT"
    jq -e '.stats.packets == '$((per + 1))' and .stats.non_tcp_packets == 1' "$W/count.json" >/dev/null 2>&1 &&
      ok "count: ended at exactly $((per + 1)) packets, the probe and the whole burst" ||
      bad "count: $(jq -c '.stats | [.packets, .non_tcp_packets]' "$W/count.json" 2>/dev/null) (packets, probes), wanted [$((per + 1)),1]"
  fi
  # --duration: ends by itself after the burst; long enough for a JVM starting on a loaded machine
  if start_capture duration --duration 40s; then
    replay duration "$f" --mbps "$MBPS"
    if kill -0 "$CAP_PID" 2>/dev/null; then
      wait "$CAP_PID"; rc=$?; CAP_PID=
      echo "    [duration] --duration 40s"
      finished duration "$rc" "$SENT"
    else
      wait "$CAP_PID"; CAP_PID=
      bad "duration: the capture ended before the burst did (started too slowly for --duration 40s?)"
    fi
  fi
  # --rotate 200ms while a replay spreads the handshakes over about 2 s: every connection is in
  # exactly one slice, no slice overwrote another, the last slice holds every packet sent
  want=$(analyze "$ROOT/sample-pcaps/handshakes.pcap" "$W/rotsample.json" && jq '.connections | length' "$W/rotsample.json")
  if [ -n "$want" ] && start_capture rot --rotate 200ms; then
    replay rot "$ROOT/sample-pcaps/handshakes.pcap" --mbps 0.2
    kill -INT "$CAP_PID"; wait "$CAP_PID"; rc=$?; CAP_PID=
    slices=$(ls "$W"/rot-*.json 2>/dev/null | wc -l)
    wrote=$(grep -c '^tlsinspect: wrote ' "$W/rot.err")
    got=0; valid=0
    for s in "$W"/rot-*.json; do
      jq -e '.connections and .stats' "$s" >/dev/null 2>&1 || continue
      valid=$((valid + 1)); got=$((got + $(jq '.connections | length' "$s")))
    done
    last=$(ls "$W"/rot-*.json | sort | tail -1)
    [ "$rc" = 0 ] && [ "$slices" -ge 5 ] && [ "$valid" = "$slices" ] && [ "$slices" = $((wrote + 1)) ] &&
      ok "rot: --rotate 200ms: exit 0, $slices slices, each a valid report, none overwritten ($wrote rotations + the last)" ||
      bad "rot: --rotate 200ms: exit $rc, $slices slices, $valid valid, $wrote rotations logged"
    [ "$got" = "$want" ] && ok "rot: the slices hold $got connections, as many as analyze finds in handshakes.pcap" ||
      bad "rot: the slices hold $got connections, analyze finds $want in handshakes.pcap"
    [ "$(jq '.stats.packets - .stats.non_tcp_packets' "$last")" = "$SENT" ] &&
      ok "rot: the last slice's counters hold the $SENT packets tcpreplay sent" ||
      bad "rot: the last slice's counters hold $(jq '.stats.packets - .stats.non_tcp_packets' "$last") packets, tcpreplay sent $SENT"
  fi
fi
start=$(date +%s%N)
"${CAP[@]}" java -jar "$JAR" capture -i "$IF_CAP" --duration 2s --format json --output "$W/quiet.json" \
  >/dev/null 2>"$W/quiet.err" &
CAP_PID=$!
wait "$CAP_PID"; rc=$?; CAP_PID=
ms=$((($(date +%s%N) - start) / 1000000))
[ "$rc" = 0 ] && jq -e '.stats.packets == 0' "$W/quiet.json" >/dev/null 2>&1 && [ "$ms" -lt 30000 ] &&
  ok "--duration 2s on a quiet link: exit 0 after ${ms} ms with an empty report" ||
  bad "--duration 2s on a quiet link: exit $rc after ${ms} ms: $(grep -v SLF4J "$W/quiet.err" | tail -1)"

# --metrics: the Prometheus endpoint answers while capturing.
set -m
"${CAP[@]}" java -jar "$JAR" capture -i "$IF_CAP" --metrics 127.0.0.1:9469 --format json \
  --output "$W/metrics.json" >/dev/null 2>"$W/metrics.err" &
CAP_PID=$!
set +m
got=""
for _ in $(seq 600); do  # polls until it answers (a JVM starts slowly on a loaded machine)
  got=$("${CAP[@]}" curl -s --max-time 2 http://127.0.0.1:9469/metrics || true)
  case "$got" in *tlsinspect_packets_total*) break ;; esac
  kill -0 "$CAP_PID" 2>/dev/null || break
  sleep 0.1
done
kill -INT "$CAP_PID" 2>/dev/null; wait "$CAP_PID"; rc=$?; CAP_PID=
case "$got" in
  *'# TYPE tlsinspect_handshakes_total counter'*'tlsinspect_handshakes_total{outcome="established"}'*'tlsinspect_queue_drops_total'*)
    [ "$rc" = 0 ] && ok "--metrics: /metrics served Prometheus text while capturing; exit 0" ||
      bad "--metrics: exit $rc" ;;
  *) bad "--metrics: no metrics served: $(printf '%s' "$got" | head -3) $(tail -1 "$W/metrics.err")" ;;
esac

echo "live: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
