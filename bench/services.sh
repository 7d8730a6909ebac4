# shellcheck shell=bash
# The shared services of `bench/run.sh --scale-out` and `--tokens`, sourced by run.sh (not run on its own): a private
# PostgreSQL cluster, one Ceph S3 gateway, and HAProxy in front of Wharf nodes. Everything listens on 127.0.0.1 only,
# on free ports, with its files in temporary directories; stop_services stops and deletes all of it, and run.sh calls
# it from its exit trap, however the run ends. Uses from run.sh: log, free_port, RUN, REPO, BENCH_DIR, PIDS, NAMES;
# start_balanced_distribution also TARGETS, DISTRIBUTION_PORT and DISTRIBUTION_PID.

PG_ROOT=""
PG_PORT=""
CEPH_DIR=""
S3_ENDPOINT=""
S3_ACCESS_KEY=""
S3_SECRET_KEY=""

# The PostgreSQL programs: Debian keeps them out of PATH.
pg_tool() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/$1" ]; then echo "$dir/$1"; return; fi
    done
    command -v "$1"
}

# as_server CMD...: PostgreSQL refuses to run as root, so as root it runs as the 'postgres' account Debian's package
# creates (as tests/Wharf.TestKit/UnprivilegedAccount does); as anyone else, as that user.
as_server() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid="$(id -u postgres)" --regid="$(id -g postgres)" --clear-groups -- "$@"
    else
        "$@"
    fi
}

# start_postgres: initdb in a temporary directory, superuser 'wharf' trusted on loopback, then start on a free port.
# Durability as in production (fsync and synchronous_commit on, the defaults): Distribution's S3 writes are durable too.
# Only max_connections is raised, for three nodes' connection pools (Npgsql's default is 100 each).
start_postgres() {
    local initdb pg_ctl attempt
    initdb=$(pg_tool initdb) && pg_ctl=$(pg_tool pg_ctl) || { log "PostgreSQL (initdb, pg_ctl) is not installed"; return 1; }
    PG_ROOT=$(mktemp -d /tmp/wharf-bench-pg.XXXXXX)
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_ROOT"; fi
    log "creating a PostgreSQL cluster in $PG_ROOT"
    (cd "$PG_ROOT" && as_server "$initdb" -D "$PG_ROOT/data" -U wharf --auth=trust -E UTF8 --locale=C.UTF-8 >"$RUN/postgres-initdb.log" 2>&1) \
        || { log "initdb failed; see $RUN/postgres-initdb.log"; return 1; }
    for attempt in 1 2 3; do
        PG_PORT=$(free_port)
        if (cd "$PG_ROOT" && as_server "$pg_ctl" start -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_ROOT -c max_connections=400" >>"$RUN/postgres-initdb.log" 2>&1); then
            log "PostgreSQL $("$(pg_tool postgres)" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
            return 0
        fi
        log "PostgreSQL did not start on port $PG_PORT (attempt $attempt)"
    done
    cp "$PG_ROOT/server.log" "$RUN/postgres.log" 2>/dev/null || true
    return 1
}

# pg_database NAME: creates database NAME and prints the Npgsql connection string of it.
pg_database() {
    "$(pg_tool createdb)" -h 127.0.0.1 -p "$PG_PORT" -U wharf "$1" >&2 || return 1
    echo "Host=127.0.0.1;Port=$PG_PORT;Database=$1;Username=wharf"
}

# start_ceph: one Ceph cluster with its S3 gateway (scripts/start-ceph-rgw.sh), shared by every registry of the run,
# each with its own bucket. BlueStore, Ceph's production object store: objects go to a sparse file on disk, as a real
# gateway's do; memstore would keep them in the OSD's RAM at about twice their size, and a default run stores more
# than 12 GiB (more than the memory of a small machine). BENCH_CEPH_GB sizes the sparse file.
start_ceph() {
    local attempt
    for attempt in 1 2 3; do
        CEPH_DIR=$(mktemp -d /tmp/wharf-bench-ceph.XXXXXX)
        log "starting Ceph (mon, BlueStore OSD of ${BENCH_CEPH_GB:-64} GiB, radosgw) in $CEPH_DIR; this takes a minute"
        if env CEPH_RGW_PORT="$(free_port)" CEPH_MON_PORT="$(free_port)" CEPH_OSD_STORE=bluestore \
            CEPH_OSD_SIZE_GB="${BENCH_CEPH_GB:-64}" S3_USER=bench "$REPO/scripts/start-ceph-rgw.sh" "$CEPH_DIR" >"$RUN/ceph-start.log" 2>&1; then
            S3_ENDPOINT=$(sed -n 's/^S3_ENDPOINT=//p' "$CEPH_DIR/s3.env")
            S3_ACCESS_KEY=$(sed -n 's/^S3_ACCESS_KEY=//p' "$CEPH_DIR/s3.env")
            S3_SECRET_KEY=$(sed -n 's/^S3_SECRET_KEY=//p' "$CEPH_DIR/s3.env")
            log "Ceph S3 gateway $(radosgw --version 2>/dev/null | awk '{print $3}') on $S3_ENDPOINT"
            return 0
        fi
        "$REPO/scripts/stop-ceph-rgw.sh" "$CEPH_DIR" --purge >>"$RUN/ceph-start.log" 2>&1 || true
        CEPH_DIR=""
        # Another process may have taken a port between choosing it and Ceph binding it: choose again.
        grep -q "already in use" "$RUN/ceph-start.log" || break
    done
    log "Ceph did not start; see $RUN/ceph-start.log"
    return 1
}

# s3_bucket NAME: creates a bucket on the gateway (curl signs the request with AWS SigV4; the secret goes to curl on
# stdin, never on a command line). RGW checks the payload hash header, which curl 7.88 does not send by itself: the
# SHA-256 of the empty body.
s3_bucket() {
    printf 'user = "%s:%s"\n' "$S3_ACCESS_KEY" "$S3_SECRET_KEY" |
        curl -sS -f -K - -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" \
            -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "$S3_ENDPOINT/$1" -o /dev/null
}

# start_haproxy NAME PORT NODE_PORT NODE_PORT NODE_PORT: HAProxy 2.6 with bench/haproxy.cfg (round robin, no
# stickiness, plain HTTP) in the foreground, logging to NAME.log, its pid in PIDS like the servers'.
start_haproxy() {
    local name=$1 port=$2
    shift 2
    command -v haproxy >/dev/null || { log "haproxy is not installed"; return 1; }
    log "starting HAProxy on 127.0.0.1:$port in front of ports $*"
    env HAPROXY_PORT="$port" WHARF_NODE1="127.0.0.1:$1" WHARF_NODE2="127.0.0.1:$2" WHARF_NODE3="127.0.0.1:$3" \
        haproxy -db -f "$BENCH_DIR/haproxy.cfg" >"$RUN/$name.log" 2>&1 &
    PIDS+=("$!")
    NAMES+=("$name")
}

# start_balanced_distribution NAME (a run.sh target): the Distribution started last, also reached through an HAProxy of its own with
# bench/haproxy.cfg (its three servers all that one Distribution), as target NAME: what the balancer's hop costs on
# this machine, apart from Wharf. A diagnostic (BENCH_BALANCED_DISTRIBUTION=1): its figures are in bench.log only.
start_balanced_distribution() {
    local name=$1 port
    if [ -z "$DISTRIBUTION_PORT" ]; then
        TARGETS+=(--unavailable "$name=Distribution did not start")
        return
    fi
    port=$(free_port)
    start_haproxy "$name-haproxy" "$port" "$DISTRIBUTION_PORT" "$DISTRIBUTION_PORT" "$DISTRIBUTION_PORT" \
        || { TARGETS+=(--unavailable "$name=haproxy is not installed"); return; }
    TARGETS+=(--target "$name=http://127.0.0.1:$port,pid=$DISTRIBUTION_PID")
}

# wait_http URL SECONDS: until URL answers 200.
wait_http() {
    local deadline=$((SECONDS + $2))
    until curl -sf -o /dev/null --max-time 2 "$1"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.3
    done
}

# stop_services: Ceph's daemons (by its own stop script, which touches only this cluster's), then PostgreSQL; both
# data directories deleted unless BENCH_KEEP=1.
stop_services() {
    if [ -n "$CEPH_DIR" ]; then
        log "stopping Ceph"
        tail -n 2000 "$CEPH_DIR/log/client.rgw.gw.log" >"$RUN/ceph-rgw.log" 2>/dev/null || true
        if [ "${BENCH_KEEP:-0}" = 1 ]; then
            "$REPO/scripts/stop-ceph-rgw.sh" "$CEPH_DIR" >>"$RUN/ceph-stop.log" 2>&1 || true
        else
            "$REPO/scripts/stop-ceph-rgw.sh" "$CEPH_DIR" --purge >>"$RUN/ceph-stop.log" 2>&1 || true
        fi
        CEPH_DIR=""
    fi
    if [ -n "$PG_ROOT" ]; then
        log "stopping PostgreSQL"
        cp "$PG_ROOT/server.log" "$RUN/postgres.log" 2>/dev/null || true
        if [ -f "$PG_ROOT/data/postmaster.pid" ]; then
            (cd "$PG_ROOT" && as_server "$(pg_tool pg_ctl)" stop -D "$PG_ROOT/data" -m fast -w >/dev/null 2>&1) || true
        fi
        if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$PG_ROOT"; fi
        PG_ROOT=""
    fi
}
