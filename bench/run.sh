#!/usr/bin/env bash
# Benchmarks Wharf and CNCF Distribution 2.8 (Debian's docker-registry) side by side, on 127.0.0.1 only, with the
# same data, and prints a Markdown report (machine, ceilings, table) ready to paste into bench/RESULTS.md.
#
#   bench/run.sh                       both registries
#   bench/run.sh --only distribution   Distribution alone (e.g. while Wharf does not build)
#   bench/run.sh --only wharf          Wharf alone
#   bench/run.sh --auth                what auth costs on manifest GETs: Wharf without and with token auth,
#                                      Distribution without and with htpasswd (also with --only)
#   bench/run.sh --scale-out           issue 8: Distribution on a Ceph S3 gateway against Wharf on PostgreSQL + the
#                                      same gateway (one node, and three behind HAProxy) and Wharf embedded
#   bench/run.sh --tokens              issue 8: token requests/s with repeated credentials of every kind (Wharf with
#                                      auth on PostgreSQL + S3, and embedded)
#   bench/run.sh --triggers            issue 10: webhook to pullable (minus the build's time), manifest GETs of a
#                                      built git/… reference against an ordinary tag, webhook requests/s (Wharf alone)
#   bench/run.sh --pulls               issue 11: manifest GETs of Wharf with pull statistics on against off, in
#                                      alternating rounds (Wharf alone; the cost must stay within 5%)
#   bench/run.sh --ui                  issue 11: the web UI's render time: the repository list of 2,000 repositories,
#                                      a 5,000-tag table, a 50-layer tag page, at 16 clients (Wharf alone; p99 < 50 ms)
#   --wait-quiet                       first wait (up to an hour) until the 1-minute load average is below 1.0
#
# Sizes and durations: BENCH_* variables, see bench/README.md. BENCH_KEEP=1 keeps the registries' data directories.
# Output: bench/out/<mode>-<UTC time>/ (report.md, bench.log, server logs), and bench/out/last-<mode>-report.md
# (last-report.md for the default mode).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

ONLY=""
AUTH=0
MODE=""
WAIT_QUIET=0
while [ $# -gt 0 ]; do
    case "$1" in
        --auth) AUTH=1; MODE=auth; shift ;;
        --scale-out) MODE=scale-out; shift ;;
        --tokens) MODE=tokens; shift ;;
        --triggers) MODE=triggers; shift ;;
        --pulls) MODE=pulls; shift ;;
        --ui) MODE=ui; shift ;;
        --wait-quiet) WAIT_QUIET=1; shift ;;
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
if [ -n "$ONLY" ] && [ -n "$MODE" ] && [ "$MODE" != auth ]; then
    echo "run.sh: --only is for the default and --auth modes" >&2
    exit 2
fi

log() { echo "[run.sh] $*" >&2; }

# The brief of every recorded run: figures are taken on a quiet machine. Waits in 30 s steps, at most an hour.
if [ "$WAIT_QUIET" = 1 ]; then
    waited=0
    while [ "$(awk '{print ($1 < 1.0)}' /proc/loadavg)" != 1 ]; do
        if [ $waited -ge 3600 ]; then
            log "the load average is still $(cut -d' ' -f1-3 /proc/loadavg) after an hour; running anyway (the report says so)"
            break
        fi
        log "waiting for a quiet machine: load average $(cut -d' ' -f1-3 /proc/loadavg)"
        sleep 30
        waited=$((waited + 30))
    done
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

OUT_ROOT=${BENCH_OUT:-$BENCH_DIR/out}
KIND=${MODE:-run}
RUN=$OUT_ROOT/$KIND-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)

# shellcheck source=bench/services.sh
. "$BENCH_DIR/services.sh"

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
    # The servers first: they talk to the database and the gateway until they stop.
    stop_services
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
free_port() { "${BENCH[@]}" free-port; }

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

# launch_wharf NAME PORT [VAR=value...]: one Wharf process on 127.0.0.1:PORT with an empty data directory of its own,
# auth off unless the variables turn it on; its pid in LAUNCHED.
LAUNCHED=""
launch_wharf() {
    local name=$1 port=$2
    shift 2
    local dll=$WHARF_DLL_BUILT data=$RUN/$name-data
    mkdir -p "$data"
    log "starting $name on 127.0.0.1:$port (data in $data)"
    # Run from the dll's folder so a shipped appsettings.json applies; log at Warning like Distribution's 'warn'.
    (
        cd "$(dirname "$dll")"
        exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
            Logging__LogLevel__Default=Warning WHARF_Logging__LogLevel__Default=Warning WHARF_Auth__Enabled=false "$@" \
            dotnet "$dll" serve --listen "127.0.0.1:$port" --data-dir "$data"
    ) >"$RUN/$name.log" 2>&1 &
    LAUNCHED=$!
    PIDS+=("$LAUNCHED")
    NAMES+=("$name")
}

# start_wharf NAME [TARGET_OPTIONS [VAR=value...]]: one Wharf as a target; TARGET_OPTIONS (",auth=token") are appended
# to its --target.
start_wharf() {
    local name=$1 options=${2:-} port
    shift $(($# < 2 ? $# : 2))
    if [ -n "$WHARF_PROBLEM" ]; then
        TARGETS+=(--unavailable "$name=$WHARF_PROBLEM")
        return
    fi
    port=$(free_port)
    launch_wharf "$name" "$port" "$@"
    TARGETS+=(--target "$name=http://127.0.0.1:$port,pid=$LAUNCHED$options")
}

# start_wharf_nodes NAME COUNT [VAR=value...]: COUNT Wharf nodes sharing the database and bucket the variables name,
# each answering on its own port before HAProxy is put in front of them; the target is HAProxy, with every node's pid
# (memory, CPU) and metrics port.
start_wharf_nodes() {
    local name=$1 count=$2 i port pids=() ports=()
    shift 2
    if [ -n "$WHARF_PROBLEM" ]; then
        TARGETS+=(--unavailable "$name=$WHARF_PROBLEM")
        return
    fi
    for i in $(seq "$count"); do
        port=$(free_port)
        launch_wharf "$name-node$i" "$port" "$@"
        pids+=("$LAUNCHED")
        ports+=("$port")
    done
    for port in "${ports[@]}"; do
        if ! wait_http "http://127.0.0.1:$port/v2/" 120; then
            TARGETS+=(--unavailable "$name=a node (port $port) did not answer GET /v2/ within 120 s; see $name-node*.log")
            return
        fi
    done
    port=$(free_port)
    start_haproxy haproxy "$port" "${ports[@]}" || { TARGETS+=(--unavailable "$name=haproxy is not installed"); return; }
    TARGETS+=(--target "$name=http://127.0.0.1:$port,pid=$(IFS=+; echo "${pids[*]}"),metrics=$(IFS=+; echo "${ports[*]}")")
}

DISTRIBUTION_PORT=""
DISTRIBUTION_PID=""
# start_distribution NAME [HTPASSWD_FILE [S3_BUCKET]]: one Distribution, with htpasswd auth when a file is given, and
# on the Ceph gateway's bucket S3_BUCKET (its s3 driver) when one is given, else on the filesystem.
start_distribution() {
    local name=$1 htpasswd=${2:-} bucket=${3:-}
    if ! command -v docker-registry >/dev/null; then
        TARGETS+=(--unavailable "$name=docker-registry is not installed (apt-get install docker-registry)")
        return
    fi
    local port data=$RUN/$name-data options="" storage
    port=$(free_port)
    mkdir -p "$data"
    if [ -n "$bucket" ]; then
        # Distribution 2.8's s3 driver: path-style addressing is implied by regionendpoint (2.8 has no forcepathstyle
        # option), v4 signatures, plain HTTP, its default 10 MiB chunks. redirect disabled: blob GETs stream through
        # the registry, as Wharf's BlobDelivery=proxy does, so a pull measures the registry, not the gateway alone.
        storage="  s3:
    accesskey: $S3_ACCESS_KEY
    secretkey: $S3_SECRET_KEY
    region: us-east-1
    regionendpoint: $S3_ENDPOINT
    bucket: $bucket
    secure: false
    v4auth: true
  redirect:
    disable: true"
    else
        storage="  filesystem:
    rootdirectory: $data"
    fi
    # The access log is off: at level warn Wharf does not log every request either. The file may hold the gateway's
    # secret: readable by its owner only.
    (umask 077 && cat >"$RUN/$name.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
$storage
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$port
EOF
    )
    if [ -n "$htpasswd" ]; then
        printf 'auth:\n  htpasswd:\n    realm: wharf-bench\n    path: %s\n' "$htpasswd" >>"$RUN/$name.yml"
        options=",auth=basic"
    fi
    log "starting $name on 127.0.0.1:$port (data in ${bucket:+bucket }${bucket:-$data})"
    # AWS_CA_BUNDLE (set on some machines for a TLS proxy) makes 2.8's AWS SDK panic at start-up ("unsupported transport"):
    # the gateway is plain HTTP on loopback and needs no CA.
    env -u AWS_CA_BUNDLE docker-registry serve "$RUN/$name.yml" >"$RUN/$name.log" 2>&1 &
    PIDS+=("$!")
    NAMES+=("$name")
    TARGETS+=(--target "$name=http://127.0.0.1:$port,pid=$!$options")
    DISTRIBUTION_PORT=$port
    DISTRIBUTION_PID=$!
}

# s3_wharf BUCKET DATABASE: the variables of a Wharf on PostgreSQL database DATABASE and the Ceph gateway's bucket
# BUCKET (both created here), blobs served through Wharf (BlobDelivery=proxy, as Distribution's redirect is disabled);
# into the array S3_WHARF.
S3_WHARF=()
s3_wharf() {
    local connection
    s3_bucket "$1" || { log "could not create bucket $1"; return 1; }
    connection=$(pg_database "$2") || { log "could not create database $2"; return 1; }
    S3_WHARF=(WHARF_Database__Provider=postgres "WHARF_Database__ConnectionString=$connection"
        WHARF_Storage__Backend=s3 "WHARF_Storage__S3__ServiceUrl=$S3_ENDPOINT" "WHARF_Storage__S3__Bucket=$1"
        "WHARF_Storage__S3__AccessKey=$S3_ACCESS_KEY" "WHARF_Storage__S3__SecretKey=$S3_SECRET_KEY"
        WHARF_Storage__S3__BlobDelivery=proxy)
}

if wants wharf; then build_wharf; fi
BENCH_PASSWORD=""
if [ "$MODE" = scale-out ] || [ "$MODE" = tokens ]; then
    start_postgres || exit 1
    start_ceph || exit 1
fi
if [ "$MODE" = scale-out ]; then
    # Distribution's catalog on S3 walks every repository's directories: minutes for the default 2,000.
    export BENCH_WORKLOAD_TIMEOUT=${BENCH_WORKLOAD_TIMEOUT:-900}
    # One gateway for all: each registry its own bucket (and each Wharf its own database), the three nodes one of each.
    s3_bucket distribution || { log "could not create bucket distribution"; exit 1; }
    start_distribution distribution-s3 "" distribution
    if [ "${BENCH_BALANCED_DISTRIBUTION:-0}" = 1 ]; then start_balanced_distribution distribution-s3-haproxy; fi
    s3_wharf wharf-one wharf_one || exit 1
    start_wharf wharf-s3 "" "${S3_WHARF[@]}"
    s3_wharf wharf-three wharf_three || exit 1
    start_wharf_nodes wharf-3nodes 3 "${S3_WHARF[@]}"
    start_wharf wharf-embedded
    RUN_ARGS=(--scale-out)
elif [ "$MODE" = tokens ]; then
    BENCH_PASSWORD=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
    AUTH_ON=(WHARF_Auth__Enabled=true "WHARF_Auth__AdminPassword=$BENCH_PASSWORD")
    s3_wharf wharf-tokens wharf_tokens || exit 1
    start_wharf wharf-s3 ",auth=token" "${S3_WHARF[@]}" "${AUTH_ON[@]}"
    start_wharf wharf-embedded ",auth=token" "${AUTH_ON[@]}"
    RUN_ARGS=(--tokens)
elif [ "$MODE" = triggers ]; then
    # One Wharf with auth and its default build settings (one worker, the real builder); the git host is a directory.
    BENCH_PASSWORD=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
    export WHARF_BENCH_GIT_ROOT=$RUN/git
    mkdir -p "$WHARF_BENCH_GIT_ROOT"
    start_wharf wharf-triggers ",auth=token" WHARF_Auth__Enabled=true "WHARF_Auth__AdminPassword=$BENCH_PASSWORD" WHARF_Auth__TokenLifetime=00:30:00 \
        WHARF_Builds__GitProtocols__0=file "WHARF_GitPull__Hosts__benchgit__Url=file://$WHARF_BENCH_GIT_ROOT/"
    RUN_ARGS=(--triggers)
elif [ "$MODE" = ui ]; then
    # One Wharf with auth; the pages are asked as its administrator (HTTP Basic, taken as a session is).
    BENCH_PASSWORD=$(od -An -tx1 -N18 /dev/urandom | tr -d ' \n')
    start_wharf wharf-ui ",auth=token" WHARF_Auth__Enabled=true "WHARF_Auth__AdminPassword=$BENCH_PASSWORD" WHARF_Auth__TokenLifetime=00:30:00
    RUN_ARGS=(--ui)
elif [ "$MODE" = pulls ]; then
    # Two Wharfs on the same build and settings but Registry:PullStatistics; both flush every 5 s (the default).
    start_wharf wharf-pulls-on "" WHARF_Registry__PullStatistics=true
    start_wharf wharf-pulls-off "" WHARF_Registry__PullStatistics=false
    RUN_ARGS=(--pulls)
elif [ "$AUTH" = 0 ]; then
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
    if [ -n "$PG_PORT" ]; then
        echo "- Services: PostgreSQL $("$(pg_tool postgres)" --version | awk '{print $3}') (defaults: fsync and synchronous_commit on), Ceph $(radosgw --version 2>/dev/null | awk '{print $3}') radosgw with one BlueStore OSD (a sparse file on the same disk)$([ "$MODE" = scale-out ] && echo ", HAProxy $(haproxy -v 2>/dev/null | awk 'NR==1 {print $3}')")"
    fi
    echo "- Settings: ${settings:-defaults}"
    echo "- Load average (1/5/15 min) at the start: $LOAD_START"
    if [ "$MODE" = scale-out ]; then
        echo "- Set-ups: Distribution 2.8 with its \`s3\` driver on the Ceph gateway (\`regionendpoint\`, own bucket, \`redirect: disable\`);"
        echo "  Wharf on PostgreSQL + the same gateway (own bucket and database, \`BlobDelivery=proxy\`), one node, and three nodes"
        echo "  sharing a bucket and a database behind HAProxy (round robin, no stickiness); Wharf embedded (SQLite + files, the"
        echo "  main run's set-up). All on this machine at once, idle when not measured; each workload runs on each in turn."
    elif [ "$MODE" = tokens ]; then
        echo "- Tokens: Wharf with \`Auth:Enabled\` on PostgreSQL + the Ceph gateway (one node), and embedded; accounts set up over"
        echo "  the API; ${BENCH_TOKEN_CLIENTS:-16} clients send the same request with the same credentials for ${BENCH_TOKEN_SECONDS:-10} s per kind."
    fi
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

{
    cat "$RUN/header.md" "$RUN/table.md"
    echo
    echo "Load average (1/5/15 min) at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$RUN/report.md"
if [ -n "$MODE" ]; then cp "$RUN/report.md" "$OUT_ROOT/last-$MODE-report.md"; else cp "$RUN/report.md" "$OUT_ROOT/last-report.md"; fi
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
