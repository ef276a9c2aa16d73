# The health-equity assistant as a container image, for hosts other than App Service (Azure
# Container Apps, Kubernetes, a VM with Docker). docs/operations.md, "Run it in a container",
# tells how to build, run, configure and update it.
#
# Not built on the machines this project is developed on: they have no container daemon. A test
# (test/container.test.ts) lints this file and checks that what it copies exists and is not
# excluded by .dockerignore; the first real build is yours.

ARG NODE_VERSION=20

# 1. Compile the TypeScript. Install scripts are skipped: compiling needs no native module.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# 2. The production dependencies only. better-sqlite3 is native: its install script fetches a
# prebuilt binary or compiles one, for which it needs Python, make and a C++ compiler.
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. What runs: the compiled service, its production dependencies, the knowledge and the cards.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
  PORT=3978 \
  DATA_DIR=/data
WORKDIR /app
COPY --chown=node:node package.json package-lock.json ./
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist/src ./dist/src
# The knowledge is baked in; mount another folder over /app/knowledge (read-only) to change it
# without a new image, then restart the container.
COPY --chown=node:node knowledge ./knowledge
COPY --chown=node:node cards ./cards
RUN mkdir -p /data && chown node:node /data
# SQLite's file and the generated USER_KEY_SECRET (STORAGE=sqlite): keep /data on a volume.
VOLUME ["/data"]
USER node
EXPOSE 3978
# /healthz answers 503 while shutting down or when storage does not answer within 3 seconds.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# With MicrosoftAppId set the service binds 0.0.0.0; without it (local mode, no authentication) it
# binds 127.0.0.1, so an unauthenticated bot is never reachable from outside by mistake.
CMD ["node", "--disable-warning=DEP0111", "dist/src/index.js"]
