# The StreamGate transcode worker (cmd/transcoder) with Debian's ffmpeg
# and ffprobe, as user 10001. It needs no database credentials: only
# STREAMGATE_TRANSCODER_SERVER_URL and STREAMGATE_TRANSCODER_WORKER_TOKEN
# (one of the server's --worker-tokens), and to reach the S3 endpoint the
# server presigns URLs for. Build from the repository root:
#
#   docker build -f deploy/docker/transcoder.Dockerfile -t streamgate/transcoder .
#
# /work holds each job's temporary files (the original, the renditions):
# give it a volume as large as the largest job (an emptyDir in the chart).
# Base images carry explicit versions; pin digests in your own registry.
ARG GO_IMAGE=golang:1.26.8-bookworm
ARG DEBIAN_IMAGE=debian:12.11-slim

FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags='-s -w' -o /out/transcoder ./cmd/transcoder

FROM ${DEBIAN_IMAGE} AS transcoder
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates ffmpeg \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 transcoder \
 && useradd --system --uid 10001 --gid 10001 --home-dir /work --no-create-home --shell /usr/sbin/nologin transcoder \
 && install -d -o 10001 -g 10001 -m 0700 /work
COPY --from=build /out/transcoder /usr/local/bin/transcoder
USER 10001:10001
WORKDIR /work
ENV STREAMGATE_TRANSCODER_WORK_DIR=/work
ENTRYPOINT ["/usr/local/bin/transcoder"]
