#!/usr/bin/env bash
# Check the committed captures without root: for every manifest, tshark's `-z conv,tcp`
# must count as many TCP connections as the manifest lists, every file must stay < 1 MB,
# and manifest.py re-verifies each manifest's per-connection facts (and JA4s) against tshark;
# browsers/families.json must list exactly the JA4s of the browser manifests' hellos.
set -euo pipefail
DIR=$(cd "$(dirname "$0")/.." && pwd)
command -v tshark >/dev/null || { echo "needs tshark: apt-get install tshark" >&2; exit 1; }
fail=0
MANIFESTS=("$DIR"/*.manifest.json "$DIR"/fleet/*.manifest.json "$DIR"/edges/*.manifest.json)
# issue 11: TLS after preambles and QUIC (their QUIC connections are counted by manifest.py)
for m in "$DIR"/beyond443/*.manifest.json "$DIR"/quic/*.manifest.json; do [ -e "$m" ] && MANIFESTS+=("$m"); done
BROWSERS=()
for m in "$DIR"/browsers/*.manifest.json; do [ -e "$m" ] && BROWSERS+=("$m"); done
MANIFESTS+=("${BROWSERS[@]}")
for m in "${MANIFESTS[@]}"; do
  d=$(dirname "$m")
  read -r want files < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for c in d["connections"] if c.get("transport", "tcp") == "tcp"), " ".join(d["files"]))' "$m")
  total=0
  for f in $files; do
    n=$(tshark -r "$d/$f" -q -z conv,tcp 2>/dev/null | grep -c '<->' || true)
    size=$(stat -c %s "$d/$f")
    [ "$size" -lt 1048576 ] || { echo "FAIL $f is $size bytes (>= 1 MB)"; fail=1; }
    if python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1])).get("merge") else 1)' "$m"; then
      total=$((total + n))
    else
      [ "$n" = "$want" ] || { echo "FAIL $f: tshark conv,tcp counts $n connections, manifest $want"; fail=1; }
      echo "ok   $(basename "$d")/$f: $n TCP connections, $size bytes"
    fi
  done
  if [ "$total" != 0 ]; then
    [ "$total" = "$want" ] || { echo "FAIL $m: tshark counts $total connections over its files, manifest $want"; fail=1; }
    echo "ok   $(basename "$m"): $total TCP connections over $(echo "$files" | wc -w) files"
  fi
done
python3 "$DIR/make/manifest.py" selftest > /dev/null || { echo "FAIL manifest.py selftest (JA4 against FoxIO's vectors)"; fail=1; }
python3 "$DIR/make/manifest.py" verify "${MANIFESTS[@]}" || fail=1
if [ ${#BROWSERS[@]} -gt 0 ]; then
  python3 "$DIR/make/manifest.py" families --check "$DIR/browsers/families.json" "${BROWSERS[@]}" || fail=1
fi
exit $fail
