#!/usr/bin/env bash
# Record sample-pcaps/fleet/: the seed incident in miniature. Three identically configured
# nginx servers behind "round-robin DNS" (203.0.113.11, .12, .13; every new connection takes
# the next address in rotation, as a resolver cycling through rotated answers would), each
# recorded by its own tcpdump (s1.pcap, s2.pcap, s3.pcap), one manifest for the three.
# A faulty middlebox sits in front of s1 (on s1's address; nginx behind it on 127.0.0.1):
# it resets every ClientHello whose highest offered version is TLS 1.2 (version
# intolerance) and forwards everything else. Clients (one namespace, one address each):
#   .31 curl (TLS 1.3)          .32 a Java application        .33 and .38 Firefox-2015-style
#   .34 a client that resumes sessions                         .35 a browser without SCSV
#   .36 a client that only speaks ChaCha20 (no shared cipher)  .37 curl TLS 1.2 and gnutls-cli
source "$(dirname "$0")/lib.sh"
need_all

W=$(mktemp -d /tmp/tlsi-fleet.XXXXXX); chmod 755 "$W"
trap 'for s in s1 s2 s3; do nginx_stop "$W/$s"; done; netns_cleanup; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
OUT=$PCAP_DIR/fleet
mkdir -p "$OUT"
echo "fleet: recording" >&2

# ---- network: a switch namespace with a bridge; three servers and one client namespace ----
S_IP=(203.0.113.11 203.0.113.12 203.0.113.13)
ns_add tlsi-sw
ns tlsi-sw ip link add br0 type bridge
ns tlsi-sw ip link set br0 up
port=0
attach() {               # attach NS : veth from NS's eth0 to a port of br0
  port=$((port + 1))
  veth_pair "$1" eth0 tlsi-sw "p$port"
  ns tlsi-sw ip link set "p$port" master br0 up
}
for i in 1 2 3; do
  ns_add "tlsi-s$i"; attach "tlsi-s$i"
  addr "tlsi-s$i" eth0 "${S_IP[$((i - 1))]}/24"
  ns "tlsi-s$i" ip route add 198.51.100.0/24 dev eth0
done
ns_add tlsi-cl; attach tlsi-cl
addr tlsi-cl eth0 $(seq -f '198.51.100.%g/24' 31 38)
ns tlsi-cl ip route add 203.0.113.0/24 dev eth0 src 198.51.100.31
for i in 1 2 3; do
  static_neigh tlsi-cl eth0 "tlsi-s$i" eth0 "${S_IP[$((i - 1))]}"
  static_neigh "tlsi-s$i" eth0 tlsi-cl eth0 $(seq -f '198.51.100.%g' 31 38)
done

# ---- servers ------------------------------------------------------------------------------
make_cert "$W"
for i in 1 2 3; do
  mkdir -p "$W/s$i"; cp "$W/server.crt" "$W/server.key" "$W/s$i/"
done
nginx_start tlsi-s1 "$W/s1" "    listen 127.0.0.1:443 ssl;"
nginx_start tlsi-s2 "$W/s2" "    listen ${S_IP[1]}:443 ssl;"
nginx_start tlsi-s3 "$W/s3" "    listen ${S_IP[2]}:443 ssl;"
ns tlsi-s1 python3 "$MAKE_DIR/middlebox.py" "${S_IP[0]}" 443 127.0.0.1 443 --reset-max-version TLSv1.2 \
  --log "$W/middlebox.log" > "$W/middlebox.out" & BG_PIDS+=($!)
for k in $(seq 50); do [ -s "$W/middlebox.out" ] && break; sleep 0.1; done
[ -s "$W/middlebox.out" ] || die "middlebox did not start"

# ---- round-robin DNS ----------------------------------------------------------------------
RR=0
rr_take() {              # rr_take N : RR_OUT = the next N addresses in rotation, comma separated
  local out=() k
  for k in $(seq "$1"); do out+=("${S_IP[$((RR % 3))]}"); RR=$((RR + 1)); done
  RR_OUT=$(IFS=,; echo "${out[*]}")
}
CLI=
as_client() { CLI=198.51.100.$1; ns tlsi-cl ip route replace 203.0.113.0/24 dev eth0 src "$CLI"; }
C=(ns tlsi-cl)
NOALERT=(alert=null alert_from=null alert_encrypted=false)
FF35='ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA:AES128-SHA:AES256-SHA:DES-CBC3-SHA:@SECLEVEL=0'
FF_RETRY='ECDHE-RSA-AES256-SHA:AES256-SHA:DES-CBC3-SHA:@SECLEVEL=0'
LOG_CHECKS=()
log_has() { LOG_CHECKS+=("$1|$2"); }     # log_has SERVER PATTERN
browser() { "${C[@]}" "$MAKE_DIR/browser.sh" "$@" 2>"$W/browser.out"; local rc=$?; sed 's/^/  /' "$W/browser.out" >&2; return $rc; }

for i in 1 2 3; do tcpdump_start "tlsi-s$i" eth0 "$W/s$i.pcap"; done
plan_start "$W/fleet.jsonl"
expect type=meta "description=The seed incident in miniature: three nginx servers behind round-robin DNS, recorded one capture per server; a faulty middlebox in front of s1 resets TLS 1.2 hellos, so 2015-style browsers fall back and their retries meet inappropriate_fallback and required cipher missing on s2 and s3, while ordinary clients succeed." \
  generator=sample-pcaps/make/record-fleet.sh

# 1. ordinary curl user
as_client 31; rr_take 1; srv=$RR_OUT
"${C[@]}" curl -sS -o /dev/null --tlsv1.3 -k --resolve "$SNI:443:$srv" "https://$SNI/"
expect label=curl1 client=$CLI server=$srv server_port=443 "tool=$CURL --tlsv1.3 -k" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false \
  "note=s1: a TLS 1.3 hello passes the middlebox and reaches nginx"
gap
# 2. the resuming client gets a session from s2
as_client 34; rr_take 1; srv=$RR_OUT
printf 'GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$SNI" | "${C[@]}" openssl s_client -ign_eof \
  -connect "$srv:443" -servername "$SNI" -tls1_2 -cipher "$FF35" -sess_out "$W/c34.sess" >"$W/sess.out" 2>&1 || true
grep -q "^New, TLSv1.2" "$W/sess.out" || { cat "$W/sess.out" >&2; die "session setup failed"; }
expect label=sess client=$CLI server=$srv server_port=443 "tool=$OPENSSL -tls1_2 -cipher <Firefox 35 suites> -sess_out" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false \
  "note=s2 creates a session (cipher TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) in its own shared cache; the client keeps it"
gap
# 3. a Java application
as_client 32; rr_take 1; srv=$RR_OUT
"${C[@]}" java "$MAKE_DIR/TlsClient.java" --connect "$srv:443" --insecure >/dev/null
expect label=java1 client=$CLI server=$srv server_port=443 "tool=$JAVA (defaults)" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false \
  "note=s3: JSSE with its defaults"
gap
# 4-6. a Firefox-2015-style browser: TLS 1.2, then TLS 1.1 + SCSV, then TLS 1.0 + SCSV
as_client 33; rr_take 3; srvs=$RR_OUT; IFS=, read -r a b c <<< "$srvs"
browser --servers "$srvs" --ladder tls1_2,tls1_1,tls1 --scsv --cipher "$FF35" && die "Firefox-style client succeeded"
expect label=ffa0 client=$CLI server=$a server_port=443 "tool=make/browser.sh attempt 1 ($OPENSSL -tls1_2 -cipher <Firefox 35 suites>)" sni=$SNI outcome=server_reset version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.2 fallback_scsv=false \
  "note=s1's middlebox resets the TLS 1.2 hello (RST right after the ClientHello, no alert): the root cause"
expect label=ffa1 client=$CLI server=$b server_port=443 "tool=make/browser.sh attempt 2 ($OPENSSL -tls1_1 -fallback_scsv)" sni=$SNI outcome=server_alert version=null cipher=null hello_retry=false \
  max_version=TLSv1.1 alert=inappropriate_fallback alert_from=server alert_encrypted=false fallback_scsv=true resumed=false \
  "note=the retry lands on s2, which supports TLS 1.3: inappropriate_fallback (nginx: 'inappropriate fallback')"
expect label=ffa2 client=$CLI server=$c server_port=443 "tool=make/browser.sh attempt 3 ($OPENSSL -tls1 -fallback_scsv)" sni=$SNI outcome=server_alert version=null cipher=null hello_retry=false \
  max_version=TLSv1.0 alert=inappropriate_fallback alert_from=server alert_encrypted=false fallback_scsv=true resumed=false \
  "note=the last retry lands on s3: inappropriate_fallback again; the user sees ssl_error_inappropriate_fallback_alert"
expect type=chain client=$CLI server=$SNI attempts=ffa0,ffa1,ffa2 root_outcome=server_reset final_outcome=server_alert final_alert=inappropriate_fallback recovered=false
log_has s2 "inappropriate fallback) while SSL handshaking, client: $CLI,"
log_has s3 "inappropriate fallback) while SSL handshaking, client: $CLI,"
gap
# 7-8. the resuming client: its TLS 1.2 hello (offering s2's session) is reset on s1; the
# retry offers the same session with a smaller suite list that lacks the session's cipher
# and lands on s2, the server that issued the session: required cipher missing
as_client 34; rr_take 2; srvs=$RR_OUT; IFS=, read -r a b <<< "$srvs"
browser --servers "$srvs" --ladder tls1_2,tls1_2 --cipher "$FF35" --retry-cipher "$FF_RETRY" --sess-in "$W/c34.sess" && die "resuming client succeeded"
expect label=rs0 client=$CLI server=$a server_port=443 "tool=make/browser.sh attempt 1 ($OPENSSL -tls1_2 -cipher <Firefox 35 suites> -sess_in)" sni=$SNI outcome=server_reset version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.2 session_id_offered=true fallback_scsv=false \
  "note=offers the session s2 issued; s1's middlebox resets the TLS 1.2 hello"
expect label=rs1 client=$CLI server=$b server_port=443 "tool=make/browser.sh attempt 2 ($OPENSSL -tls1_2 -cipher ECDHE-RSA-AES256-SHA:AES256-SHA:DES-CBC3-SHA -sess_in)" sni=$SNI outcome=server_alert version=null cipher=null hello_retry=false \
  max_version=TLSv1.2 alert=illegal_parameter alert_from=server alert_encrypted=false session_id_offered=true fallback_scsv=false resumed=false \
  "note=retry with a smaller suite list that lacks the session's cipher, offering the same session ID to s2, which knows it: OpenSSL refuses with illegal_parameter; nginx on s2 logs 'SSL_do_handshake() failed (SSL: error:0A0000D7:SSL routines::required cipher missing)' at crit, as in the seed's log"
expect type=chain client=$CLI server=$SNI attempts=rs0,rs1 root_outcome=server_reset final_outcome=server_alert final_alert=illegal_parameter recovered=false
log_has s2 "\\[crit\\] .*required cipher missing) while SSL handshaking, client: $CLI,"
gap
# 9. a client with no shared cipher
as_client 36; rr_take 1; srv=$RR_OUT
"${C[@]}" gnutls-cli --insecure --priority 'NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305' --sni-hostname "$SNI" "$srv" </dev/null >/dev/null 2>&1 && die "no-shared-cipher client succeeded"
expect label=noshared client=$CLI server=$srv server_port=443 "tool=$GNUTLS --priority NORMAL:-VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305" sni=$SNI outcome=server_alert version=null cipher=null hello_retry=false \
  max_version=TLSv1.2 alert=handshake_failure alert_from=server alert_encrypted=false fallback_scsv=false resumed=false \
  "note=s3: the client offers only ChaCha20-Poly1305 suites, which the seed's ssl_ciphers leaves out: handshake_failure (nginx: 'no shared cipher')"
log_has s3 "no shared cipher) while SSL handshaking, client: $CLI,"
gap
# 10-11. a browser without SCSV: reset on s1, falls back to TLS 1.1 on s2 and succeeds
as_client 35; rr_take 2; srvs=$RR_OUT; IFS=, read -r a b <<< "$srvs"
browser --servers "$srvs" --ladder tls1_2,tls1_1,tls1 --cipher "$FF35" || die "no-SCSV browser failed"
expect label=ns0 client=$CLI server=$a server_port=443 "tool=make/browser.sh attempt 1 ($OPENSSL -tls1_2 -cipher <Firefox 35 suites>)" sni=$SNI outcome=server_reset version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.2 fallback_scsv=false \
  "note=reset by s1's middlebox"
expect label=ns1 client=$CLI server=$b server_port=443 "tool=make/browser.sh attempt 2 ($OPENSSL -tls1_1, no SCSV)" sni=$SNI outcome=established \
  max_version=TLSv1.1 version=TLSv1.1 cipher=TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false \
  "note=the retry without SCSV succeeds on s2 at TLS 1.1: a silent downgrade"
expect type=chain client=$CLI server=$SNI attempts=ns0,ns1 root_outcome=server_reset final_outcome=established final_alert=null recovered=true
gap
# 12. curl limited to TLS 1.2
as_client 37; rr_take 1; srv=$RR_OUT
"${C[@]}" curl -sS -o /dev/null --tls-max 1.2 -k --resolve "$SNI:443:$srv" "https://$SNI/"
expect label=curl12 client=$CLI server=$srv server_port=443 "tool=$CURL --tls-max 1.2 -k" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false \
  "note=s3"
gap
# 13. the Java application again
as_client 32; rr_take 1; srv=$RR_OUT
"${C[@]}" java "$MAKE_DIR/TlsClient.java" --connect "$srv:443" --insecure >/dev/null
expect label=java2 client=$CLI server=$srv server_port=443 "tool=$JAVA (defaults)" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false \
  "note=s1: a TLS 1.3 hello passes the middlebox"
gap
# 14. the curl user again
as_client 31; rr_take 1; srv=$RR_OUT
"${C[@]}" curl -sS -o /dev/null --tlsv1.3 -k --resolve "$SNI:443:$srv" "https://$SNI/"
expect label=curl2 client=$CLI server=$srv server_port=443 "tool=$CURL --tlsv1.3 -k" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false \
  "note=s2"
gap
# 15. gnutls-cli
as_client 37; rr_take 1; srv=$RR_OUT
printf 'GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$SNI" | "${C[@]}" gnutls-cli --insecure --sni-hostname "$SNI" "$srv" >/dev/null 2>&1 || true
expect label=gnutls client=$CLI server=$srv server_port=443 "tool=$GNUTLS --insecure" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false \
  "note=s3"
gap
# 16-18. a second Firefox-2015-style browser, same story
as_client 38; rr_take 3; srvs=$RR_OUT; IFS=, read -r a b c <<< "$srvs"
browser --servers "$srvs" --ladder tls1_2,tls1_1,tls1 --scsv --cipher "$FF35" && die "Firefox-style client succeeded"
expect label=ffb0 client=$CLI server=$a server_port=443 "tool=make/browser.sh attempt 1 ($OPENSSL -tls1_2 -cipher <Firefox 35 suites>)" sni=$SNI outcome=server_reset version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.2 fallback_scsv=false "note=reset by s1's middlebox"
expect label=ffb1 client=$CLI server=$b server_port=443 "tool=make/browser.sh attempt 2 ($OPENSSL -tls1_1 -fallback_scsv)" sni=$SNI outcome=server_alert version=null cipher=null hello_retry=false \
  max_version=TLSv1.1 alert=inappropriate_fallback alert_from=server alert_encrypted=false fallback_scsv=true resumed=false "note=s2"
expect label=ffb2 client=$CLI server=$c server_port=443 "tool=make/browser.sh attempt 3 ($OPENSSL -tls1 -fallback_scsv)" sni=$SNI outcome=server_alert version=null cipher=null hello_retry=false \
  max_version=TLSv1.0 alert=inappropriate_fallback alert_from=server alert_encrypted=false fallback_scsv=true resumed=false "note=s3"
expect type=chain client=$CLI server=$SNI attempts=ffb0,ffb1,ffb2 root_outcome=server_reset final_outcome=server_alert final_alert=inappropriate_fallback recovered=false
log_has s2 "inappropriate fallback) while SSL handshaking, client: $CLI,"
log_has s3 "inappropriate fallback) while SSL handshaking, client: $CLI,"

expect type=finding kind=fallback_after_failure connections=ffa1,ffa2,rs1,ns1,ffb1,ffb2
expect type=finding kind=fallback_scsv_rejected connections=ffa1,ffa2,ffb1,ffb2
expect type=finding kind=resumption_cipher_missing connections=rs1
expect type=finding kind=downgrade_without_scsv connections=ns1
expect type=finding kind=no_shared_cipher connections=noshared

tcpdump_stop_all
for i in 1 2 3; do tcpdump_report "$W/s$i.pcap"; cp "$W/s$i.pcap" "$OUT/s$i.pcap"; done
for chk in "${LOG_CHECKS[@]}"; do
  s=${chk%%|*} p=${chk#*|}
  grep -q -- "$p" "$W/$s/logs/error.log" || { grep -v notice "$W/$s/logs/error.log" >&2; die "nginx error.log of $s lacks: $p"; }
done
echo "  middlebox: $(grep -c RESET "$W/middlebox.log") resets, $(grep -c forward "$W/middlebox.log") forwarded" >&2
manifest_build "$OUT/fleet.manifest.json" "$OUT/s1.pcap" "$OUT/s2.pcap" "$OUT/s3.pcap"
status_set "fleet: ready"
echo "fleet: done" >&2
