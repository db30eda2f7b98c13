#!/usr/bin/env bash
# Record sample-pcaps/browsers/*.pcap (issue 8): real Firefox ESR and Chromium (Debian's, headless,
# fresh profiles, driven by puppeteer-core to read their own error codes) and the CLI clients
# (curl, openssl s_client twice, gnutls-cli, Python's ssl, Java's JSSE) against Debian's nginx
# with ordinary misconfigurations, one capture per scenario, each with a manifest written from
# what the clients were told to do, what they reported and what nginx logged, checked against
# tshark by manifest.py. Then browsers/families.json: the JA4 of every client program measured.
#
#   sudo sample-pcaps/make/record-browsers.sh [SCENARIO...]     (default: all of them)
#
# Scenarios (capture, server address):
#   healthy       .21  TLS 1.2+1.3, a certificate from a test CA every client trusts
#   selfsigned13  .22  self-signed certificate, TLS 1.2+1.3
#   selfsigned12  .23  self-signed certificate, TLS 1.2 only
#   tls10-11      .24  ssl_protocols TLSv1 TLSv1.1
#   nocipher      .25  ssl_ciphers shares nothing with any client (Camellia only)
#   nocipher-some .26  ssl_ciphers DHE only: the browsers fail, the OpenSSL/GnuTLS/JSSE clients don't
#   mismatch      .27  SNI other.example against a certificate for www/img.example.test
#   expired       .28  a certificate whose not_after is in the past (2025-04-01)
#   firewall      .29  a firewall (iptables, namespace t8-fw) resets ClientHellos naming
#                      img.example.test and refuses SYNs from 198.51.100.128/25
#   silent        .30  a server that accepts TCP and never answers
#   alternating   .29 .30 .31  Firefox, Chromium and curl take turns on one client address against
#                      three failing servers, in both orders, within 30 s: nobody falls back
#
# Lab: t8-cli (clients 198.51.100.10-60 and .130-.140) -- veth -- t8-fw (router, firewall)
# -- veth -- t8-srv (203.0.113.21-31). Captures are taken on the server's veth (tcpdump in
# t8-srv), except for scenarios with the firewall: there on the firewall's client side, because
# the firewall's resets never reach the server. Each client program runs alone, from its own
# address unless the scenario says otherwise; no default route, so browsers' background
# connections go nowhere, and the capture filter keeps only the scenario's server.
source "$(dirname "$0")/lib.sh"
need_all
need firefox-esr firefox-esr
need chromium chromium
need certutil libnss3-tools
need iptables iptables
need ethtool ethtool
need node nodejs
need jq jq
[ -d "$MAKE_DIR/node_modules/puppeteer-core" ] || die "needs puppeteer-core: (cd sample-pcaps/make && npm ci)"

OUT=$PCAP_DIR/browsers
mkdir -p "$OUT"
W=$(mktemp -d /tmp/t8-browsers.XXXXXX); chmod 755 "$W"
NGINX_DIRS=()
cleanup() {
  local d
  for d in "${NGINX_DIRS[@]:-}"; do [ -n "$d" ] && nginx_stop "$d"; done
  netns_cleanup
  rm -rf /etc/netns/t8-cli
  [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for n in t8-cli t8-fw t8-srv; do
  ip netns list | grep -q "^$n\b" && die "namespace $n exists: is another recording running? (ip netns del $n if not)"
done

CA=$W/pki/ca.crt
REQ_PATH=/
MOZ='ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305'

# ---- the programs, as the manifests name them ------------------------------------------------
PPTR=$(node -p "require('$MAKE_DIR/node_modules/puppeteer-core/package.json').version")
FF_V=$(firefox-esr --version 2>/dev/null | awk '{print $3}')           # 153.8.0esr
CH_V=$(chromium --version 2>/dev/null | awk '{print $2}')              # 156.0.8078.114
OSSL_V=$(openssl version | awk '{print $2}')                           # 3.0.19
OSSL_MM=$(echo "$OSSL_V" | cut -d. -f1,2)
CURL_V=$(curl --version | awk 'NR==1{print $2}')
GNUTLS_V=$(gnutls-cli --version 2>/dev/null | awk 'NR==1{print $2}')
PY=/usr/bin/python3                                                     # Debian's, not a pyenv one
PY_V=$($PY -c 'import platform; print(platform.python_version())')
PY_OSSL=$($PY -c 'import ssl; print(ssl.OPENSSL_VERSION.split()[1])')
JAVA_V=$(java -version 2>&1 | awk -F'"' 'NR==1{print $2}')
declare -A TOOL FAMILY
TOOL[ff]="Firefox ESR $FF_V headless (fresh profile, puppeteer-core $PPTR over WebDriver BiDi)"
FAMILY[ff]="Firefox ESR ${FF_V%%.*}"
TOOL[ff-plain]="Firefox ESR $FF_V headless (fresh profile, firefox-esr --screenshot, no driver)"
FAMILY[ff-plain]=${FAMILY[ff]}
TOOL[ch]="Chromium $CH_V headless (fresh profile, puppeteer-core $PPTR over CDP)"
FAMILY[ch]="Chromium ${CH_V%%.*}"
TOOL[ch-plain]="Chromium $CH_V headless (fresh profile, chromium --dump-dom, no driver)"
FAMILY[ch-plain]=${FAMILY[ch]}
TOOL[curl]="curl $CURL_V (--cacert ca.crt)"
FAMILY[curl]="curl $(echo "$CURL_V" | cut -d. -f1,2) / OpenSSL $OSSL_MM"
TOOL[ossl]="openssl s_client $OSSL_V (-CAfile ca.crt -verify_return_error -verify_hostname)"
FAMILY[ossl]="openssl s_client $OSSL_MM"
TOOL[ossl12]="openssl s_client $OSSL_V (-tls1_2 -CAfile ca.crt -verify_return_error -verify_hostname)"
FAMILY[ossl12]="openssl s_client $OSSL_MM (-tls1_2)"
TOOL[gnutls]="gnutls-cli $GNUTLS_V (--x509cafile ca.crt)"
FAMILY[gnutls]="gnutls-cli $(echo "$GNUTLS_V" | cut -d. -f1,2)"
TOOL[py]="Python $PY_V ssl.create_default_context(cafile=ca.crt) (OpenSSL $PY_OSSL)"
FAMILY[py]="Python $(echo "$PY_V" | cut -d. -f1,2) ssl / OpenSSL $(echo "$PY_OSSL" | cut -d. -f1,2)"
TOOL[java]="Java $JAVA_V SSLSocket (TlsClient.java --cafile ca.crt)"
FAMILY[java]="Java ${JAVA_V%%.*} JSSE"

# ---- lab -------------------------------------------------------------------------------------
SRV_ADDRS=$(seq -f '203.0.113.%g' 21 31)
CLI_ADDRS="$(seq -f '198.51.100.%g' 10 60) $(seq -f '198.51.100.%g' 130 140)"
lab() {
  ns_add t8-cli; ns_add t8-fw; ns_add t8-srv
  veth_pair t8-cli eth0 t8-fw out
  veth_pair t8-fw in t8-srv eth0
  addr t8-cli eth0 $(for a in $CLI_ADDRS; do echo "$a/24"; done)
  addr t8-fw out 198.51.100.1/24
  addr t8-fw in 203.0.113.254/24
  addr t8-srv eth0 $(for a in $SRV_ADDRS; do echo "$a/24"; done)
  ns t8-cli ip route add 203.0.113.0/24 via 198.51.100.1 src 198.51.100.10
  ns t8-srv ip route add 198.51.100.0/24 via 203.0.113.254
  ns t8-fw sysctl -qw net.ipv4.ip_forward=1
  # no ARP in the captures; segments as on a wire (MTU 1500, no offloads merging them)
  static_neigh t8-cli eth0 t8-fw out 198.51.100.1
  static_neigh t8-fw out t8-cli eth0 $CLI_ADDRS
  static_neigh t8-fw in t8-srv eth0 $SRV_ADDRS
  static_neigh t8-srv eth0 t8-fw in 203.0.113.254
  local n i
  for n in t8-cli:eth0 t8-fw:out t8-fw:in t8-srv:eth0; do
    ns "${n%%:*}" ethtool -K "${n#*:}" gro off gso off tso off >/dev/null 2>&1 || true
  done
  mkdir -p /etc/netns/t8-cli
}
# names resolve through /etc/netns/t8-cli/hosts (ip netns exec bind-mounts it on /etc/hosts)
hosts() { echo "$1 www.example.test img.example.test other.example" > /etc/netns/t8-cli/hosts; }
use_ip() { ns t8-cli ip route replace 203.0.113.0/24 via 198.51.100.1 src "$1"; }

# ---- certificates: a test CA the clients trust, and the scenarios' server certificates -------
pki() {
  local d=$W/pki
  mkdir -p "$d/db"; touch "$d/db/index.txt"; echo 1000 > "$d/db/serial"
  cat > "$d/ca.cnf" <<'EOF'
[ca]
default_ca = test
[test]
dir = .
database = ./db/index.txt
serial = ./db/serial
new_certs_dir = ./db
default_md = sha256
policy = anything
copy_extensions = copy
unique_subject = no
[anything]
countryName = optional
organizationName = optional
commonName = supplied
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
  local san="subjectAltName=DNS:www.example.test,DNS:img.example.test"
  ( cd "$d"
    openssl req -new -newkey rsa:2048 -nodes -keyout ca.key -out ca.csr -subj "/C=ZZ/O=tlsinspect sample/CN=tlsinspect test CA" 2>/dev/null
    # the CA itself is dated back, so that the expired certificate below lies within its validity
    openssl ca -batch -config ca.cnf -selfsign -keyfile ca.key -in ca.csr -out ca.crt -extensions v3_ca \
      -startdate 20240101000000Z -enddate 20360101000000Z -notext 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -keyout www.key -out www.csr -subj "/C=ZZ/O=tlsinspect sample/CN=www.example.test" -addext "$san" 2>/dev/null
    openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in www.csr -out www.crt -extensions leaf -days 825 -notext 2>/dev/null
    # expired: issued by the same CA with a validity that ended on 2025-04-01 (openssl ca
    # -startdate/-enddate: the capture's own clock is untouched)
    openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in www.csr -out expired.crt -extensions leaf \
      -startdate 20250101000000Z -enddate 20250401000000Z -notext 2>/dev/null
    cp www.key expired.key
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -keyout selfsigned.key -out selfsigned.crt \
      -subj "/C=ZZ/O=tlsinspect sample/CN=www.example.test" -addext "$san" \
      -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth" 2>/dev/null
    openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 -out dhparam.pem 2>/dev/null
    chmod 644 ./*.key ./*.crt dhparam.pem )
  openssl verify -CAfile "$d/ca.crt" "$d/www.crt" >/dev/null || die "test CA: www.crt does not verify"
}
cert_not_after() { date -u -d "$(openssl x509 -in "$1" -noout -enddate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ; }
cert_issuer() { openssl x509 -in "$1" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//'; }
cert_names() { openssl x509 -in "$1" -noout -ext subjectAltName | grep -o 'DNS:[^,]*' | cut -d: -f2 | paste -sd,; }

# ---- servers ---------------------------------------------------------------------------------
# srv_nginx NAME ADDR PROTOCOLS CIPHERS CERT : one nginx on ADDR:443 with these TLS settings
srv_nginx() {
  local d=$W/nginx-$1 addr=$2
  mkdir -p "$d/html" "$d/logs" "$d/tmp"
  printf '<!doctype html><title>tlsinspect sample</title><p>hello from %s</p>\n' "$addr" > "$d/html/index.html"
  printf '<!doctype html><title>tlsinspect sample</title><p>an image from img.example.test: <img src="https://img.example.test/pixel.png" alt="pixel"></p>\n' > "$d/html/img.html"
  printf 'GIF89a\001\000\001\000\000\000\000;' > "$d/html/pixel.png"
  cp "$W/pki/dhparam.pem" "$d/"
  python3 - "$MAKE_DIR/nginx-browsers.conf.tmpl" "$d/nginx.conf" "$d" "$addr:443" "$3" "$4" "$5" "${5%.crt}.key" <<'PY'
import sys
tmpl, out, prefix, listen, protocols, ciphers, cert, key = sys.argv[1:]
t = open(tmpl).read()
for k, v in (("@PREFIX@", prefix), ("@LISTEN@", listen), ("@PROTOCOLS@", protocols),
             ("@CIPHERS@", ciphers), ("@CERT@", cert), ("@KEY@", key)):
    t = t.replace(k, v)
open(out, "w").write(t)
PY
  chmod -R a+rX "$d"
  ns t8-srv nginx -t -q -p "$d" -c "$d/nginx.conf" 2>&1 | grep -v 'could be dangerous' >&2 || true
  ns t8-srv nginx -p "$d" -c "$d/nginx.conf" 2> >(grep -v 'could be dangerous' >&2)
  local i; for i in $(seq 50); do [ -s "$d/nginx.pid" ] && break; sleep 0.1; done
  [ -s "$d/nginx.pid" ] || die "nginx $1 did not start (see $d/logs/error.log)"
  NGINX_DIRS+=("$d")
  expect type=nginx server="$addr" port=443 log="$d/logs/error.log" access="$d/logs/access.log"
}
srv_silent() {          # srv_silent ADDR : accepts TCP, never reads or answers
  # ip netns exec itself (not the ns function, whose subshell $! would name) so that $! is python
  ip netns exec t8-srv python3 "$MAKE_DIR/tcp-helpers.py" silent "$1" 443 > "$W/silent-$1.out" & BG_PIDS+=($!)
  local k; for k in $(seq 50); do [ -s "$W/silent-$1.out" ] && break; sleep 0.1; done
  [ -s "$W/silent-$1.out" ] || die "silent server on $1 did not start"
}
# The firewall in front of ADDR: resets every ClientHello that names img.example.test (a RST to
# the client, the hello dropped, and whatever either side sends afterwards on that connection
# dropped too: nginx, which had accepted the TCP connection, times it out unseen) and answers
# SYNs from 198.51.100.128/25 with a RST.
FW_GUESTS=198.51.100.128/25
firewall_on() {
  local a=$1
  # a reset connection stays in conntrack (state CLOSE) for 10 min instead of 10 s, with its mark
  ns t8-fw sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_close=600
  ns t8-fw iptables -A FORWARD -p tcp -s "$a" --sport 443 -m connmark --mark 1 -j DROP
  ns t8-fw iptables -A FORWARD -p tcp -d "$a" --dport 443 -m connmark --mark 1 -j DROP
  ns t8-fw iptables -A FORWARD -p tcp -s "$FW_GUESTS" -d "$a" --dport 443 --syn -j REJECT --reject-with tcp-reset
  ns t8-fw iptables -A FORWARD -p tcp -d "$a" --dport 443 -m string --algo bm --string img.example.test -j CONNMARK --set-mark 1
  ns t8-fw iptables -A FORWARD -p tcp -d "$a" --dport 443 -m connmark --mark 1 -j REJECT --reject-with tcp-reset
}
firewall_off() { ns t8-fw iptables -F FORWARD; }

# ---- clients ---------------------------------------------------------------------------------
# client KIND LABEL IP URL [TIMEOUT_S] : run one client program alone from IP; afterwards
#   OK=1|0, ERR = what the program itself said (one line), and the run is in the plan
REQ() { printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$2" "$1"; }
client() {
  local kind=$1 label=$2 ip=$3 url=$4 tmo=${5:-20}
  local host=${url#https://}; host=${host%%/*}
  local path=/${url#https://*/}; [ "$url" = "https://$host" ] && path=/
  local d=$W/$SCEN/run-$label out
  mkdir -p "$d/profile"
  use_ip "$ip"
  OK=0 ERR=
  local t0; t0=$(date +%s.%N)
  case $kind in
    ff)
      certutil -N -d "sql:$d/profile" --empty-password </dev/null
      certutil -A -d "sql:$d/profile" -n "tlsinspect test CA" -t "C,," -i "$CA"
      out=$(ns t8-cli timeout $((tmo + 60)) node "$MAKE_DIR/browse.mjs" firefox "$url" "$d/profile" $((tmo * 1000)) 2>"$d/stderr" | tail -1)
      browser_result "$out" ;;
    ch)
      mkdir -p "$d/home/.pki/nssdb"
      certutil -N -d "sql:$d/home/.pki/nssdb" --empty-password </dev/null
      certutil -A -d "sql:$d/home/.pki/nssdb" -n "tlsinspect test CA" -t "C,," -i "$CA"
      out=$(HOME=$d/home ns t8-cli timeout $((tmo + 60)) node "$MAKE_DIR/browse.mjs" chromium "$url" "$d/profile" $((tmo * 1000)) 2>"$d/stderr" | tail -1)
      browser_result "$out" ;;
    ff-plain)   # no driver at all: the hello must be the same as with puppeteer
      certutil -N -d "sql:$d/profile" --empty-password </dev/null
      certutil -A -d "sql:$d/profile" -n "tlsinspect test CA" -t "C,," -i "$CA"
      ns t8-cli timeout 60 firefox-esr --headless --profile "$d/profile" --screenshot "$d/shot.png" "$url" >"$d/stderr" 2>&1 || true
      [ -s "$d/shot.png" ] && OK=1 || ERR="no screenshot" ;;
    ch-plain)
      mkdir -p "$d/home/.pki/nssdb"
      certutil -N -d "sql:$d/home/.pki/nssdb" --empty-password </dev/null
      certutil -A -d "sql:$d/home/.pki/nssdb" -n "tlsinspect test CA" -t "C,," -i "$CA"
      HOME=$d/home ns t8-cli timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$d/profile" \
        --dump-dom "$url" > "$d/dom.html" 2>"$d/stderr" || true
      grep -q "tlsinspect sample" "$d/dom.html" && OK=1 || ERR="no page" ;;
    curl)
      if ns t8-cli curl -sS -o /dev/null --max-time "$tmo" --cacert "$CA" "$url" 2>"$d/stderr"; then OK=1; fi
      ERR=$(grep -m1 '^curl: (' "$d/stderr" || tail -1 "$d/stderr") ;;
    ossl|ossl12)
      local v= rc; [ "$kind" = ossl12 ] && v=-tls1_2
      set +e
      REQ "$host" "$path" | ns t8-cli timeout "$tmo" openssl s_client -connect "$host:443" -servername "$host" $v \
        -CAfile "$CA" -verify_return_error -verify_hostname "$host" -ign_eof >"$d/stdout" 2>"$d/stderr"
      rc=${PIPESTATUS[1]}; set -e
      if grep -q '^HTTP/1.1 200' "$d/stdout"; then OK=1
      else ERR=$(grep -hE '^verify error|:error:|errno=' "$d/stderr" "$d/stdout" | head -2 | sed -E 's/^[0-9A-F]+:error:/error:/' | paste -sd' ' || true)
           timed_out "$rc" "$tmo"; fi ;;
    gnutls)
      local rc
      set +e
      REQ "$host" "$path" | ns t8-cli timeout "$tmo" gnutls-cli --x509cafile "$CA" -p 443 "$host" >"$d/stdout" 2>"$d/stderr"
      rc=${PIPESTATUS[1]}; set -e
      if grep -q '^HTTP/1.1 200' "$d/stdout"; then OK=1
      else ERR=$(grep -hE '^\*\*\* (Fatal|Handshake|PKI|Verifying|Error|Received alert)' "$d/stdout" "$d/stderr" | head -2 | paste -sd' ' || true)
           timed_out "$rc" "$tmo"; fi ;;
    py)
      if ns t8-cli "$PY" -c '
import socket, ssl, sys
host, path, ca, tmo = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
ctx = ssl.create_default_context(cafile=ca)
with ctx.wrap_socket(socket.create_connection((host, 443), timeout=tmo), server_hostname=host) as s:
    s.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % (path, host)).encode())
    assert s.recv(100).startswith(b"HTTP/1.1 200")
' "$host" "$path" "$CA" "$tmo" 2>"$d/stderr"; then OK=1; fi
      ERR=$(tail -1 "$d/stderr") ;;
    java)
      if ns t8-cli timeout $((tmo + 20)) java "$MAKE_DIR/TlsClient.java" --connect "$host:443" --sni "$host" --cafile "$CA" >"$d/stdout" 2>"$d/stderr"; then OK=1; fi
      ERR=$(grep -h 'handshake failed' "$d/stdout" | head -1 || true); [ $OK = 1 ] || [ -n "$ERR" ] || ERR=$(tail -1 "$d/stderr") ;;
    *) die "unknown client kind $kind" ;;
  esac
  local t1; t1=$(date +%s.%N)
  [ $OK = 1 ] && ERR=
  LAST_LABEL=$label
  expect type=run label="$label" client="$ip" "tool=${TOOL[$kind]}" "family=${FAMILY[$kind]}" t0="$t0" t1="$t1"
  printf '  %-16s %-15s %-8s %s\n' "$label" "$ip" "$([ $OK = 1 ] && echo ok || echo failed)" "$ERR" >&2
  sleep "$PAUSE"
}
# timed_out RC TIMEOUT : timeout(1) stopped a program that had not given up (exit 124): say so
timed_out() {
  if [ "$1" = 124 ]; then ERR="${ERR:+$ERR; }still waiting after $2 s: stopped by timeout(1)"
  elif [ -z "$ERR" ]; then ERR="exit status $1, no message"; fi
}
browser_result() {       # the JSON line of browse.mjs -> OK, ERR, FAILED (subresources)
  [ -n "$1" ] || { ERR="the driver printed nothing"; return; }
  OK=$(jq -r 'if .ok then 1 else 0 end' <<<"$1")
  ERR=$(jq -r '.error // empty' <<<"$1")
  FAILED=$(jq -r '[.failed[] | "\(.url): \(.error)"] | join("; ")' <<<"$1")
}
# group RUN key=value... : what every connection of run RUN must show (see manifest.py);
# grp RUN LABEL key=value... : the same for a part of the run (sni=NAME: the connections naming it)
group() { local r=$1; shift; expect type=conn run="$r" label="$r" "$@"; }
grp() { local r=$1 l=$2; shift 2; expect type=conn run="$r" label="$l" "$@"; }
must_fail() { [ "$OK" = 0 ] || die "$1 succeeded, but the scenario says it must fail"; }
must_work() { [ "$OK" = 1 ] || die "$1 failed ($ERR), but the scenario says it must work"; }
# err_is PATTERN : the client's own message must say this (what the scenario is about)
err_is() { grep -qE -- "$1" <<<"$ERR" || die "$LAST_LABEL said '$ERR', expected /$1/"; }

# ---- one scenario = one capture ------------------------------------------------------------------
SCEN=
begin() {                # begin NAME "description" IFACE FILTER
  SCEN=$1
  echo "browsers: $SCEN.pcap" >&2
  plan_start "$W/$SCEN.jsonl"
  expect type=meta "description=$2" generator=sample-pcaps/make/record-browsers.sh
  CAPTURE_NS=${3%%:*} CAPTURE_IF=${3#*:} CAPTURE_FILTER=$4
}
capture() { tcpdump_start "$CAPTURE_NS" "$CAPTURE_IF" "$W/$SCEN.pcap" "$CAPTURE_FILTER"; }
finish() {
  tcpdump_stop_all
  tcpdump_report "$W/$SCEN.pcap"
  local d; for d in "${NGINX_DIRS[@]:-}"; do [ -n "$d" ] && nginx_stop "$d"; done
  NGINX_DIRS=()
  for p in "${BG_PIDS[@]:-}"; do [ -n "$p" ] && { kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; } || true; done
  BG_PIDS=()
  firewall_off
  cp "$W/$SCEN.pcap" "$OUT/$SCEN.pcap"
  manifest_build "$OUT/$SCEN.manifest.json" "$OUT/$SCEN.pcap"
}
# the same client programs in every scenario, each from its own address
CLIENTS="ff ch curl ossl ossl12 gnutls py java"
declare -A IP=([ff]=198.51.100.10 [ch]=198.51.100.11 [curl]=198.51.100.12 [ossl]=198.51.100.13
               [ossl12]=198.51.100.14 [gnutls]=198.51.100.15 [py]=198.51.100.16 [java]=198.51.100.17
               [ff-plain]=198.51.100.18 [ch-plain]=198.51.100.19)

###################################################################################################
scenario_healthy() {
  local a=203.0.113.21
  begin healthy "A healthy server: nginx with TLS 1.2 and 1.3, Mozilla's intermediate suites, a certificate from a test CA that every client trusts. Every client program loads the page; Firefox and Chromium once more without any driver (their hellos must not change)." t8-srv:eth0 "tcp and host $a"
  expect type=meta "server_config=ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers (Mozilla intermediate); certificate CN=www.example.test from the test CA"
  srv_nginx healthy $a "TLSv1.2 TLSv1.3" "$MOZ" "$W/pki/www.crt"; hosts $a; capture
  local k
  for k in $CLIENTS ff-plain ch-plain; do
    client "$k" "$k" "${IP[$k]}" https://www.example.test/
    must_work "$k"
    group "$k" outcome=established "note=loads https://www.example.test/"
  done
  finish
}

# cert_scenario NAME ADDR PROTOCOLS CERT HOST DESCRIPTION MENTIONS KIND EVIDENCE... : every client
# rejects the certificate; KIND is the cause finding, MENTIONS what the report's top must say
cert_scenario() {
  local name=$1 a=$2 protos=$3 cert=$4 host=$5 desc=$6 mentions=$7 kind=$8; shift 8
  begin "$name" "$desc" t8-srv:eth0 "tcp and host $a"
  expect type=meta "diagnosis_mentions=$mentions" "server_config=ssl_protocols $protos; ssl_ciphers (Mozilla intermediate); certificate $(openssl x509 -in "$cert" -noout -subject -nameopt RFC2253 | sed 's/^subject=//'), SANs $(cert_names "$cert"), issuer $(cert_issuer "$cert"), not_after $(cert_not_after "$cert")"
  srv_nginx "$name" "$a" "$protos" "$MOZ" "$cert"; hosts "$a"; capture
  local k labels=
  for k in $CLIENTS; do
    client "$k" "$k" "${IP[$k]}" "https://$host/"
    must_fail "$k"
    if [[ " ${LATE_CHECK:-} " == *" $k "* ]]; then
      # curl 7.88 compares the name itself once the handshake is over: no alert, it just leaves
      group "$k" outcome=established "log_has=client closed connection while waiting for request" "client_error=$ERR" \
        "note=loads https://$host/ and rejects the certificate after the handshake: curl 7.88 checks the name itself once the TLS handshake has completed, then closes without a request and without an alert (nginx: client closed connection while waiting for request). A completed handshake on the wire, a failure for the user."
    else
      # the client's verdict is a fatal alert, which nginx reads (decrypting an encrypted one)
      group "$k" outcome=client_alert alert_from=client "log_has=alert number" "client_error=$ERR" \
        "note=loads https://$host/ and rejects the certificate"
    fi
    labels+=${labels:+,}$k
  done
  expect type=finding kind="$kind" connections="$labels" "$@"
  finish
}

scenario_selfsigned13() {
  local c=$W/pki/selfsigned.crt
  cert_scenario selfsigned13 203.0.113.22 "TLSv1.2 TLSv1.3" "$c" www.example.test \
    "A self-signed certificate on a server with TLS 1.2 and 1.3: every client rejects it. Under TLS 1.3 the certificate travels encrypted; the openssl s_client -tls1_2 connection shows it in the clear." \
    "certificate_untrusted|self-signed" certificate_untrusted "evidence.issuer=$(cert_issuer "$c")" evidence.self_signed=true
}

scenario_selfsigned12() {
  local c=$W/pki/selfsigned.crt
  cert_scenario selfsigned12 203.0.113.23 "TLSv1.2" "$c" www.example.test \
    "A self-signed certificate on a TLS 1.2-only server: every client rejects it; the certificate is in the clear on every connection. Firefox finishes the handshake (its Finished goes out before it has judged the certificate), then sends an encrypted alert record and a RST; nginx decrypts it: bad certificate." \
    "certificate_untrusted|self-signed" certificate_untrusted "evidence.issuer=$(cert_issuer "$c")" evidence.self_signed=true
}

scenario_mismatch() {
  local c=$W/pki/www.crt
  LATE_CHECK=curl cert_scenario mismatch 203.0.113.27 "TLSv1.2 TLSv1.3" "$c" other.example \
    "A certificate for www.example.test and img.example.test (from the trusted test CA) served to clients that asked for other.example: every client rejects it. openssl s_client -tls1_2 shows the certificate in the clear. curl 7.88 checks the name only after the TLS handshake: its connection completes the handshake and closes without a request or an alert; it is listed under the finding all the same." \
    "certificate_name_mismatch|other.example" certificate_name_mismatch evidence.sni=other.example "evidence.names=$(cert_names "$c")" \
    "note=curl's connection is established on the wire: curl rejected the name after the handshake and left without a request"
}

scenario_expired() {
  local c=$W/pki/expired.crt
  cert_scenario expired 203.0.113.28 "TLSv1.2 TLSv1.3" "$c" www.example.test \
    "A certificate from the trusted test CA whose validity ended on 2025-04-01 (made with openssl ca -startdate/-enddate; the capture's clock is the real one): every client rejects it. openssl s_client -tls1_2 shows the certificate in the clear." \
    "certificate_expired|2025-04-01" certificate_expired "evidence.not_after=$(cert_not_after "$c")"
}

scenario_tls10_11() {
  local a=203.0.113.24 k
  begin tls10-11 "A server limited to ssl_protocols TLSv1 TLSv1.1 (ssl_ciphers DEFAULT:@SECLEVEL=0, so that OpenSSL 3 serves them at all). Firefox, Chromium and Java offer only TLS 1.3 and 1.2 in supported_versions: nginx refuses them with protocol_version. curl, openssl s_client and Python (OpenSSL 3.0 clients) offer TLS 1.3 down to 1.0, get a TLS 1.1 ServerHello and abort with internal_error: OpenSSL 3 at its default security level refuses the MD5+SHA-1 signature of the TLS 1.1 key exchange (legacy sigalg disallowed). openssl s_client -tls1_2 sends a TLS 1.2 hello without supported_versions, gets a TLS 1.1 ServerHello and answers protocol_version. gnutls-cli 3.7.9 still speaks TLS 1.1 and loads the page." t8-srv:eth0 "tcp and host $a"
  expect type=meta "diagnosis_mentions=server_protocol_too_old|TLSv1.1" "server_config=ssl_protocols TLSv1 TLSv1.1; ssl_ciphers DEFAULT:@SECLEVEL=0; certificate from the test CA"
  srv_nginx tls10-11 $a "TLSv1 TLSv1.1" "DEFAULT:@SECLEVEL=0" "$W/pki/www.crt"; hosts $a; capture
  local failed=
  for k in $CLIENTS; do
    client "$k" "$k" "${IP[$k]}" https://www.example.test/
    case $k in
      ff|ch|java)
        must_fail "$k"; err_is 'PROTOCOL_VERSION|VERSION_OR_CIPHER_MISMATCH|protocol_version'
        group "$k" outcome=server_alert alert=protocol_version alert_from=server version=null "log_has=unsupported protocol" \
          "client_error=$ERR" "note=supported_versions offers TLS 1.3 and 1.2 only: nginx answers protocol_version" ;;
      ossl12)
        must_fail "$k"; err_is 'unsupported protocol'
        group "$k" outcome=client_alert alert=protocol_version alert_from=client version=TLSv1.1 "log_has=wrong version number" \
          "client_error=$ERR" "note=a TLS 1.2 hello without supported_versions: nginx negotiates down to TLS 1.1 (ServerHello TLS 1.1) and the client, limited to TLS 1.2, answers protocol_version (nginx: wrong version number)" ;;
      curl|ossl|py)
        must_fail "$k"; err_is 'legacy sigalg disallowed'
        group "$k" outcome=client_alert alert=internal_error alert_from=client version=TLSv1.1 "log_has=alert internal error" \
          "client_error=$ERR" "note=supported_versions offers TLS 1.3 down to 1.0: nginx answers TLS 1.1, and the client (OpenSSL 3.0 at its default security level) refuses the TLS 1.1 ServerKeyExchange's MD5+SHA-1 signature (legacy sigalg disallowed) with internal_error" ;;
      gnutls)
        must_work "$k"
        group "$k" outcome=established version=TLSv1.1 "note=GnuTLS 3.7.9's NORMAL priority still includes TLS 1.1: the page loads over TLS 1.1" ;;
    esac
    [ $OK = 1 ] || failed+=${failed:+,}$k
  done
  expect type=finding kind=server_protocol_too_old connections="$failed" evidence.max_server_version=TLSv1.1
  finish
}

# nocipher_scenario NAME ADDR CIPHERS DESCRIPTION WORKS... : the clients in WORKS succeed
nocipher_scenario() {
  local name=$1 a=$2 ciphers=$3 desc=$4; shift 4
  local works=" $* " k failed=
  begin "$name" "$desc" t8-srv:eth0 "tcp and host $a"
  expect type=meta "diagnosis_mentions=no_shared_cipher|ssl_ciphers" "server_config=ssl_protocols TLSv1.2; ssl_ciphers $ciphers; certificate from the test CA"
  srv_nginx "$name" $a "TLSv1.2" "$ciphers" "$W/pki/www.crt"; hosts $a; capture
  for k in $CLIENTS; do
    client "$k" "$k" "${IP[$k]}" https://www.example.test/
    if [[ $works == *" $k "* ]]; then
      must_work "$k"
      group "$k" outcome=established version=TLSv1.2 "note=offers a suite the server accepts"
    else
      must_fail "$k"; err_is 'NO_CYPHER_OVERLAP|VERSION_OR_CIPHER_MISMATCH|handshake failure|handshake_failure|Handshake failed'
      group "$k" outcome=server_alert alert=handshake_failure alert_from=server version=null "log_has=no shared cipher" \
        "client_error=$ERR" "note=none of its suites is in the server's ssl_ciphers: handshake_failure, nginx logs 'no shared cipher'"
      failed+=${failed:+,}$k
    fi
  done
  expect type=finding kind=no_shared_cipher connections="$failed" evidence.offered_suite_families=auto
  finish
}

scenario_nocipher() {
  nocipher_scenario nocipher 203.0.113.25 'CAMELLIA256-SHA:CAMELLIA128-SHA' \
    "A TLS 1.2 server whose ssl_ciphers lists only Camellia suites, which no client here offers: every hello is refused with handshake_failure (nginx: no shared cipher); nobody succeeds."
}

scenario_nocipher_some() {
  nocipher_scenario nocipher-some 203.0.113.26 'DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256' \
    "A TLS 1.2 server whose ssl_ciphers lists only DHE suites (a 'hardened' list): Firefox and Chromium offer no DHE suite and get handshake_failure (nginx: no shared cipher); curl, openssl s_client, gnutls-cli, Python and Java offer DHE-RSA-AES256-GCM-SHA384 and load the page." \
    curl ossl ossl12 gnutls py java
}

scenario_firewall() {
  local a=203.0.113.29 k reset= refused=
  begin firewall "nginx (healthy, as in healthy.pcap) behind a firewall that resets every ClientHello naming img.example.test (a RST to the client; nginx never gets the whole hello and times out; the firewall drops the rest of that connection both ways) and refuses SYNs from the guest network 198.51.100.128/25 (a RST for the SYN). Firefox and Chromium load https://www.example.test/img.html, whose image is on img.example.test; each CLI client fetches https://img.example.test/ and https://www.example.test/; from the guest network Firefox, Chromium and curl try https://www.example.test/. Captured on the firewall's client side." t8-fw:out "tcp and host $a"
  expect type=meta "diagnosis_mentions=server_reset_after_hello|connection_refused" "server_config=as healthy.pcap, behind iptables: -m string img.example.test -> REJECT tcp-reset; --syn -s 198.51.100.128/25 -> REJECT tcp-reset"
  srv_nginx firewall $a "TLSv1.2 TLSv1.3" "$MOZ" "$W/pki/www.crt"; hosts $a; firewall_on $a; capture
  for k in ff ch; do
    client "$k" "$k" "${IP[$k]}" https://www.example.test/img.html
    must_work "$k"
    grep -q 'img.example.test' <<<"$FAILED" || die "$k: the image from img.example.test did not fail ($FAILED)"
    grp "$k" "$k.www" sni=www.example.test outcome=established "note=the page from www.example.test loads"
    grp "$k" "$k.img" sni=img.example.test outcome=server_reset "client_error=$FAILED" \
      "note=the image from img.example.test: the firewall resets the hello; nginx, which got no complete hello, times out"
    reset+=${reset:+,}$k.img
  done
  for k in curl ossl ossl12 gnutls py java; do
    client "$k" "$k.img" "${IP[$k]}" https://img.example.test/
    must_fail "$k"
    group "$k.img" outcome=server_reset "client_error=$ERR" "note=the firewall resets the hello naming img.example.test"
    reset+=${reset:+,}$k.img
    client "$k" "$k.www" "${IP[$k]}" https://www.example.test/
    must_work "$k"
    group "$k.www" outcome=established "note=www.example.test passes the firewall"
  done
  local n=130
  for k in ff ch curl; do
    client "$k" "$k.guest" "198.51.100.$n" https://www.example.test/
    must_fail "$k"
    group "$k.guest" sni=- outcome=refused "client_error=$ERR" "note=from the guest network: the firewall answers the SYN with a RST"
    refused+=${refused:+,}$k.guest
    n=$((n + 1))
  done
  expect type=finding kind=server_reset_after_hello connections="$reset"
  expect type=finding kind=connection_refused connections="$refused" evidence.port=443
  finish
}

scenario_silent() {
  local a=203.0.113.30 k labels=
  begin silent "A server that accepts TCP connections and never answers (it never reads). The browsers are given 35 s before the driver closes them; the CLI clients 8 s (curl --max-time, Python's and Java's socket timeouts; openssl s_client and gnutls-cli have none and are stopped by timeout(1))." t8-srv:eth0 "tcp and host $a"
  expect type=meta "diagnosis_mentions=server_unresponsive" "server_config=a Python listener (make/tcp-helpers.py silent): accepts, never reads, never writes"
  srv_silent $a; hosts $a; capture
  for k in $CLIENTS; do
    case $k in ff|ch) client "$k" "$k" "${IP[$k]}" https://www.example.test/ 35 ;;
                *) client "$k" "$k" "${IP[$k]}" https://www.example.test/ 8 ;; esac
    must_fail "$k"
    group "$k" outcome=no_server_response "client_error=$ERR" "note=ClientHello sent, nothing comes back until the client gives up"
    labels+=${labels:+,}$k
  done
  expect type=finding kind=server_unresponsive connections="$labels"
  finish
}

scenario_alternating() {
  local fw=203.0.113.29 quiet=203.0.113.30 nc=203.0.113.31
  begin alternating "Different programs taking turns on one client address against failing servers, each within a few seconds of the previous one (well inside a 30 s retry window), in both orders: Firefox, Chromium, curl and curl, Chromium, Firefox. Against a server with no shared cipher (.31, as nocipher.pcap), behind the resetting firewall (.29, https://img.example.test/, as firewall.pcap) and against a server that never answers (.30; the browsers are closed after 10 s, curl gives up after 5 s). Nobody falls back: each program's hello is its own first attempt, so there is no retry chain." t8-fw:out "tcp and (host $fw or host $quiet or host $nc)"
  expect type=meta alternation_window=30 "diagnosis_mentions=no_shared_cipher|server_reset_after_hello|server_unresponsive" "server_config=.31 ssl_protocols TLSv1.2, ssl_ciphers CAMELLIA256-SHA:CAMELLIA128-SHA; .29 as firewall.pcap; .30 as silent.pcap"
  srv_nginx alt-nocipher $nc "TLSv1.2" 'CAMELLIA256-SHA:CAMELLIA128-SHA' "$W/pki/www.crt"
  srv_nginx alt-firewall $fw "TLSv1.2 TLSv1.3" "$MOZ" "$W/pki/www.crt"; firewall_on $fw
  srv_silent $quiet
  capture
  local part ip order k nc_l= fw_l= quiet_l= n=40
  for part in nc fw quiet; do
    for order in "ff ch curl" "curl ch ff"; do
      local ip=198.51.100.$n; n=$((n + 1))
      for k in $order; do
        local l="$part-$ip-$k"
        case $part in
          nc)
            hosts $nc; client "$k" "$l" "$ip" https://www.example.test/
            must_fail "$l"
            group "$l" outcome=server_alert alert=handshake_failure alert_from=server "log_has=no shared cipher" "client_error=$ERR" \
              "note=$k, one of three programs taking turns on $ip: no shared cipher"
            nc_l+=${nc_l:+,}$l ;;
          fw)
            hosts $fw; client "$k" "$l" "$ip" https://img.example.test/
            must_fail "$l"
            group "$l" outcome=server_reset "client_error=$ERR" "note=$k, one of three programs taking turns on $ip: the firewall resets the hello"
            fw_l+=${fw_l:+,}$l ;;
          quiet)
            hosts $quiet
            case $k in curl) client "$k" "$l" "$ip" https://www.example.test/ 5 ;; *) client "$k" "$l" "$ip" https://www.example.test/ 10 ;; esac
            must_fail "$l"
            group "$l" outcome=no_server_response "client_error=$ERR" "note=$k, one of three programs taking turns on $ip: no answer"
            quiet_l+=${quiet_l:+,}$l ;;
        esac
      done
    done
  done
  expect type=finding kind=no_shared_cipher connections="$nc_l" evidence.offered_suite_families=auto
  expect type=finding kind=server_reset_after_hello connections="$fw_l"
  expect type=finding kind=server_unresponsive connections="$quiet_l"
  finish
}

###################################################################################################
ALL="healthy selfsigned13 selfsigned12 tls10-11 nocipher nocipher-some mismatch expired firewall silent alternating"
WANT=${*:-$ALL}
for s in $WANT; do [[ " $ALL " == *" $s "* ]] || die "unknown scenario $s (one of: $ALL)"; done
lab
pki
for s in $WANT; do "scenario_${s//-/_}"; done
netns_cleanup; rm -rf /etc/netns/t8-cli      # the lab is no longer needed
python3 "$MAKE_DIR/manifest.py" families "$OUT/families.json" "$OUT"/*.manifest.json
status_set "browsers: ready"
