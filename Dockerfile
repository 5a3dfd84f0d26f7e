# lifetick: multi-stage image on Node 20 / Debian bookworm.
#
#   docker build -t lifetick .
#   docker run -p 8001:8001 -v lifetick-data:/data lifetick
#
# Settings are the LIFETICK_* environment variables of the README.

# -- build: install dependencies (better-sqlite3 compiles its native addon here)
FROM node:20-bookworm AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Runtime dependencies only: tsx runs the TypeScript sources, esbuild bundles
# the worker entries at start (src/kit/worker-bundle.ts).
RUN npm ci --omit=dev --no-audit --no-fund

# -- runtime: the sources and the installed modules, as a non-root user
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
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY protocol ./protocol
COPY workers ./workers
# The data dir holds the token secret and the SQLite database; worker
# bundles are written under node_modules/.cache at start. Only the server
# user may enter /data (a new named volume takes this mode too).
RUN mkdir -p /data node_modules/.cache && chown -R node:node /data node_modules/.cache && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 8001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.LIFETICK_PORT || 8001) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# SIGTERM (docker stop) flushes every player before exit; give it the 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/cli/start.ts"]
