# syntax=docker/dockerfile:1
# twilio-chat-graphql: build with `docker build -t twilio-chat-graphql .`, run with
# `docker run -p 4000:4000 -e GATEWAY_AUTH=none twilio-chat-graphql` (embedded emulator with demo
# data) or pass GATEWAY_AUTH=access-token and TWILIO_ACCOUNT_SID with TWILIO_API_KEY /
# TWILIO_API_SECRET (or TWILIO_AUTH_TOKEN) for Twilio.
# The image listens on 0.0.0.0 (HOST below), so the gateway refuses to start until GATEWAY_AUTH
# says who may call: `access-token` (browsers send Twilio Access Tokens) or `none` (anyone who
# reaches the port has full access). See "Access" in README.md.

ARG NODE_VERSION=20

# --- deps: every dependency, dev ones included, exactly as the lock file says ----------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# --- build: compile TypeScript to dist/, then bundle the gateway's entry (scripts/) -------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# --- runtime: production dependencies, compiled code and the SDL only -------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The graph reads its SDL at run time from schema/ beside package.json.
COPY schema ./schema
# The node image ships an unprivileged `node` user (uid 1000); nothing here needs root.
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node as PID 1 receives SIGTERM directly; main.js drains and exits on it.
CMD ["node", "dist/src/server/main.js"]
