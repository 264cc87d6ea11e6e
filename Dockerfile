# certwatch image: compiled JavaScript on Node 24 LTS, run as the unprivileged "node" user; UDP read with recvmmsg by
# the native addon built here (the runtime stage needs no compiler).
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-native.sh ./scripts/
COPY native ./native
RUN bash scripts/build-native.sh && test -f native/build/udp_batch.node && test -f native/build/frame_scan.node
COPY tsconfig.json ./
COPY src ./src
COPY bin ./bin
RUN npx tsc -p tsconfig.json --noEmit false && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/native/build ./native/build
COPY package.json ./
COPY samples ./samples
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 5514/udp 5601/tcp 6514/tcp 8080/tcp
# Semi-spaces of 8 MB: about 25 MB less RSS for the service (bench/README.md, part 9); the worker sets its own.
ENTRYPOINT ["node", "--max-semi-space-size=8", "bin/certwatch.js"]
CMD ["start"]
