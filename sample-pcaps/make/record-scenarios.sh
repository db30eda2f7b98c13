#!/usr/bin/env bash
# Record the scenario captures of issue 3, each with its manifest:
#   handshakes.pcap  completed handshakes: TLS 1.0-1.3, four client stacks, IPv6,
#                    resumption by session ID, HelloRetryRequest
#   failures.pcap    one connection per way a handshake can fail or never start
#   fallback.pcap    a faulty middlebox resets TLS 1.3 hellos; a "browser" falls back,
#                    with and without TLS_FALLBACK_SCSV; a fallback after a silent server
# One nginx (203.0.113.1, [2001:db8::1]) configured as in the seed incident plus TLS 1.3;
# ssl_ecdh_curve X25519:prime256v1 so that a client whose first group is X448 gets a
# HelloRetryRequest. Other server-namespace addresses: .2 a silent listener, .3 the faulty
# middlebox in front of nginx, .4 nothing (refused), .5 a listener whose accept queue is
# full (SYNs dropped). Clients run in tlsi-cli, from 198.51.100.10-29 (one address per story).
source "$(dirname "$0")/lib.sh"
need_all

W=$(mktemp -d /tmp/tlsi-scen.XXXXXX); chmod 755 "$W"
trap 'nginx_stop "$W"; netns_cleanup; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
OUT=$PCAP_DIR
C=(ns tlsi-cli)
REQ=$'GET / HTTP/1.1\r\nHost: www.example.test\r\nConnection: close\r\n\r\n'
NOALERT=(alert=null alert_from=null alert_encrypted=false)
SECLEVEL0='DEFAULT:@SECLEVEL=0'
LEGACY_JAVA=(-Djava.security.properties="$MAKE_DIR/java-legacy-tls.security")

lab_single
make_cert "$W"
nginx_start tlsi-srv "$W" "    listen $SRV4:443 ssl;
    listen [$SRV6]:443 ssl;" "X25519:prime256v1"
ns tlsi-srv python3 "$MAKE_DIR/tcp-helpers.py" silent 203.0.113.2 443 > "$W/silent.out" & BG_PIDS+=($!)
ns tlsi-srv python3 "$MAKE_DIR/tcp-helpers.py" blackhole 203.0.113.5 443 > "$W/blackhole.out" & BG_PIDS+=($!)
ns tlsi-srv python3 "$MAKE_DIR/middlebox.py" 203.0.113.3 443 "$SRV4" 443 --reset-tls13 --log "$W/middlebox.log" > "$W/middlebox.out" & BG_PIDS+=($!)
for f in silent blackhole middlebox; do
  for k in $(seq 50); do [ -s "$W/$f.out" ] && break; sleep 0.1; done
  [ -s "$W/$f.out" ] || die "$f helper did not start"
done

# ossl ARGS... : openssl s_client with one HTTP request on stdin; never fails the script
ossl() { printf '%s' "$REQ" | "${C[@]}" openssl s_client -ign_eof "$@" >"$W/last.out" 2>&1 || true; }
# log_has PATTERN : nginx's error.log must contain it (checked once the phase is over)
LOG_CHECKS=()
log_has() { LOG_CHECKS+=("$1"); }
check_logs() {
  local p
  for p in "${LOG_CHECKS[@]}"; do
    grep -q -- "$p" "$W/logs/error.log" || { grep -v notice "$W/logs/error.log" >&2; die "nginx error.log lacks: $p"; }
  done
  LOG_CHECKS=()
}
phase_end() {            # phase_end NAME : stop the capture, verify, write the manifest
  tcpdump_stop_all
  tcpdump_report "$W/$1.pcap"
  cp "$W/$1.pcap" "$OUT/$1.pcap"
  check_logs
  manifest_build "$OUT/$1.manifest.json" "$OUT/$1.pcap"
}

###########################################################################################
echo "scenarios: handshakes.pcap" >&2
plan_start "$W/handshakes.jsonl"
expect type=meta "description=Completed handshakes against nginx: TLS 1.3, 1.2, 1.1 and 1.0 from openssl s_client, curl, gnutls-cli and Java's SSLSocket, over IPv4 and IPv6, a resumption by session ID and a HelloRetryRequest." \
  generator=sample-pcaps/make/record-scenarios.sh
tcpdump_start tlsi-srv eth0 "$W/handshakes.pcap"

client_ip 10
"${C[@]}" curl -sS -o /dev/null --tlsv1.3 -k --resolve "$SNI:443:$SRV4" "https://$SNI/"
expect label=curl13 client=$CLI server=$SRV4 server_port=443 "tool=$CURL --tlsv1.3 -k" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=TLS 1.3 full handshake; nginx's TLS 1.3 suite preference puts AES-256-GCM first"
gap
ossl -connect "$SRV4:443" -servername "$SNI" -tls1_2
expect label=ossl12 client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -tls1_2" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=TLS 1.2; the first suite of the seed's ssl_ciphers wins (ssl_prefer_server_ciphers on)"
gap
ossl -connect "$SRV4:443" -servername "$SNI" -tls1_1 -cipher "$SECLEVEL0"
expect label=ossl11 client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -tls1_1 -cipher DEFAULT:@SECLEVEL=0" sni=$SNI outcome=established \
  max_version=TLSv1.1 version=TLSv1.1 cipher=TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=TLS 1.1 (needs @SECLEVEL=0 on both sides with OpenSSL 3); GCM suites are not offered below TLS 1.2"
gap
"${C[@]}" java "${LEGACY_JAVA[@]}" "$MAKE_DIR/TlsClient.java" --connect "$SRV4:443" --insecure --protocols TLSv1 >/dev/null
expect label=java10 client=$CLI server=$SRV4 server_port=443 "tool=$JAVA --protocols TLSv1 (jdk.tls.disabledAlgorithms overridden)" sni=$SNI outcome=established \
  max_version=TLSv1.0 version=TLSv1.0 cipher=TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=TLS 1.0 from JSSE; JDK 17 disables TLSv1 by default, re-enabled with make/java-legacy-tls.security"
gap
"${C[@]}" java "$MAKE_DIR/TlsClient.java" --connect "$SRV4:443" --insecure >/dev/null
expect label=java13 client=$CLI server=$SRV4 server_port=443 "tool=$JAVA (defaults)" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=JSSE with its default protocols (TLS 1.3 and 1.2)"
gap
"${C[@]}" java "$MAKE_DIR/TlsClient.java" --connect "$SRV4:443" --insecure --protocols TLSv1.2 >/dev/null
expect label=java12 client=$CLI server=$SRV4 server_port=443 "tool=$JAVA --protocols TLSv1.2" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=JSSE limited to TLS 1.2"
gap
printf '%s' "$REQ" | "${C[@]}" gnutls-cli --insecure --sni-hostname "$SNI" "$SRV4" >/dev/null 2>&1 || true
expect label=gnutls13 client=$CLI server=$SRV4 server_port=443 "tool=$GNUTLS --insecure" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=GnuTLS with its default priority string (NORMAL)"
gap
printf '%s' "$REQ" | "${C[@]}" gnutls-cli --insecure --priority 'NORMAL:-VERS-TLS1.3' --sni-hostname "$SNI" "$SRV6" >/dev/null 2>&1 || true
expect label=gnutls12v6 client=$CLI6 server=$SRV6 server_port=443 "tool=$GNUTLS --priority NORMAL:-VERS-TLS1.3 --insecure (IPv6)" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=GnuTLS limited to TLS 1.2, over IPv6"
gap
"${C[@]}" curl -sS -o /dev/null -k --resolve "$SNI:443:[$SRV6]" "https://$SNI/"
expect label=curl13v6 client=$CLI6 server=$SRV6 server_port=443 "tool=$CURL -k (IPv6)" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=TLS 1.3 over IPv6"
gap
client_ip 11
ossl -connect "$SRV4:443" -servername "$SNI" -no_tls1_3 -no_ticket -sess_out "$W/resume.sess"
expect label=sess_new client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -no_tls1_3 -no_ticket -sess_out" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=full TLS 1.2 handshake; nginx puts the session in its shared cache (tickets are off) and the client saves it"
gap
ossl -connect "$SRV4:443" -servername "$SNI" -no_tls1_3 -no_ticket -sess_in "$W/resume.sess"
grep -q '^Reused, TLSv1.2' "$W/last.out" || die "openssl did not resume the session"
expect label=sess_resumed client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -no_tls1_3 -no_ticket -sess_in" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=true hello_retry=false sslv2_format=false \
  "note=abbreviated handshake: the server echoes the offered session ID, no Certificate; same cipher as the session"
gap
client_ip 12
ossl -connect "$SRV4:443" -servername "$SNI" -groups X448:prime256v1
expect label=hrr client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -groups X448:prime256v1" sni=$SNI outcome=established \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=true sslv2_format=false \
  "note=the client's only key share is X448, which the server (ssl_ecdh_curve X25519:prime256v1) does not support: HelloRetryRequest for secp256r1, second ClientHello, then a full handshake"
phase_end handshakes

###########################################################################################
echo "scenarios: failures.pcap" >&2
plan_start "$W/failures.jsonl"
expect type=meta "description=One connection per way a TLS handshake fails or never starts: plain HTTP, certificates rejected by the client (TLS 1.2 and 1.3), inappropriate_fallback, required cipher missing, no shared cipher, a silent server, a refused port, an unanswered SYN, no ClientHello, an SSLv2-format hello." \
  generator=sample-pcaps/make/record-scenarios.sh
tcpdump_start tlsi-srv eth0 "$W/failures.pcap"

client_ip 13
"${C[@]}" curl -sS -o /dev/null --resolve "$SNI:443:$SRV4" "http://$SNI:443/"
log_has "client sent plain HTTP request to HTTPS port.*client: $CLI,"
expect label=plain client=$CLI server=$SRV4 server_port=443 "tool=$CURL http://www.example.test:443/" outcome=not_tls \
  "note=plain HTTP to the TLS port; nginx answers 400 in clear text and logs 'client sent plain HTTP request to HTTPS port'"
gap
client_ip 14
"${C[@]}" curl -sS -o /dev/null --tls-max 1.2 --resolve "$SNI:443:$SRV4" "https://$SNI/" 2>/dev/null && die "curl accepted the self-signed cert"
log_has "alert unknown ca:SSL alert number 48) while SSL handshaking, client: $CLI,"
expect label=cert12 client=$CLI server=$SRV4 server_port=443 "tool=$CURL --tls-max 1.2 (certificate verification on)" sni=$SNI outcome=client_alert \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 alert=unknown_ca alert_from=client alert_encrypted=false fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=curl (OpenSSL) rejects the self-signed certificate: plaintext fatal alert unknown_ca after the server's flight"
gap
client_ip 15
"${C[@]}" curl -sS -o /dev/null --tlsv1.3 --resolve "$SNI:443:$SRV4" "https://$SNI/" 2>/dev/null && die "curl accepted the self-signed cert"
log_has "alert unknown ca:SSL alert number 48) while SSL handshaking, client: $CLI,"
expect label=cert13_openssl client=$CLI server=$SRV4 server_port=443 "tool=$CURL --tlsv1.3 (certificate verification on)" sni=$SNI outcome=client_alert \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 alert=unknown_ca alert_from=client alert_encrypted=false fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=TLS 1.3, yet the alert is NOT encrypted: OpenSSL 3.0's client has not switched its write side to the handshake keys when certificate verification fails, so curl's unknown_ca goes out as a plaintext record (type 21) after the server's encrypted flight"
gap
client_ip 16
"${C[@]}" gnutls-cli --sni-hostname "$SNI" "$SRV4" </dev/null >/dev/null 2>&1 && die "gnutls-cli accepted the self-signed cert"
log_has "alert bad certificate:SSL alert number 42) while SSL handshaking, client: $CLI,"
expect label=cert13_gnutls client=$CLI server=$SRV4 server_port=443 "tool=$GNUTLS (certificate verification on)" sni=$SNI outcome=client_alert \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 alert_from=client alert_encrypted=true fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=GnuTLS rejects the certificate in TLS 1.3: after its ChangeCipherSpec it sends one encrypted record of 19 bytes (an alert under the handshake keys) and closes; nginx decrypts it and logs 'sslv3 alert bad certificate:SSL alert number 42'"
gap
client_ip 17
"${C[@]}" java "$MAKE_DIR/TlsClient.java" --connect "$SRV4:443" >/dev/null && die "java accepted the self-signed cert"
log_has "alert certificate unknown:SSL alert number 46) while SSL handshaking, client: $CLI,"
expect label=cert13_java client=$CLI server=$SRV4 server_port=443 "tool=$JAVA (default trust store)" sni=$SNI outcome=client_alert \
  max_version=TLSv1.3 version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 alert_from=client alert_encrypted=true fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=JSSE rejects the certificate (PKIX path building failed) in TLS 1.3: ChangeCipherSpec, then one encrypted record of 35 bytes and a close; nginx decrypts it and logs 'sslv3 alert certificate unknown:SSL alert number 46'"
gap
client_ip 18
ossl -connect "$SRV4:443" -servername "$SNI" -tls1_1 -fallback_scsv -cipher "$SECLEVEL0"
log_has "inappropriate fallback) while SSL handshaking, client: $CLI,"
expect label=scsv client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -tls1_1 -fallback_scsv" sni=$SNI outcome=server_alert version=null cipher=null \
  max_version=TLSv1.1 alert=inappropriate_fallback alert_from=server alert_encrypted=false fallback_scsv=true resumed=false hello_retry=false sslv2_format=false \
  "note=TLS_FALLBACK_SCSV at TLS 1.1 to a server that supports TLS 1.3: fatal alert inappropriate_fallback, no ServerHello; nginx logs 'inappropriate fallback'"
gap
client_ip 19
ossl -connect "$SRV4:443" -servername "$SNI" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -sess_out "$W/rcm.sess"
expect label=rcm_first client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 -sess_out" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=creates a session with cipher TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
gap
ossl -connect "$SRV4:443" -servername "$SNI" -tls1_2 -cipher ECDHE-RSA-AES256-SHA -sess_in "$W/rcm.sess"
log_has "\\[crit\\] .*required cipher missing) while SSL handshaking, client: $CLI,"
expect label=rcm client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -tls1_2 -cipher ECDHE-RSA-AES256-SHA -sess_in" sni=$SNI outcome=server_alert version=null cipher=null \
  max_version=TLSv1.2 alert=illegal_parameter alert_from=server alert_encrypted=false session_id_offered=true fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=offers the previous connection's session ID without that session's cipher; OpenSSL refuses the resumption with illegal_parameter and nginx logs 'SSL_do_handshake() failed (SSL: error:0A0000D7:SSL routines::required cipher missing)' at crit, as in the seed incident"
gap
client_ip 20
ossl -connect "$SRV4:443" -servername "$SNI" -tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305
log_has "no shared cipher) while SSL handshaking, client: $CLI,"
expect label=noshared client=$CLI server=$SRV4 server_port=443 "tool=$OPENSSL -tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305" sni=$SNI outcome=server_alert version=null cipher=null \
  max_version=TLSv1.2 alert=handshake_failure alert_from=server alert_encrypted=false fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=the client offers only ChaCha20-Poly1305, which the seed's ssl_ciphers leaves out: handshake_failure, nginx logs 'no shared cipher'"
gap
client_ip 21
"${C[@]}" curl -sS -o /dev/null -k --max-time 2 --resolve "$SNI:443:203.0.113.2" "https://$SNI/" 2>/dev/null && die "silent server answered"
expect label=silent client=$CLI server=203.0.113.2 server_port=443 "tool=$CURL -k --max-time 2" sni=$SNI outcome=no_server_response version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.3 fallback_scsv=false sslv2_format=false \
  "note=a listener that accepts and never reads or answers; curl gives up after 2 s and closes (FIN); the capture ends before the server side closes"
gap
client_ip 22
"${C[@]}" curl -sS -o /dev/null -k --resolve "$SNI:443:203.0.113.4" "https://$SNI/" 2>/dev/null && die "refused port answered"
expect label=refused client=$CLI server=203.0.113.4 server_port=443 "tool=$CURL -k" outcome=refused \
  "note=nothing listens on 203.0.113.4:443: the kernel answers the SYN with RST,ACK"
gap
client_ip 23
"${C[@]}" curl -sS -o /dev/null -k --connect-timeout 2 --resolve "$SNI:443:203.0.113.5" "https://$SNI/" 2>/dev/null && die "blackhole answered"
expect label=unanswered client=$CLI server=203.0.113.5 server_port=443 "tool=$CURL -k --connect-timeout 2" outcome=unanswered_syn \
  "note=the listener's accept queue is full (listen backlog 0, filled over loopback), so the kernel drops the SYNs: the SYN and its retransmission get no answer; curl gives up after 2 s"
gap
client_ip 24
"${C[@]}" python3 "$MAKE_DIR/tcp-helpers.py" connect-close "$SRV4" 443
expect label=nohello client=$CLI server=$SRV4 server_port=443 "tool=python3 socket: connect, close" outcome=no_client_hello \
  "note=TCP handshake, then the client closes without sending a byte (like a port scanner or a health check)"
gap
client_ip 25
"${C[@]}" python3 "$MAKE_DIR/tcp-helpers.py" sslv2-hello "$SRV4" 443 > "$W/sslv2.out"
grep -q 'hs 2' "$W/sslv2.out" || die "nginx did not answer the SSLv2-format hello: $(cat "$W/sslv2.out")"
log_has "peer closed connection in SSL handshake while SSL handshaking, client: $CLI,"
expect label=sslv2 client=$CLI server=$SRV4 server_port=443 "tool=python3 hand-made SSLv2-format ClientHello (version TLS 1.2)" sni=null outcome=client_abandoned \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_RSA_WITH_AES_128_GCM_SHA256 alert=null alert_from=null alert_encrypted=false fallback_scsv=false sslv2_format=true \
  "note=hand-made SSLv2-format hello (2-byte header, 3-byte cipher specs, no extensions, so no SNI and no supported_groups): OpenSSL 3 accepts it and answers ServerHello TLS 1.2 with RSA key exchange, Certificate, ServerHelloDone; the script then closes without an alert and nginx logs 'peer closed connection in SSL handshake'"
# issue 8: the certificate is self-signed (seen on cert12, TLS 1.2): certificate_untrusted, not the generic kind
expect type=finding kind=certificate_untrusted connections=cert12,cert13_openssl,cert13_gnutls,cert13_java
expect type=finding kind=fallback_scsv_rejected connections=scsv
expect type=finding kind=resumption_cipher_missing connections=rcm
expect type=finding kind=no_shared_cipher connections=noshared
expect type=finding kind=server_unresponsive connections=silent
phase_end failures

###########################################################################################
echo "scenarios: fallback.pcap" >&2
plan_start "$W/fallback.jsonl"
expect type=meta "description=A faulty middlebox in front of nginx (203.0.113.3) resets every ClientHello that offers TLS 1.3; a browser-like client falls back: with TLS_FALLBACK_SCSV the retry gets inappropriate_fallback, without it the retry succeeds at TLS 1.2; a third client falls back after a server that never answers." \
  generator=sample-pcaps/make/record-scenarios.sh
tcpdump_start tlsi-srv eth0 "$W/fallback.pcap"
MB=203.0.113.3
client_ip 26
"${C[@]}" "$MAKE_DIR/browser.sh" --servers $MB --scsv --stop-on-alert 2>"$W/browser.out" && die "browser with SCSV succeeded"
cat "$W/browser.out" >&2
expect label=a0 client=$CLI server=$MB server_port=443 "tool=make/browser.sh attempt 1 ($OPENSSL, default versions)" sni=$SNI outcome=server_reset version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.3 fallback_scsv=false sslv2_format=false \
  "note=the middlebox reads the ClientHello, sees TLS 1.3 in supported_versions and resets the connection (RST, no alert)"
expect label=a1 client=$CLI server=$MB server_port=443 "tool=make/browser.sh attempt 2 ($OPENSSL -tls1_2 -fallback_scsv)" sni=$SNI outcome=server_alert version=null cipher=null hello_retry=false resumed=false \
  max_version=TLSv1.2 alert=inappropriate_fallback alert_from=server alert_encrypted=false fallback_scsv=true sslv2_format=false \
  "note=the fallback retry passes the middlebox, but nginx supports TLS 1.3 and sees TLS_FALLBACK_SCSV: inappropriate_fallback; the browser stops here (--stop-on-alert)"
expect type=chain client=$CLI server=$SNI attempts=a0,a1 root_outcome=server_reset final_outcome=server_alert final_alert=inappropriate_fallback recovered=false \
  "note=the symptom (inappropriate_fallback) hides the cause (the middlebox's reset)"
log_has "inappropriate fallback"
sleep 1
client_ip 27
"${C[@]}" "$MAKE_DIR/browser.sh" --servers $MB --stop-on-alert 2>"$W/browser.out" || die "browser without SCSV failed"
cat "$W/browser.out" >&2
expect label=b0 client=$CLI server=$MB server_port=443 "tool=make/browser.sh attempt 1 ($OPENSSL, default versions)" sni=$SNI outcome=server_reset version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.3 fallback_scsv=false sslv2_format=false \
  "note=reset by the middlebox, as above"
expect label=b1 client=$CLI server=$MB server_port=443 "tool=make/browser.sh attempt 2 ($OPENSSL -tls1_2, no SCSV)" sni=$SNI outcome=established \
  max_version=TLSv1.2 version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "${NOALERT[@]}" fallback_scsv=false resumed=false hello_retry=false sslv2_format=false \
  "note=the retry without SCSV succeeds at TLS 1.2: a silent downgrade"
expect type=chain client=$CLI server=$SNI attempts=b0,b1 root_outcome=server_reset final_outcome=established final_alert=null recovered=true
sleep 1
client_ip 28
"${C[@]}" "$MAKE_DIR/browser.sh" --servers 203.0.113.2 --scsv --timeout 2 --max-attempts 2 2>"$W/browser.out" && die "silent server answered"
cat "$W/browser.out" >&2
expect label=c0 client=$CLI server=203.0.113.2 server_port=443 "tool=make/browser.sh attempt 1 ($OPENSSL, default versions, 2 s timeout)" sni=$SNI outcome=no_server_response version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.3 fallback_scsv=false sslv2_format=false \
  "note=a server that accepts and never answers; the browser gives up after 2 s"
expect label=c1 client=$CLI server=203.0.113.2 server_port=443 "tool=make/browser.sh attempt 2 ($OPENSSL -tls1_2 -fallback_scsv, 2 s timeout)" sni=$SNI outcome=no_server_response version=null cipher=null "${NOALERT[@]}" resumed=false hello_retry=false \
  max_version=TLSv1.2 fallback_scsv=true sslv2_format=false \
  "note=the fallback retry meets the same silence; the browser stops after two attempts (--max-attempts 2)"
expect type=chain client=$CLI server=$SNI attempts=c0,c1 root_outcome=no_server_response final_outcome=no_server_response final_alert=null recovered=false
expect type=finding kind=fallback_after_failure connections=a1,b1,c1
expect type=finding kind=fallback_scsv_rejected connections=a1
expect type=finding kind=downgrade_without_scsv connections=b1
expect type=finding kind=server_unresponsive connections=c0,c1
phase_end fallback
grep -c RESET "$W/middlebox.log" | sed 's/^/  middlebox resets: /' >&2

status_set "scenarios: ready"
echo "scenarios: done" >&2
