# Slipway's container image, after Backstage's multi-stage example (packages/backend/Dockerfile
# and the "Deploying with Docker" guide): build the frontend and the backend bundle, install the
# production dependencies only, and run the bundle (which serves the built frontend) as the
# unprivileged `node` user. A read-only root filesystem works: the backend writes only to /tmp.
#
#   docker build -t slipway .
#   docker run --read-only --tmpfs /tmp -p 7007:7007 --env-file slipway.env slipway
#
# The variables are listed in the README (Configuration); a missing one stops the start naming it.
# scripts/test-dockerfile.sh replays these steps without a container engine (this machine has
# none) and smoke-tests the result: keep to FROM, WORKDIR, ENV, USER, COPY, RUN, EXPOSE and CMD.

# Stage 1: the workspace's package.json files only, so the install below is redone only when a
# dependency changes.
FROM node:22-bookworm-slim AS packages
WORKDIR /app
COPY package.json yarn.lock .yarnrc.yml backstage.json ./
COPY .yarn ./.yarn
COPY packages packages
COPY plugins plugins
RUN find packages plugins -mindepth 2 -maxdepth 2 \! -name package.json -exec rm -rf {} \+

# Stage 2: every dependency (native modules such as better-sqlite3 compile here,
# with the compilers this stage alone has), then the frontend and the backend bundle.
FROM node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 g++ make && rm -rf /var/lib/apt/lists/*
USER node
WORKDIR /app
COPY --from=packages --chown=node:node /app .
RUN --mount=type=cache,target=/home/node/.yarn/berry,uid=1000,gid=1000 yarn install --immutable
COPY --chown=node:node . .
# `backstage-cli package build` of the backend builds the packages it depends on, the frontend
# (packages/app) included, and packs them: dist/skeleton.tar.gz (package.json files) and
# dist/bundle.tar.gz (the built code). The type check is scripts/test.sh's; the build needs no
# declarations.
RUN yarn workspace backend build
RUN mkdir packages/backend/dist/skeleton packages/backend/dist/bundle \
 && tar xzf packages/backend/dist/skeleton.tar.gz -C packages/backend/dist/skeleton \
 && tar xzf packages/backend/dist/bundle.tar.gz -C packages/backend/dist/bundle

# Stage 3: the production dependencies of the bundled packages, compiled here too, so the image
# itself carries no compiler.
FROM node:22-bookworm-slim AS production-deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 g++ make && rm -rf /var/lib/apt/lists/*
USER node
WORKDIR /app
COPY --from=build --chown=node:node /app/.yarn ./.yarn
COPY --from=build --chown=node:node /app/.yarnrc.yml /app/yarn.lock /app/package.json /app/backstage.json ./
COPY --from=build --chown=node:node /app/packages/backend/dist/skeleton/ ./
RUN --mount=type=cache,target=/home/node/.yarn/berry,uid=1000,gid=1000 yarn workspaces focus --all --production

# Stage 4: the image. Node 22, the production dependencies, the bundle, the configuration and the
# golden-path templates; no compiler, no package manager cache, not root.
FROM node:22-bookworm-slim
USER node
WORKDIR /app
ENV NODE_ENV=production
COPY --from=production-deps --chown=node:node /app ./
COPY --from=build --chown=node:node /app/packages/backend/dist/bundle/ ./
COPY --chown=node:node app-config.yaml app-config.production.yaml catalog-info.yaml ./
COPY --chown=node:node templates ./templates
EXPOSE 7007
CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
