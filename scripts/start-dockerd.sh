#!/usr/bin/env bash
# Starts a private Docker engine for the end-to-end tests, away from the system's /var/run/docker.sock:
#   scripts/start-dockerd.sh DIR
# DIR gets data/ (--data-root), exec/ (--exec-root), docker.sock, dockerd.pid and dockerd.log. Prints the
# DOCKER_HOST to use (unix://DIR/docker.sock) once the engine answers, and exits 0; the engine keeps running.
# Stop it with: kill "$(cat DIR/dockerd.pid)". Needs root (dockerd) and the docker.io package.
# Loopback only: no bridge and no iptables, so builds and containers must use --network none.
set -euo pipefail

dir="${1:?usage: start-dockerd.sh DIR}"
timeout_seconds="${DOCKERD_START_TIMEOUT:-60}"
mkdir -p "$dir/data" "$dir/exec"
dir="$(cd "$dir" && pwd)"
# containerd puts its socket under the exec-root; unix socket paths are limited to 108 bytes.
if [ "${#dir}" -gt 60 ]; then
    echo "start-dockerd.sh: '$dir' is too long a path for the engine's sockets; use a shorter one" >&2
    exit 2
fi

for tool in dockerd docker; do
    if ! command -v "$tool" > /dev/null; then
        echo "start-dockerd.sh: '$tool' not found; run scripts/install-test-tools.sh" >&2
        exit 3
    fi
done

socket="$dir/docker.sock"
# setsid: the engine must not get the test runner's signals (Ctrl-C, process-group kills); the tests stop it.
setsid dockerd \
    --iptables=false --ip6tables=false --bridge=none \
    --data-root "$dir/data" --exec-root "$dir/exec" \
    --host "unix://$socket" --pidfile "$dir/dockerd.pid" \
    > "$dir/dockerd.log" 2>&1 < /dev/null &
pid=$!

deadline=$((SECONDS + timeout_seconds))
until DOCKER_HOST="unix://$socket" docker version > /dev/null 2>&1; do
    if ! kill -0 "$pid" 2> /dev/null; then
        echo "start-dockerd.sh: dockerd exited during start-up; its log:" >&2
        tail -n 40 "$dir/dockerd.log" >&2
        exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "start-dockerd.sh: dockerd did not answer on $socket within ${timeout_seconds}s; its log:" >&2
        tail -n 40 "$dir/dockerd.log" >&2
        kill "$pid" 2> /dev/null || true
        exit 1
    fi
    sleep 0.2
done

echo "unix://$socket"
