# syntax=docker/dockerfile:1
# The fxrates image: the release binary, built by the same command as the
# Debian package and scripts/install.sh (build_release in scripts/lib.sh:
# cargo build --release --locked), on a distroless runtime with glibc,
# libgcc and the CA certificates, running as a non-root user, with no shell.
#
#   docker build -t fxrates:0.1.0 .
#   docker run --rm -e FXRATES_DATABASE_URL=... fxrates:0.1.0 status
#
# TLS is rustls: no OpenSSL. The providers' HTTPS trusts the webpki roots
# built into the binary; PostgreSQL and SMTP trust those and the image's
# /etc/ssl/certs, plus FXRATES_DATABASE_CA_FILE (or sslrootcert=) for a
# private CA mounted into the container.
#
# deploy/kubernetes/ runs it; docs/operations.md says what CI checks of it.

# The toolchain the project is built and tested with (Debian 12, as the
# runtime, so that the binary's glibc matches).
ARG RUST_VERSION=1.95
FROM rust:${RUST_VERSION}-bookworm AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    bash -c '. scripts/lib.sh && install -D -m 755 "$(build_release)" /out/fxrates'

FROM gcr.io/distroless/cc-debian12:nonroot
LABEL org.opencontainers.image.title="fxrates" \
      org.opencontainers.image.description="Keeps a PostgreSQL table of daily foreign-exchange reference rates up to date" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0"
COPY --from=build /out/fxrates /usr/bin/fxrates
# distroless's nonroot user, by number so that runAsNonRoot can check it.
USER 65532:65532
ENTRYPOINT ["/usr/bin/fxrates"]
CMD ["--help"]
