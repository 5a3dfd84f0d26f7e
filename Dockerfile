# lifetick: multi-stage image on Node 20 / Debian bookworm.
#
#   docker build -t lifetick .
#   docker run -p 8001:8001 -v lifetick-data:/data lifetick
#
# Settings are the LIFETICK_* environment variables of the README.

# -- build: install everything, compile the server to dist/, then drop the
# development tools (TypeScript, tsx, vitest) from node_modules
FROM node:20-bookworm AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The workspace's manifest: npm ci links the client package (protocol/).
COPY protocol/package.json ./protocol/
# better-sqlite3 compiles its native addon here.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY protocol ./protocol
COPY workers ./workers
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# -- runtime: the built server and its runtime modules, as a non-root user
FROM node:20-bookworm-slim
# LIFETICK_ENV=production: no development tools (playground token minting,
# explainEvents) on a server others can reach. Production sells diamond
# packs only through a configured store (README, Configuration), so the
# image starts with in-app purchases off: to sell, pass
# -e LIFETICK_IN_APP_PURCHASES=on with the LIFETICK_APPLE_* and/or
# LIFETICK_GOOGLE_* settings (and mount their certificate and key files).
ENV NODE_ENV=production \
  LIFETICK_ENV=production \
  LIFETICK_IN_APP_PURCHASES=off \
  LIFETICK_DATA_DIR=/data \
  LIFETICK_PORT=8001 \
  LIFETICK_HOST=0.0.0.0
WORKDIR /app
# The built JavaScript only: no TypeScript sources and no loader at run time.
# esbuild (a runtime dependency) still builds the playground's browser script
# on its first request.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# `lifetick <command>` (e.g. token, migrate) finds no tsx here and runs dist/.
COPY src/cli/lifetick.mjs ./src/cli/lifetick.mjs
# The data dir holds the token secret and the SQLite database. Only the
# server user may enter /data (a new named volume takes this mode too).
RUN mkdir -p /data && chown -R node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 8001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.LIFETICK_PORT || 8001) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# SIGTERM (docker stop) flushes every player before exit; give it the 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/cli/start.js"]
