# The emulator in a container, running the same `localstack start` as on a host.
#   docker build -t localstack-lite .
#   docker run --rm -p 4566:4566 -p 4567-4650:4567-4650 localstack-lite
# or `docker compose up` with docker-compose.yml. Init scripts: mount a folder of boot.d, start.d, ready.d
# and shutdown.d at /etc/localstack/init (`-v ./init:/etc/localstack/init:ro`), or put them in
# $DATA_DIR/init; the older /docker-entrypoint-initaws.d still runs as ready.d.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /opt/localstack

# Node.js runs the nodejs Lambda runtimes (Debian's package; python runtimes use this image's python).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first: this layer stays cached while only our code changes.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# awslocal (the AWS CLI pointed at the emulator) for init scripts: ready.d scripts find it on PATH.
RUN pip install awscli==1.46.3 awscli-local==0.23.0

COPY setup.py MANIFEST.in ./
COPY localstack ./localstack
RUN pip install --no-deps . \
    && useradd --system --create-home --home-dir /home/localstack localstack \
    && mkdir -p /var/lib/localstack /etc/localstack/init/boot.d /etc/localstack/init/start.d \
        /etc/localstack/init/ready.d /etc/localstack/init/shutdown.d \
    && chown localstack /var/lib/localstack

COPY docker/entrypoint.sh /usr/local/bin/docker-entrypoint.sh

ENV EDGE_BIND_HOST=0.0.0.0 \
    DATA_DIR=/var/lib/localstack
VOLUME /var/lib/localstack
USER localstack

# The edge, and the legacy per-service ports (4567-4635 in the default port table).
EXPOSE 4566 4567-4650

HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
    CMD ["localstack", "wait", "--timeout", "3"]

ENTRYPOINT ["docker-entrypoint.sh"]
