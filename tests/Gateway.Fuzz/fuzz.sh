#!/usr/bin/env bash
# Fuzzes the Guacamole instruction parser and server handshake with AFL++ through SharpFuzz.
#
#   tests/Gateway.Fuzz/fuzz.sh <seconds>
#
# Builds Gateway.Fuzz, instruments Gateway.Protocol.dll with the local `sharpfuzz` tool
# (.config/dotnet-tools.json), runs afl-fuzz for <seconds> on the committed seed corpus and exits
# non-zero if AFL saved a crash. Crashing inputs are copied to tests/Gateway.Fuzz/crashes/, where the
# replay test (Gateway.Protocol.Tests, FuzzCorpusReplayTests) picks them up; timeouts go to hangs/.
# Needs only the .NET SDK and apt: afl++ is installed when missing (as root, or through sudo).
#
# Environment: FUZZ_WORK (work directory; default a fresh temporary one), FUZZ_TIMEOUT_MS (per-input
# timeout, default 5000), FUZZ_EXTRA_ARGS (more afl-fuzz options).
set -euo pipefail

if [[ $# -ne 1 || ! $1 =~ ^[0-9]+$ || $1 -lt 1 ]]; then
    echo "usage: $0 <seconds>" >&2
    exit 2
fi
seconds=$1

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/gateway-fuzz.XXXXXX")}
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}

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
log "instrumenting Gateway.Protocol.dll"
dotnet tool run sharpfuzz "$work/bin/Gateway.Protocol.dll"

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

log "running afl-fuzz for ${seconds}s (work: $work)"
set +e
afl-fuzz -i "$here/corpus" -o "$work/findings" -x "$here/guacamole.dict" \
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

crashes=$(copy_findings "$work/findings/default/crashes" "$here/crashes")
hangs=$(copy_findings "$work/findings/default/hangs" "$here/hangs")
if [[ $hangs -gt 0 ]]; then
    log "$hangs input(s) timed out after ${timeout_ms} ms; copied to $here/hangs (not fatal: may be machine load)"
fi
if [[ $crashes -gt 0 ]]; then
    log "$crashes crashing input(s) copied to $here/crashes; replay with:"
    log "  dotnet run --project $here -- --replay $here/crashes"
    exit 1
fi
if [[ $status -ne 0 ]]; then
    log "afl-fuzz failed (exit $status); log: $work/afl.log"
    exit "$status"
fi
log "no crashes"
