#!/usr/bin/env bash
# Benchmarks Wharf and CNCF Distribution 2.8 (Debian's docker-registry) side by side, on 127.0.0.1 only, with the
# same data, and prints a Markdown report (machine, ceilings, table) ready to paste into bench/RESULTS.md.
#
#   bench/run.sh                       both registries
#   bench/run.sh --only distribution   Distribution alone (e.g. while Wharf does not build)
#   bench/run.sh --only wharf          Wharf alone
#   bench/run.sh --auth                what auth costs on manifest GETs: Wharf without and with token auth,
#                                      Distribution without and with htpasswd (also with --only)
#
# Sizes and durations: BENCH_* variables, see bench/README.md. BENCH_KEEP=1 keeps the registries' data directories.
# Output: bench/out/run-<UTC time>/ (report.md, bench.log, server logs), and bench/out/last-report.md;
# with --auth: bench/out/auth-<UTC time>/ and bench/out/last-auth-report.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

ONLY=""
AUTH=0
while [ $# -gt 0 ]; do
    case "$1" in
        --auth) AUTH=1; shift ;;
        --only) ONLY=${2:-}; shift 2 || { usage >&2; exit 2; } ;;
        --only=*) ONLY=${1#--only=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
case "$ONLY" in
    ""|wharf|distribution) ;;
    *) echo "run.sh: --only takes 'wharf' or 'distribution', not '$ONLY'" >&2; exit 2 ;;
esac
wants() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }

OUT_ROOT=${BENCH_OUT:-$BENCH_DIR/out}
if [ "$AUTH" = 1 ]; then KIND=auth; else KIND=run; fi
RUN=$OUT_ROOT/$KIND-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)

log() { echo "[run.sh] $*" >&2; }

# Every server this script starts, by pid (with its name in NAMES); stopped by that pid only, however the script
# ends. A server that died on its own during the run has its exit status reported.
PIDS=()
NAMES=()
cleanup() {
    local i status
    for i in "${!PIDS[@]}"; do
        if kill -0 "${PIDS[$i]}" 2>/dev/null; then
            kill "${PIDS[$i]}" 2>/dev/null || true
            wait "${PIDS[$i]}" 2>/dev/null || true
        else
            status=0
            wait "${PIDS[$i]}" 2>/dev/null || status=$?
            if [ "$status" -gt 128 ]; then
                log "${NAMES[$i]} (pid ${PIDS[$i]}) had died during the run: killed by signal $((status - 128))"
            else
                log "${NAMES[$i]} (pid ${PIDS[$i]}) had exited during the run with status $status; see ${NAMES[$i]}.log in $RUN"
            fi
        fi
    done
    if [ "${BENCH_KEEP:-0}" != 1 ]; then
        rm -rf "$RUN"/*-data
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building bench/Wharf.Bench (Release)"
if ! dotnet build -c Release "$BENCH_DIR/Wharf.Bench/Wharf.Bench.csproj" -nologo -v q >"$RUN/build-bench.log" 2>&1; then
    cat "$RUN/build-bench.log" >&2
    log "the load generator does not build"
    exit 1
fi
BENCH=(dotnet "$BENCH_DIR/Wharf.Bench/bin/Release/net10.0/Wharf.Bench.dll")

TARGETS=()

# Builds src/Wharf.Cli once; sets WHARF_DLL_BUILT, or WHARF_PROBLEM to why Wharf cannot be benchmarked.
WHARF_DLL_BUILT=""
WHARF_PROBLEM=""
build_wharf() {
    local project=$REPO/src/Wharf.Cli
    if ! ls "$project"/*.csproj >/dev/null 2>&1; then
        WHARF_PROBLEM="src/Wharf.Cli has no project yet"
        return
    fi
    log "building src/Wharf.Cli (Release)"
    if ! dotnet build -c Release "$project" -nologo -v q >"$RUN/build-wharf.log" 2>&1; then
        log "src/Wharf.Cli does not build; see $RUN/build-wharf.log"
        WHARF_PROBLEM="dotnet build -c Release src/Wharf.Cli failed (see build-wharf.log in the run directory)"
        return
    fi
    WHARF_DLL_BUILT=${WHARF_DLL:-$project/bin/Release/net10.0/wharf.dll}
    if [ ! -f "$WHARF_DLL_BUILT" ]; then
        WHARF_PROBLEM="built, but $WHARF_DLL_BUILT does not exist"
    fi
}

# start_wharf NAME [TARGET_OPTIONS [VAR=value...]]: one Wharf, auth off unless the variables turn it on; TARGET_OPTIONS
# (",auth=token") are appended to its --target.
start_wharf() {
    local name=$1 options=${2:-}
    shift $(($# < 2 ? $# : 2))
    if [ -n "$WHARF_PROBLEM" ]; then
        TARGETS+=(--unavailable "$name=$WHARF_PROBLEM")
        return
    fi
    local dll=$WHARF_DLL_BUILT port data=$RUN/$name-data
    port=$("${BENCH[@]}" free-port)
    mkdir -p "$data"
    log "starting $name on 127.0.0.1:$port (data in $data)"
    # Run from the dll's folder so a shipped appsettings.json applies; log at Warning like Distribution's 'warn'.
    (
        cd "$(dirname "$dll")"
        exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
            Logging__LogLevel__Default=Warning WHARF_Logging__LogLevel__Default=Warning WHARF_Auth__Enabled=false "$@" \
            dotnet "$dll" serve --listen "127.0.0.1:$port" --data-dir "$data"
    ) >"$RUN/$name.log" 2>&1 &
    PIDS+=("$!")
    NAMES+=("$name")
    TARGETS+=(--target "$name=http://127.0.0.1:$port,pid=$!$options")
}

# start_distribution NAME [HTPASSWD_FILE]: one Distribution, with htpasswd auth when a file is given.
start_distribution() {
    local name=$1 htpasswd=${2:-}
    if ! command -v docker-registry >/dev/null; then
        TARGETS+=(--unavailable "$name=docker-registry is not installed (apt-get install docker-registry)")
        return
    fi
    local port data=$RUN/$name-data options=""
    port=$("${BENCH[@]}" free-port)
    mkdir -p "$data"
    # The access log is off: at level warn Wharf does not log every request either.
    cat >"$RUN/$name.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$port
EOF
    if [ -n "$htpasswd" ]; then
        printf 'auth:\n  htpasswd:\n    realm: wharf-bench\n    path: %s\n' "$htpasswd" >>"$RUN/$name.yml"
        options=",auth=basic"
    fi
    log "starting $name on 127.0.0.1:$port (data in $data)"
    docker-registry serve "$RUN/$name.yml" >"$RUN/$name.log" 2>&1 &
    PIDS+=("$!")
    NAMES+=("$name")
    TARGETS+=(--target "$name=http://127.0.0.1:$port,pid=$!$options")
}

if wants wharf; then build_wharf; fi
BENCH_PASSWORD=""
if [ "$AUTH" = 0 ]; then
    if wants wharf; then start_wharf wharf; else TARGETS+=(--unavailable "wharf=skipped (--only $ONLY)"); fi
    if wants distribution; then start_distribution distribution; else TARGETS+=(--unavailable "distribution=skipped (--only $ONLY)"); fi
    RUN_ARGS=()
else
    # One throwaway password for user "admin" of both registries. It reaches the load generator through the
    # environment (not argv, and not a BENCH_* variable, which the report prints).
    BENCH_PASSWORD=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
    BCRYPT_COST=${BENCH_BCRYPT_COST:-5}
    if wants wharf; then
        start_wharf wharf
        # Tokens live 30 minutes, longer than the whole run: no renewal happens mid-measurement.
        start_wharf wharf-auth ",auth=token" WHARF_Auth__Enabled=true "WHARF_Auth__AdminPassword=$BENCH_PASSWORD" \
            WHARF_Auth__TokenLifetime=00:30:00
    else
        TARGETS+=(--unavailable "wharf=skipped (--only $ONLY)" --unavailable "wharf-auth=skipped (--only $ONLY)")
    fi
    if wants distribution; then
        start_distribution distribution
        if command -v htpasswd >/dev/null; then
            # bcrypt at htpasswd -B's default cost 5, as Distribution's documentation generates the file.
            printf '%s\n' "$BENCH_PASSWORD" | htpasswd -ciB -C "$BCRYPT_COST" "$RUN/htpasswd" admin 2>/dev/null
            start_distribution distribution-auth "$RUN/htpasswd"
        else
            TARGETS+=(--unavailable "distribution-auth=htpasswd is not installed (apt-get install apache2-utils)")
        fi
    else
        TARGETS+=(--unavailable "distribution=skipped (--only $ONLY)" --unavailable "distribution-auth=skipped (--only $ONLY)")
    fi
    RUN_ARGS=(--auth)
fi

commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo "no commit")
if [ -n "$(git -C "$REPO" status --porcelain 2>/dev/null | head -1)" ]; then commit="$commit (with uncommitted changes)"; fi
settings=$(env | grep '^BENCH_' | sort | tr '\n' ' ' || true)
{
    echo "## Run of $(date -u)"
    echo
    echo "- Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) memory, Linux $(uname -r)"
    echo "- Data directory file system: $(df -T "$RUN" | awk 'NR==2 {print $2 " on " $1}')"
    echo "- Wharf: commit $commit, .NET SDK $(dotnet --version)"
    echo "- Distribution: $(docker-registry --version 2>/dev/null || echo 'not installed')"
    echo "- Settings: ${settings:-defaults}"
    if [ "$AUTH" = 1 ]; then
        echo "- Auth: Wharf with \`Auth:Enabled\` (user admin, tokens valid 30 min, every GET appended to the audit log) against the"
        echo "  same Wharf with it off; Distribution with \`auth: htpasswd\` (user admin, bcrypt cost $BCRYPT_COST) against the same"
        echo "  Distribution without auth. Distribution's own token auth needs an external token server, so htpasswd stands in."
    fi
    echo
} >"$RUN/header.md"

log "running the workloads (progress below; report at the end)"
rc=0
WHARF_BENCH_CREDENTIALS=${BENCH_PASSWORD:+admin:$BENCH_PASSWORD} \
    "${BENCH[@]}" run "${RUN_ARGS[@]}" --work-dir "$RUN" "${TARGETS[@]}" >"$RUN/table.md" 2> >(tee "$RUN/bench.log" >&2) || rc=$?

cat "$RUN/header.md" "$RUN/table.md" >"$RUN/report.md"
if [ "$AUTH" = 1 ]; then cp "$RUN/report.md" "$OUT_ROOT/last-auth-report.md"; else cp "$RUN/report.md" "$OUT_ROOT/last-report.md"; fi
echo
cat "$RUN/report.md"
echo
log "report: $RUN/report.md (server logs beside it)"
case $rc in
    0) ;;
    3) log "some workloads FAILED; see the report" ;;
    *) log "the load generator exited with $rc" ;;
esac
exit "$rc"
