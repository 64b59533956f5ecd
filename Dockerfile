# k8s-ha-sim as a container image: the compiled npm package on Node 20 slim, run as the
# image's unprivileged `node` user. Build:  docker build -t k8s-ha-sim .
# Run:    docker run --rm -v "$PWD:/work" k8s-ha-sim run scenarios/stacked-3.yaml --out reports
# See docs/scale-out.md for the Kubernetes Indexed Job that runs it sharded.

# Stage 1: compile TypeScript and pack the tarball users get from npm.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
# Dev dependencies (TypeScript) for the build; --ignore-scripts: nothing to run at install.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY src ./src
COPY bin ./bin
COPY scripts ./scripts
COPY scenarios ./scenarios
COPY docs ./docs
COPY examples ./examples
COPY README.md LICENSE ./
# prepack compiles src/ to dist/; the tarball holds only package.json's `files`.
RUN npm pack --pack-destination /pkg && mv /pkg/k8s-ha-sim-*.tgz /pkg/k8s-ha-sim.tgz

# Stage 2: the installed package and its runtime dependencies, nothing else.
FROM node:20-slim
COPY --from=build /pkg/k8s-ha-sim.tgz /tmp/k8s-ha-sim.tgz
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/k8s-ha-sim.tgz \
 && rm /tmp/k8s-ha-sim.tgz && npm cache clean --force
USER node
WORKDIR /work
ENTRYPOINT ["k8s-ha-sim"]
CMD ["--help"]
