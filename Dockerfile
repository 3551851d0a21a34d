# Container image of cri-exporter: a jlinked Java runtime, the shaded jar and its native
# libraries under /opt/cri-exporter, run as user 65532 with nothing to write at run time.
#
# From the sources, with registry access (BuildKit, Buildah or Podman; the default target):
#   docker build -t cri-exporter:0.1.0 --build-arg REVISION=$(git rev-parse HEAD) .
#
# Without a registry: scripts/build-image-offline.sh lays out the image's files on this machine
# (jar from the Maven build, runtime from the local JDK's jlink, glibc from the local system) and
# builds the "prebuilt" target on RUNTIME_IMAGE=scratch.
#
# Targets:
#   release   (default) compile the jar in BUILD_IMAGE and link the runtime there;
#   prebuilt  copy rootfs/ of the build context as scripts/image-rootfs.sh lays it out.
# Build arguments:
#   BUILD_IMAGE    Maven 3.9 with a JDK 17 that has jlink.
#   RUNTIME_IMAGE  Base of the image; it must provide glibc, libstdc++ and libgcc_s (distroless
#                  "cc" does), or be scratch with a prebuilt rootfs made with --system-libs.
#   VERSION, REVISION  the version and commit the labels (and the jar's build info) carry.

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

# ---- build the jar and lay out the image's files ---------------------------------------------
FROM ${BUILD_IMAGE} AS build
ARG REVISION=unknown
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl exporter -am package -DskipTests -Dgit.revision="${REVISION}" \
 && bash scripts/image-rootfs.sh --jar exporter/target/cri-exporter.jar --out /rootfs

# ---- what both targets share: the base and how the exporter runs -----------------------------
FROM ${RUNTIME_IMAGE} AS base
ARG RUNTIME_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="cri-exporter" \
      org.opencontainers.image.description="Container metrics from the Kubernetes CRI, cross-checked against cgroups, under cAdvisor's names" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"

# glibc's malloc otherwise keeps an arena per thread that ever allocated: two keep RSS flat.
# JVM defaults from the benchmarks (serial GC with a small young generation kept the exporter's
# core near 90 MiB resident at ~1,000 containers): the heap at most half the container's memory
# limit, and an out-of-memory error ends the process (the pod restarts) rather than leaving it
# half-alive.
# JAVA_TOOL_OPTIONS replaces these defaults as a whole (the chart's jvmOptions sets it).
ENV MALLOC_ARENA_MAX=2 \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmn8m -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"

USER 65532:65532
EXPOSE 9758
# The native libraries load from /opt/cri-exporter/lib (JNA and Netty would otherwise unpack them
# into a temporary directory, which a read-only root filesystem lacks); no perf data file in /tmp.
ENTRYPOINT ["/opt/cri-exporter/jre/bin/java", \
            "-Djava.library.path=/opt/cri-exporter/lib", \
            "-Djna.boot.library.path=/opt/cri-exporter/lib", \
            "-Djna.nounpack=true", \
            "-XX:-UsePerfData", \
            "-jar", "/opt/cri-exporter/cri-exporter.jar"]

# ---- target "prebuilt": files laid out beforehand in the build context -----------------------
FROM base AS prebuilt
COPY rootfs/ /

# ---- target "release" (the default, so the last stage): built from the sources -----------------
FROM base AS release
COPY --from=build /rootfs/ /
