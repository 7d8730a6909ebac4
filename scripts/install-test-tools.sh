#!/usr/bin/env bash
# Installs the real tools the end-to-end tests drive, from Debian 12's own packages (run as root,
# non-interactively; CI runs it on a fresh machine). Does nothing when everything is already there;
# --force reinstalls anyway.
#
#   docker.io         dockerd + docker CLI (pulls in containerd, runc, tini); tests start a private engine
#                     with scripts/start-dockerd.sh, never the system service
#   skopeo podman     with golang-github-containers-common: /etc/containers/policy.json, registries.conf
#   buildah           (podman, buildah use --storage-driver vfs: no fuse, no overlay mounts needed)
#   runc              the OCI runtime docker and podman run containers with
#   busybox-static    the statically linked /bin/busybox the tests copy into FROM scratch images
#   docker-registry   CNCF Distribution 2.8, the reference registry to compare against
#   fuse-overlayfs uidmap   podman/buildah's recommends, for rootless use by developers
#   iptables          dockerd refuses to start without the binary, even with --iptables=false
#   curl              for the scripts and by-hand checks
#   postgresql        the PostgreSQL metadata backend; tests run a private cluster (initdb in a temp directory,
#                     loopback only), never the system service
#   ceph-mon ceph-osd radosgw ceph-common
#                     Ceph's RADOS Gateway, the S3-compatible store the S3 blob backend is tested against
#                     (the tests start a throw-away single-node cluster under a temp directory, loopback only)
#   haproxy           the load balancer in front of the three-node cluster test
#   systemd           systemd-analyze, which verifies docs/deploy/wharf.service (nothing is started with it)
#   iproute2          network namespaces for the TLS test that needs a non-loopback address
#   debootstrap       the Debian root (bookworm, minbase) the builder's fidelity corpus builds its package cases on
#   bzip2 xz-utils    the builder's ADD tests make .tar.bz2 and .tar.xz archives with tar
#   git               ADD of a git repository runs it (the builder needs it too); its tests serve with git daemon
#   openssh-client    ssh-agent, ssh-add, ssh-keygen: the RUN --mount=type=ssh tests forward a real agent
#   clang zlib1g-dev  Native AOT's compiler, linker and zlib: a test publishes the wharf client with PublishAot (decision 021)
#   chromium          the browser the web UI's tests drive through Playwright (headless; Playwright never downloads one)
set -euo pipefail

packages=(docker.io skopeo podman buildah runc busybox-static docker-registry fuse-overlayfs uidmap iptables curl
          golang-github-containers-common ca-certificates postgresql ceph-mon ceph-osd radosgw ceph-common haproxy
          iproute2 systemd debootstrap bzip2 xz-utils git openssh-client clang zlib1g-dev chromium)
commands=(dockerd docker containerd skopeo podman buildah runc busybox docker-registry fuse-overlayfs newuidmap iptables curl
          ceph-mon ceph-osd radosgw ceph haproxy ip systemd-analyze debootstrap bzip2 xz git ssh-agent ssh-add ssh-keygen clang chromium)

missing=()
for command in "${commands[@]}"; do
    PATH="$PATH:/usr/sbin:/sbin" command -v "$command" > /dev/null || missing+=("$command")
done
# The dynamically linked busybox package would shadow busybox-static and cannot run in a scratch image.
if ! dpkg-query -W -f='${Status}' busybox-static 2> /dev/null | grep -q 'install ok installed'; then
    missing+=(busybox-static)
fi
if ! dpkg-query -W -f='${Status}' zlib1g-dev 2> /dev/null | grep -q 'install ok installed'; then
    missing+=(zlib1g-dev)
fi
if [ ! -f /etc/containers/policy.json ]; then
    missing+=(/etc/containers/policy.json)
fi
# Debian keeps PostgreSQL's server programs off PATH, under its versioned directory.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null; then
    missing+=(initdb)
fi

if [ "${#missing[@]}" -eq 0 ] && [ "${1:-}" != "--force" ]; then
    echo "install-test-tools.sh: all test tools are installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-tools.sh: missing ${missing[*]}; run as root (sudo $0) to install: ${packages[*]}" >&2
    exit 1
fi

echo "install-test-tools.sh: missing ${missing[*]}; installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive

# The tests start their own engine on a private socket: keep the packages' init scripts from starting the
# system docker service (and anything else) during the install, where there is an init system to start it.
created_policy=false
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=true
fi
cleanup() {
    if [ "$created_policy" = true ]; then
        rm -f /usr/sbin/policy-rc.d
    fi
}
trap cleanup EXIT

apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"

for command in "${commands[@]}"; do
    if ! PATH="$PATH:/usr/sbin:/sbin" command -v "$command" > /dev/null; then
        echo "install-test-tools.sh: '$command' is still missing after the install" >&2
        exit 1
    fi
done
echo "install-test-tools.sh: test tools installed"
