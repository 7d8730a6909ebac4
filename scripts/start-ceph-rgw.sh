#!/usr/bin/env bash
# ---------------------------------------------------------------------------
# start-ceph-rgw.sh - bring up a throw-away, single-node Ceph cluster with a
# RADOS Gateway (S3 API) on loopback, for local development and CI.
#
#   Usage:  start-ceph-rgw.sh [DATA_DIR]
#
# Everything (config, keyrings, monitor store, OSD data, logs, sockets, pid
# files) lives under DATA_DIR (default: ./.ceph-rgw).  Nothing is written to
# /etc/ceph, /var/lib/ceph or /var/log/ceph; no systemd, no containers, no
# root needed (any user that can write DATA_DIR); every daemon binds to
# 127.0.0.1 only.
#
# Daemons: 1 ceph-mon, 1 ceph-osd, 1 radosgw (beast frontend), optionally
# 1 ceph-mgr.  The script is idempotent: run it again on the same DATA_DIR and
# it only creates what does not exist yet and starts what is not running.
# When the gateway is up it prints the S3 endpoint and credentials as
# KEY=value lines (also saved in DATA_DIR/s3.env, ready to be sourced).
#
# Stop with:  stop-ceph-rgw.sh DATA_DIR [--purge]
#
# Requirements (tested on Debian 12 with its Ceph 16.2.15 packages):
#   apt-get install --no-install-recommends ceph-mon ceph-osd radosgw ceph-common curl
#   (+ ceph-mgr if CEPH_WITH_MGR=1).  ~65 MiB of packages.
# DATA_DIR must be on a local file system and its path must not contain spaces.
#
# Clients: use path-style addressing (AWSSDK: ForcePathStyle = true) and any
# region name.  Ceph 16 does not understand the aws-chunked *trailing*
# checksums that recent AWS SDKs send by default; with AWSSDK.S3 >= 3.7.400
# (and 4.x) set RequestChecksumCalculation = WHEN_REQUIRED and
# ResponseChecksumValidation = WHEN_REQUIRED on AmazonS3Config.
#
# Tunables (environment variables, all optional):
#   CEPH_RGW_PORT       S3 port on 127.0.0.1                      (default 7480)
#   CEPH_MON_PORT       monitor (msgr2) port on 127.0.0.1         (default 3300)
#   CEPH_OSD_STORE      bluestore | memstore                       (default bluestore)
#                         bluestore: objects go to a sparse file DATA_DIR/osd/0/block
#                                    (Ceph's production back end); persistent,
#                                    survives crashes, OSD uses ~150 MiB RAM.
#                                    Needs a file system with O_DIRECT
#                                    (ext4/xfs/btrfs; not tmpfs on kernels < 6.6).
#                         memstore : objects are kept in the OSD's RAM (about twice
#                                    the stored bytes); starts ~5 s faster; written
#                                    to DATA_DIR/osd only on a clean stop (lost
#                                    if the OSD is killed).
#   CEPH_OSD_SIZE_GB    OSD capacity: RAM cap for memstore, sparse file size
#                       for bluestore                              (default 8)
#   CEPH_WITH_MGR       1 = also run ceph-mgr (only needed for PG statistics
#                       in `ceph -s` and mgr modules; S3 works without it) (default 0)
#   S3_USER             RGW user id                                (default ci)
#   S3_ACCESS_KEY, S3_SECRET_KEY
#                       fixed credentials for that user; if unset, random ones
#                       are generated on the first run and kept in DATA_DIR.
#   CEPH_START_TIMEOUT  seconds to wait for each daemon           (default 120)
# Ports, store type and size are fixed when DATA_DIR is first created; later
# runs on the same DATA_DIR read them back from DATA_DIR/ceph.conf.
#
# Inspect the cluster:  CEPH_CONF=DATA_DIR/ceph.conf ceph -s
#                       CEPH_CONF=DATA_DIR/ceph.conf radosgw-admin bucket list
# Logs:                 DATA_DIR/log/
# ---------------------------------------------------------------------------
# Copied unchanged (but for this note) from the team's shared tools,
# /work/shared/tools/start-ceph-rgw.sh, so that CI's clean clone has it; the tests
# (tests/Wharf.TestKit/CephFixture.cs) run this copy. Change both together.
set -euo pipefail

case "${1:-}" in
    -h|--help) sed -n '3,/^# ----/p' "$0" | sed '$d'; exit 0 ;;
    -*)        echo "unknown option: $1 (usage: $0 [DATA_DIR])" >&2; exit 2 ;;
esac
DATA_DIR=${1:-${CEPH_RGW_DATA:-./.ceph-rgw}}
RGW_PORT=${CEPH_RGW_PORT:-7480}
MON_PORT=${CEPH_MON_PORT:-3300}
OSD_STORE=${CEPH_OSD_STORE:-bluestore}
OSD_SIZE_GB=${CEPH_OSD_SIZE_GB:-8}
WITH_MGR=${CEPH_WITH_MGR:-0}
S3_USER=${S3_USER:-ci}
TIMEOUT=${CEPH_START_TIMEOUT:-120}

ADDR=127.0.0.1
MON_ID=a
MGR_ID=x
OSD_ID=0
RGW_NAME=client.rgw.gw           # cephx entity and config section of the gateway
ENDPOINT=http://$ADDR:$RGW_PORT

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "$OSD_STORE" in memstore|bluestore) ;; *) die "CEPH_OSD_STORE must be memstore or bluestore";; esac
for bin in ceph ceph-authtool monmaptool ceph-mon ceph-osd radosgw radosgw-admin curl uuidgen timeout; do
    command -v "$bin" >/dev/null || die "'$bin' not found (see Requirements at the top of $0)"
done
if [ "$WITH_MGR" = 1 ]; then command -v ceph-mgr >/dev/null || die "'ceph-mgr' not found"; fi

mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd -P)           # ceph wants absolute paths
case "$DATA_DIR" in *[[:space:]]*) die "DATA_DIR must not contain white space: '$DATA_DIR'";; esac
CONF=$DATA_DIR/ceph.conf
KEYRING=$DATA_DIR/keyring
CREDS=$DATA_DIR/s3.env
export CEPH_CONF=$CONF                         # all ceph tools below read this config
mkdir -p "$DATA_DIR"/{mon,osd,mgr,rgw,run,log,crash}

# --- helpers ---------------------------------------------------------------

# Cluster CLIs with a time limit, so that a dead monitor cannot hang the script.
ceph()          { timeout 60 ceph --connect-timeout 10 "$@"; }
radosgw_admin() { timeout 60 radosgw-admin "$@"; }

# random_string CHARSET LENGTH  (no `| head -c`: that would SIGPIPE under pipefail)
random_string() {
    local s
    s=$(head -c 2048 /dev/urandom | LC_ALL=C tr -dc "$1")
    printf '%s' "${s:0:$2}"
}

# running_pid NAME: print the pid of this cluster's daemon NAME (e.g. mon.a)
# if it is alive.  Daemons are started with "-c $CONF", which is checked so a
# recycled pid is never mistaken for ours.
running_pid() {
    local f=$DATA_DIR/run/$1.pid pid cmd
    [ -s "$f" ] || return 1
    pid=$(<"$f")
    cmd=$( { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null ) || return 1
    [[ $cmd == *" -c $CONF "* ]] || return 1
    echo "$pid"
}

# stop_leftovers WORD: kill processes of this cluster (command line contains
# "-c $CONF") that also contain WORD, e.g. a "ceph-osd --mkfs" still running
# because an earlier run of this script was killed half-way.
stop_leftovers() {
    local f cmd pid pids=()
    while IFS= read -r f; do
        cmd=$( { tr '\0' ' ' <"$f"; } 2>/dev/null ) || continue
        [[ $cmd == *" -c $CONF "*"$1"* ]] || continue
        pid=${f#/proc/}; pids+=("${pid%/cmdline}")
    done < <(grep -lsF -- "$CONF" /proc/[0-9]*/cmdline || true)
    [ ${#pids[@]} -gt 0 ] || return 0
    log "stopping leftover '$1' process(es) ${pids[*]} of an interrupted run"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for pid in "${pids[@]}"; do
        for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
    done
}

# port_free PORT: true if nothing listens on 127.0.0.1:PORT
port_free() { ! (exec 3<>"/dev/tcp/$ADDR/$1") 2>/dev/null; }

# start_daemon NAME CMD...: run a Ceph daemon (they fork into the background
# by themselves once initialised); early errors go to DATA_DIR/log/NAME.out.
start_daemon() {
    local name=$1; shift
    if ! "$@" -c "$CONF" >"$DATA_DIR/log/$name.out" 2>&1; then
        cat "$DATA_DIR/log/$name.out" >&2
        die "$name failed to start (see $DATA_DIR/log/$name.log)"
    fi
}

# wait_for NAME DESCRIPTION CMD...: retry CMD every 0.5 s until it succeeds;
# give up if daemon NAME is gone (no live pid for ~5 s) or after $TIMEOUT s.
wait_for() {
    local name=$1 what=$2; shift 2
    local deadline=$((SECONDS + TIMEOUT)) missing=0
    until "$@" >/dev/null 2>&1; do
        if running_pid "$name" >/dev/null; then missing=0; else missing=$((missing + 1)); fi
        [ $missing -lt 10 ] || die "$name is not running (see $DATA_DIR/log/$name.log)"
        [ $SECONDS -lt $deadline ] || die "timed out after ${TIMEOUT}s waiting for $what (see $DATA_DIR/log/)"
        sleep 0.5
    done
}

# --- 1. configuration ------------------------------------------------------
# Written once; delete DATA_DIR (or stop-ceph-rgw.sh --purge) to start over.
if [ ! -f "$CONF" ]; then
    log "writing $CONF ($OSD_STORE OSD of ${OSD_SIZE_GB} GiB, S3 on $ENDPOINT)"
    cat >"$CONF.tmp" <<EOF
# Single-node Ceph cluster for local S3 testing - generated by $(basename "$0").
[global]
fsid                       = $(uuidgen)
mon host                   = [v2:$ADDR:$MON_PORT]
mon initial members        = $MON_ID
public addr                = $ADDR
cluster addr               = $ADDR
ms bind ipv4               = true
ms bind ipv6               = false

# keep everything inside the data dir
keyring                    = $KEYRING
run dir                    = $DATA_DIR/run
admin socket               = $DATA_DIR/run/\$name.asok
pid file                   = $DATA_DIR/run/\$name.pid
crash dir                  = $DATA_DIR/crash
log file                   = $DATA_DIR/log/\$name.log
mon cluster log file       = $DATA_DIR/log/cluster.log
mon data                   = $DATA_DIR/mon/\$id
osd data                   = $DATA_DIR/osd/\$id
mgr data                   = $DATA_DIR/mgr/\$id

# a single OSD: one replica, no redundancy warnings, few placement groups
osd pool default size      = 1
osd pool default min size  = 1
osd pool default pg num    = 8
osd pool default pgp num   = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type  = 0
mon allow pool size one    = true
mon allow pool delete      = true
mon warn on pool no redundancy = false
mon max pg per osd         = 1000
mon warn on insecure global id reclaim allowed = false
# commit monitor updates at once instead of batching them for 1 s
# (makes OSD boot and the gateway's pool creation several seconds faster)
paxos propose interval     = 0.01
# CI disks are often nearly full; do not let the monitor stop because of that
mon data avail warn        = 2
mon data avail crit        = 1

[osd]
osd objectstore            = $OSD_STORE
memstore device bytes      = $((OSD_SIZE_GB << 30))
bluestore block create     = true
bluestore block size       = $((OSD_SIZE_GB << 30))
bluestore block db create  = false
bluestore block wal create = false
bluestore fsck on mkfs     = false
# smallest allowed memory target (896 MiB); bounds the bluestore cache
osd memory target          = 939524096
# memstore writes its contents to disk only on a full (non-fast) shutdown
osd fast shutdown          = false

[$RGW_NAME]
rgw frontends              = beast endpoint=$ADDR:$RGW_PORT
rgw data                   = $DATA_DIR/rgw
rgw thread pool size       = 128
rgw dynamic resharding     = false
# reclaim the space of deleted/overwritten objects after 1 minute (default
# 2 h) - matters for memstore, whose data lives in RAM
rgw gc obj min wait        = 60
rgw gc processor period    = 60
EOF
    mv "$CONF.tmp" "$CONF"
fi
# read back the settings the cluster was created with
conf_value() { sed -n "s/^$1 *= *//p" "$CONF"; }
FSID=$(conf_value fsid)
OSD_STORE=$(conf_value 'osd objectstore')
MON_PORT=$(conf_value 'mon host' | sed 's/.*:\([0-9]*\)\]$/\1/')
RGW_PORT=$(conf_value 'rgw frontends' | sed 's/.*:\([0-9]*\)$/\1/')
ENDPOINT=http://$ADDR:$RGW_PORT

# --- 2. keys ---------------------------------------------------------------
# One keyring holds every key.  The monitor imports all of them when its
# store is created, so no `ceph auth` calls are needed later.
if [ ! -f "$KEYRING" ]; then
    log "creating keyring"
    K=$KEYRING.tmp
    ceph-authtool --create-keyring "$K" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    ceph-authtool "$K" --gen-key -n client.admin \
        --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
    ceph-authtool "$K" --gen-key -n osd.$OSD_ID \
        --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *' >/dev/null
    ceph-authtool "$K" --gen-key -n mgr.$MGR_ID \
        --cap mon 'allow profile mgr' --cap osd 'allow *' --cap mds 'allow *' >/dev/null
    ceph-authtool "$K" --gen-key -n $RGW_NAME \
        --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null
    chmod 600 "$K"
    mv "$K" "$KEYRING"
fi

# --- 3. monitor ------------------------------------------------------------
MON_DATA=$DATA_DIR/mon/$MON_ID
if [ ! -f "$MON_DATA/done" ]; then
    log "creating monitor store"
    stop_leftovers --mkfs
    rm -rf "$MON_DATA"
    monmaptool --create --clobber --fsid "$FSID" --enable-all-features \
        --addv $MON_ID "[v2:$ADDR:$MON_PORT]" "$DATA_DIR/monmap" >/dev/null
    # a new monitor store means a new, empty cluster: forget the old OSD and user
    rm -f "$DATA_DIR/osd/$OSD_ID.uuid" "$DATA_DIR/osd/$OSD_ID/done" "$CREDS"
    ceph-mon -c "$CONF" --mkfs -i $MON_ID --monmap "$DATA_DIR/monmap" --keyring "$KEYRING" \
        >"$DATA_DIR/log/mon-mkfs.out" 2>&1 || { cat "$DATA_DIR/log/mon-mkfs.out" >&2; die "ceph-mon --mkfs failed"; }
    touch "$MON_DATA/done"
fi
if ! running_pid mon.$MON_ID >/dev/null; then
    port_free "$MON_PORT" || die "port $ADDR:$MON_PORT is already in use (set CEPH_MON_PORT)"
    log "starting ceph-mon.$MON_ID on $ADDR:$MON_PORT"
    start_daemon mon.$MON_ID ceph-mon -i $MON_ID
fi
wait_for mon.$MON_ID "the monitor" ceph mon stat

# --- 4. manager (optional) -------------------------------------------------
if [ "$WITH_MGR" = 1 ] && ! running_pid mgr.$MGR_ID >/dev/null; then
    log "starting ceph-mgr.$MGR_ID"
    mkdir -p "$DATA_DIR/mgr/$MGR_ID"
    start_daemon mgr.$MGR_ID ceph-mgr -i $MGR_ID
fi

# --- 5. OSD ----------------------------------------------------------------
OSD_DATA=$DATA_DIR/osd/$OSD_ID
if [ ! -f "$OSD_DATA/done" ]; then
    log "creating osd.$OSD_ID ($OSD_STORE)"
    stop_leftovers --mkfs
    rm -rf "$OSD_DATA"; mkdir -p "$OSD_DATA"
    # Register the id in the OSD map (its key was imported at monitor mkfs).
    # The uuid is kept in a file so that a re-run after an interrupted mkfs
    # repeats the same, idempotent `osd new` ("osd purge" would need a mgr).
    [ -s "$OSD_DATA.uuid" ] || uuidgen >"$OSD_DATA.uuid"
    OSD_UUID=$(<"$OSD_DATA.uuid")
    ceph osd new "$OSD_UUID" $OSD_ID >/dev/null
    ceph-osd -c "$CONF" -i $OSD_ID --mkfs --osd-uuid "$OSD_UUID" >"$DATA_DIR/log/osd-mkfs.out" 2>&1 ||
        { cat "$DATA_DIR/log/osd-mkfs.out" >&2; die "ceph-osd --mkfs failed (see $DATA_DIR/log/osd.$OSD_ID.log)"; }
    touch "$OSD_DATA/done"
fi
if ! running_pid osd.$OSD_ID >/dev/null; then
    log "starting ceph-osd.$OSD_ID"
    start_daemon osd.$OSD_ID ceph-osd -i $OSD_ID
fi
osd_up() { ceph osd dump | grep -q "^osd.$OSD_ID up"; }
wait_for osd.$OSD_ID "osd.$OSD_ID to come up" osd_up

# --- 6. RADOS Gateway ------------------------------------------------------
if ! running_pid $RGW_NAME >/dev/null; then
    port_free "$RGW_PORT" || die "port $ADDR:$RGW_PORT is already in use (set CEPH_RGW_PORT)"
    log "starting radosgw on $ENDPOINT (creates its pools on first start)"
    start_daemon $RGW_NAME radosgw -n $RGW_NAME
fi
rgw_up() { curl -sf -o /dev/null --max-time 5 "$ENDPOINT/"; }
wait_for $RGW_NAME "radosgw to answer on $ENDPOINT" rgw_up

# --- 7. S3 user ------------------------------------------------------------
if [ ! -f "$CREDS" ]; then
    ACCESS_KEY=${S3_ACCESS_KEY:-$(random_string 'A-Z0-9' 20)}
    SECRET_KEY=${S3_SECRET_KEY:-$(random_string 'A-Za-z0-9' 40)}
    if radosgw_admin user info --uid="$S3_USER" >/dev/null 2>&1; then
        # user left over from an interrupted run: give it the new key
        radosgw_admin key create --uid="$S3_USER" --key-type=s3 \
            --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
    else
        log "creating S3 user '$S3_USER'"
        radosgw_admin user create --uid="$S3_USER" --display-name="S3 test user $S3_USER" \
            --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
    fi
    cat >"$CREDS.tmp" <<EOF
S3_ENDPOINT=$ENDPOINT
S3_ACCESS_KEY=$ACCESS_KEY
S3_SECRET_KEY=$SECRET_KEY
S3_REGION=us-east-1
AWS_ACCESS_KEY_ID=$ACCESS_KEY
AWS_SECRET_ACCESS_KEY=$SECRET_KEY
AWS_DEFAULT_REGION=us-east-1
AWS_ENDPOINT_URL=$ENDPOINT
EOF
    chmod 600 "$CREDS.tmp"
    mv "$CREDS.tmp" "$CREDS"
fi

log "ready (data dir: $DATA_DIR; stop with: $(dirname "$0")/stop-ceph-rgw.sh $DATA_DIR)"
cat "$CREDS"
