#!/usr/bin/env bash
# Record sample-pcaps/beyond443/: TLS that does not start at the first byte of a TCP
# connection (issue 11), one capture per protocol family, each with a manifest:
#   smtp.pcap       SMTP STARTTLS on 25 and 587 (postfix), a server without TLS (502), a
#                   server whose TLS is broken (454), a client that never starts TLS
#   mailbox.pcap    IMAP 143 and POP3 110 STARTTLS/STLS (dovecot), a client without TLS
#   ftp.pcap        FTP AUTH TLS on 21 (vsftpd) and the TLS data connection it opens
#   xmpp.pcap       XMPP client-to-server 5222 and server-to-server 5269 (prosody)
#   irc.pcap        IRC STARTTLS on 6667 (inspircd's starttls module)
#   ldap.pcap       LDAP StartTLS extended operation on 389 (slapd), a server without TLS
#   postgres.pcap   PostgreSQL SSLRequest on 5432, a server with ssl=off answering 'N'
#   mysql.pcap      MariaDB's SSL request on 3306
#   rdp.pcap        RDP negotiation and switch to TLS on 3389 (xrdp, FreeRDP)
#   proxies.pcap    TLS inside SOCKS5, SOCKS4 (dante), SOCKS4a (OpenSSH's ssh -D) and HTTP
#                   CONNECT (squid) to nginx; proxies that refuse the target
# Real servers (Debian's packages) run in t11-srv with private configurations under a temporary
# folder; real clients run in t11-cli. tcpdump records the server's veth. Every server is
# stopped and both namespaces deleted on exit. ONLY="smtp ldap" records a subset.
source "$(dirname "$0")/lib.sh"
need_all
need_many postfix:postfix swaks:swaks dovecot:dovecot-imapd /usr/lib/dovecot/pop3:dovecot-pop3d \
  vsftpd:vsftpd prosody:prosody inspircd:inspircd slapd:slapd ldapsearch:ldap-utils \
  /usr/lib/postgresql/15/bin/postgres:postgresql-15 psql:postgresql-client-15 mariadbd:mariadb-server \
  mariadb:mariadb-client xrdp:xrdp xfreerdp:freerdp2-x11 xvfb-run:xvfb danted:dante-server squid:squid \
  /usr/sbin/sshd:openssh-server ssh:openssh-client

W=$(mktemp -d /tmp/t11-beyond443.XXXXXX); chmod 755 "$W"
OUT=$PCAP_DIR/beyond443
mkdir -p "$OUT"
CREATED_RUN=()
cleanup() {
  netns_cleanup
  netns_etc_cleanup
  local d; for d in "${CREATED_RUN[@]:-}"; do [ -n "$d" ] && rm -rf "$d"; done
  [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
ONLY=${ONLY:-smtp mailbox ftp xmpp irc ldap postgres mysql rdp proxies}
wanted() { [[ " $ONLY " == *" $1 "* ]]; }

lab_beyond443 t11
S=(ns "$B4_S")
C=(ns "$B4_C")
make_cert "$W"
SWAKS="swaks $(dpkg-query -W -f='${Version}' swaks)"
TLSNOTES=(alert=null alert_from=null hello_retry=false)

# run_bg NAME CMD... : a daemon in the server namespace, output in $W/NAME.out
run_bg() { local n=$1; shift; "${S[@]}" "$@" > "$W/$n.out" 2>&1 & BG_PIDS+=($!); }
# make_dir_for USER DIR... : directories a daemon that drops privileges can use
make_dir_for() { local u=$1; shift; mkdir -p "$@"; chown -R "$u" "$@"; }
# certs_for USER DIR : a copy of the certificate and key the daemon's user can read
certs_for() { make_dir_for "$1" "$2"; cp "$W/server.crt" "$W/server.key" "$2/"; chown "$1" "$2"/server.*; chmod 600 "$2/server.key"; }

# capture_start NAME / capture_end NAME [decode-as...]: record NAME.pcap, then build its manifest
capture_start() {
  echo "beyond443: $1.pcap" >&2
  plan_start "$W/$1.jsonl"
  tcpdump_start "$B4_S" eth0 "$W/$1.pcap"
}
capture_end() {
  local n=$1; shift
  tcpdump_stop_all
  tcpdump_report "$W/$n.pcap"
  cp "$W/$n.pcap" "$OUT/$n.pcap"
  # B4_NO_MANIFEST=1: keep the plan next to the capture instead (while changing manifest.py)
  if [ -n "${B4_NO_MANIFEST:-}" ]; then cp "$W/$n.jsonl" "$OUT/$n.plan.jsonl"; return; fi
  manifest_build "$OUT/$n.manifest.json" "$OUT/$n.pcap"
}
meta() { expect type=meta "description=$1" generator=sample-pcaps/make/record-beyond443.sh "${@:2}"; }

###########################################################################################
if wanted smtp; then
  # One postfix with four smtpd listeners: .1:25 and .1:587 with TLS (587 requires it),
  # .2:25 without TLS (STARTTLS answered 502), .2:587 with an unreadable certificate (454).
  P=$W/postfix
  mkdir -p "$P/conf" "$P/spool" "$P/data"
  cp -r /etc/postfix/postfix-files /etc/postfix/postfix-files.d /etc/postfix/dynamicmaps.cf "$P/conf/" 2>/dev/null || true
  chown postfix "$P/data"
  cat > "$P/conf/main.cf" <<EOF
compatibility_level = 3.6
myhostname = mail.example.test
mydomain = example.test
mydestination = example.test, mail.example.test
inet_interfaces = $B4_SRV, $B4_NOTLS
inet_protocols = ipv4
queue_directory = $P/spool
data_directory = $P/data
mynetworks = 198.51.100.0/24 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP
local_transport = discard:
default_transport = discard:
alias_maps =
alias_database =
local_recipient_maps =
biff = no
smtpd_tls_cert_file = $W/server.crt
smtpd_tls_key_file = $W/server.key
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
maillog_file = $P/maillog
maillog_file_prefixes = $P
EOF
  cat > "$P/conf/master.cf" <<EOF
$B4_SRV:smtp         inet n - n - - smtpd
$B4_SRV:submission   inet n - n - - smtpd -o smtpd_tls_security_level=encrypt
$B4_NOTLS:smtp       inet n - n - - smtpd -o smtpd_tls_security_level=none
$B4_NOTLS:submission inet n - n - - smtpd -o smtpd_tls_cert_file=$W/missing.crt -o smtpd_tls_key_file=$W/missing.key
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
tlsmgr    unix - - n 1000? 1 tlsmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
  # postfix reads /etc/postfix; give it ours in the namespace's own mount table (ip netns exec
  # runs every command in a private mount namespace, which the daemons it starts keep)
  "${S[@]}" sh -c "mount --bind '$P/conf' /etc/postfix && postfix start" > "$W/postfix.out" 2>&1 || { cat "$W/postfix.out" "$P/maillog" >&2; die "postfix did not start"; }
  for a in "$B4_SRV 25" "$B4_SRV 587" "$B4_NOTLS 25" "$B4_NOTLS 587"; do wait_tcp "$B4_S" $a; done

  capture_start smtp
  meta "SMTP STARTTLS against postfix: TLS 1.3 and 1.2 on 25 and 587 (openssl s_client, swaks), a client that never starts TLS, a server without TLS (502; openssl sends its ClientHello anyway) and a server whose TLS is broken (454)."
  b4_client_ip 10
  (echo QUIT; sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls smtp -connect "$B4_SRV:25" -servername mail.example.test > "$W/last.out" 2>&1 || true
  grep -q '^221' "$W/last.out" || die "smtp: openssl s_client did not get 221 after TLS"
  expect client=$CLI server=$B4_SRV server_port=25 transport=tcp preamble=smtp "tool=$OPENSSL -starttls smtp" sni=mail.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=EHLO, STARTTLS, 220, then TLS 1.3 and QUIT inside it"
  gap
  (echo QUIT; sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls smtp -tls1_2 -connect "$B4_SRV:587" -servername mail.example.test > "$W/last.out" 2>&1 || true
  grep -q '^221' "$W/last.out" || die "smtp: openssl s_client -tls1_2 did not get 221 after TLS"
  expect client=$CLI server=$B4_SRV server_port=587 transport=tcp preamble=smtp "tool=$OPENSSL -starttls smtp -tls1_2" sni=mail.example.test \
    outcome=established version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=submission port (smtpd_tls_security_level=encrypt), TLS 1.2"
  gap
  b4_client_ip 11
  "${C[@]}" swaks --to alice@example.test --from bob@example.test --server "$B4_SRV" --port 587 --tls --tls-sni mail.example.test > "$W/last.out" 2>&1 \
    || { cat "$W/last.out" >&2; die "smtp: swaks --tls failed"; }
  expect client=$CLI server=$B4_SRV server_port=587 transport=tcp preamble=smtp "tool=$SWAKS --tls" sni=mail.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=a message submitted inside TLS (swaks uses Net::SSLeay, OpenSSL)"
  gap
  b4_client_ip 12
  "${C[@]}" swaks --to alice@example.test --from bob@example.test --server "$B4_SRV" --port 25 > "$W/last.out" 2>&1 \
    || { cat "$W/last.out" >&2; die "smtp: plain swaks failed"; }
  expect client=$CLI server=$B4_SRV server_port=25 transport=tcp preamble=smtp "tool=$SWAKS" outcome=tls_never_started \
    starttls_refused=false tls_never_started=true \
    "note=the server offers STARTTLS in its EHLO answer; the client sends the message in plaintext"
  gap
  b4_client_ip 13
  (echo QUIT; sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls smtp -connect "$B4_NOTLS:25" -servername mail.example.test > "$W/last.out" 2>&1 || true
  grep -q "Didn't find STARTTLS" "$W/last.out" || die "smtp: openssl did not notice the missing STARTTLS"
  expect client=$CLI server=$B4_NOTLS server_port=25 transport=tcp preamble=smtp "tool=$OPENSSL -starttls smtp" outcome=starttls_refused \
    starttls_refused=true tls_never_started=false \
    "note=postfix without TLS (smtpd_tls_security_level=none): no STARTTLS in EHLO, STARTTLS answered '502 5.5.1 Error: command not implemented'; openssl s_client sends its ClientHello anyway and postfix answers it with 500 lines"
  gap
  "${C[@]}" swaks --to alice@example.test --from bob@example.test --server "$B4_NOTLS" --port 587 --tls > "$W/last.out" 2>&1 || true
  grep -q '454 4.7.0' "$W/last.out" || { cat "$W/last.out" >&2; die "smtp: no 454 from the broken TLS listener"; }
  expect client=$CLI server=$B4_NOTLS server_port=587 transport=tcp preamble=smtp "tool=$SWAKS --tls" outcome=starttls_refused \
    starttls_refused=true tls_never_started=false \
    "note=postfix whose certificate file is missing offers STARTTLS and answers it '454 4.7.0 TLS not available due to local problem'; swaks quits"
  capture_end smtp
  grep -q 'cannot get RSA certificate from file.*disabling TLS support' "$P/maillog" || die "smtp: postfix did not log the TLS failure"
fi

###########################################################################################
if wanted mailbox; then
  D=$W/dovecot
  mkdir -p "$D/run" "$D/state" "$W/mail"; chmod 777 "$W/mail"
  cat > "$D/dovecot.conf" <<EOF
protocols = imap pop3
listen = $B4_SRV
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
ssl = yes
ssl_cert = <$W/server.crt
ssl_key = <$W/server.key
disable_plaintext_auth = yes
auth_mechanisms = plain
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$W/mail/%u
}
mail_location = maildir:$W/mail/%u
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 0
  }
}
EOF
  "${S[@]}" dovecot -c "$D/dovecot.conf" || die "dovecot did not start"
  wait_tcp "$B4_S" "$B4_SRV" 143; wait_tcp "$B4_S" "$B4_SRV" 110

  capture_start mailbox
  meta "IMAP STARTTLS (143) and POP3 STLS (110) against dovecot: curl with --ssl-reqd and openssl s_client, and a curl that logs in without TLS (refused: plaintext authentication disabled)."
  b4_client_ip 14
  "${C[@]}" curl -sS --ssl-reqd -k -u alice:secret --resolve "mail.example.test:143:$B4_SRV" "imap://mail.example.test/INBOX" -X 'EXAMINE INBOX' > "$W/last.out" \
    || die "mailbox: curl imap failed"
  expect client=$CLI server=$B4_SRV server_port=143 transport=tcp preamble=imap "tool=$CURL --ssl-reqd imap://" sni=mail.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=CAPABILITY, STARTTLS, then login and EXAMINE inside TLS"
  gap
  (echo "a1 LOGOUT"; sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls imap -connect "$B4_SRV:143" -servername mail.example.test > "$W/last.out" 2>&1 || true
  grep -q 'BYE' "$W/last.out" || die "mailbox: openssl -starttls imap got no BYE"
  expect client=$CLI server=$B4_SRV server_port=143 transport=tcp preamble=imap "tool=$OPENSSL -starttls imap" sni=mail.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=openssl's IMAP preamble: CAPABILITY, STARTTLS"
  gap
  b4_client_ip 15
  "${C[@]}" curl -sS --ssl-reqd -k -u alice:secret --resolve "mail.example.test:110:$B4_SRV" "pop3://mail.example.test/" > "$W/last.out" \
    || die "mailbox: curl pop3 failed"
  expect client=$CLI server=$B4_SRV server_port=110 transport=tcp preamble=pop3 "tool=$CURL --ssl-reqd pop3://" sni=mail.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=CAPA, STLS, then AUTH and LIST inside TLS"
  gap
  (echo "QUIT"; sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls pop3 -connect "$B4_SRV:110" -servername mail.example.test > "$W/last.out" 2>&1 || true
  grep -q '^New, TLS' "$W/last.out" || die "mailbox: openssl -starttls pop3 did not complete"
  expect client=$CLI server=$B4_SRV server_port=110 transport=tcp preamble=pop3 "tool=$OPENSSL -starttls pop3" sni=mail.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=openssl's POP3 preamble: STLS"
  gap
  b4_client_ip 16
  "${C[@]}" curl -sS -u alice:secret "imap://$B4_SRV/INBOX" -X 'EXAMINE INBOX' > "$W/last.out" 2>&1 && die "mailbox: plaintext IMAP login succeeded"
  expect client=$CLI server=$B4_SRV server_port=143 transport=tcp preamble=imap "tool=$CURL imap://" outcome=tls_never_started \
    starttls_refused=false tls_never_started=true \
    "note=no STARTTLS: dovecot advertises LOGINDISABLED and refuses the plaintext login"
  capture_end mailbox
fi

###########################################################################################
if wanted ftp; then
  F=$W/ftp
  mkdir -p "$F/empty" "$F/pub"; echo "hello from vsftpd" > "$F/pub/hello.txt"; chmod -R a+rX "$F"
  cat > "$F/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$B4_SRV
background=NO
anonymous_enable=YES
anon_root=$F/pub
no_anon_password=YES
local_enable=NO
write_enable=NO
secure_chroot_dir=$F/empty
ssl_enable=YES
allow_anon_ssl=YES
force_anon_logins_ssl=NO
force_anon_data_ssl=NO
require_ssl_reuse=NO
ssl_tlsv1=YES
ssl_sslv2=NO
ssl_sslv3=NO
rsa_cert_file=$W/server.crt
rsa_private_key_file=$W/server.key
pasv_enable=YES
pasv_min_port=40000
pasv_max_port=40000
pasv_address=$B4_SRV
seccomp_sandbox=NO
xferlog_enable=NO
vsftpd_log_file=$F/vsftpd.log
EOF
  run_bg vsftpd vsftpd "$F/vsftpd.conf"
  wait_tcp "$B4_S" "$B4_SRV" 21

  capture_start ftp
  meta "FTP AUTH TLS against vsftpd: curl --ssl-reqd (control connection on 21 and the passive data connection on 40000, TLS from its first byte), openssl s_client -nocommands -starttls ftp, and curl without TLS." \
    decode_as="tcp.port==40000,tls" tls_decode_as="tcp.port==21,tls"
  b4_client_ip 17
  "${C[@]}" curl -sS --ssl-reqd -k "ftp://$B4_SRV/hello.txt" > "$W/last.out" || die "ftp: curl --ssl-reqd failed"
  grep -q 'hello from vsftpd' "$W/last.out" || die "ftp: wrong file content"
  expect label=ctl client=$CLI server=$B4_SRV server_port=21 transport=tcp preamble=ftp "tool=$CURL --ssl-reqd ftp://" \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" hello_retry=true starttls_refused=false tls_never_started=false \
    "note=curl sends 'AUTH SSL' (tshark 4.0 follows only 'AUTH TLS' into TLS, hence tls_decode_as), 234, then USER/PASS, PBSZ/PROT P, EPSV and RETR inside TLS; no SNI (curl sends none to an IP address); vsftpd answers the X25519 key share with a HelloRetryRequest for P-256"
  expect label=data client=$CLI server=$B4_SRV server_port=40000 transport=tcp preamble=null "tool=$CURL --ssl-reqd ftp://" \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" hello_retry=true \
    "note=the passive data connection (PROT P): TLS from its first byte on a port announced inside the encrypted control connection"
  gap
  (echo QUIT; sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls ftp -connect "$B4_SRV:21" -servername www.example.test > "$W/last.out" 2>&1 || true
  grep -q '^New, TLS' "$W/last.out" || die "ftp: openssl -starttls ftp did not complete"
  expect client=$CLI server=$B4_SRV server_port=21 transport=tcp preamble=ftp "tool=$OPENSSL -starttls ftp" sni=www.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" hello_retry=true starttls_refused=false tls_never_started=false \
    "note=openssl's FTP preamble: AUTH TLS; HelloRetryRequest for P-256"
  gap
  b4_client_ip 18
  "${C[@]}" curl -sS -I "ftp://$B4_SRV/hello.txt" > "$W/last.out" || die "ftp: plain curl -I failed"
  expect client=$CLI server=$B4_SRV server_port=21 transport=tcp preamble=ftp "tool=$CURL -I ftp://" outcome=tls_never_started \
    starttls_refused=false tls_never_started=true \
    "note=anonymous login and SIZE/MDTM in plaintext (-I opens no data connection)"
  capture_end ftp
fi

###########################################################################################
if wanted xmpp; then
  X=$W/prosody
  make_dir_for prosody "$X" "$X/data"
  certs_for prosody "$X/certs"
  cat > "$X/prosody.cfg.lua" <<EOF
pidfile = "$X/prosody.pid"
data_path = "$X/data"
interfaces = { "$B4_SRV" }
c2s_ports = { 5222 }
s2s_ports = { 5269 }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
modules_enabled = { "tls", "saslauth", "disco", "ping", "dialback" }
c2s_require_encryption = true
s2s_require_encryption = true
s2s_secure_auth = false
authentication = "internal_plain"
log = { info = "$X/prosody.log" }
VirtualHost "example.test"
  ssl = { certificate = "$X/certs/server.crt", key = "$X/certs/server.key" }
EOF
  chown prosody "$X/prosody.cfg.lua"
  # prosody refuses to run as root
  run_bg prosody runuser -u prosody -- prosody -F --config "$X/prosody.cfg.lua"
  wait_tcp "$B4_S" "$B4_SRV" 5222; wait_tcp "$B4_S" "$B4_SRV" 5269

  capture_start xmpp
  meta "XMPP STARTTLS against prosody: client-to-server on 5222 and server-to-server on 5269 (openssl s_client -starttls xmpp / xmpp-server -xmpphost example.test)." \
    decode_as="tcp.port==5269,xmpp"
  b4_client_ip 19
  (sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls xmpp -xmpphost example.test -connect "$B4_SRV:5222" -servername example.test > "$W/last.out" 2>&1 || true
  grep -q '^New, TLS' "$W/last.out" || die "xmpp: c2s STARTTLS did not complete"
  expect client=$CLI server=$B4_SRV server_port=5222 transport=tcp preamble=xmpp-client "tool=$OPENSSL -starttls xmpp -xmpphost example.test" sni=example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=stream header to example.test, stream features with <starttls required/>, <starttls/>, <proceed/>, TLS"
  gap
  (sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls xmpp-server -xmpphost example.test -connect "$B4_SRV:5269" -servername example.test > "$W/last.out" 2>&1 || true
  grep -q '^New, TLS' "$W/last.out" || die "xmpp: s2s STARTTLS did not complete"
  expect client=$CLI server=$B4_SRV server_port=5269 transport=tcp preamble=xmpp-server "tool=$OPENSSL -starttls xmpp-server -xmpphost example.test" sni=example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=jabber:server stream, as a remote server opening a server-to-server stream"
  capture_end xmpp
fi

###########################################################################################
if wanted irc; then
  I=$W/inspircd
  certs_for irc "$I"
  echo "tlsinspect sample" > "$I/motd.txt"
  cat > "$I/inspircd.conf" <<EOF
<server name="irc.example.test" description="tlsinspect sample" network="Example">
<admin name="nobody" nick="nobody" email="nobody@example.test">
<bind address="$B4_SRV" port="6667" type="clients">
<connect allow="*" timeout="20" pingfreq="120" localmax="10" globalmax="10" maxconnwarn="off" limit="50" useident="no" resolvehostnames="no">
<files motd="$I/motd.txt">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="$I/ircd.log">
<dns server="127.0.0.1" timeout="1">
<module name="ssl_gnutls">
<module name="starttls">
<sslprofile name="gnutls" provider="gnutls" certfile="$I/server.crt" keyfile="$I/server.key" hash="sha256" requestclientcert="no" priority="NORMAL">
EOF
  chown -R irc "$I"
  # resolvehostnames="no": otherwise the server's first line is a NOTICE that openssl's IRC
  # preamble takes for "no STARTTLS" (it expects a numeric reply)
  run_bg inspircd runuser -u irc -- inspircd --config="$I/inspircd.conf" --nofork --nopid
  wait_tcp "$B4_S" "$B4_SRV" 6667

  capture_start irc
  meta "IRC STARTTLS (IRCv3 tls extension) against inspircd's starttls module with GnuTLS: openssl s_client -nocommands -starttls irc at TLS 1.3 and 1.2." \
    decode_as="tcp.port==6667,irc" tls_decode_as="tcp.port==6667,tls"
  b4_client_ip 20
  for v in 1_3 1_2; do
    (sleep 1.5; echo "QUIT :bye") | "${C[@]}" openssl s_client -nocommands -starttls irc -tls$v -connect "$B4_SRV:6667" -servername irc.example.test > "$W/last.out" 2>&1 || true
    grep -q '^New, TLS' "$W/last.out" || die "irc: STARTTLS did not complete (-tls$v)"
    if [ $v = 1_3 ]; then
      expect client=$CLI server=$B4_SRV server_port=6667 transport=tcp preamble=irc "tool=$OPENSSL -starttls irc -tls1_3" sni=irc.example.test \
        outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
        "note=STARTTLS, '670 * :STARTTLS successful, go ahead with TLS handshake', TLS with GnuTLS on the server side"
    else
      expect client=$CLI server=$B4_SRV server_port=6667 transport=tcp preamble=irc "tool=$OPENSSL -starttls irc -tls1_2" sni=irc.example.test \
        outcome=established version=TLSv1.2 cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
        "note=the same at TLS 1.2"
    fi
    gap
  done
  capture_end irc
fi

###########################################################################################
if wanted ldap; then
  L=$W/slapd
  mkdir -p "$L/db" "$L/db2"
  for v in tls notls; do
    {
      echo "include /etc/ldap/schema/core.schema"
      echo "pidfile $L/slapd-$v.pid"
      echo "modulepath /usr/lib/ldap"
      echo "moduleload back_mdb"
      [ $v = tls ] && { echo "TLSCertificateFile $W/server.crt"; echo "TLSCertificateKeyFile $W/server.key"; }
      echo "database mdb"
      echo 'suffix "dc=example,dc=test"'
      echo 'rootdn "cn=admin,dc=example,dc=test"'
      echo "rootpw secret"
      [ $v = tls ] && echo "directory $L/db" || echo "directory $L/db2"
    } > "$L/slapd-$v.conf"
  done
  run_bg slapd-tls slapd -d 0 -f "$L/slapd-tls.conf" -h "ldap://$B4_SRV/"
  run_bg slapd-notls slapd -d 0 -f "$L/slapd-notls.conf" -h "ldap://$B4_NOTLS/"
  wait_tcp "$B4_S" "$B4_SRV" 389; wait_tcp "$B4_S" "$B4_NOTLS" 389
  LDAPSEARCH="ldapsearch $(dpkg-query -W -f='${Version}' ldap-utils | sed 's/+.*//') (libldap with GnuTLS)"
  capture_start ldap
  meta "LDAP StartTLS extended operation (1.3.6.1.4.1.1466.20037) against slapd: ldapsearch -ZZ and openssl s_client -nocommands -starttls ldap; a slapd without TLS answering StartTLS with an error (ldapsearch -Z goes on in plaintext); a search that never starts TLS."
  b4_client_ip 21
  LDAPTLS_REQCERT=never "${C[@]}" ldapsearch -ZZ -x -H ldap://www.example.test -b "" -s base namingContexts > "$W/last.out" 2>&1 \
    || { cat "$W/last.out" >&2; die "ldap: ldapsearch -ZZ failed"; }
  grep -q 'namingContexts: dc=example,dc=test' "$W/last.out" || die "ldap: no root DSE"
  expect client=$CLI server=$B4_SRV server_port=389 transport=tcp preamble=ldap "tool=$LDAPSEARCH -ZZ" sni=www.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=extendedReq StartTLS, extendedResp success, TLS, then the root DSE search inside it"
  gap
  (sleep 1) | "${C[@]}" openssl s_client -nocommands -starttls ldap -connect "$B4_SRV:389" -servername www.example.test > "$W/last.out" 2>&1 || true
  grep -q '^New, TLS' "$W/last.out" || die "ldap: openssl -starttls ldap did not complete"
  expect client=$CLI server=$B4_SRV server_port=389 transport=tcp preamble=ldap "tool=$OPENSSL -starttls ldap" sni=www.example.test \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=openssl's LDAP preamble: the StartTLS extended request alone"
  gap
  b4_client_ip 22
  LDAPTLS_REQCERT=never "${C[@]}" ldapsearch -Z -x -H "ldap://$B4_NOTLS" -b "" -s base namingContexts > "$W/last.out" 2>&1 \
    || { cat "$W/last.out" >&2; die "ldap: ldapsearch -Z against the server without TLS failed"; }
  grep -q 'start TLS request failed\|Start TLS request accepted.*failed\|ldap_start_tls' "$W/last.out" || { cat "$W/last.out" >&2; die "ldap: StartTLS was not refused"; }
  expect client=$CLI server=$B4_NOTLS server_port=389 transport=tcp preamble=ldap "tool=$LDAPSEARCH -Z" outcome=starttls_refused \
    starttls_refused=true tls_never_started=false \
    "note=slapd without a certificate answers StartTLS with resultCode protocolError (2); ldapsearch -Z (not -ZZ) goes on in plaintext"
  gap
  b4_client_ip 23
  "${C[@]}" ldapsearch -x -H "ldap://$B4_SRV" -b "" -s base namingContexts > "$W/last.out" 2>&1 || die "ldap: plain ldapsearch failed"
  expect client=$CLI server=$B4_SRV server_port=389 transport=tcp preamble=ldap "tool=$LDAPSEARCH" outcome=tls_never_started \
    starttls_refused=false tls_never_started=true "note=a plaintext search of the root DSE"
  capture_end ldap
fi

###########################################################################################
if wanted postgres; then
  PG=/usr/lib/postgresql/15/bin
  G=$W/pg
  make_dir_for postgres "$G" "$G/sock-on" "$G/sock-off"
  for v in on off; do
    runuser -u postgres -- "$PG/initdb" -D "$G/$v" -A trust -U postgres > "$G/initdb-$v.log" 2>&1 || die "postgres: initdb failed"
    echo "host all all 198.51.100.0/24 trust" >> "$G/$v/pg_hba.conf"
  done
  certs_for postgres "$G/on"
  run_bg pg-on runuser -u postgres -- "$PG/postgres" -D "$G/on" -c listen_addresses=$B4_SRV -c ssl=on \
    -c ssl_cert_file="$G/on/server.crt" -c ssl_key_file="$G/on/server.key" -c unix_socket_directories="$G/sock-on"
  run_bg pg-off runuser -u postgres -- "$PG/postgres" -D "$G/off" -c listen_addresses=$B4_NOTLS -c ssl=off -c unix_socket_directories="$G/sock-off"
  wait_tcp "$B4_S" "$B4_SRV" 5432; wait_tcp "$B4_S" "$B4_NOTLS" 5432
  PSQL="psql $(psql --version | awk '{print $3}')"
  # libpq tries GSSAPI encryption first only with a Kerberos ticket; none here (gssencmode=disable to be sure)
  capture_start postgres
  meta "PostgreSQL SSLRequest on 5432: psql sslmode=require against ssl=on (S, then TLS 1.3), against ssl=off (N: psql gives up), sslmode=prefer against ssl=off (N, then the session in plaintext), and sslmode=disable (no SSLRequest)."
  b4_client_ip 24
  "${C[@]}" psql "host=$B4_SRV user=postgres dbname=postgres sslmode=require gssencmode=disable" -Atc "select version from pg_stat_ssl where pid = pg_backend_pid()" > "$W/last.out" 2>&1 \
    || { cat "$W/last.out" >&2; die "postgres: sslmode=require failed"; }
  grep -q TLSv1.3 "$W/last.out" || die "postgres: not TLS 1.3"
  expect client=$CLI server=$B4_SRV server_port=5432 transport=tcp preamble=postgres "tool=$PSQL sslmode=require" \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" hello_retry=true starttls_refused=false tls_never_started=false \
    "note=SSLRequest (length 8, code 80877103), 'S', TLS; libpq sends no SNI to an IP address; PostgreSQL's ssl_ecdh_curve (prime256v1) makes a HelloRetryRequest"
  gap
  b4_client_ip 25
  "${C[@]}" psql "host=$B4_NOTLS user=postgres dbname=postgres sslmode=require gssencmode=disable" -Atc "select 1" > "$W/last.out" 2>&1 && die "postgres: sslmode=require succeeded without TLS"
  grep -q 'server does not support SSL' "$W/last.out" || { cat "$W/last.out" >&2; die "postgres: unexpected error"; }
  expect client=$CLI server=$B4_NOTLS server_port=5432 transport=tcp preamble=postgres "tool=$PSQL sslmode=require" outcome=starttls_refused \
    starttls_refused=true tls_never_started=false "note=ssl=off: the server answers 'N'; psql closes ('server does not support SSL, but SSL was required')"
  gap
  "${C[@]}" psql "host=$B4_NOTLS user=postgres dbname=postgres sslmode=prefer gssencmode=disable" -Atc "select 'plaintext'" > "$W/last.out" 2>&1 \
    || die "postgres: sslmode=prefer failed"
  expect client=$CLI server=$B4_NOTLS server_port=5432 transport=tcp preamble=postgres "tool=$PSQL sslmode=prefer" outcome=starttls_refused \
    starttls_refused=true tls_never_started=false "note=ssl=off: 'N', then the startup message and the query in plaintext on the same connection"
  gap
  b4_client_ip 26
  "${C[@]}" psql "host=$B4_SRV user=postgres dbname=postgres sslmode=disable gssencmode=disable" -Atc "select 'disabled'" > "$W/last.out" 2>&1 \
    || die "postgres: sslmode=disable failed"
  expect client=$CLI server=$B4_SRV server_port=5432 transport=tcp preamble=postgres "tool=$PSQL sslmode=disable" outcome=tls_never_started \
    starttls_refused=false tls_never_started=true "note=no SSLRequest: the startup message first"
  capture_end postgres
fi

###########################################################################################
if wanted mysql; then
  M=$W/mariadb
  make_dir_for mysql "$M"
  certs_for mysql "$M/certs"
  mariadb-install-db --no-defaults --user=mysql --datadir="$M/data" --auth-root-authentication-method=normal --skip-test-db > "$M/install.log" 2>&1 \
    || { cat "$M/install.log" >&2; die "mysql: mariadb-install-db failed"; }
  run_bg mariadbd mariadbd --no-defaults --user=mysql --datadir="$M/data" --socket="$M/sock" --pid-file="$M/pid" \
    --bind-address=$B4_SRV --port=3306 --skip-name-resolve --ssl-cert="$M/certs/server.crt" --ssl-key="$M/certs/server.key" --log-error="$M/err.log"
  wait_tcp "$B4_S" "$B4_SRV" 3306
  "${S[@]}" mariadb --no-defaults -S "$M/sock" -u root -e "CREATE USER 'sample'@'%' IDENTIFIED BY 'secret'; GRANT USAGE ON *.* TO 'sample'@'%';" \
    || die "mysql: cannot create the user"
  MARIADB="mariadb $(mariadb --version | awk '{print $5}' | tr -d ,)"
  capture_start mysql
  meta "MariaDB on 3306: the server greeting, the client's short SSL request (CLIENT_SSL), TLS 1.3 (mariadb --ssl); and a session that never starts TLS (--skip-ssl)."
  b4_client_ip 27
  "${C[@]}" mariadb --no-defaults -h "$B4_SRV" -u sample -psecret --ssl --ssl-verify-server-cert=0 -e "SHOW STATUS LIKE 'Ssl_version'" > "$W/last.out" 2>&1 \
    || { cat "$W/last.out" >&2; die "mysql: --ssl failed"; }
  grep -q TLSv1.3 "$W/last.out" || die "mysql: not TLS 1.3"
  expect client=$CLI server=$B4_SRV server_port=3306 transport=tcp preamble=mysql "tool=$MARIADB --ssl" \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=greeting with CLIENT_SSL, a 32-byte SSL request, TLS, then the login inside it; no SNI"
  gap
  "${C[@]}" mariadb --no-defaults -h "$B4_SRV" -u sample -psecret --skip-ssl -e "SELECT 1" > "$W/last.out" 2>&1 || die "mysql: --skip-ssl failed"
  expect client=$CLI server=$B4_SRV server_port=3306 transport=tcp preamble=mysql "tool=$MARIADB --skip-ssl" outcome=tls_never_started \
    starttls_refused=false tls_never_started=true "note=the login request without CLIENT_SSL: plaintext session"
  capture_end mysql
fi

###########################################################################################
if wanted rdp; then
  R=$W/xrdp
  mkdir -p "$R" "$W/home"
  [ -d /run/xrdp ] || { mkdir -p /run/xrdp/sockdir; CREATED_RUN+=(/run/xrdp); }
  sed -e "s|^port=3389|port=tcp://$B4_SRV:3389|" -e "s|^certificate=\$|certificate=$W/server.crt|" -e "s|^key_file=\$|key_file=$W/server.key|" \
    -e "s|^LogFile=.*|LogFile=$R/xrdp.log|" -e "s|^EnableSyslog=.*|EnableSyslog=false|" /etc/xrdp/xrdp.ini > "$R/xrdp.ini"
  run_bg xrdp xrdp --nodaemon --config "$R/xrdp.ini"
  wait_tcp "$B4_S" "$B4_SRV" 3389
  XFREERDP="xfreerdp $(dpkg-query -W -f='${Version}' freerdp2-x11 | sed 's/+.*//')"
  capture_start rdp
  meta "RDP on 3389: FreeRDP asks for TLS or CredSSP in its X.224 Connection Request; xrdp (no CredSSP) selects TLS, then the TLS handshake; +auth-only ends the session after it." \
    tls_decode_as="tcp.port==3389,tls"
  b4_client_ip 28
  "${C[@]}" env HOME=$W/home timeout 30 xvfb-run -a xfreerdp /v:$B4_SRV:3389 /cert:ignore +auth-only /u:alice /p:secret > "$W/last.out" 2>&1 || true
  grep -q 'Authentication only, exit status 0' "$W/last.out" || { tail "$W/last.out" >&2; die "rdp: FreeRDP did not finish its TLS connection"; }
  expect client=$CLI server=$B4_SRV server_port=3389 transport=tcp preamble=rdp "tool=$XFREERDP +auth-only (in xvfb-run)" sni=$B4_SRV outcome=established \
    version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false \
    "note=RDP_NEG_REQ requestedProtocols TLS|CredSSP, RDP_NEG_RSP selectedProtocol TLS, then TLS 1.3 (FreeRDP sends the server's IP address as SNI)"
  capture_end rdp
fi

###########################################################################################
if wanted proxies; then
  Q=$W/proxies
  mkdir -p "$Q" "$Q/squid"; chown proxy "$Q/squid"
  nginx_start "$B4_S" "$W" "    listen $B4_SRV:443 ssl;"
  # dante: SOCKS4 and SOCKS5 on 203.0.113.3:1080; blocks port 8443
  cat > "$Q/danted.conf" <<EOF
logoutput: $Q/danted.log
internal: $B4_SOCKS port = 1080
external: $B4_SOCKS
socksmethod: none
clientmethod: none
user.privileged: root
user.unprivileged: nobody
client pass {
  from: 198.51.100.0/24 to: 0.0.0.0/0
}
socks block {
  from: 0.0.0.0/0 to: 0.0.0.0/0 port = 8443
  log: connect error
}
socks pass {
  from: 198.51.100.0/24 to: 0.0.0.0/0
  command: connect
  protocol: tcp
}
EOF
  run_bg danted danted -f "$Q/danted.conf" -N 1 -p "$Q/danted.pid"
  # squid: HTTP CONNECT on 203.0.113.4:3128, only to port 443
  printf '%s www.example.test example.test\n' "$B4_SRV" > "$Q/hosts"
  cat > "$Q/squid.conf" <<EOF
http_port $B4_HTTPPROXY:3128
visible_hostname proxy.example.test
pid_filename $Q/squid/squid.pid
cache_log $Q/squid/cache.log
access_log stdio:$Q/squid/access.log
cache_store_log none
cache deny all
coredump_dir $Q/squid
hosts_file $Q/hosts
dns_nameservers 127.0.0.1
acl clients src 198.51.100.0/24
acl SSL_ports port 443
acl CONNECT method CONNECT
http_access deny CONNECT !SSL_ports
http_access allow clients
http_access deny all
cache_effective_user proxy
EOF
  chmod 644 "$Q/squid.conf" "$Q/hosts"
  run_bg squid squid -N -f "$Q/squid.conf"
  # OpenSSH's dynamic forwarding (ssh -D) speaks SOCKS4a, which dante does not: sshd on the
  # server namespace's loopback, ssh -D listening on 203.0.113.3:1081
  H=$Q/ssh
  mkdir -p "$H"; chmod 700 "$H"
  [ -d /run/sshd ] || { mkdir -p /run/sshd; CREATED_RUN+=(/run/sshd); }
  ssh-keygen -q -t ed25519 -N '' -f "$H/hostkey"; ssh-keygen -q -t ed25519 -N '' -f "$H/userkey"
  cp "$H/userkey.pub" "$H/authorized_keys"
  cat > "$H/sshd_config" <<EOF
ListenAddress 127.0.0.1:2222
HostKey $H/hostkey
AuthorizedKeysFile $H/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowTcpForwarding yes
PidFile $H/sshd.pid
EOF
  run_bg sshd /usr/sbin/sshd -D -e -f "$H/sshd_config"
  wait_tcp "$B4_S" 127.0.0.1 2222
  run_bg ssh-D ssh -N -i "$H/userkey" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
    -D $B4_SOCKS:1081 -p 2222 root@127.0.0.1
  wait_tcp "$B4_S" $B4_SOCKS 1080; wait_tcp "$B4_S" $B4_HTTPPROXY 3128; wait_tcp "$B4_S" $B4_SOCKS 1081
  # the JA4 of curl's hello (OpenSSL 3.0, ALPN h2 and http/1.1, SNI) through every proxy:
  # computed by manifest.py from tshark's fields (FoxIO's JA4.md), checked there
  px() {                 # px EXPECTED_HTTP_CODE CURL_ARGS... : one curl through a proxy
    local want=$1; shift
    local got
    got=$("${C[@]}" curl -sS -o /dev/null -w '%{http_code}' -k "$@" 2>"$W/last.err" || true)
    [ "$got" = "$want" ] || { cat "$W/last.err" >&2; die "proxies: curl $* gave HTTP $got, expected $want"; }
  }
  capture_start proxies
  meta "TLS inside proxies, to nginx (www.example.test:443): SOCKS5 with the name (curl --socks5-hostname) and with an address (--socks5), SOCKS4 (dante), SOCKS4a (OpenSSH ssh -D), HTTP CONNECT (squid); dante refusing port 8443 (SOCKS5 reply 2) and squid refusing CONNECT to 8443 (403)." \
    decode_as="tcp.port==1081,socks"
  b4_client_ip 29
  px 200 --socks5-hostname "$B4_SOCKS:1080" "https://$SNI/"
  expect client=$CLI server=$B4_SOCKS server_port=1080 transport=tcp preamble=socks5 proxy_target=$SNI:443 "tool=$CURL --socks5-hostname" sni=$SNI \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false ja4=auto \
    "note=SOCKS5: no authentication, CONNECT to the domain name, reply 0 (succeeded), then TLS to nginx through dante"
  gap
  px 200 --socks5 "$B4_SOCKS:1080" "https://$SNI/"
  expect client=$CLI server=$B4_SOCKS server_port=1080 transport=tcp preamble=socks5 proxy_target=$B4_SRV:443 "tool=$CURL --socks5" sni=$SNI \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false ja4=auto \
    "note=SOCKS5 CONNECT to the IPv4 address curl resolved itself"
  gap
  px 200 --socks4 "$B4_SOCKS:1080" "https://$SNI/"
  expect client=$CLI server=$B4_SOCKS server_port=1080 transport=tcp preamble=socks4 proxy_target=$B4_SRV:443 "tool=$CURL --socks4" sni=$SNI \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false ja4=auto \
    "note=SOCKS4 CONNECT (address only), reply 90 (granted)"
  gap
  px 200 --socks4a "$B4_SOCKS:1081" "https://$SNI/"
  expect client=$CLI server=$B4_SOCKS server_port=1081 transport=tcp preamble=socks4 proxy_target=$SNI:443 "tool=$CURL --socks4a" sni=$SNI \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false ja4=auto \
    "note=SOCKS4a (address 0.0.0.1 and the name after the user ID) to OpenSSH's ssh -D"
  gap
  px 200 -x "http://$B4_HTTPPROXY:3128" "https://$SNI/"
  expect client=$CLI server=$B4_HTTPPROXY server_port=3128 transport=tcp preamble=http-connect proxy_target=$SNI:443 "tool=$CURL -x http://" sni=$SNI \
    outcome=established version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 "${TLSNOTES[@]}" starttls_refused=false tls_never_started=false ja4=auto \
    "note=CONNECT www.example.test:443 HTTP/1.1, '200 Connection established' from squid, then TLS"
  gap
  px 000 --socks5-hostname "$B4_SOCKS:1080" "https://$SNI:8443/"
  expect client=$CLI server=$B4_SOCKS server_port=1080 transport=tcp preamble=socks5 proxy_target=$SNI:8443 "tool=$CURL --socks5-hostname" \
    outcome=starttls_refused starttls_refused=true tls_never_started=false \
    "note=dante's rule blocks port 8443: reply 2 (connection not allowed by ruleset); no TLS"
  gap
  px 000 -x "http://$B4_HTTPPROXY:3128" "https://$SNI:8443/"
  expect client=$CLI server=$B4_HTTPPROXY server_port=3128 transport=tcp preamble=http-connect proxy_target=$SNI:8443 "tool=$CURL -x http://" \
    outcome=starttls_refused starttls_refused=true tls_never_started=false \
    "note=squid allows CONNECT only to 443: '403 Forbidden'; no TLS"
  capture_end proxies
fi

readme_versions_beyond443 2>/dev/null || true
status_set "beyond443: ready"
