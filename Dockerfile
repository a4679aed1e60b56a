# mcpchaos: the whole CLI (run, probe, stack, report, fixture) as one
# static binary on a distroless base, running as nonroot, with the
# bundled scenarios beside it (the binary embeds them too).
#
#   docker build -t mcpchaos/mcpchaos:dev .
#   docker run --rm --network host -v "$PWD:/work" mcpchaos/mcpchaos:dev \
#     run scenarios/suite.js --config /work/mcpchaos.compose.yaml
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/mcpchaos ./cmd/mcpchaos

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/mcpchaos /usr/local/bin/mcpchaos
COPY scenarios/*.js /mcpchaos/scenarios/
COPY scenarios/lib /mcpchaos/scenarios/lib
COPY fixtures/compose/docker-faults.js /mcpchaos/fixtures/compose/docker-faults.js
COPY mcpchaos.compose.yaml /mcpchaos/mcpchaos.compose.yaml
WORKDIR /mcpchaos
USER nonroot:nonroot
EXPOSE 9465
ENTRYPOINT ["/usr/local/bin/mcpchaos"]
CMD ["--help"]
