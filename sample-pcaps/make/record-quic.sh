#!/usr/bin/env bash
# Record sample-pcaps/quic/ (issue 11), each capture with a manifest checked against tshark
# (which decrypts QUIC Initial packets itself, RFC 9001 §5.2):
#   ngtcp2.pcap       Debian's ngtcp2 0.12 examples (GnuTLS): gtlsclient -> gtlsserver, QUIC v1:
#                     a handshake and HTTP/3 request; a handshake the server refuses (no shared
#                     cipher: CONNECTION_CLOSE 0x128, TLS alert handshake_failure); a server that
#                     never answers; a port where nothing listens (ICMP port unreachable)
#   chromium.pcap     headless Chromium with QUIC forced to gtlsserver (HTTP/3)
#   chromium-v2.pcap  Chromium offering only QUIC v2 (RFC 9369); gtlsserver answers Version
#                     Negotiation (v1)
#   h3-fallback.pcap  Chromium learns h3 from nginx's Alt-Svc over TCP; in its next run the
#                     HTTP/3 attempt meets a closed UDP port and it falls back to TCP, same name
# ngtcp2 0.12.1's own QUIC v2 is the draft version 0x709a50c4 ("v2draft"), not RFC 9369's
# 0x6b3343cf; tshark 4.0 reads 0x709a50c4 with draft-01 packet types and cannot decrypt it, so
# that exchange is not recorded (see README).
source "$(dirname "$0")/lib.sh"
need_all
need_many gtlsserver:ngtcp2-server gtlsclient:ngtcp2-client chromium:chromium ethtool:ethtool

W=$(mktemp -d /tmp/t11-quic.XXXXXX); chmod 755 "$W"
OUT=$PCAP_DIR/quic
mkdir -p "$OUT"
trap 'nginx_stop "$W/nginx"; netns_cleanup; netns_etc_cleanup; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
lab_beyond443 t11
# gtlsclient sends "localhost" as SNI when given an address (and --sni does not change that):
# give every target a name
printf '%s refuse.example.test\n%s silent.example.test\n%s closed.example.test\n' "$B4_NOTLS" "$B4_SILENT" "$B4_NOTHING" >> "/etc/netns/$B4_C/hosts"
S=(ns "$B4_S")
C=(ns "$B4_C")
# one UDP datagram per QUIC packet burst in the capture: no GSO/GRO on the veth pair
for n in "$B4_S" "$B4_C"; do ns "$n" ethtool -K eth0 tx-udp-segmentation off gso off gro off tso off >/dev/null 2>&1 || true; done
make_cert "$W"
mkdir -p "$W/htdocs"; echo "hello over HTTP/3" > "$W/htdocs/index.html"; chmod -R a+rX "$W/htdocs"
NGTCP2="gtlsclient (ngtcp2 $(dpkg-query -W -f='${Version}' ngtcp2-client | sed 's/+.*//'), GnuTLS)"
CHROMIUM="Chromium $(chromium --version 2>/dev/null | awk '{print $2}') headless"
SPKI=$(openssl x509 -in "$W/server.crt" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)

run_bg() { local n=$1; shift; "${S[@]}" "$@" > "$W/$n.out" 2>&1 & BG_PIDS+=($!); }
capture_start() {
  echo "quic: $1.pcap" >&2
  plan_start "$W/$1.jsonl"
  tcpdump_start "$B4_S" eth0 "$W/$1.pcap"
}
capture_end() {
  local n=$1
  tcpdump_stop_all
  tcpdump_report "$W/$n.pcap"
  cp "$W/$n.pcap" "$OUT/$n.pcap"
  if [ -n "${B4_NO_MANIFEST:-}" ]; then cp "$W/$n.jsonl" "$OUT/$n.plan.jsonl"; return; fi
  manifest_build "$OUT/$n.manifest.json" "$OUT/$n.pcap"
}
meta() { expect type=meta "description=$1" generator=sample-pcaps/make/record-quic.sh "${@:2}"; }
# gtlsserver ADDR [--ciphers=...] : ngtcp2's HTTP/3 example server on ADDR:443/udp
SERVER_CIPHERS_CHACHA='NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305'
CLIENT_CIPHERS_AES='NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM'
run_bg gtls-ok gtlsserver -q --max-gso-dgrams=1 -d "$W/htdocs" "$B4_SRV" 443 "$W/server.key" "$W/server.crt"
run_bg gtls-chacha gtlsserver -q --max-gso-dgrams=1 --ciphers="$SERVER_CIPHERS_CHACHA" -d "$W/htdocs" "$B4_NOTLS" 443 "$W/server.key" "$W/server.crt"
# a UDP socket that never reads: datagrams vanish without an ICMP answer
run_bg silent python3 -c 'import socket,sys,time; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind((sys.argv[1],443)); print("ready",flush=True); time.sleep(3600)' "$B4_SILENT"
wait_udp "$B4_S" "$B4_SRV" 443; wait_udp "$B4_S" "$B4_NOTLS" 443; wait_udp "$B4_S" "$B4_SILENT" 443
gtls() {                 # gtls NAME ARGS... : one HTTP/3 GET of https://NAME/index.html
  local a=$1; shift
  rm -rf "$W/dl"; mkdir -p "$W/dl"
  "${C[@]}" timeout 20 gtlsclient -q --exit-on-all-streams-close --handshake-timeout=3s --timeout=3s --download="$W/dl" \
    "$@" "$a" 443 "https://$a/index.html" > "$W/last.out" 2>&1 || true
  # gtlsclient exits 0 whatever happened: the downloaded page tells
  grep -qs 'hello over HTTP/3' "$W/dl/index.html"
}

###########################################################################################
capture_start ngtcp2
meta "QUIC v1 with Debian's ngtcp2 examples (GnuTLS): an HTTP/3 request; a handshake refused by a server whose only cipher is ChaCha20 (CONNECTION_CLOSE, crypto error 0x128 = TLS alert handshake_failure); a server that never answers; a closed UDP port (ICMP port unreachable)."
b4_client_ip 10
gtls $SNI || { cat "$W/last.out" >&2; die "quic: gtlsclient failed"; }
expect client=$CLI server=$B4_SRV server_port=443 transport=quic quic_version=0x00000001 "tool=$NGTCP2" sni=$SNI \
  outcome=established version=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256 alert=null alert_from=null ja4=auto \
  "note=Initial (ClientHello in CRYPTO frames), server Initial+Handshake, 1-RTT both ways, GET /index.html over HTTP/3"
gap
b4_client_ip 11
gtls refuse.example.test --ciphers="$CLIENT_CIPHERS_AES" && die "quic: the ChaCha-only server accepted AES-128-GCM"
expect client=$CLI server=$B4_NOTLS server_port=443 transport=quic quic_version=0x00000001 "tool=$NGTCP2 --ciphers=...+AES-128-GCM" sni=refuse.example.test \
  outcome=server_alert alert=handshake_failure alert_from=server quic_close_error=0x128 ja4=auto \
  "note=the server (--ciphers ...:+CHACHA20-POLY1305 only) closes in its Initial: CONNECTION_CLOSE with crypto error 0x100+40"
gap
b4_client_ip 12
gtls silent.example.test && die "quic: the silent server answered"
expect client=$CLI server=$B4_SILENT server_port=443 transport=quic quic_version=0x00000001 "tool=$NGTCP2" sni=silent.example.test \
  outcome=no_server_response ja4=auto \
  "note=a UDP socket that never reads: the client repeats its Initial until its 3 s handshake timeout"
gap
b4_client_ip 13
gtls closed.example.test && die "quic: something answered on the closed port"
expect client=$CLI server=$B4_NOTHING server_port=443 transport=quic quic_version=0x00000001 "tool=$NGTCP2" sni=closed.example.test \
  outcome=refused ja4=auto \
  "note=nothing listens: the kernel answers each Initial with ICMP port unreachable (in the capture)"
capture_end ngtcp2

###########################################################################################
capture_start chromium
meta "Headless Chromium with QUIC forced to ngtcp2's gtlsserver (--origin-to-force-quic-on, --ignore-certificate-errors-spki-list): an HTTP/3 page load; the ClientHello (X25519MLKEM768 key share) spans two Initial packets."
b4_client_ip 14
"${C[@]}" timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$W/profile-forced" --enable-quic \
  --origin-to-force-quic-on=$SNI:443 --host-resolver-rules="MAP $SNI $B4_SRV" --ignore-certificate-errors-spki-list="$SPKI" \
  --dump-dom "https://$SNI/index.html" > "$W/dom.html" 2>/dev/null || true
grep -q 'hello over HTTP/3' "$W/dom.html" || die "quic: Chromium did not load the page over QUIC"
expect client=$CLI server=$B4_SRV server_port=443 transport=quic quic_version=0x00000001 "tool=$CHROMIUM --origin-to-force-quic-on" sni=$SNI \
  outcome=established version=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256 alert=null alert_from=null ja4=auto \
  "note=Chromium's QUIC hello: GREASE, X25519MLKEM768, quic_transport_parameters; CRYPTO frames across two Initial packets"
capture_end chromium

###########################################################################################
# QUIC v2 (RFC 9369, 0x6b3343cf): Chromium speaks it when told to; ngtcp2 0.12 does not, so it
# answers with Version Negotiation (v1 and a reserved version) and Chromium, which was allowed no
# other version, gives up (it tries twice). tshark 4.0 decrypts the v2 Initials (v2 salt).
capture_start chromium-v2
meta "QUIC v2 (RFC 9369): headless Chromium with --quic-version=RFCv2 forced to ngtcp2's gtlsserver, which supports only v1 and answers with Version Negotiation; Chromium gives up (net::ERR_QUIC_PROTOCOL_ERROR). The v2 Initial packets carry a complete ClientHello."
b4_client_ip 16
"${C[@]}" timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$W/profile-v2" --enable-quic --quic-version=RFCv2 \
  --origin-to-force-quic-on=$SNI:443 --host-resolver-rules="MAP $SNI $B4_SRV" --ignore-certificate-errors-spki-list="$SPKI" \
  --dump-dom "https://$SNI/index.html" > "$W/dom-v2.html" 2>"$W/chromium-v2.err" || true
grep -q 'ERR_QUIC_PROTOCOL_ERROR' "$W/chromium-v2.err" || die "quic: Chromium with RFCv2 did not fail as expected"
tcpdump_stop_all
tcpdump_report "$W/chromium-v2.pcap"
# Chromium decides how often it tries (twice here): one manifest entry per QUIC connection tshark sees
n=$(tshark -r "$W/chromium-v2.pcap" -Y 'quic.long.packet_type_v2 == 1 && udp.srcport != 443' -T fields -e quic.dcid 2>/dev/null | sort -u | grep -c . || true)
[ "$n" -ge 1 ] || die "quic: no QUIC v2 Initial from Chromium"
for i in $(seq "$n"); do
  expect client=$CLI server=$B4_SRV server_port=443 transport=quic quic_version=0x6b3343cf "tool=$CHROMIUM --quic-version=RFCv2" sni=$SNI \
    outcome=version_negotiation quic_vn_versions=0x00000001 alert=null alert_from=null ja4=auto \
    "note=a QUIC v2 Initial (v2 salt and packet types); ngtcp2 answers Version Negotiation listing v1 (and a reserved version, left out here)"
done
cp "$W/chromium-v2.pcap" "$OUT/chromium-v2.pcap"
if [ -n "${B4_NO_MANIFEST:-}" ]; then cp "$W/chromium-v2.jsonl" "$OUT/chromium-v2.plan.jsonl"; else
  manifest_build "$OUT/chromium-v2.manifest.json" "$OUT/chromium-v2.pcap"; fi

###########################################################################################
# nginx (TCP only) on 203.0.113.5:443 announces h3 on the same port; nothing listens on UDP there
mkdir -p "$W/nginx"; cp "$W/server.crt" "$W/server.key" "$W/nginx/"
nginx_start "$B4_S" "$W/nginx" "    listen $B4_NOTHING:443 ssl;
    add_header Alt-Svc 'h3=\":443\"; ma=86400' always;"
FALLBACK=fallback.example.test
capture_start h3-fallback
meta "HTTP/3 fallback: Chromium loads a page from nginx over TCP and keeps its Alt-Svc (h3 on 443); in its next run (same profile) its HTTP/3 attempt meets a closed UDP port (ICMP port unreachable) and it loads the page over TCP from the same name." 
b4_client_ip 15
for run in 1 2; do
  "${C[@]}" timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$W/profile-fallback" --enable-quic \
    --host-resolver-rules="MAP $FALLBACK $B4_NOTHING" --ignore-certificate-errors-spki-list="$SPKI" \
    --dump-dom "https://$FALLBACK/" > "$W/dom$run.html" 2>/dev/null || true
  grep -q 'hello from' "$W/dom$run.html" || die "quic: Chromium run $run did not load the page"
  sleep 1
done
tcpdump_stop_all
tcpdump_report "$W/h3-fallback.pcap"
# Chromium decides how many TCP connections a page load opens (one or two) and how often it
# tries HTTP/3 (one to three Initials with new connection IDs): list the connections in
# first-packet order from the capture (TCP SYNs, first Initial of each client connection ID)
first_udp=$(tshark -r "$W/h3-fallback.pcap" -Y udp -T fields -e frame.number 2>/dev/null | head -1)
[ -n "$first_udp" ] || die "quic: Chromium made no HTTP/3 attempt in its second run"
{
  tshark -r "$W/h3-fallback.pcap" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' -T fields -e frame.number 2>/dev/null | sed 's/$/ tcp/'
  tshark -r "$W/h3-fallback.pcap" -Y 'quic.long.packet_type == 0 && udp.dstport == 443' -T fields -e frame.number -e quic.dcid 2>/dev/null \
    | awk '!seen[$2]++ {print $1, "quic"}'
} | sort -n > "$W/h3-order.txt"
quic_labels= tcp_after=
k=0
while read -r frame kind; do
  k=$((k + 1))
  if [ "$kind" = quic ]; then
    expect label=c$k client=$CLI server=$B4_NOTHING server_port=443 transport=quic quic_version=0x00000001 "tool=$CHROMIUM" \
      outcome=refused "note=second run: an HTTP/3 attempt Alt-Svc asked for. Chromium's ClientHello needs two Initial packets; the ICMP port unreachable after the first ends the attempt, so the hello is never complete (no SNI, no JA4 that tshark can show)"
    [ -n "$tcp_after" ] || quic_labels+=c$k,   # the attempts before the TCP fallback began
  elif [ "$frame" -lt "$first_udp" ]; then
    expect label=c$k client=$CLI server=$B4_NOTHING server_port=443 transport=tcp preamble=null "tool=$CHROMIUM" sni=$FALLBACK \
      outcome=established version=TLSv1.3 ja4=auto "note=first run: TLS over TCP; nginx answers with Alt-Svc: h3=\":443\""
  else
    expect label=c$k client=$CLI server=$B4_NOTHING server_port=443 transport=tcp preamble=null "tool=$CHROMIUM" sni=$FALLBACK \
      outcome=established version=TLSv1.3 ja4=auto "note=second run: the same name over TCP after the failed HTTP/3 attempt"
    [ -n "$tcp_after" ] || tcp_after=c$k
  fi
done < "$W/h3-order.txt"
[ -n "$quic_labels" ] && [ -n "$tcp_after" ] || die "quic: no HTTP/3 attempt followed by TCP in the second run"
expect type=finding kind=h3_fallback connections=$quic_labels$tcp_after "note=failed QUIC attempts followed by TCP from the same program to the same name"
cp "$W/h3-fallback.pcap" "$OUT/h3-fallback.pcap"
if [ -n "${B4_NO_MANIFEST:-}" ]; then cp "$W/h3-fallback.jsonl" "$OUT/h3-fallback.plan.jsonl"; else
  manifest_build "$OUT/h3-fallback.manifest.json" "$OUT/h3-fallback.pcap"; fi
status_set "quic: ready"
