#!/usr/bin/env bash
# Regenerate every sample capture and manifest in sample-pcaps/ (root needed:
# network namespaces, tcpdump). About two minutes, and some twenty more for the browser captures
# (record-browsers.sh). Usage: sudo sample-pcaps/make/record-all.sh
set -euo pipefail
MAKE=$(cd "$(dirname "$0")" && pwd)
source "$MAKE/lib.sh"
need_all
for n in $(ip netns list | awk '$1 ~ /^(tlsi|t11)-/ {print $1}'); do
  die "namespace $n exists: is another recording running? (ip netns del $n if not)"
done
bash "$MAKE/record-basic.sh"
bash "$MAKE/record-scenarios.sh"
bash "$MAKE/record-fleet.sh"
bash "$MAKE/record-browser.sh"
bash "$MAKE/record-beyond443.sh"
bash "$MAKE/record-quic.sh"
bash "$MAKE/record-edges.sh"
bash "$MAKE/record-browsers.sh"
readme_versions
bash "$MAKE/check.sh"
echo "all sample captures recorded and checked" >&2
