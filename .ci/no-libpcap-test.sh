#!/usr/bin/env bash
# Issue 2 acceptance 5, for real: hide every libpcap file from a private mount namespace (root),
# then analyze a sample capture there. Prints "no-libpcap: 1 passed, 0 failed" or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./tlsinspect --version >/dev/null    # build outside the namespace
libs=$(ls /usr/lib/*/libpcap.so* /lib/*/libpcap.so* 2>/dev/null || true)
out=$(unshare --mount bash -c '
  for f in '"$(echo $libs)"'; do mount --bind /dev/null "$f"; done
  # The proof that libpcap is really gone here: nothing can load it.
  if python3 -c "import ctypes,sys; ctypes.CDLL(\"libpcap.so.0.8\")" 2>/dev/null; then echo "libpcap still loadable"; exit 3; fi
  ./tlsinspect analyze --no-progress --format json sample-pcaps/basic.pcap
')
n=$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["connections"]))')
if [ "$n" -gt 0 ]; then
  echo "no-libpcap: analyze read $n connections with libpcap hidden"
  echo "no-libpcap: 1 passed, 0 failed"
else
  echo "no-libpcap: 0 passed, 1 failed"; exit 1
fi
