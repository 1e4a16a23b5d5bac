# syntax=docker/dockerfile:1
# The crisis bot in a container: `docker compose up` (compose.yaml) is the way to run it on a
# server. Two stages, so the image has the compiled bot and its production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 installs a prebuilt binary; where none fits the platform it compiles one.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_PATH=/data/crisis.db \
    CRISIS_PLAN=/config/crisis-plan.yml
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The migrations the bot applies at start (src/store/db.ts finds them beside dist/).
COPY drizzle ./drizzle
# Every acknowledgement and tick lives in the SQLite file: keep it on a volume, owned by the
# unprivileged user the bot runs as.
RUN mkdir -p /data /config && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz is 503 when the database does not answer or a channel of the plan is shut to the bot.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs, with the same node flags (test/deploy.test.ts keeps them equal).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=1", "--max-old-space-size=256", "--v8-pool-size=1", "dist/main.js"]
