#!/usr/bin/env bash
# Record sample-pcaps/basic.*: a handful of ordinary connections to nginx, recorded at the
# same time by two tcpdumps in the server namespace (Ethernet on the veth, and `-i any`,
# Linux SLL2), then converted with editcap to nanosecond pcap and pcapng.
# The four files carry the same TCP connections; basic.manifest.json describes them.
source "$(dirname "$0")/lib.sh"
need_all

W=$(mktemp -d /tmp/tlsi-basic.XXXXXX); chmod 755 "$W"
trap 'nginx_stop "$W"; netns_cleanup; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
echo "basic: recording" >&2

lab_single
make_cert "$W"
nginx_start tlsi-srv "$W" "    listen $SRV4:443 ssl;
    listen [$SRV6]:443 ssl;"

OUT=$PCAP_DIR
tcpdump_start tlsi-srv eth0 "$W/basic.pcap"
tcpdump_start tlsi-srv any "$W/basic-any.pcap"
plan_start "$W/plan.jsonl"
expect type=meta "description=Four ordinary connections to nginx (TLS 1.3, TLS 1.2, TLS 1.2 over IPv6, plain HTTP to port 443), recorded simultaneously as Ethernet pcap and as Linux SLL2 (-i any), converted to nanosecond pcap and pcapng." \
  generator=sample-pcaps/make/record-basic.sh

C=(ns tlsi-cli)
REQ=$'GET / HTTP/1.1\r\nHost: www.example.test\r\nConnection: close\r\n\r\n'

"${C[@]}" curl -sS -o /dev/null --tlsv1.3 -k --resolve "$SNI:443:$SRV4" "https://$SNI/"
expect label=curl13 client=$CLI4 server=$SRV4 server_port=443 "tool=$CURL --tlsv1.3 -k" sni=$SNI \
  outcome=established max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 \
  fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=curl with OpenSSL 3, full TLS 1.3 handshake, one HTTP request"
gap

printf '%s' "$REQ" | "${C[@]}" openssl s_client -quiet -ign_eof -tls1_2 -connect "$SRV4:443" -servername "$SNI" >/dev/null 2>&1
expect label=ossl12 client=$CLI4 server=$SRV4 server_port=443 "tool=$OPENSSL -tls1_2" sni=$SNI \
  outcome=established max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 \
  fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=openssl s_client limited to TLS 1.2; the server's preferred suite (ssl_prefer_server_ciphers on) is chosen"
gap

"${C[@]}" curl -sS -o /dev/null --tls-max 1.2 -k --resolve "$SNI:443:[$SRV6]" "https://$SNI/"
expect label=curl12v6 client=$CLI6 server=$SRV6 server_port=443 "tool=$CURL --tls-max 1.2 -k (IPv6)" sni=$SNI \
  outcome=established max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 \
  fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=the same server over IPv6"
gap

"${C[@]}" curl -sS -o /dev/null --resolve "$SNI:443:$SRV4" "http://$SNI:443/"
expect label=plain client=$CLI4 server=$SRV4 server_port=443 "tool=$CURL http://www.example.test:443/" \
  outcome=not_tls "note=plain HTTP request to the TLS port; nginx answers with an HTTP 400 page in clear text"

tcpdump_stop_all
tcpdump_report "$W/basic.pcap"
tcpdump_report "$W/basic-any.pcap"
lt=$(capinfos -E -T "$W/basic-any.pcap" 2>/dev/null | awk -F'\t' 'NR==2{print $2}')
echo "  basic-any.pcap link type: $lt" >&2

cp "$W/basic.pcap" "$W/basic-any.pcap" "$OUT/"
editcap -F nsecpcap "$OUT/basic.pcap" "$OUT/basic-ns.pcap"
editcap -F pcapng "$OUT/basic.pcap" "$OUT/basic.pcapng"
manifest_build "$OUT/basic.manifest.json" "$OUT/basic.pcap"
# the other three files must show the same connections: check each against the same plan
for f in basic-ns.pcap basic.pcapng basic-any.pcap; do
  manifest_build "$W/check.json" "$OUT/$f" 2>/dev/null || die "$f disagrees with basic.manifest.json"
done
# same TCP packets and payload bytes per connection and direction in all four files
for f in basic.pcap basic-ns.pcap basic.pcapng basic-any.pcap; do
  tshark -r "$OUT/$f" -Y tcp -T fields -e tcp.stream -e tcp.srcport -e tcp.len 2>/dev/null |
    awk '{k=$1" "$2; n[k]++; b[k]+=$3} END {for (k in n) print k, n[k], b[k]}' | sort > "$W/$f.flows"
  cmp -s "$W/basic.pcap.flows" "$W/$f.flows" || die "$f: TCP packets or bytes differ from basic.pcap"
done
echo "  all four files: $(wc -l < "$W/basic.pcap.flows") flow directions, same packets and bytes" >&2
python3 - "$OUT/basic.manifest.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
d["files"] = ["basic.pcap", "basic-ns.pcap", "basic.pcapng", "basic-any.pcap"]
d["merge"] = False     # each file holds all four connections
json.dump(d, open(p, "w"), indent=2); open(p, "a").write("\n")
PY
grep -E '\[(crit|error|alert|info)\]' "$W/logs/error.log" | sed 's/^/  nginx: /' >&2 || true
status_set "basic: ready"
echo "basic: done" >&2
