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
# Each capture is stopped with SIGINT and must: exit 0; leave a JSON report; leave a --write file that
# tshark reads with exactly the report's stats.packets; give the same outcome per connection as
# `tlsinspect analyze` on that file and, for (a), on the original sample.
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
cleanup() {
  for p in $HOLD_PID $CAP_PID $SRV_PID; do kill "$p" 2>/dev/null; done
  [ -f "$W/nginx/nginx.pid" ] && kill "$(cat "$W/nginx/nginx.pid")" 2>/dev/null
  for p in $HOLD_PID $CAP_PID $SRV_PID; do wait "$p" 2>/dev/null; done
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

# arrays, not functions: a background function is a subshell, and $! must be the real process
CAP=(ip netns exec "$NS_CAP")
PEER=(ip netns exec "$NS_PEER")
peer() { "${PEER[@]}" "$@"; }

# ---- helpers --------------------------------------------------------------
# start_capture NAME : capture on the server's end, JSON report and pcap in $W/NAME.*
start_capture() {
  local name=$1
  # job control on, so the background JVM does not inherit an ignored SIGINT
  set -m
  "${CAP[@]}" java -jar "$JAR" capture -i "$IF_CAP" --format json --output "$W/$name.json" \
    --write "$W/$name.pcap" --report-every 1s >"$W/$name.out" 2>"$W/$name.err" &
  CAP_PID=$!
  set +m
  local i
  for i in $(seq 200); do
    grep -q 'capturing on' "$W/$name.err" 2>/dev/null && return 0
    kill -0 "$CAP_PID" 2>/dev/null || break
    sleep 0.1
  done
  bad "$name: capture did not start: $(grep -v SLF4J "$W/$name.err" | tail -1)"
  return 1
}

# stop_capture NAME : SIGINT mid-capture, then the checks every capture must pass
stop_capture() {
  local name=$1 rc
  # no pause before the signal: capture must still read what the kernel accepted before it
  kill -INT "$CAP_PID"
  wait "$CAP_PID"; rc=$?
  CAP_PID=
  grep -v '^SLF4J' "$W/$name.err" | sed "s/^/    [$name] /"
  [ "$rc" = 0 ] && ok "$name: SIGINT -> exit 0" || bad "$name: SIGINT -> exit $rc"
  if jq -e . "$W/$name.json" >/dev/null 2>&1; then ok "$name: final JSON report written"
  else bad "$name: no final JSON report"; return 1; fi
  local stated got
  stated=$(jq '.stats.packets' "$W/$name.json")
  if got=$(tshark -n -r "$W/$name.pcap" -T fields -e frame.number 2>"$W/$name.tshark" | wc -l) &&
     ! grep -qi 'cut short\|appears to be damaged' "$W/$name.tshark"; then
    [ "$got" = "$stated" ] && [ "$got" -gt 0 ] && ok "$name: tshark reads $got packets from --write, the report says $stated" ||
      bad "$name: tshark reads $got packets from --write, the report says $stated"
  else
    bad "$name: tshark cannot read the --write file: $(head -1 "$W/$name.tshark")"
  fi
  local kd
  kd=$(jq '.stats.kernel_drops' "$W/$name.json")
  [ "$kd" = 0 ] && ok "$name: kernel drops 0 (in the report's stats)" || bad "$name: kernel_drops=$kd"
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
sleep 0.3

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
  sleep 1
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
  sleep 0.3
  if start_capture nginx; then
    t=(timeout 10)
    peer "${t[@]}" curl -sk -o /dev/null "https://$SRV/"                                                  # established, TLS 1.3
    peer "${t[@]}" curl -sk -o /dev/null --tls-max 1.2 "https://$SRV/"                                    # established, TLS 1.2
    peer "${t[@]}" openssl s_client -tls1_1 -fallback_scsv -cipher DEFAULT:@SECLEVEL=0 -connect "$SRV:443" </dev/null >/dev/null 2>&1  # inappropriate_fallback
    sleep 0.5
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
  if peer tcpreplay --mbps "$MBPS" -i "$IF_PEER" "$f" >"$W/$name.tcpreplay" 2>&1; then
    sent=$(awk '/Successful packets:/{print $3}' "$W/$name.tcpreplay")
    failed=$(awk '/Failed packets:/{print $3}' "$W/$name.tcpreplay")
    [ "${failed:-1}" = 0 ] && ok "$name: tcpreplay sent all $sent packets at $MBPS Mbit/s" ||
      bad "$name: tcpreplay failed to send ${failed:-?} packets: $(grep -i 'error\|fail' "$W/$name.tcpreplay" | head -1)"
  else
    bad "$name: tcpreplay failed: $(tail -1 "$W/$name.tcpreplay")"
  fi
  stop_capture "$name"
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

# ---- (c) --count and --duration end the capture on their own --------------
f=${samples[0]:-}
if [ -n "$f" ]; then
  "${CAP[@]}" java -jar "$JAR" capture -i "$IF_CAP" --count 20 --duration 30s --format json \
    --output "$W/count.json" --write "$W/count.pcap" >/dev/null 2>"$W/count.err" &
  CAP_PID=$!
  for i in $(seq 200); do grep -q 'capturing on' "$W/count.err" && break; sleep 0.1; done
  peer tcpreplay --mbps "$MBPS" -i "$IF_PEER" "$f" >/dev/null 2>&1
  wait "$CAP_PID"; rc=$?; CAP_PID=
  got=$(tshark -n -r "$W/count.pcap" -T fields -e frame.number 2>/dev/null | wc -l)
  [ "$rc" = 0 ] && [ "$(jq '.stats.packets' "$W/count.json" 2>/dev/null)" = 20 ] && [ "$got" = 20 ] &&
    ok "--count 20: exit 0, report and --write file hold exactly 20 packets" ||
    bad "--count 20: exit $rc, report $(jq '.stats.packets' "$W/count.json" 2>/dev/null), pcap $got packets"
fi
start=$(date +%s%N)
"${CAP[@]}" java -jar "$JAR" capture -i "$IF_CAP" --duration 2s --format json --output "$W/duration.json" \
  >/dev/null 2>"$W/duration.err" &
CAP_PID=$!
wait "$CAP_PID"; rc=$?; CAP_PID=
ms=$((($(date +%s%N) - start) / 1000000))
[ "$rc" = 0 ] && jq -e '.stats.packets == 0' "$W/duration.json" >/dev/null 2>&1 && [ "$ms" -lt 10000 ] &&
  ok "--duration 2s on a quiet link: exit 0 after ${ms} ms with an empty report" ||
  bad "--duration 2s on a quiet link: exit $rc after ${ms} ms: $(grep -v SLF4J "$W/duration.err" | tail -1)"

# --rotate: a report per slice, connections forgotten after each (bounded memory on long runs).
"${CAP[@]}" java -jar "$JAR" capture -i "$IF_CAP" --duration 3500ms --rotate 1s --format json \
  --output "$W/rot.json" >/dev/null 2>"$W/rot.err" &
CAP_PID=$!
wait "$CAP_PID"; rc=$?; CAP_PID=
slices=$(ls "$W"/rot-*.json 2>/dev/null | wc -l)
valid=0; for f in "$W"/rot-*.json; do jq -e '.connections and .stats' "$f" >/dev/null 2>&1 && valid=$((valid + 1)); done
[ "$rc" = 0 ] && [ "$slices" -ge 3 ] && [ "$valid" = "$slices" ] &&
  ok "--rotate 1s for 3.5s: exit 0, $slices slice reports, each a valid report" ||
  bad "--rotate 1s: exit $rc, $slices slices, $valid valid: $(tail -1 "$W/rot.err")"

# --metrics: the Prometheus endpoint answers while capturing.
"${CAP[@]}" java -jar "$JAR" capture -i "$IF_CAP" --duration 4s --metrics 127.0.0.1:9469 --format json \
  --output "$W/metrics.json" >/dev/null 2>"$W/metrics.err" &
CAP_PID=$!
got=""
for _ in 1 2 3 4 5 6; do
  sleep 0.5
  got=$("${CAP[@]}" curl -s --max-time 2 http://127.0.0.1:9469/metrics || true)
  case "$got" in *tlsinspect_packets_total*) break ;; esac
done
wait "$CAP_PID"; rc=$?; CAP_PID=
case "$got" in
  *'# TYPE tlsinspect_handshakes_total counter'*'tlsinspect_handshakes_total{outcome="established"}'*)
    [ "$rc" = 0 ] && ok "--metrics: /metrics served Prometheus text while capturing; exit 0" ||
      bad "--metrics: exit $rc" ;;
  *) bad "--metrics: no metrics served: $(printf '%s' "$got" | head -3) $(tail -1 "$W/metrics.err")" ;;
esac

echo "live: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
