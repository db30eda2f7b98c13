#!/usr/bin/env bash
# A "browser" that falls back, the way 2014-2015 browsers did: it tries a ladder of
# protocol versions with openssl s_client and, after a failure the server side caused
# (reset, close, silence, alert), retries one rung lower, optionally with TLS_FALLBACK_SCSV
# (RFC 7507) on every retry. Attempt i goes to server i mod n of --servers (round-robin DNS).
#
# usage: browser.sh --servers IP[,IP...] [--sni NAME] [--ladder tls1_3,tls1_2,tls1_1,tls1]
#                   [--scsv] [--stop-on-alert] [--timeout SECONDS] [--max-attempts N]
#                   [--cipher LIST] [--retry-cipher LIST] [--sess-in FILE] [--pause S]
#   --stop-on-alert   give up after a server alert (what browsers do today); without it the
#                     ladder goes on after alerts (what the seed incident's users saw)
#   --retry-cipher    cipher list for retries (a smaller list is also a fallback)
#   --sess-in         offer this saved session on every attempt (openssl -sess_in)
# Prints one line per attempt on stderr; exit 0 if an attempt completed its handshake.
set -uo pipefail
command -v openssl >/dev/null || { echo "needs openssl: apt-get install openssl" >&2; exit 1; }
command -v timeout >/dev/null || { echo "needs timeout: apt-get install coreutils" >&2; exit 1; }

servers= sni=www.example.test ladder=tls1_3,tls1_2,tls1_1,tls1 scsv=0 stop_on_alert=0
tmo=3 max=99 cipher='DEFAULT:@SECLEVEL=0' retry_cipher= sess_in= pause=0.2
while [ $# -gt 0 ]; do
  case $1 in
    --servers) servers=$2; shift 2 ;;
    --sni) sni=$2; shift 2 ;;
    --ladder) ladder=$2; shift 2 ;;
    --scsv) scsv=1; shift ;;
    --stop-on-alert) stop_on_alert=1; shift ;;
    --timeout) tmo=$2; shift 2 ;;
    --max-attempts) max=$2; shift 2 ;;
    --cipher) cipher=$2; shift 2 ;;
    --retry-cipher) retry_cipher=$2; shift 2 ;;
    --sess-in) sess_in=$2; shift 2 ;;
    --pause) pause=$2; shift 2 ;;
    *) echo "browser.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$servers" ] || { echo "browser.sh: --servers is required" >&2; exit 2; }
IFS=, read -r -a S <<< "$servers"
IFS=, read -r -a L <<< "$ladder"
REQ=$'GET / HTTP/1.1\r\nHost: '"$sni"$'\r\nConnection: close\r\n\r\n'

i=0
for rung in "${L[@]}"; do
  [ "$i" -lt "$max" ] || break
  srv=${S[$((i % ${#S[@]}))]}
  args=(-connect "$srv:443" -servername "$sni" -ign_eof -cipher "$cipher")
  [ "$rung" = tls1_3 ] || args+=("-$rung")
  if [ "$i" -gt 0 ]; then
    [ "$scsv" = 1 ] && args+=(-fallback_scsv)
    [ -n "$retry_cipher" ] && args+=(-cipher "$retry_cipher")
  fi
  [ -n "$sess_in" ] && args+=(-sess_in "$sess_in")
  out=$(printf '%s' "$REQ" | timeout "$tmo" openssl s_client "${args[@]}" 2>&1)
  rc=$?
  # (with -sess_in, s_client prints the loaded session's cipher even when the handshake
  # failed, so resets and alerts are looked for first)
  if [ $rc = 124 ]; then result="timeout"
  elif grep -q 'alert number' <<< "$out"; then result="alert: $(grep -o 'alert [a-z ]*:' <<< "$out" | head -1 | sed 's/:$//')"
  elif grep -qE 'errno=104|Connection reset' <<< "$out"; then result="reset"
  elif grep -qE 'SSL handshake has read [1-9]' <<< "$out" && grep -qE '^(New|Reused), TLSv1' <<< "$out"; then
    result="established: $(grep -E '^(New|Reused), ' <<< "$out" | head -1)"
  else result="failed (rc=$rc): $(grep -m1 -iE 'error|errno' <<< "$out")"
  fi
  echo "browser: attempt $((i + 1)) $srv ${rung}$([ "$i" -gt 0 ] && [ $scsv = 1 ] && echo +SCSV) -> $result" >&2
  i=$((i + 1))
  case $result in
    established*) exit 0 ;;
    alert*) [ "$stop_on_alert" = 1 ] && exit 1 ;;
  esac
  sleep "$pause"
done
exit 1
