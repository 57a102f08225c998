# syntax=docker/dockerfile:1
# Image for both processes of the engine (the same image, two commands):
#   API:    node dist/main.js     (the default CMD; applies pending migrations, then serves HTTP)
#   worker: node dist/worker.js   (queue processors and the outbox relay, no HTTP)
#   CLI:    node dist/cli.js help (e.g. issue-admin-token --name "<name>")
# Configuration comes from the environment only; see .env.example.

# The Node LTS line (26, Active LTS since 26.13.0 of 2026-10-28), pinned to a release: Node 20 is past its end of
# life. Debian 13 (trixie), the Node 26 images' default variant: Debian 12 (bookworm) left regular security
# support on 2026-06-10. CI runs the tests on Node 26 from the npm registry (.ci/run, NODE_LTS_MAJOR). Bump the
# tag with each Node 26 security release; pin a digest (node:<tag>@sha256:...) where the registry is reachable.
ARG NODE_IMAGE=node:26.13.0-trixie-slim

# --- build: every dependency, compile TypeScript, then drop the dev dependencies ---------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
# Manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The web console (console/, React built by Vite into console/dist with .br/.gz beside each asset) is built
# here too: the engine serves it at /console (docs/console.md).
RUN npm run build \
  && npm run build:console \
  && npm prune --omit=dev \
  && npm cache clean --force

# --- runtime: production dependencies and compiled code, run as the unprivileged node user -----------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Owned by root and read-only for the node user: the process cannot rewrite its own code.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# CONSOLE_DIR's default: /app/console/dist.
COPY --from=build /app/console/dist ./console/dist
# The audit signing key lives outside the code, on a volume the node user owns (AUDIT_SIGNING_KEY_PATH).
RUN mkdir -p /var/lib/cooperation-engine && chown node:node /var/lib/cooperation-engine
USER node
EXPOSE 3000
# Compose (or the orchestrator) adds the HTTP health check for the API only: the worker, from the same
# image, serves no HTTP.
CMD ["node", "dist/main.js"]
