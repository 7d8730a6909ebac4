#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# stop-ceph-rgw.sh - stop the Ceph/RGW test cluster started by start-ceph-rgw.sh.
#
#   Usage:  stop-ceph-rgw.sh [DATA_DIR] [--purge]
#
# Stops radosgw, ceph-mgr, ceph-osd and ceph-mon of the cluster in DATA_DIR
# (default: ./.ceph-rgw), in that order: SIGTERM first, SIGKILL for a daemon
# still alive after CEPH_STOP_TIMEOUT seconds (default 30).  Only processes
# that were started with "-c DATA_DIR/ceph.conf" are touched; other Ceph
# processes on the machine (e.g. a second test cluster) are left alone.
#
#   --purge   also delete DATA_DIR afterwards.
#
# With the memstore OSD, stored objects survive a restart only if the OSD
# stopped cleanly (SIGTERM): memstore writes its RAM contents to DATA_DIR/osd
# when it shuts down.
# ---------------------------------------------------------------------------
# Copied unchanged (but for this note) from the team's shared tools,
# /work/shared/tools/stop-ceph-rgw.sh, so that CI's clean clone has it; the tests
# (tests/Wharf.TestKit/CephFixture.cs) run this copy. Change both together.
set -euo pipefail

DATA_DIR=./.ceph-rgw
PURGE=0
for arg in "$@"; do
    case "$arg" in
        --purge)   PURGE=1 ;;
        -h|--help) sed -n '3,/^# ----/p' "$0" | sed '$d'; exit 0 ;;
        -*)        echo "unknown option: $arg" >&2; exit 2 ;;
        *)         DATA_DIR=$arg ;;
    esac
done
TIMEOUT=${CEPH_STOP_TIMEOUT:-30}

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

if [ ! -f "$DATA_DIR/ceph.conf" ]; then
    log "no cluster in $DATA_DIR (no ceph.conf there); nothing to stop"
    exit 0
fi
DATA_DIR=$(cd "$DATA_DIR" && pwd -P)
CONF=$DATA_DIR/ceph.conf

# cluster_pids EXE: print the PIDs of live EXE processes (radosgw, ceph-osd, ...)
# whose command line contains "-c DATA_DIR/ceph.conf".  The start script passes
# that option to every daemon, so this works even if a pid file was lost.
cluster_pids() {
    local f pid cmd
    while IFS= read -r f; do
        pid=${f#/proc/}; pid=${pid%/cmdline}
        cmd=$( { tr '\0' ' ' <"$f"; } 2>/dev/null ) || continue   # process already gone
        case "$cmd" in
            "$1 "*" -c $CONF "* | *"/$1 "*" -c $CONF "*) echo "$pid" ;;
        esac
    done < <(grep -lsF -- "$CONF" /proc/[0-9]*/cmdline || true)
}

# stop_daemon EXE: SIGTERM all of this cluster's EXE processes, wait, SIGKILL.
stop_daemon() {
    local pids pid deadline
    mapfile -t pids < <(cluster_pids "$1")
    [ ${#pids[@]} -gt 0 ] || return 0
    log "stopping $1 (pid ${pids[*]})"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    deadline=$((SECONDS + TIMEOUT))
    for pid in "${pids[@]}"; do
        while kill -0 "$pid" 2>/dev/null; do
            if [ $SECONDS -ge $deadline ]; then
                log "$1 (pid $pid) still running after ${TIMEOUT}s; sending SIGKILL"
                kill -KILL "$pid" 2>/dev/null || true
                break
            fi
            sleep 0.2
        done
    done
}

# clients first, the monitor last (the others talk to it while shutting down)
for daemon in radosgw ceph-mgr ceph-osd ceph-mon; do
    stop_daemon "$daemon"
done
rm -f "$DATA_DIR"/run/*.pid "$DATA_DIR"/run/*.asok

if [ "$PURGE" = 1 ]; then
    log "deleting $DATA_DIR"
    rm -rf "$DATA_DIR"
fi
log "stopped"
