#!/usr/bin/env bash
# Installs everything the Gateway test suite needs, builds the solution and runs every test stage.
# CI runs exactly this script (through .ci/run). Run ./test.sh --help for the options.
set -euo pipefail

# ---------------------------------------------------------------------------------------------------------------
# What the tests need. Extend these lists; everything below reads them.
# ---------------------------------------------------------------------------------------------------------------

# Debian 12 packages. Each one is checked with dpkg and only the missing ones are installed.
APT_PACKAGES=(
    ca-certificates             # trust store for HTTPS to the NuGet and npm registries
    fonts-dejavu-core           # DejaVu Sans Mono: the one monospace font terminal rendering relies on
    libturbojpeg0               # libturbojpeg.so.0: JpegEncoder's fast path (the tests check that it is used)
    chromium                    # browser tests: Playwright drives /usr/bin/chromium (it never downloads a browser)
    afl++                       # fuzz stage: afl-fuzz runs the SharpFuzz target
    # for the VNC/RDP/SSH issues: real servers the suite starts itself on loopback (see TESTENV.md)
    tigervnc-standalone-server  # Xvnc, the main VNC target
    tigervnc-tools              # vncpasswd -f, to write VNC password files non-interactively
    xvfb                        # Xvfb, a virtual X server for x11vnc and the RDP shadow server
    x11vnc                      # a second VNC server implementation
    x11-xserver-utils           # xsetroot and friends, to paint known colours
    x11-apps                    # xwud and xclock: known pixels and continuous screen changes
    xterm                       # a terminal inside the test desktops
    xclip                       # reads and owns the X clipboard in the VNC clipboard tests
    xrdp                        # the main RDP target
    xorgxrdp                    # Xorg back end for xrdp sessions (only a Recommends of xrdp, so named here)
    freerdp2-shadow-x11         # freerdp-shadow-cli, a second RDP server sharing an Xvfb
    openssh-server              # sshd, the SSH target (run in the foreground on a free port)
    redis-server                # Redis, for the shared session and ticket store
)

# Directories with a package.json: `npm ci`, then `npm run build` when a build script exists. Missing ones are skipped.
NPM_DIRS=(
    tests/Gateway.EndToEnd/js   # pages and bundles served to Chromium by the browser tests
    web                         # the TypeScript web client
)

# Test stages, run in this order. A project without test sources yet is reported and skipped.
UNIT_PROJECTS=(tests/Gateway.Protocol.Tests tests/Gateway.Core.Tests tests/Gateway.Display.Tests tests/Gateway.Architecture.Tests tests/Gateway.Vnc.Tests)
INTEGRATION_PROJECTS=(tests/Gateway.Server.Tests tests/Gateway.IntegrationTests)
BROWSER_PROJECTS=(tests/Gateway.EndToEnd)

SOLUTION=Gateway.sln
RESULTS_DIR=artifacts/test-results
FUZZ_SCRIPT=tests/Gateway.Fuzz/fuzz.sh

# ---------------------------------------------------------------------------------------------------------------

usage() {
    cat <<'EOF'
Usage: ./test.sh [--unit] [--no-install] [--no-fuzz] [--help]

Installs what the tests need (apt packages, npm dependencies, local dotnet tools), builds Gateway.sln in
Release (warnings are errors) and runs the test stages: unit, integration, browser, then fuzz.

  --unit        run the unit stage only (no integration, browser or fuzz stage)
  --no-install  do not install apt packages (missing ones are listed) and do not run `npm ci`
                where node_modules already exists
  --no-fuzz     skip the fuzz stage
  --help        show this help

Environment:
  FUZZ_SECONDS  how long AFL++ runs per fuzz target (default 30; the parser and one rotating RFB decoder)
  FUZZ_VNC_TARGET  which RFB decoder target to fuzz (default: rotates daily, e.g. vnc-zrle)
  CI=true       a skipped test counts as a failure

Results: TRX files in artifacts/test-results/. The last line of output is always
"tests: N passed, N failed" (plus ", N skipped" when tests were skipped). The exit status is non-zero
when anything failed: install, build, a test or the fuzzer.
EOF
}

RUN_UNIT_ONLY=false
DO_INSTALL=true
DO_FUZZ=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --unit) RUN_UNIT_ONLY=true ;;
        --no-install) DO_INSTALL=false ;;
        --no-fuzz) DO_FUZZ=false ;;
        -h | --help) usage; exit 0 ;;
        *) echo "test.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
if ! [[ "$FUZZ_SECONDS" =~ ^[1-9][0-9]*$ ]]; then
    echo "test.sh: FUZZ_SECONDS must be a positive whole number of seconds, got '$FUZZ_SECONDS'" >&2
    exit 2
fi
IS_CI=false
if [[ "${CI:-}" == "true" ]]; then IS_CI=true; fi

cd "$(dirname "${BASH_SOURCE[0]}")"
REPO_ROOT="$PWD"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export npm_config_update_notifier=false
export DEBIAN_FRONTEND=noninteractive

# ---------------------------------------------------------------------------------------------------------------
# Bookkeeping: failures, per-stage times, per-project results.
# ---------------------------------------------------------------------------------------------------------------

FAILURES=()          # one short line per thing that failed
STAGE_NAMES=()
STAGE_SECONDS=()
PROJECT_NAMES=()     # every test project in stage order
declare -A PROJECT_NOTE=()

CURRENT_STAGE=""
STAGE_STARTED=0

stage_begin() {
    CURRENT_STAGE="$1"
    STAGE_STARTED=$SECONDS
    printf '\n==> stage %s\n' "$CURRENT_STAGE"
}

stage_end() {
    local elapsed=$((SECONDS - STAGE_STARTED))
    STAGE_NAMES+=("$CURRENT_STAGE")
    STAGE_SECONDS+=("$elapsed")
    printf '==> stage %s done in %s\n' "$CURRENT_STAGE" "$(format_seconds "$elapsed")"
}

format_seconds() {
    local s=$1
    if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

fail() {
    FAILURES+=("$1")
    echo "FAILED: $1" >&2
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo --preserve-env=DEBIAN_FRONTEND "$@"
    else
        echo "test.sh: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# Stage: install
# ---------------------------------------------------------------------------------------------------------------

is_installed() {
    local status
    status="$(dpkg -s "$1" 2>/dev/null)" || return 1
    grep -qx 'Status: install ok installed' <<<"$status"
}

POLICY_RC_D=/usr/sbin/policy-rc.d
CREATED_POLICY_RC_D=false

# shellcheck disable=SC2317  # called through the EXIT trap
cleanup() {
    if [[ "$CREATED_POLICY_RC_D" == true ]]; then
        as_root rm -f "$POLICY_RC_D" || true
    fi
    if [[ "$IS_CI" == true ]] && command -v dotnet >/dev/null 2>&1; then
        # Build servers would otherwise outlive the job.
        dotnet build-server shutdown >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

install_apt_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if ! is_installed "$pkg"; then missing+=("$pkg"); fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        echo "apt: all ${#APT_PACKAGES[@]} packages present"
        return 0
    fi
    if [[ "$DO_INSTALL" == false ]]; then
        echo "apt: missing (not installed because of --no-install): ${missing[*]}" >&2
        return 0
    fi
    echo "apt: installing ${missing[*]}"
    # The servers are started by the tests themselves on loopback ports; keep package scripts from starting
    # system-wide daemons (sshd, xrdp, redis) while installing.
    if [[ ! -e "$POLICY_RC_D" ]]; then
        printf '#!/bin/sh\n# temporary, written by test.sh while installing packages\nexit 101\n' \
            | as_root tee "$POLICY_RC_D" >/dev/null
        as_root chmod 755 "$POLICY_RC_D"
        CREATED_POLICY_RC_D=true
    fi
    as_root apt-get update </dev/null || return 1
    as_root apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" </dev/null || return 1
    if [[ "$CREATED_POLICY_RC_D" == true ]]; then
        as_root rm -f "$POLICY_RC_D"
        CREATED_POLICY_RC_D=false
    fi
}

has_build_script() {
    node -e 'const p = require(process.argv[1]); process.exit(p.scripts && p.scripts.build ? 0 : 1);' \
        "$REPO_ROOT/$1/package.json"
}

install_npm_dependencies() {
    local dir ok=0
    for dir in "${NPM_DIRS[@]}"; do
        if [[ ! -f "$dir/package.json" ]]; then
            echo "npm: $dir: no package.json, skipped"
            continue
        fi
        if ! command -v npm >/dev/null 2>&1; then
            echo "npm: not found; Node.js 20 and npm are required for $dir" >&2
            return 1
        fi
        if [[ "$DO_INSTALL" == false && -d "$dir/node_modules" ]]; then
            echo "npm: $dir: node_modules present, npm ci skipped (--no-install)"
        else
            echo "npm: $dir: npm ci"
            (cd "$dir" && npm ci --no-audit --no-fund </dev/null) || { echo "npm: $dir: npm ci failed" >&2; ok=1; continue; }
        fi
        if has_build_script "$dir"; then
            echo "npm: $dir: npm run build"
            (cd "$dir" && npm run build </dev/null) || { echo "npm: $dir: npm run build failed" >&2; ok=1; }
        fi
    done
    return $ok
}

restore_dotnet_tools() {
    if [[ -f .config/dotnet-tools.json ]]; then
        echo "dotnet: tool restore"
        dotnet tool restore
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# Test stages
# ---------------------------------------------------------------------------------------------------------------

has_test_sources() {
    [[ -n "$(find "$1" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' -print -quit 2>/dev/null)" ]]
}

run_test_projects() {
    local proj name rc
    for proj in "$@"; do
        name="$(basename "$proj")"
        PROJECT_NAMES+=("$name")
        if [[ ! -d "$proj" ]]; then
            PROJECT_NOTE[$name]="not run: directory missing"
            echo "--- $name: directory $proj does not exist, skipped"
            continue
        fi
        if ! has_test_sources "$proj"; then
            PROJECT_NOTE[$name]="not run: no test sources yet"
            echo "--- $name: no test sources yet (no *.cs outside bin/ and obj/), skipped"
            continue
        fi
        echo "--- $name"
        rc=0
        dotnet test "$proj" -c Release --no-build \
            --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS_DIR" </dev/null || rc=$?
        if [[ $rc -ne 0 ]]; then
            PROJECT_NOTE[$name]="dotnet test exit $rc"
            fail "tests in $name (dotnet test exit $rc)"
        else
            PROJECT_NOTE[$name]="ok"
        fi
    done
}

# The web client's Vitest suite (web/). Its JSON report becomes a TRX-shaped counter line so the summary counts it.
run_web_tests() {
    local name=web.vitest json rc=0
    PROJECT_NAMES+=("$name")
    if [[ ! -f web/package.json ]]; then
        PROJECT_NOTE[$name]="not run: web/package.json missing"
        return
    fi
    echo "--- $name"
    json="$(cd "$RESULTS_DIR" && pwd)/$name.json"
    (cd web && npx vitest run --reporter=default --reporter=json --outputFile.json="$json" </dev/null) || rc=$?
    if [[ -f "$json" ]]; then
        node -e '
            const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
            const total = r.numTotalTests, passed = r.numPassedTests, failed = r.numFailedTests;
            const executed = passed + failed;
            console.log(`<TestRun><ResultSummary><Counters total="${total}" executed="${executed}" passed="${passed}" failed="${failed}" error="0" timeout="0" aborted="0" /></ResultSummary></TestRun>`);
        ' "$json" >"$RESULTS_DIR/$name.trx"
    fi
    if [[ $rc -ne 0 ]]; then
        PROJECT_NOTE[$name]="vitest exit $rc"
        fail "tests in $name (vitest exit $rc)"
    else
        PROJECT_NOTE[$name]="ok"
    fi
}

skip_stage_projects() {
    local reason="$1" proj name
    shift
    for proj in "$@"; do
        name="$(basename "$proj")"
        PROJECT_NAMES+=("$name")
        PROJECT_NOTE[$name]="not run: $reason"
    done
}

# ---------------------------------------------------------------------------------------------------------------
# Summary from the TRX files
# ---------------------------------------------------------------------------------------------------------------

# Prints one attribute of the <Counters .../> element of a TRX file (0 when absent).
trx_counter() {
    local counters value
    counters="$(grep -o '<Counters [^>]*>' "$1" | head -n 1 || true)"
    value="$(sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p" <<<"$counters")"
    echo "${value:-0}"
}

TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0
TOTAL_TESTS=0

print_summary() {
    local name trx passed failed skipped total note row_note
    declare -A seen=()
    printf '\n==> summary\n'
    printf '%-36s %7s %7s %8s %7s  %s\n' project passed failed skipped total result
    # Known projects first (stage order), then any other TRX file found in the results directory.
    local names=("${PROJECT_NAMES[@]}")
    if [[ -d "$RESULTS_DIR" ]]; then
        for trx in "$RESULTS_DIR"/*.trx; do
            [[ -e "$trx" ]] || continue
            name="$(basename "$trx" .trx)"
            if [[ -z "${PROJECT_NOTE[$name]+set}" ]]; then names+=("$name"); fi
        done
    fi
    for name in "${names[@]}"; do
        [[ -z "${seen[$name]+set}" ]] || continue
        seen[$name]=1
        note="${PROJECT_NOTE[$name]:-found in $RESULTS_DIR}"
        trx="$RESULTS_DIR/$name.trx"
        if [[ ! -f "$trx" ]]; then
            if [[ "$note" == ok ]]; then
                note="no TRX written"
                FAILURES+=("tests in $name (no TRX written)")
            elif [[ "$note" == "dotnet test exit"* ]]; then
                note="$note, no TRX written"
            fi
            printf '%-36s %7s %7s %8s %7s  %s\n' "$name" - - - - "$note"
            continue
        fi
        total="$(trx_counter "$trx" total)"
        passed="$(trx_counter "$trx" passed)"
        failed=$(($(trx_counter "$trx" failed) + $(trx_counter "$trx" error) + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted)))
        # xunit's skipped tests are in total but not in executed (notExecuted stays 0).
        skipped=$((total - $(trx_counter "$trx" executed)))
        if ((skipped < 0)); then skipped=0; fi
        row_note="$note"
        if ((skipped > 0)) && [[ "$IS_CI" == true ]]; then
            row_note="$note; CI: skipped tests count as failed"
        fi
        printf '%-36s %7d %7d %8d %7d  %s\n' "$name" "$passed" "$failed" "$skipped" "$total" "$row_note"
        TOTAL_PASSED=$((TOTAL_PASSED + passed))
        TOTAL_FAILED=$((TOTAL_FAILED + failed))
        TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
        TOTAL_TESTS=$((TOTAL_TESTS + total))
    done

    printf '\nstage times:'
    local i
    for i in "${!STAGE_NAMES[@]}"; do
        printf ' %s %s;' "${STAGE_NAMES[$i]}" "$(format_seconds "${STAGE_SECONDS[$i]}")"
    done
    printf ' total %s\n' "$(format_seconds "$SECONDS")"

    if ((TOTAL_SKIPPED > 0)) && [[ "$IS_CI" == true ]]; then
        echo "CI=true: $TOTAL_SKIPPED skipped test(s) count as failed (a missing server must never be a silent skip)"
        FAILURES+=("$TOTAL_SKIPPED skipped test(s) under CI=true")
        TOTAL_FAILED=$((TOTAL_FAILED + TOTAL_SKIPPED))
    fi
    if ((TOTAL_FAILED > 0)); then
        FAILURES+=("$TOTAL_FAILED failed test(s)")
    fi
    if ((TOTAL_TESTS == 0)); then
        echo "no tests ran"
    fi
    if [[ ${#FAILURES[@]} -gt 0 ]]; then
        echo "result: FAILED"
        local f
        for f in "${FAILURES[@]}"; do echo "  - $f"; done
    else
        echo "result: ok"
    fi
}

finish() {
    print_summary
    local line="tests: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
    if ((TOTAL_SKIPPED > 0)); then line="$line, $TOTAL_SKIPPED skipped"; fi
    echo "$line"
    if [[ ${#FAILURES[@]} -gt 0 ]]; then exit 1; fi
    exit 0
}

# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------

echo "Gateway test run: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), CI=${CI:-}, unit only=$RUN_UNIT_ONLY, install=$DO_INSTALL, fuzz=$DO_FUZZ"
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

stage_begin install
install_ok=true
install_apt_packages || { fail "apt install"; install_ok=false; }
if [[ "$install_ok" == true ]]; then
    install_npm_dependencies || fail "npm install/build"
    restore_dotnet_tools || fail "dotnet tool restore"
fi
stage_end

if [[ "$install_ok" == false ]]; then
    skip_stage_projects "install failed" "${UNIT_PROJECTS[@]}" "${INTEGRATION_PROJECTS[@]}" "${BROWSER_PROJECTS[@]}"
    finish
fi

stage_begin build
build_ok=true
dotnet build "$SOLUTION" -c Release </dev/null || { fail "dotnet build $SOLUTION"; build_ok=false; }
stage_end

if [[ "$build_ok" == false ]]; then
    skip_stage_projects "build failed" "${UNIT_PROJECTS[@]}" "${INTEGRATION_PROJECTS[@]}" "${BROWSER_PROJECTS[@]}"
    finish
fi

stage_begin unit
run_test_projects "${UNIT_PROJECTS[@]}"
run_web_tests
stage_end

if [[ "$RUN_UNIT_ONLY" == true ]]; then
    skip_stage_projects "--unit" "${INTEGRATION_PROJECTS[@]}" "${BROWSER_PROJECTS[@]}"
else
    stage_begin integration
    run_test_projects "${INTEGRATION_PROJECTS[@]}"
    stage_end

    stage_begin browser
    run_test_projects "${BROWSER_PROJECTS[@]}"
    stage_end

    if [[ "$DO_FUZZ" == false ]]; then
        echo
        echo "==> stage fuzz: skipped (--no-fuzz)"
    elif [[ ! -f "$FUZZ_SCRIPT" ]]; then
        echo
        echo "==> stage fuzz: skipped ($FUZZ_SCRIPT does not exist yet)"
    else
        stage_begin fuzz
        # The protocol parser every run, plus one RFB decoder, rotating by day of the year so every decoder is
        # fuzzed in CI within ten days (override with FUZZ_VNC_TARGET).
        VNC_TARGETS=(vnc-raw vnc-copyrect vnc-rre vnc-hextile vnc-zlib vnc-zrle vnc-trle vnc-tight vnc-cursor vnc-xcursor)
        vnc_target="${FUZZ_VNC_TARGET:-${VNC_TARGETS[$((10#$(date -u +%j) % ${#VNC_TARGETS[@]}))]}}"
        for target in protocol "$vnc_target"; do
            echo "running $FUZZ_SCRIPT on $target for $FUZZ_SECONDS s"
            bash "$FUZZ_SCRIPT" "$FUZZ_SECONDS" "$target" </dev/null || fail "fuzz $target ($FUZZ_SCRIPT exit code $?)"
        done
        stage_end
    fi
fi

finish
