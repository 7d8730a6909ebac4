#!/usr/bin/env bash
# `wharf copy` against `skopeo copy` on the same image, side by side in one run, on 127.0.0.1 only:
#   registry → registry        from a Wharf holding the image to a fresh, empty CNCF Distribution (each copy
#                              gets its own, so nothing is already there and nothing can be mounted)
#   registry → docker-archive  from the same Wharf to a tar file (layers decompressed, as docker load wants)
# The image: BENCH_COPY_LAYERS random gzip layers of BENCH_COPY_LAYER_MB MiB (default 4 × 128). Each figure is the
# median of BENCH_COPY_REPS runs (default 3), the two tools alternating. Prints a Markdown report for RESULTS.md.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
LAYERS=${BENCH_COPY_LAYERS:-4}
LAYER_MB=${BENCH_COPY_LAYER_MB:-128}
REPS=${BENCH_COPY_REPS:-3}
RUN=$(mktemp -d "${TMPDIR:-/tmp}/wharf-copy-bench-XXXXXX")
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$RUN"; }
trap cleanup EXIT
log() { echo "[copy.sh] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$1/v2/" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "registry on $1 did not start" >&2; exit 1; }

for tool in skopeo docker-registry python3 curl dotnet; do
    command -v "$tool" >/dev/null || { echo "copy.sh needs $tool (apt-get install skopeo docker-registry python3 curl)" >&2; exit 1; }
done

log "building src/Wharf.Cli (Release)"
dotnet build -c Release "$REPO/src/Wharf.Cli" -nologo -v q >"$RUN/build.log" 2>&1 || { cat "$RUN/build.log" >&2; exit 1; }
WHARF=(dotnet "$REPO/src/Wharf.Cli/bin/Release/net10.0/wharf.dll")

log "writing a $LAYERS × $LAYER_MB MiB image"
python3 "$BENCH_DIR/copy/make-layout.py" "$RUN/layout" "$LAYERS" "$LAYER_MB"
BYTES=$(du -sb "$RUN/layout/blobs" | cut -f1)

SOURCE_PORT=$(free_port)
WHARF_Logging__LogLevel__Default=Warning WHARF_Auth__Enabled=false "${WHARF[@]}" serve --listen "127.0.0.1:$SOURCE_PORT" --data-dir "$RUN/source" >"$RUN/source.log" 2>&1 &
PIDS+=("$!")
wait_up "$SOURCE_PORT"
SOURCE=127.0.0.1:$SOURCE_PORT/bench/image:1
"${WHARF[@]}" copy --quiet "oci:$RUN/layout:1" "docker://$SOURCE"

# A fresh Distribution for one copy; prints its port.
start_destination() {
    local port; port=$(free_port)
    mkdir -p "$RUN/dest-$port"
    cat >"$RUN/dest-$port.yml" <<YML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $RUN/dest-$port}, cache: {blobdescriptor: inmemory}}
http: {addr: 127.0.0.1:$port}
YML
    docker-registry serve "$RUN/dest-$port.yml" >"$RUN/dest-$port.log" 2>&1 &
    echo "$port $!"
}

# Times one command in seconds.
timed() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>"$RUN/last.err" || { cat "$RUN/last.err" >&2; exit 1; }; end=$(date +%s.%N); awk "BEGIN {print $end - $start}"; }

forget_skopeo_cache() { rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb "$HOME/.local/share/containers/cache/blob-info-cache-v1.boltdb"; }

copy_with() {
    local tool=$1 from=$2 to=$3
    if [ "$tool" = skopeo ]; then
        forget_skopeo_cache
        timed skopeo copy --src-tls-verify=false --dest-tls-verify=false "$from" "$to"
    else
        timed "${WHARF[@]}" copy --quiet "$from" "$to"
    fi
}

declare -A R2R A
for rep in $(seq 1 "$REPS"); do
    order=(skopeo wharf); [ $((rep % 2)) -eq 0 ] && order=(wharf skopeo)
    for tool in "${order[@]}"; do
        read -r port pid < <(start_destination); wait_up "$port"
        R2R[$tool]+="$(copy_with "$tool" "docker://$SOURCE" "docker://127.0.0.1:$port/bench/image:1") "
        kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$RUN/dest-$port"
        A[$tool]+="$(copy_with "$tool" "docker://$SOURCE" "docker-archive:$RUN/out.tar:bench/image:1") "
        rm -f "$RUN/out.tar"
        log "run $rep: $tool done"
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mibs() { awk "BEGIN {printf \"%.1f\", $BYTES / 1048576 / $1}"; }
row() {
    local name=$1 w s; w=$(echo "$2" | median); s=$(echo "$3" | median)
    printf '| %s | %s MiB/s (%.2f s) | %s MiB/s (%.2f s) | %.2f× |\n' "$name" "$(mibs "$w")" "$w" "$(mibs "$s")" "$s" "$(awk "BEGIN {print $s / $w}")"
}

echo "## Copy run of $(date -u)"
echo
echo "- Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(uname -sr)"
echo "- Wharf: commit $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet || echo ' (with uncommitted changes)'); skopeo $(skopeo --version | awk '{print $3}')"
echo "- Image: $LAYERS random gzip layers of $LAYER_MB MiB, $(mibs 1) MiB of blobs; median of $REPS runs each"
echo
echo "| copy | wharf copy | skopeo copy | ratio (skopeo time / wharf time) |"
echo "| --- | ---: | ---: | ---: |"
row "registry → registry (Wharf → empty Distribution)" "${R2R[wharf]}" "${R2R[skopeo]}"
row "registry → docker-archive (layers decompressed)" "${A[wharf]}" "${A[skopeo]}"
