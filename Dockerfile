# The platform API. Built and run by docker-compose.yml; configuration comes from the environment
# (see src/config/config.ts and the README's Operations section). Listens on 4000; /livez and /readyz
# for health checks, /metrics for Prometheus.
#
# Node 22 LTS (Node 20 reached end of life in April 2026); development and CI still run on Node 20
# too, and CI runs the tests on this Node 22 as well. Pinned: update deliberately.

# 1. Build: every dependency (TypeScript and the other development packages), then the compiled tree.
FROM node:22.23.5-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies only, installed from the lockfile (no TypeScript, test servers or
#    embedded PostgreSQL binaries).
FROM node:22.23.5-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. Runtime: the compiled tree and production dependencies, as the unprivileged node user.
FROM node:22.23.5-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/package.json /app/package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
# The image has no curl: Node's own fetch asks /readyz (ready = database reachable, migrations and
# seeds applied, not stopping).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=10 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not npm) as PID 1's child-free process: SIGTERM reaches the app's stop sequence.
CMD ["node", "dist/src/main.js"]
