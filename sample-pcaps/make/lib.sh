# shellcheck shell=bash
# Shared helpers for the sample-pcaps recording scripts. Source it; do not run it.
# Everything here runs as root and sends traffic only inside network namespaces
# named tlsi-* that the calling script creates and deletes (see netns_cleanup).
set -euo pipefail

MAKE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PCAP_DIR=$(cd "$MAKE_DIR/.." && pwd)
SNI=www.example.test
PAUSE=${PAUSE:-0.2}

die() { echo "$*" >&2; exit 1; }

# need CMD PACKAGE : fail with one line naming the Debian package
need() { command -v "$1" >/dev/null 2>&1 || die "needs $1: apt-get install $2"; }

need_all() {
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces, tcpdump)"
  need ip iproute2
  need nginx nginx-light
  need tcpdump tcpdump
  need tshark tshark
  need editcap tshark
  need mergecap tshark
  need capinfos tshark
  need openssl openssl
  need curl curl
  need gnutls-cli gnutls-bin
  need python3 python3
  need java openjdk-17-jdk-headless
  need keytool openjdk-17-jdk-headless
}

# ---- namespaces -----------------------------------------------------------
NETNS_CREATED=()
ns() { ip netns exec "$@"; }

ns_add() {               # ns_add NAME
  ip netns del "$1" 2>/dev/null || true
  ip netns add "$1"
  NETNS_CREATED+=("$1")
  ns "$1" ip link set lo up
  ns "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
      net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0
}

# veth_pair NS_A IF_A NS_B IF_B : a veth pair with one end in each namespace
VETH_SEQ=0
veth_pair() {
  VETH_SEQ=$((VETH_SEQ + 1))
  local a="tlsiA$$x$VETH_SEQ" b="tlsiB$$x$VETH_SEQ"
  ip link add "${a:0:15}" type veth peer name "${b:0:15}"
  ip link set "${a:0:15}" netns "$1"; ns "$1" ip link set "${a:0:15}" name "$2"
  ip link set "${b:0:15}" netns "$3"; ns "$3" ip link set "${b:0:15}" name "$4"
}

# addr NS IF CIDR... : add addresses (IPv6 without DAD so they work at once)
addr() {
  local n=$1 i=$2; shift 2
  local a
  for a in "$@"; do
    case $a in
      *:*) ns "$n" ip -6 addr add "$a" dev "$i" nodad ;;
      *)   ns "$n" ip addr add "$a" dev "$i" ;;
    esac
  done
  ns "$n" ip link set "$i" up
}

# static_neigh NS IF PEER_NS PEER_IF IP... : permanent ARP/ND entries for the peer's
# addresses, so that no ARP or neighbour discovery traffic ends up in the captures
static_neigh() {
  local n=$1 i=$2 pn=$3 pi=$4; shift 4
  local mac a
  mac=$(ns "$pn" cat "/sys/class/net/$pi/address")
  for a in "$@"; do ns "$n" ip neigh replace "$a" lladdr "$mac" dev "$i" nud permanent; done
}

BG_PIDS=()
netns_cleanup() {
  local p n
  for p in "${BG_PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for n in "${NETNS_CREATED[@]:-}"; do
    [ -n "$n" ] || continue
    # stop whatever still runs inside the namespace we created (by pid, never by name)
    for p in $(ip netns pids "$n" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  done
  sleep 0.3
  for n in "${NETNS_CREATED[@]:-}"; do
    [ -n "$n" ] || continue
    for p in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$n" 2>/dev/null || true
  done
  NETNS_CREATED=()
}

# ---- certificate ----------------------------------------------------------
make_cert() {            # make_cert DIR : self-signed RSA-2048 cert for $SNI
  local d=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
    -keyout "$d/server.key" -out "$d/server.crt" \
    -subj "/CN=$SNI/O=tlsinspect sample/C=ZZ" \
    -addext "subjectAltName=DNS:$SNI,DNS:example.test,DNS:*.example.test" \
    -addext "basicConstraints=critical,CA:FALSE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment" \
    -addext "extendedKeyUsage=serverAuth" 2>/dev/null
  chmod 644 "$d/server.crt" "$d/server.key"
}

# ---- nginx ----------------------------------------------------------------
# nginx_start NS DIR "LISTEN_LINES" [ECDH_CURVE] : render nginx.conf.tmpl into DIR, start in NS
nginx_start() {
  local n=$1 d=$2 listen=$3 curve=${4:-auto}
  mkdir -p "$d/html" "$d/logs" "$d/tmp"
  printf '<!doctype html><title>tlsinspect sample</title><p>hello from %s</p>\n' "$n" > "$d/html/index.html"
  chmod -R a+rX "$d"
  python3 - "$MAKE_DIR/nginx.conf.tmpl" "$d/nginx.conf" "$d" "$listen" "$curve" <<'PY'
import sys
tmpl, out, prefix, listen, curve = sys.argv[1:]
text = open(tmpl).read()
text = text.replace("@PREFIX@", prefix).replace("@LISTEN@", listen).replace("@ECDH_CURVE@", curve)
open(out, "w").write(text)
PY
  ns "$n" nginx -t -q -p "$d" -c "$d/nginx.conf" 2>&1 | grep -v 'could be dangerous' >&2 || true
  ns "$n" nginx -p "$d" -c "$d/nginx.conf" 2> >(grep -v 'could be dangerous' >&2)
  local i
  for i in $(seq 50); do [ -s "$d/nginx.pid" ] && break; sleep 0.1; done
  [ -s "$d/nginx.pid" ] || die "nginx did not start in $n (see $d/logs/error.log)"
}

nginx_stop() {           # nginx_stop DIR
  local d=$1 pid
  [ -s "$d/nginx.pid" ] || return 0
  pid=$(cat "$d/nginx.pid")
  kill -QUIT "$pid" 2>/dev/null || true
  local i; for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
}

# ---- tcpdump --------------------------------------------------------------
TCPDUMP_PIDS=()
# tcpdump_start NS IFACE FILE [filter...] : record full packets, unbuffered
tcpdump_start() {
  local n=$1 i=$2 f=$3; shift 3
  rm -f "$f"
  # a simple command in the background, so that $! is tcpdump itself (ip netns exec execs it).
  # --immediate-mode: without it, packets still in the TPACKET_V3 ring when tcpdump gets
  # SIGINT are lost. Immediate mode uses fixed frames of snaplen size (256 KiB with -s 0 on
  # "any"), so -B 32768 (32 MiB) is needed for more than 8 packets in flight.
  ip netns exec "$n" tcpdump -Z root -U --immediate-mode -B 32768 -s 0 -n -i "$i" -w "$f" "$@" 2>"$f.log" &
  local pid=$!
  TCPDUMP_PIDS+=("$pid")
  local k; for k in $(seq 100); do grep -q 'listening on' "$f.log" 2>/dev/null && break; sleep 0.05; done
  grep -q 'listening on' "$f.log" || die "tcpdump did not start on $n/$i: $(cat "$f.log")"
  sleep 0.3
}

# tcpdump_stop_all : SIGINT every tcpdump we started, wait, report drops
tcpdump_stop_all() {
  sleep 1.5
  local p
  for p in "${TCPDUMP_PIDS[@]:-}"; do [ -n "$p" ] && kill -INT "$p" 2>/dev/null || true; done
  for p in "${TCPDUMP_PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  TCPDUMP_PIDS=()
}

tcpdump_report() {       # tcpdump_report FILE : echo tcpdump's own counters, fail on drops
  local f=$1
  grep -E 'captured|dropped' "$f.log" | sed "s|^|  $(basename "$f"): |" >&2
  if grep -qE '^[1-9][0-9]* packets? dropped by kernel' "$f.log"; then die "tcpdump dropped packets for $f"; fi
  local cap rec
  cap=$(awk '/packets captured/{print $1}' "$f.log"); rec=$(awk '/packets received by filter/{print $1}' "$f.log")
  [ "$cap" = "$rec" ] || die "tcpdump for $f captured $cap of $rec packets received by the filter"
  rm -f "$f.log"
}

gap() { sleep "$PAUSE"; }

# ---- the single-server lab (basic and scenario captures) -----------------------------
# tlsi-srv (203.0.113.1-5, 2001:db8::1) <-- veth --> tlsi-cli (198.51.100.10, 2001:db8::10)
SRV4=203.0.113.1 SRV6=2001:db8::1 CLI4=198.51.100.10 CLI6=2001:db8::10
lab_single() {
  ns_add tlsi-srv
  ns_add tlsi-cli
  veth_pair tlsi-srv eth0 tlsi-cli eth0
  addr tlsi-srv eth0 203.0.113.1/24 203.0.113.2/24 203.0.113.3/24 203.0.113.4/24 203.0.113.5/24 2001:db8::1/64
  addr tlsi-cli eth0 2001:db8::10/64 $(seq -f '198.51.100.%g/24' 10 29)
  ns tlsi-srv ip route add 198.51.100.0/24 dev eth0
  ns tlsi-cli ip route add 203.0.113.0/24 dev eth0 src 198.51.100.10
  static_neigh tlsi-cli eth0 tlsi-srv eth0 203.0.113.1 203.0.113.2 203.0.113.3 203.0.113.4 203.0.113.5 2001:db8::1
  static_neigh tlsi-srv eth0 tlsi-cli eth0 2001:db8::10 $(seq -f '198.51.100.%g' 10 29)
  CLI=$CLI4
}

# client_ip N : later IPv4 connections from the client namespace come from 198.51.100.N
# (the route's preferred source), so that unrelated scenarios do not look like one client
client_ip() {
  CLI=198.51.100.$1
  ns tlsi-cli ip route replace 203.0.113.0/24 dev eth0 src "$CLI"
}

# ---- plan / manifest ------------------------------------------------------------------
PLAN=
plan_start() { PLAN=$1; rm -f "$PLAN"; }
expect() { python3 "$MAKE_DIR/manifest.py" plan "$PLAN" "$@"; }
manifest_build() { python3 "$MAKE_DIR/manifest.py" build "$PLAN" "$@"; }

# ---- client tool names as written in manifests -------------------------------------------
CURL="curl $(curl --version | awk 'NR==1{print $2}')"
OPENSSL="openssl $(openssl version | awk '{print $2}') s_client"
GNUTLS="gnutls-cli $(gnutls-cli --version 2>/dev/null | awk 'NR==1{print $2}')"
JAVA="Java $(java -version 2>&1 | awk -F'"' 'NR==1{print $2}') SSLSocket"

status_set() {           # status_set "part: ready": progress on stderr
  echo "$1" >&2
}

tool_versions() {
  echo "- $(nginx -v 2>&1 | sed 's/^nginx version: //') (Debian $(dpkg-query -W -f='${Version}' nginx-light 2>/dev/null || echo '?')), built with $(nginx -V 2>&1 | sed -n 's/^built with //p')"
  echo "- $(openssl version)"
  echo "- $(curl --version | head -1 | cut -d' ' -f1-3)"
  echo "- $(gnutls-cli --version 2>/dev/null | head -1)"
  echo "- $(java -version 2>&1 | head -2 | tail -1)"
  echo "- tcpdump $(tcpdump --version 2>&1 | awk 'NR==1{print $3}'), $(tcpdump --version 2>&1 | sed -n 2p | cut -d' ' -f1-3)"
  echo "- $(tshark --version 2>/dev/null | head -1 | sed "s/ (Git.*//") (also editcap, mergecap, capinfos)"
  echo "- $(python3 --version), kernel $(uname -r)"
  # browsers/ (record-browsers.sh)
  echo "- $(firefox-esr --version 2>/dev/null) (Debian $(dpkg-query -W -f='${Version}' firefox-esr 2>/dev/null || echo '?')), $(chromium --version 2>/dev/null | cut -d' ' -f1-2) (Debian $(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo '?'))"
  echo "- Node.js $(node --version 2>/dev/null), puppeteer-core $(node -p "require('$MAKE_DIR/node_modules/puppeteer-core/package.json').version" 2>/dev/null || echo '(not installed)'), certutil (libnss3-tools $(dpkg-query -W -f='${Version}' libnss3-tools 2>/dev/null || echo '?'))"
  echo "- $(/usr/bin/python3 --version) (Debian's, for the ssl client), $(iptables --version 2>/dev/null)"
}

# readme_versions : write tool_versions into README.md between the <!-- versions --> markers
readme_versions() {
  local v; v=$(mktemp)
  tool_versions > "$v"
  python3 - "$PCAP_DIR/README.md" "$v" <<'PY'
import re, sys
readme, block = sys.argv[1], open(sys.argv[2]).read()
text = open(readme).read()
new, n = re.subn(r"(<!-- versions -->\n).*?(<!-- /versions -->)",
                 lambda m: m.group(1) + block + m.group(2), text, flags=re.S)
if n != 1:
    sys.exit("README.md lacks the <!-- versions --> markers")
open(readme, "w").write(new)
PY
  rm -f "$v"
}

# ---- beyond 443 (issue 11): TLS after preambles, proxies, QUIC ---------------------------
# t11-srv (203.0.113.1 services with TLS, .2 the same services without TLS, .3 SOCKS proxy,
# .4 HTTP proxy, .5 nothing listening, .6 a silent UDP listener; 2001:db8::1)
#   <-- veth --> t11-cli (198.51.100.10-29, 2001:db8::10). Names resolve through
# /etc/netns/<ns>/hosts, which `ip netns exec` mounts over /etc/hosts inside the namespace.
B4_SRV=203.0.113.1 B4_NOTLS=203.0.113.2 B4_SOCKS=203.0.113.3 B4_HTTPPROXY=203.0.113.4
B4_NOTHING=203.0.113.5 B4_SILENT=203.0.113.6
lab_beyond443() {        # lab_beyond443 PREFIX : namespaces PREFIX-srv and PREFIX-cli
  local p=$1
  B4_S=$p-srv B4_C=$p-cli
  ns_add "$B4_S"
  ns_add "$B4_C"
  veth_pair "$B4_S" eth0 "$B4_C" eth0
  addr "$B4_S" eth0 $(seq -f '203.0.113.%g/24' 1 6) 2001:db8::1/64
  addr "$B4_C" eth0 2001:db8::10/64 $(seq -f '198.51.100.%g/24' 10 29)
  ns "$B4_S" ip route add 198.51.100.0/24 dev eth0
  ns "$B4_C" ip route add 203.0.113.0/24 dev eth0 src 198.51.100.10
  static_neigh "$B4_C" eth0 "$B4_S" eth0 $(seq -f '203.0.113.%g' 1 6) 2001:db8::1
  static_neigh "$B4_S" eth0 "$B4_C" eth0 2001:db8::10 $(seq -f '198.51.100.%g' 10 29)
  local n
  for n in "$B4_S" "$B4_C"; do
    mkdir -p "/etc/netns/$n"
    printf '127.0.0.1 localhost\n%s www.example.test example.test mail.example.test xmpp.example.test\n' "$B4_SRV" > "/etc/netns/$n/hosts"
    NETNS_ETC+=("/etc/netns/$n")
  done
  CLI=198.51.100.10
}
NETNS_ETC=()
netns_etc_cleanup() {    # remove the /etc/netns/<ns> folders lab_beyond443 made
  local d
  for d in "${NETNS_ETC[@]:-}"; do [ -n "$d" ] && rm -rf "$d"; done
  NETNS_ETC=()
}

# b4_client_ip N : later IPv4 connections from the client namespace come from 198.51.100.N
b4_client_ip() {
  CLI=198.51.100.$1
  ns "$B4_C" ip route replace 203.0.113.0/24 dev eth0 src "$CLI"
}

# wait_tcp NS ADDR PORT : wait (up to 20 s) until something listens there
wait_tcp() {
  local k
  for k in $(seq 200); do
    ns "$1" ss -Hltn "src $2 and sport = :$3" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  die "nothing listens on $2:$3 in $1"
}
wait_udp() {             # wait_udp NS ADDR PORT
  local k
  for k in $(seq 200); do
    ns "$1" ss -Hlun "src $2 and sport = :$3" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  die "nothing listens on UDP $2:$3 in $1"
}

tool_versions_beyond443() {
  echo "- $(postconf -d mail_version 2>/dev/null | sed 's/mail_version = /postfix /'), $(dovecot --version 2>/dev/null | sed 's/^/dovecot /'), vsftpd $(dpkg-query -W -f='${Version}' vsftpd 2>/dev/null)"
  echo "- prosody $(dpkg-query -W -f='${Version}' prosody 2>/dev/null), inspircd $(dpkg-query -W -f='${Version}' inspircd 2>/dev/null), slapd $(dpkg-query -W -f='${Version}' slapd 2>/dev/null)"
  echo "- $(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1 | sed 's/^/PostgreSQL /') ($(dpkg-query -W -f='${Version}' postgresql-15 2>/dev/null)), $(mariadb --version 2>/dev/null | sed 's/,.*//')"
  echo "- xrdp $(dpkg-query -W -f='${Version}' xrdp 2>/dev/null), FreeRDP $(dpkg-query -W -f='${Version}' freerdp2-x11 2>/dev/null), swaks $(dpkg-query -W -f='${Version}' swaks 2>/dev/null)"
  echo "- $(ssh -V 2>&1 | cut -d, -f1), dante $(dpkg-query -W -f='${Version}' dante-server 2>/dev/null), squid $(dpkg-query -W -f='${Version}' squid 2>/dev/null), ngtcp2 $(dpkg-query -W -f='${Version}' ngtcp2-client 2>/dev/null) (gtlsclient/gtlsserver, GnuTLS $(dpkg-query -W -f='${Version}' libgnutls30 2>/dev/null))"
  echo "- $(chromium --version 2>/dev/null)"
}

# need_many CMD:PACKAGE... : fail with one line naming every missing Debian package
need_many() {
  local p miss=()
  for p in "$@"; do
    command -v "${p%%:*}" >/dev/null 2>&1 || [ -x "${p%%:*}" ] || miss+=("${p#*:}")
  done
  [ ${#miss[@]} = 0 ] || die "needs: apt-get install ${miss[*]}"
}

# readme_versions_beyond443 : tool_versions_beyond443 into README.md between its own markers
readme_versions_beyond443() {
  local v; v=$(mktemp)
  tool_versions_beyond443 > "$v"
  python3 - "$PCAP_DIR/README.md" "$v" <<'PY'
import re, sys
readme, block = sys.argv[1], open(sys.argv[2]).read()
text = open(readme).read()
new, n = re.subn(r"(<!-- versions-beyond443 -->\n).*?(<!-- /versions-beyond443 -->)",
                 lambda m: m.group(1) + block + m.group(2), text, flags=re.S)
if n != 1:
    sys.exit("README.md lacks the <!-- versions-beyond443 --> markers")
open(readme, "w").write(new)
PY
  rm -f "$v"
}
