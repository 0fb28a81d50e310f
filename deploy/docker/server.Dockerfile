# The StreamGate server: one static Go binary (CGO_ENABLED=0) that hosts
# every service, or the subset --services names. Build from the repository
# root (.dockerignore there keeps the context small):
#
#   docker build -f deploy/docker/server.Dockerfile -t streamgate/server .
#   docker build -f deploy/docker/server.Dockerfile --target server-ffprobe -t streamgate/server-ffprobe .
#
# The default target is scratch plus CA certificates: no shell, no package
# manager, user 65532. It serves every role except those hosting `upload`,
# which runs ffprobe on each completed upload: those use `server-ffprobe`,
# the same binary on Debian slim with Debian's ffmpeg (the ffmpeg the test
# suite runs against). Both listen on 0.0.0.0:8080; probe GET /healthz
# (live) and GET /readyz (PostgreSQL, Redis and S3 answer) over HTTP, as
# the Helm chart does: there is no shell for a HEALTHCHECK command.
#
# Base images carry explicit versions; pin digests in your own registry.
ARG GO_IMAGE=golang:1.26.8-bookworm
ARG DEBIAN_IMAGE=debian:12.11-slim

FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags='-s -w' -o /out/streamgate ./cmd/streamgate
# scratch has no /tmp (uploads are hashed and probed from a temporary
# copy) and no user database: make both here.
RUN mkdir -p /out/rootfs/tmp /out/rootfs/etc && chmod 1777 /out/rootfs/tmp \
 && echo 'nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin' > /out/rootfs/etc/passwd \
 && echo 'nonroot:x:65532:' > /out/rootfs/etc/group

FROM ${DEBIAN_IMAGE} AS server-ffprobe
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates ffmpeg \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 65532 nonroot \
 && useradd --system --uid 65532 --gid 65532 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin nonroot
COPY --from=build /out/streamgate /usr/local/bin/streamgate
USER 65532:65532
ENV STREAMGATE_ADDR=0.0.0.0:8080 STREAMGATE_LOG_FORMAT=json
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/streamgate"]
CMD ["serve"]

FROM scratch AS server
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/rootfs/ /
COPY --from=build /out/streamgate /streamgate
USER 65532:65532
ENV STREAMGATE_ADDR=0.0.0.0:8080 STREAMGATE_LOG_FORMAT=json
EXPOSE 8080
ENTRYPOINT ["/streamgate"]
CMD ["serve"]
