# syntax=docker/dockerfile:1
# Build: a static, cgo-free binary (SQLite is pure Go).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/oogst ./cmd/oogst

# Run: non-root, with pg_dump for `oogst backup` and curl-free health checks.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/oogst oogst \
    && mkdir -p /var/lib/oogst && chown oogst /var/lib/oogst
COPY --from=build /out/oogst /usr/local/bin/oogst
USER oogst
ENV OOGST_ADDR=:8080 OOGST_DATA_DIR=/var/lib/oogst OOGST_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD ["oogst", "healthcheck"]
ENTRYPOINT ["oogst"]
CMD ["serve"]
