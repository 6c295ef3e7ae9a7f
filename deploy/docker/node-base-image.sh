#!/usr/bin/env bash
# Makes the Node 20 base image of the Dockerfile on a machine that can pull no
# image: a minimal Debian bookworm root filesystem (debootstrap, from the
# machine's Debian mirror) plus this machine's own Node 20 and npm, imported
# into podman under the name the Dockerfile starts from.
#
#   sudo deploy/docker/node-base-image.sh            # surge/node:20-bookworm
#   SURGE_NODE_IMAGE=acme/node:20 deploy/docker/node-base-image.sh --force
#
# It does nothing when the image already holds this machine's Node version
# (label surge.node.version), unless --force. Needs root (debootstrap) and the
# packages debootstrap and podman.
set -euo pipefail

IMAGE="${SURGE_NODE_IMAGE:-surge/node:20-bookworm}"
MIRROR="${SURGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ENGINE="${SURGE_CONTAINER_ENGINE:-podman}"
HERE="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$HERE/../podman/containers.conf}"

force=false
case "${1:-}" in
  --force) force=true ;;
  '') ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

fail() { echo "node-base-image: $*" >&2; exit 1; }

for tool in debootstrap "$ENGINE" node npm tar; do
  command -v "$tool" > /dev/null || fail "$tool not found (Debian: apt-get install debootstrap podman runc)"
done
[ "$(id -u)" = 0 ] || fail "debootstrap needs root"

node_version="$(node --version)"
case "$node_version" in
  v20.*) ;;
  *) fail "the image is Node 20; this machine's node is $node_version" ;;
esac

if ! $force && "$ENGINE" image exists "$IMAGE" 2> /dev/null; then
  have="$("$ENGINE" image inspect --format '{{ index .Labels "surge.node.version" }}' "$IMAGE")"
  if [ "$have" = "$node_version" ]; then
    echo "node-base-image: $IMAGE already holds Node $node_version"
    exit 0
  fi
fi

# npm's own folder: the package the npm on PATH runs from.
npm_root="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
[ -f "$npm_root/package.json" ] || fail "cannot find npm's package folder (looked at $npm_root)"

rootfs="$(mktemp -d "${TMPDIR:-/tmp}/surge-node-rootfs.XXXXXX")"
trap 'rm -rf "$rootfs"' EXIT

echo "node-base-image: debootstrap --variant=minbase bookworm from $MIRROR"
debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" > "$rootfs.log" 2>&1 \
  || { tail -20 "$rootfs.log" >&2; fail "debootstrap failed (whole log: $rootfs.log)"; }
rm -f "$rootfs.log"

echo "node-base-image: adding node $node_version and npm $(npm --version)"
install -m 0755 "$(readlink -f "$(command -v node)")" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -a "$npm_root" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" /usr/local/bin/node --version > /dev/null || fail "node does not run inside the new root filesystem"

# What a runtime image never needs: package caches, documentation, manuals.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

tar --numeric-owner -C "$rootfs" -c . | "$ENGINE" import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "LABEL surge.node.version=$node_version" \
  --change 'CMD ["node"]' \
  - "$IMAGE" > /dev/null
echo "node-base-image: $IMAGE ($("$ENGINE" image inspect --format '{{ .Size }}' "$IMAGE") bytes)"
