# The CES service as a container: compiled once, run with plain node and production dependencies.
#   docker build -t zendesk-ces .        (compose.yaml runs it with PostgreSQL)

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: npm 11 writes only its own platform's native packages into the lock.
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY translations ./translations
RUN npx tsx scripts/build-service.ts --out dist/service
# The app's pages: the service serves them to Zendesk (signed page loads), from dist/app/assets.
COPY vite.config.ts ./
COPY assets ./assets
RUN VITE_CONFIG_NATIVE_IGNORE_WARNING=true npx vite build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/service ./dist/service
COPY --from=build /app/dist/app/assets ./dist/app/assets
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A 64 MB young generation: a team report of 5,000 agents builds a few MB of short-lived objects,
# and with V8's default (16 MB) their scavenges took ~30 ms of a ~100 ms report (docs/reports.md).
CMD ["node", "--max-semi-space-size=64", "dist/service/src/server/server.js"]
