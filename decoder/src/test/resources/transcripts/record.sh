#!/usr/bin/env bash
# Regenerates the real-handshake transcripts used by the decoder's unit tests.
#
# Runs openssl s_server and s_client (Debian's OpenSSL 3.0) on 127.0.0.1, records the loopback with
# tcpdump, and turns every TCP connection into a transcript (*.txt: one line per segment, "C <hex>"
# client->server, "S <hex>" server->client, "FIN C", "RST S" ...) plus tshark's view of the same
# connection (*.tshark: the fields tshark 4.0 reports, our second opinion in the tests).
# Needs root (tcpdump on lo), openssl, tcpdump, tshark. Writes into this directory.
set -euo pipefail
cd "$(dirname "$0")"
PORT_BASE=${PORT_BASE:-24430}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 3650 \
  -subj "/CN=www.example.test/O=tlsinspect test" -addext "subjectAltName=DNS:www.example.test,DNS:example.test" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/other.key" \
  -out "$WORK/other.pem" -days 3650 -subj "/CN=other CA" 2>/dev/null

REQ='GET / HTTP/1.0\r\n\r\n'

# scenario NAME PORT "SERVER OPTS" "CLIENT OPTS" [raw]
scenario() {
  local name=$1 port=$2 sopts=$3 copts=$4 raw=${5:-}
  openssl s_server -accept "$port" -cert "$WORK/cert.pem" -key "$WORK/key.pem" -www $sopts \
    >"$WORK/$name.server.log" 2>&1 &
  local spid=$!
  sleep 0.5
  tcpdump -i lo -U -w "$WORK/$name.pcap" "tcp port $port" 2>/dev/null &
  local dpid=$!
  sleep 0.7
  if [ -n "$raw" ]; then
    # bash's /dev/tcp: no netcat needed
    ( exec 3<>"/dev/tcp/127.0.0.1/$port"; printf "$raw" >&3; timeout 2 cat <&3 >/dev/null || true ) 2>/dev/null || true
  else
    printf "$REQ" | timeout 5 openssl s_client -connect "127.0.0.1:$port" -ign_eof $copts \
      >"$WORK/$name.client.log" 2>&1 || true
  fi
  sleep 0.7
  kill "$dpid"; wait "$dpid" 2>/dev/null || true
  kill "$spid"; wait "$spid" 2>/dev/null || true
  transcript "$WORK/$name.pcap" "$name"
}

# transcript PCAP NAME: first TCP stream of PCAP -> NAME.txt and NAME.tshark
transcript() {
  local pcap=$1 name=$2
  tshark -r "$pcap" -Y "tcp.stream==0" -T fields -E separator=' ' \
    -e tcp.srcport -e tcp.dstport -e tcp.flags.syn -e tcp.flags.ack -e tcp.flags.fin -e tcp.flags.reset -e tcp.payload \
    2>/dev/null | python3 -c '
import sys
client = None
out = []
for line in sys.stdin:
    f = line.split()
    sport, dport, syn, ack, fin, rst = f[:6]
    payload = f[6] if len(f) > 6 else ""
    if client is None and syn in ("1", "True") and ack in ("0", "False"):
        client = sport
    d = "C" if sport == client else "S"
    if payload:
        out.append(d + " " + payload.replace(":", ""))
    if fin in ("1", "True"):
        out.append("FIN " + d)
    if rst in ("1", "True"):
        out.append("RST " + d)
print("\n".join(out))
' >"$name.txt"
  tshark -r "$pcap" -Y "tcp.stream==0 && tls" -T fields -E separator='|' -E occurrence=a -E aggregator=',' \
    -e tls.record.content_type -e tls.handshake.type -e tls.handshake.version \
    -e tls.handshake.extensions.supported_version -e tls.handshake.ciphersuite \
    -e tls.handshake.extensions_server_name -e tls.handshake.extensions_alpn_str \
    -e tls.handshake.ja3_full -e tls.handshake.ja3 -e tls.handshake.ja3s_full -e tls.handshake.ja3s \
    -e tls.alert_message.level -e tls.alert_message.desc 2>/dev/null \
    | sed '1i # tshark 4.0 fields per TLS packet: content_type|handshake_type|hs_version|supported_version|ciphersuite|sni|alpn|ja3_full|ja3|ja3s_full|ja3s|alert_level|alert_desc' \
    >"$name.tshark"
}

P=$PORT_BASE
scenario tls13-established $((P+0)) "" "-servername www.example.test -alpn h2,http/1.1"
scenario tls12-established $((P+1)) "" "-tls1_2 -servername www.example.test"
scenario tls12-fallback-scsv $((P+2)) "" "-tls1_2 -fallback_scsv -servername www.example.test"
scenario tls12-unknown-ca $((P+3)) "" "-tls1_2 -verify_return_error -CAfile $WORK/other.pem -servername www.example.test"
scenario tls13-unknown-ca $((P+4)) "" "-verify_return_error -CAfile $WORK/other.pem -servername www.example.test"
scenario tls12-no-shared-cipher $((P+5)) "-cipher ECDHE-RSA-AES128-GCM-SHA256" "-tls1_2 -cipher AES256-SHA"
scenario tls13-hello-retry $((P+6)) "-groups P-384" "-groups X25519:P-384 -servername www.example.test"
scenario plain-http $((P+7)) "" "" 'GET / HTTP/1.1\r\nHost: www.example.test\r\n\r\n'

# TLS 1.2 resumption by session ID: first connection saves the session, second offers it.
openssl s_server -accept $((P+8)) -cert "$WORK/cert.pem" -key "$WORK/key.pem" -www >/dev/null 2>&1 &
SPID=$!
sleep 0.5
printf "$REQ" | timeout 5 openssl s_client -connect 127.0.0.1:$((P+8)) -tls1_2 -no_ticket -ign_eof \
  -sess_out "$WORK/sess.pem" >/dev/null 2>&1 || true
tcpdump -i lo -U -w "$WORK/resume.pcap" "tcp port $((P+8))" 2>/dev/null &
DPID=$!
sleep 0.7
printf "$REQ" | timeout 5 openssl s_client -connect 127.0.0.1:$((P+8)) -tls1_2 -no_ticket -ign_eof \
  -sess_in "$WORK/sess.pem" >/dev/null 2>&1 || true
sleep 0.7
kill $DPID; wait $DPID 2>/dev/null || true
kill $SPID; wait $SPID 2>/dev/null || true
transcript "$WORK/resume.pcap" tls12-resumed
echo done
