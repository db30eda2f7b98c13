#!/usr/bin/env bash
# Coverage-guided fuzzing with Jazzer (DESIGN §3: hostile bytes never crash the run, never exhaust
# memory, and are counted in the report).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS is the budget per target (default 300). TARGETs are Class#method of the decoder module's
# @FuzzTest methods; by default all three:
#   ConnectionFuzzTest#fuzzConnection     one connection's events (data, gaps, FIN, RST) -> decoder
#   CaptureFileFuzzTest#fuzzCaptureFile   a whole pcap/pcapng file -> reader, dissector, flow table, decoder
#   CaptureStreamFuzzTest#fuzzCaptureStream a file read as a pipe and gzip-compressed (plain, cut short):
#                                         the reader's stream paths, which must agree with a read from memory
#
# Without JAZZER_FUZZ (the normal `mvn test`), the same methods only replay their committed inputs:
#   decoder/src/test/resources/io/tlsinspect/decoder/<Class>Inputs/<method>/
# (seed-* files written by FuzzSeeds from real OpenSSL transcripts, crash-* files found by fuzzing).
#
# Where things go:
#   - a finding (crash input) is written by Jazzer into that same Inputs/<method>/ directory as
#     crash-<sha1> (or timeout-/oom-), so it becomes a regression test at once (and fails the build
#     until fixed);
#     this script lists it at the end. Reproduce one alone with
#       mvn -pl decoder -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='Class#method'
#   - the growing corpus Jazzer generates: decoder/.cifuzz-corpus/<class>/<method>/ (a cache, not
#     committed; delete it to start over); sample-pcaps/**/*.pcap[ng] up to 128 KiB are copied into
#     the capture target's one before each run;
#   - the full log of each run: decoder/target/fuzz-logs/<Class>.log.
#
# Environment: MVN_ARGS (extra Maven arguments, e.g. -o), FUZZ_XMX (heap of the fuzzing JVM, default
# 2g: an allocation driven by a length field shows up as OutOfMemoryError, a finding),
# FUZZ_VALUE_PROFILE (libFuzzer's -use_value_profile, default true: guides mutations towards the
# constants the code compares with), and any JAZZER_* option, e.g. JAZZER_COVERAGE_REPORT=FILE.
# FUZZ_TIMEOUT: seconds one input may take before it counts as a hang (libFuzzer's -timeout, passed
# the way Jazzer's JUnit integration takes libFuzzer arguments; default 30, libFuzzer's own is 1200).
# (Not @Timeout on the targets: JUnit would apply it to the whole fuzzing run.)
set -uo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

budget=${1:-300}
if ! [[ "$budget" =~ ^[0-9]+$ ]] || [ "$budget" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [Class#method ...]" >&2
  exit 2
fi
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(ConnectionFuzzTest#fuzzConnection CaptureFileFuzzTest#fuzzCaptureFile CaptureStreamFuzzTest#fuzzCaptureStream)
fi

inputs_root=decoder/src/test/resources/io/tlsinspect/decoder
logs=decoder/target/fuzz-logs
mkdir -p "$logs"
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT

# Real captures from sample-pcaps/ (when they exist) seed the capture targets' generated corpora,
# beside the committed seeds; only small ones, since libFuzzer sizes inputs by the largest seed.
for sample_corpus in decoder/.cifuzz-corpus/io.tlsinspect.decoder.CaptureFileFuzzTest/fuzzCaptureFile \
                     decoder/.cifuzz-corpus/io.tlsinspect.decoder.CaptureStreamFuzzTest/fuzzCaptureStream; do
  [ -d sample-pcaps ] || break
  while IFS= read -r -d '' f; do
    mkdir -p "$sample_corpus"
    cp "$f" "$sample_corpus/sample-$(basename "$f")"
  done < <(find sample-pcaps -type f \( -name '*.pcap' -o -name '*.pcapng' \) -size -129k -print0)
done

failed=0
for t in "${targets[@]}"; do
  cls=${t%%#*}
  method=${t#*#}
  log="$logs/$cls.log"
  echo "fuzz.sh: fuzzing $cls#$method for ${budget}s (log: $log)"
  run_stamp=$(mktemp)
  # JAZZER_FUZZ switches @FuzzTest from replaying to fuzzing; JAZZER_MAX_DURATION overrides
  # @FuzzTest(maxDuration). Only one fuzz test may run per JVM, hence one Maven run per target.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${budget}s" \
    mvn -B -ntp ${MVN_ARGS:-} -pl decoder -am test \
      -Dsurefire.failIfNoSpecifiedTests=false -Dtest="$t" -DtrimStackTrace=false \
      -DargLine="-Xmx${FUZZ_XMX:-2g}" -Djazzer.valueprofile="${FUZZ_VALUE_PROFILE:-true}" \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-timeout=${FUZZ_TIMEOUT:-30}" \
      -Djazzer.internal.arg.2=-print_final_stats=1 >"$log" 2>&1
  rc=$?
  # libFuzzer's own lines ("#N  NEW/pulse/DONE cov: ... ft: ... corp: ... exec/s: ...") may be
  # written by the forked JVM straight to its stderr; surefire then keeps them in a .dumpstream.
  find decoder/target/surefire-reports -name '*.dumpstream' -newer "$run_stamp" -exec cat {} + >>"$log" 2>/dev/null
  rm -f "$run_stamp"
  last=$(grep -aE '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
  done_line=$(grep -aE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  echo "  last status: ${last:-(none printed)}"
  [ -n "$done_line" ] && echo "  $done_line"
  grep -aE '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb):' "$log" \
    | tr '\n' ' ' | sed 's/^/  /; s/ *$/\n/'
  if [ $rc -ne 0 ]; then
    failed=1
    echo "  FINDING or failure (exit $rc): see $log"
    grep -aE '== Java Exception|FuzzTestFindingException|AssertionError|Exception in|Caused by' "$log" | head -5 | sed 's/^/    /'
  fi
done

artifacts=(\( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \))
new=$(find "$inputs_root" "${artifacts[@]}" -newer "$stamp" 2>/dev/null)
if [ -n "$new" ]; then
  echo "fuzz.sh: new crash inputs (now regression inputs; fix the bug, keep the file):"
  echo "$new" | sed 's/^/  /'
fi
found_elsewhere=$(find . -maxdepth 2 "${artifacts[@]}" -newer "$stamp" -not -path "./$inputs_root/*" 2>/dev/null)
if [ -n "$found_elsewhere" ]; then
  echo "fuzz.sh: crash inputs outside the Inputs directories (move them into $inputs_root/<Class>Inputs/<method>/):"
  echo "$found_elsewhere" | sed 's/^/  /'
fi
exit $failed
