# syntax=docker/dockerfile:1
# Build: a static, cgo-free binary (SQLite is pure Go). The Go version is go.mod's
# (cmd/oogst/deploy_test.go checks that they agree), so GOTOOLCHAIN=local never meets
# an older cached image.
FROM golang:1.26.8-bookworm AS build
ENV GOTOOLCHAIN=local
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION ends up in `oogst version` and the start-up log (.git is not in the context).
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.buildVersion=${VERSION}" -o /out/oogst ./cmd/oogst

# Run: non-root, with curl-free health checks and a pg_dump/pg_restore from PostgreSQL
# 17 (PGDG), which dump and restore servers of every supported major (Debian's own 15
# refuses to dump 16 and 17).
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-17 \
    && apt-get purge -y curl && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/oogst oogst \
    && mkdir -p /var/lib/oogst && chown oogst:oogst /var/lib/oogst
COPY --from=build /out/oogst /usr/local/bin/oogst
USER oogst
# The data directory is also the working directory: `oogst backup` writes its archive
# here, into the volume, not into a read-only /.
WORKDIR /var/lib/oogst
ENV OOGST_ADDR=:8080 OOGST_DATA_DIR=/var/lib/oogst OOGST_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD ["oogst", "healthcheck"]
ENTRYPOINT ["oogst"]
CMD ["serve"]
