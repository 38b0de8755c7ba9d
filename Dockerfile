# The CLI in a container, to run the same diagnosis from the runtime's network (a VM, Cloud Shell, a pod):
#   docker build -t apigee-tls-lint .
#   docker run --rm -v "$PWD:/work" apigee-tls-lint probe --bundle apiproxies/orders --env prod --format json > report.json
# Open report.json in VS Code with "Apigee TLS: Open a diagnosis report…". README: "Probing from the runtime's network".

# Build: esbuild bundles the CLI into dist/cli.js (and its on-demand commands, dist/cli-*.js) with every dependency
# (the image needs no node_modules).
# The base is an ARG so a machine without Docker Hub can build FROM a local image (scripts/check-container.sh).
ARG BASE=node:20-bookworm-slim
FROM ${BASE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Behind a TLS-inspecting proxy npm must trust its CA: docker build --secret id=npm-ca,src=/path/to/ca.pem .
RUN --mount=type=secret,id=npm-ca \
    if [ -f /run/secrets/npm-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm-ca; fi; \
    npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs --production

# Run: Node, the bundle, the docs its help links to, and the system roots (ca-certificates) it trusts by default.
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/apigee-tls-lint
COPY --from=build /src/package.json /src/README.md ./
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist ./dist
COPY --from=build /src/docs ./docs
USER node
# The repository to read is mounted here (docker run -v "$PWD:/work").
WORKDIR /work
ENTRYPOINT ["node", "/opt/apigee-tls-lint/bin/apigee-tls-lint"]
CMD ["--help"]
