#!/usr/bin/env bash
# What metrics cost a manifest GET: two Wharf servers (auth off), Metrics:Enabled true and false, one small image each,
# then `ab -k -c 8` rounds interleaved, printing requests/s and the server's CPU time per GET (from /proc, so other
# load on the machine counts less than in wall-clock figures). Needs `ab` (apache2-utils) and `bc`, and a Release
# build of src/Wharf.Server. A rough check, not part of bench/run.sh.
set -euo pipefail
DIRS=()
stop() { for p in 5101 5102; do [ -f "${TMPDIR:-/tmp}/wharf-metrics-cost-$p.pid" ] && kill "$(cat "${TMPDIR:-/tmp}/wharf-metrics-cost-$p.pid")" 2>/dev/null || true; done; rm -rf "${DIRS[@]}"; }
trap stop EXIT
BIN=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/Wharf.Server/bin/Release/net10.0
start() { # $1 port $2 enabled
  local d; d=$(mktemp -d); DIRS+=("$d")
  (cd $BIN && exec env WHARF_Storage__DataDirectory=$d WHARF_Auth__Enabled=false WHARF_urls=http://127.0.0.1:$1 WHARF_Metrics__Enabled=$2 WHARF_Logging__LogLevel__Default=Warning ./Wharf.Server > ${TMPDIR:-/tmp}/wharf-metrics-cost-$1.log 2>&1) &
  echo $! > ${TMPDIR:-/tmp}/wharf-metrics-cost-$1.pid
  for i in $(seq 50); do curl -sf localhost:$1/healthz >/dev/null && break; sleep 0.2; done
  local cfg='{}'; local cd="sha256:$(printf '%s' "$cfg" | sha256sum | cut -d' ' -f1)"
  curl -sf -X POST "localhost:$1/v2/bench/app/blobs/uploads/?digest=$cd" --data-binary "$cfg" -H 'Content-Type: application/octet-stream' >/dev/null
  local m="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"$cd\",\"size\":2},\"layers\":[]}"
  curl -sf -X PUT localhost:$1/v2/bench/app/manifests/v1 -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "$m" >/dev/null
}
start 5101 true
start 5102 false
ACCEPT='Accept: application/vnd.oci.image.manifest.v1+json'
ab -q -k -c 8 -n 5000 -H "$ACCEPT" http://127.0.0.1:5101/v2/bench/app/manifests/v1 >/dev/null 2>&1
ab -q -k -c 8 -n 5000 -H "$ACCEPT" http://127.0.0.1:5102/v2/bench/app/manifests/v1 >/dev/null 2>&1
cpu() { awk '{print $14+$15}' /proc/$(cat ${TMPDIR:-/tmp}/wharf-metrics-cost-$1.pid)/stat; }
for round in 1 2 3; do
  for p in 5101 5102; do
    c0=$(cpu $p)
    r=$(ab -q -k -c 8 -n 20000 -H "$ACCEPT" http://127.0.0.1:$p/v2/bench/app/manifests/v1 2>&1 | grep -E "Requests per second" | tr -s ' ')
    c1=$(cpu $p)
    echo "round $round $( [ $p = 5101 ] && echo metrics-on || echo metrics-off ): $r; server CPU $(( (c1-c0)*10 )) ms for 20000 GETs = $(echo "scale=1; ($c1-$c0)*10000/20000" | bc) us/GET"
  done
done
curl -s localhost:5101/metrics | grep -E 'http_server_request_duration_seconds_count.*manifests' | head -2
