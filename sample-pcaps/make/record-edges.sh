#!/usr/bin/env bash
# Record sample-pcaps/edges/big-hello.pcap: real ClientHellos far larger than the usual 200-2,000
# bytes, sent by openssl s_client to nginx (issue 13, point 7: the cap on a hello is 64 KiB of
# handshake message, whatever the record split):
#   - TLS 1.3 with an external PSK whose identity is 60,000 bytes (RFC 8446 §4.2.11: identity<1..2^16-1>).
#     nginx has no PSK configured, so it ignores the identity and completes a full handshake.
#   - TLS 1.2 offering 5,500 ALPN protocols ending with http/1.1 (RFC 7301 §3.1: a list of up to
#     2^16-1 bytes); nginx picks http/1.1.
# OpenSSL cuts each hello into 16 KiB records; with GSO/TSO/GRO off (MTU 1500) every record crosses
# many TCP segments. tshark reassembles them; manifest.py checks each hello's length against it.
#
# Namespaces are named ${NS_PREFIX}edge-srv and ${NS_PREFIX}edge-cli (NS_PREFIX defaults to tlsi-).
source "$(dirname "$0")/lib.sh"
need_all
need ethtool ethtool

P=${NS_PREFIX:-tlsi-}
SRVNS=${P}edge-srv CLINS=${P}edge-cli
W=$(mktemp -d /tmp/tlsi-edges.XXXXXX); chmod 755 "$W"
trap 'nginx_stop "$W"; netns_cleanup; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
echo "edges: recording" >&2

ns_add "$SRVNS"
ns_add "$CLINS"
veth_pair "$SRVNS" eth0 "$CLINS" eth0
addr "$SRVNS" eth0 203.0.113.1/24
addr "$CLINS" eth0 198.51.100.41/24 198.51.100.42/24
ns "$SRVNS" ip route add 198.51.100.0/24 dev eth0
ns "$CLINS" ip route add 203.0.113.0/24 dev eth0 src 198.51.100.41
static_neigh "$CLINS" eth0 "$SRVNS" eth0 203.0.113.1
static_neigh "$SRVNS" eth0 "$CLINS" eth0 198.51.100.41 198.51.100.42
for n in "$SRVNS" "$CLINS"; do ns "$n" ethtool -K eth0 gro off gso off tso off >/dev/null 2>&1 || true; done
SRV=203.0.113.1

make_cert "$W"
nginx_start "$SRVNS" "$W" "    listen $SRV:443 ssl;"
mkdir -p "$PCAP_DIR/edges"
tcpdump_start "$SRVNS" eth0 "$W/big-hello.pcap"
plan_start "$W/plan.jsonl"
expect type=meta "description=Two real ClientHellos far beyond the usual size, from openssl s_client to nginx: TLS 1.3 with a 60,000-byte PSK identity, and TLS 1.2 offering 5,500 ALPN protocols; each spans four 16 KiB records and dozens of TCP segments." \
  generator=sample-pcaps/make/record-edges.sh

REQ=$'GET / HTTP/1.1\r\nHost: www.example.test\r\nConnection: close\r\n\r\n'
ossl() { printf '%s' "$REQ" | ns "$CLINS" openssl s_client -ign_eof "$@" >"$W/last.out" 2>&1 || true; }

IDENTITY=$(python3 -c 'print("tlsinspect-big-psk-identity-" + "x" * (60000 - 28), end="")')
ossl -connect "$SRV:443" -servername "$SNI" -tls1_3 -psk_identity "$IDENTITY" \
  -psk 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
grep -q 'hello from' "$W/last.out" || die "the PSK connection got no page: $(tail -3 "$W/last.out")"
expect label=bigpsk client=198.51.100.41 server=$SRV server_port=443 \
  "tool=$OPENSSL -tls1_3 -psk_identity <60,000 bytes> -psk <32 bytes>" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 fallback_scsv=false resumed=false \
  hello_retry=false sslv2_format=false client_hello_min_length=60000 \
  "note=TLS 1.3 ClientHello carrying a pre_shared_key extension with a 60,000-byte identity; nginx knows no PSK, ignores it and authenticates with its certificate, choosing by its own preference (ssl_prefer_server_ciphers on, OpenSSL's TLS 1.3 order: AES-256-GCM first)"
gap

ns "$CLINS" ip route replace 203.0.113.0/24 dev eth0 src 198.51.100.42
ALPN=$(python3 -c 'print(",".join("proto-%04d" % i for i in range(5500)) + ",http/1.1", end="")')
ossl -connect "$SRV:443" -servername "$SNI" -tls1_2 -alpn "$ALPN"
grep -q 'hello from' "$W/last.out" || die "the ALPN connection got no page: $(tail -3 "$W/last.out")"
grep -q 'ALPN protocol: http/1.1' "$W/last.out" || die "nginx did not pick http/1.1"
expect label=bigalpn client=198.51.100.42 server=$SRV server_port=443 \
  "tool=$OPENSSL -tls1_2 -alpn <5,500 protocols>,http/1.1" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 fallback_scsv=false \
  resumed=false hello_retry=false sslv2_format=false client_hello_min_length=55000 \
  "note=TLS 1.2 ClientHello offering 5,500 made-up ALPN protocols and http/1.1 last; nginx selects http/1.1"

tcpdump_stop_all
tcpdump_report "$W/big-hello.pcap"
cp "$W/big-hello.pcap" "$PCAP_DIR/edges/"
manifest_build "$PCAP_DIR/edges/big-hello.manifest.json" "$PCAP_DIR/edges/big-hello.pcap"
grep -E '\[(crit|error|alert)\]' "$W/logs/error.log" | sed 's/^/  nginx: /' >&2 || true
status_set "edges: ready"
echo "edges: done" >&2
