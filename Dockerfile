# edg in a container: `docker build -t edg .` then `docker run --rm edg --help`.
# The built-in plugins (faker, the normalizers) are compiled into the binary; third-party
# plugins are mounted and named with --plugin / EDG_PLUGINS.

# Build: the pinned toolchain (rust-toolchain.toml) and the wasm target the plugins need.
FROM rust:1.95.0-slim-bookworm AS build
WORKDIR /src
RUN rustup target add wasm32-wasip2
COPY . .
RUN cargo build --release --locked -p edg \
    && install -m 0755 target/release/edg /usr/local/bin/edg \
    && /usr/local/bin/edg --version

# Run: Debian 12 like the build stage, so the binary finds the glibc it was linked against
# (.ci/run checks the binary needs nothing else the slim image lacks). TLS roots are compiled in
# (webpki), so no CA bundle is needed; the shell is there for the Kubernetes workers' wrapper.
FROM debian:12-slim
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin edg
COPY --from=build /usr/local/bin/edg /usr/local/bin/edg
# The compiled-plugin cache: under /tmp, so a read-only root filesystem works.
ENV EDG_CACHE_DIR=/tmp/edg-cache
USER 10001:10001
ENTRYPOINT ["edg"]
CMD ["--help"]
