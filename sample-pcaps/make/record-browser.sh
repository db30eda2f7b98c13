#!/usr/bin/env bash
# Record sample-pcaps/browser.pcap: headless Chromium (Debian's) loading a page from nginx.
# Chromium's ClientHello carries GREASE and an X25519MLKEM768 key share (about 1,900 bytes), and
# with GRO/TSO off on the veth pair (MTU 1500) it crosses two TCP segments: real traffic for
# handshake reassembly. Chromium decides how many connections it opens; every one must be an
# established TLS 1.3 handshake whose JA4 is FoxIO's published Chromium value (below).
source "$(dirname "$0")/lib.sh"
need_all
need chromium chromium
need ethtool ethtool

# FoxIO-LLC/ja4, python/test/testdata/sigalg-grease.pcapng.json: the JA4 of Chromium's
# TLS 1.3 hello with 17 extensions (GREASE removed, ALPN h2).
CHROMIUM_JA4=t13d1517h2_8daaf6152771_cb7bf5808d99

W=$(mktemp -d /tmp/tlsi-browser.XXXXXX); chmod 755 "$W"
trap 'nginx_stop "$W"; netns_cleanup; rm -rf "$W"' EXIT
echo "browser: recording" >&2

lab_single
for n in tlsi-srv tlsi-cli; do ns "$n" ethtool -K eth0 gro off gso off tso off >/dev/null 2>&1 || true; done
make_cert "$W"
nginx_start tlsi-srv "$W" "    listen $SRV4:443 ssl;"

tcpdump_start tlsi-srv eth0 "$W/browser.pcap"
CHROMIUM="Chromium $(chromium --version 2>/dev/null | awk '{print $2}') headless"
ns tlsi-cli timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$W/profile" \
  --ignore-certificate-errors --host-resolver-rules="MAP $SNI $SRV4" \
  --dump-dom "https://$SNI/" > "$W/dom.html" 2>/dev/null
grep -q "hello from tlsi-srv" "$W/dom.html" || die "Chromium did not load the page"
tcpdump_stop_all
tcpdump_report "$W/browser.pcap"

# The point of this capture: at least one ClientHello must span two TCP segments.
split=$(tshark -r "$W/browser.pcap" -Y 'tls.handshake.type == 1 && tcp.segments' -T fields -e tcp.stream 2>/dev/null | wc -l)
[ "$split" -ge 1 ] || die "no ClientHello crossed a segment boundary (GRO still on?)"

plan_start "$W/plan.jsonl"
expect type=meta "description=Headless Chromium loading one page from nginx: GREASE, an X25519MLKEM768 key share, a ClientHello that spans two TCP segments; every connection established with TLS 1.3." \
  generator=sample-pcaps/make/record-browser.sh
n=$(tshark -r "$W/browser.pcap" -q -z conv,tcp 2>/dev/null | grep -c '<->')
for i in $(seq "$n"); do
  expect client=$CLI4 server=$SRV4 server_port=443 "tool=$CHROMIUM" sni=$SNI outcome=established \
    max_version=TLSv1.3 version=TLSv1.3 fallback_scsv=false hello_retry=false ja4=$CHROMIUM_JA4 \
    "note=a connection Chromium opened for the page (it chooses how many); ja4 from FoxIO's test data"
done
cp "$W/browser.pcap" "$PCAP_DIR/"
manifest_build "$PCAP_DIR/browser.manifest.json" "$PCAP_DIR/browser.pcap"
status_set "browser: ready"
