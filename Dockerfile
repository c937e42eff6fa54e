# syntax=docker/dockerfile:1
# Build stage: full dependencies, compile TypeScript.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY core ./core
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY workers ./workers
COPY db ./db
RUN npm run build

# Runtime stage: production dependencies only, non-root.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    DATA_DIR=/data \
    CHANNEL=none
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# SQL migrations and the Markdown knowledge base are read at run time, not compiled.
COPY db/migrations ./dist/db/migrations
# The embedded database's thread is plain JavaScript, started as a worker file (tsc does not emit it).
COPY db/pglite-worker.mjs ./dist/db/pglite-worker.mjs
COPY knowledge/articles ./dist/knowledge/articles
COPY knowledge/taxonomy.json ./dist/knowledge/taxonomy.json
COPY bot/playground/public ./dist/bot/playground/public
COPY teams-app ./teams-app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/bot/main.js"]
