#!/usr/bin/env bash
# Builds the image of every Surge service (or of those named) from the root
# Dockerfile, after building the code on the host: nothing is downloaded.
#
#   deploy/docker/build-images.sh                  # all five, surge/<service>:dev
#   deploy/docker/build-images.sh orders payments  # only these
#   SURGE_TAG=1.4.0 deploy/docker/build-images.sh
#
# With podman (preferred when both are installed) and the default base image,
# the base image is made first when missing (node-base-image.sh, needs root).
# With Docker, set SURGE_NODE_IMAGE=node:20-bookworm-slim to start from the
# official image. Images are built in the Docker format so that their
# HEALTHCHECK is kept.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SERVICES=(orders inventory payments fraud-detection notifications)
DEFAULT_NODE_IMAGE=surge/node:20-bookworm
NODE_IMAGE="${SURGE_NODE_IMAGE:-$DEFAULT_NODE_IMAGE}"
TAG="${SURGE_TAG:-dev}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/deploy/podman/containers.conf}"

fail() { echo "build-images: $*" >&2; exit 1; }

if [ -n "${SURGE_CONTAINER_ENGINE:-}" ]; then
  ENGINE="$SURGE_CONTAINER_ENGINE"
elif command -v podman > /dev/null; then
  ENGINE=podman
elif command -v docker > /dev/null; then
  ENGINE=docker
else
  fail "neither podman nor docker is installed (Debian: apt-get install podman runc)"
fi

selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${SERVICES[@]}")
for service in "${selected[@]}"; do
  [[ " ${SERVICES[*]} " == *" $service "* ]] || fail "no service '$service' (services: ${SERVICES[*]})"
done

cd "$ROOT"
[ -d node_modules ] || fail "node_modules is missing: run npm ci first"
echo "build-images: building the code (npm run build)"
npm run --silent build > /dev/null

if [ "$ENGINE" = podman ] && [ "$NODE_IMAGE" = "$DEFAULT_NODE_IMAGE" ] && ! podman image exists "$NODE_IMAGE"; then
  SURGE_NODE_IMAGE="$NODE_IMAGE" SURGE_CONTAINER_ENGINE=podman "$HERE/node-base-image.sh"
fi

format=()
[ "$ENGINE" = podman ] && format=(--format docker)
for service in "${selected[@]}"; do
  started=$SECONDS
  "$ENGINE" build "${format[@]}" --quiet \
    --build-arg "SERVICE=$service" --build-arg "NODE_IMAGE=$NODE_IMAGE" \
    --tag "surge/$service:$TAG" . > /dev/null
  size="$("$ENGINE" image inspect --format '{{ .Size }}' "surge/$service:$TAG")"
  echo "build-images: surge/$service:$TAG ($((size / 1024 / 1024)) MiB, $((SECONDS - started)) s)"
done
