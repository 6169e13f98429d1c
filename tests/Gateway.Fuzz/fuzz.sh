#!/usr/bin/env bash
# Fuzzes the Guacamole instruction parser and server handshake (default target "protocol") or one RFB
# rectangle decoder (targets vnc-raw, vnc-copyrect, vnc-rre, vnc-hextile, vnc-zlib, vnc-zrle, vnc-trle,
# vnc-tight, vnc-cursor, vnc-xcursor) with AFL++ through SharpFuzz.
#
#   tests/Gateway.Fuzz/fuzz.sh <seconds> [target]
#
# Builds Gateway.Fuzz, instruments Gateway.Protocol.dll with the local `sharpfuzz` tool
# (.config/dotnet-tools.json), runs afl-fuzz for <seconds> on the committed seed corpus and exits
# non-zero if AFL saved a crash. Crashing inputs are copied to tests/Gateway.Fuzz/crashes/ (decoders:
# crashes-vnc/<decoder>/), where the replay tests (Gateway.Protocol.Tests, FuzzCorpusReplayTests; Gateway.Vnc.Tests,
# DecoderFuzzCorpusTests) pick them up; timeouts go to hangs/ (hangs-vnc/<decoder>/).
# Needs only the .NET SDK and apt: afl++ is installed when missing (as root, or through sudo).
#
# Environment: FUZZ_WORK (work directory; default a fresh temporary one), FUZZ_TIMEOUT_MS (per-input
# timeout, default 5000), FUZZ_EXTRA_ARGS (more afl-fuzz options).
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || ! $1 =~ ^[0-9]+$ || $1 -lt 1 ]]; then
    echo "usage: $0 <seconds> [protocol|vnc-<decoder>]" >&2
    exit 2
fi
seconds=$1
target=${2:-protocol}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/gateway-fuzz.XXXXXX")}
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}

# Each target has its own seed corpus, instrumented assembly and (for the parser) dictionary.
if [[ $target == protocol ]]; then
    corpus="$here/corpus"
    assembly=Gateway.Protocol.dll
    dict=(-x "$here/guacamole.dict")
elif [[ $target =~ ^vnc-[a-z]+$ && -d "$here/corpus-vnc/${target#vnc-}" ]]; then
    corpus="$here/corpus-vnc/${target#vnc-}"
    assembly=Gateway.Vnc.dll
    dict=()
else
    echo "unknown target: $target" >&2
    exit 2
fi
export GATEWAY_FUZZ_TARGET=$target

log() { printf '[fuzz] %s\n' "$*" >&2; }

# 1. AFL++.
if ! command -v afl-fuzz >/dev/null 2>&1; then
    log "afl-fuzz not found; installing afl++ with apt-get"
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo -n)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -q
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends afl++
fi

# 2. Build and instrument. Only the code under test is instrumented, never the driver or SharpFuzz.
cd "$root"
dotnet tool restore >/dev/null
log "publishing Gateway.Fuzz into $work/bin"
rm -rf "$work/bin" "$work/findings"
mkdir -p "$work"
dotnet publish "$here/Gateway.Fuzz.csproj" -c Release -o "$work/bin" --nologo -v quiet
log "instrumenting $assembly"
dotnet tool run sharpfuzz "$work/bin/$assembly"

# 3. Fuzz. The target runs under `dotnet`, which is not AFL-instrumented itself.
export AFL_SKIP_BIN_CHECK=1              # coverage comes from the instrumented assembly, not the binary
export AFL_SKIP_CPUFREQ=1                # no CPU governor access in containers
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1                       # plain log lines instead of the curses screen
export AFL_NO_AFFINITY=1                 # shared machines may have no free core to bind to
export AFL_FORKSRV_INIT_TMOUT=60000      # the fork server needs the runtime to start first
export DOTNET_CLI_TELEMETRY_OPTOUT=1

extra=()
if [[ -n ${FUZZ_EXTRA_ARGS:-} ]]; then
    read -r -a extra <<<"$FUZZ_EXTRA_ARGS"
fi

log "running afl-fuzz on $target for ${seconds}s (work: $work)"
set +e
afl-fuzz -i "$corpus" -o "$work/findings" "${dict[@]}" \
    -t "$timeout_ms" -m none -V "$seconds" "${extra[@]}" \
    -- dotnet "$work/bin/Gateway.Fuzz.dll" >"$work/afl.log" 2>&1
status=$?
set -e

stats="$work/findings/default/fuzzer_stats"
if [[ ! -f $stats ]]; then
    tail -n 40 "$work/afl.log" >&2
    log "afl-fuzz did not start (exit $status); full log: $work/afl.log"
    exit 3
fi

stat() { awk -F: -v k="$1" '{ gsub(/ /, "", $1) } $1 == k { gsub(/^ +/, "", $2); print $2 }' "$stats"; }
log "afl-fuzz exit $status"
printf 'run_time_s=%s execs_done=%s execs_per_sec=%s corpus_count=%s edges_found=%s total_edges=%s saved_crashes=%s saved_hangs=%s\n' \
    "$(stat run_time)" "$(stat execs_done)" "$(stat execs_per_sec)" "$(stat corpus_count)" \
    "$(stat edges_found)" "$(stat total_edges)" "$(stat saved_crashes)" "$(stat saved_hangs)"

# 4. Hand findings to a human: file names without AFL's ':' and ',' so they are portable.
copy_findings() {
    local from=$1 to=$2 count=0
    shopt -s nullglob
    for file in "$from"/id:*; do
        mkdir -p "$to"
        local name
        name=$(basename "$file" | tr ':,' '-_')
        cp "$file" "$to/$name"
        count=$((count + 1))
    done
    shopt -u nullglob
    echo "$count"
}

if [[ $target == protocol ]]; then
    crash_dir="$here/crashes" hang_dir="$here/hangs"
else
    crash_dir="$here/crashes-vnc/${target#vnc-}" hang_dir="$here/hangs-vnc/${target#vnc-}"
fi
crashes=$(copy_findings "$work/findings/default/crashes" "$crash_dir")
hangs=$(copy_findings "$work/findings/default/hangs" "$hang_dir")
if [[ $hangs -gt 0 ]]; then
    log "$hangs input(s) timed out after ${timeout_ms} ms; copied to $hang_dir (not fatal: may be machine load)"
fi
if [[ $crashes -gt 0 ]]; then
    log "$crashes crashing input(s) copied to $crash_dir; replay with:"
    log "  dotnet run --project $here -- --target $target --replay $crash_dir"
    exit 1
fi
if [[ $status -ne 0 ]]; then
    log "afl-fuzz failed (exit $status); log: $work/afl.log"
    exit "$status"
fi
log "no crashes"
