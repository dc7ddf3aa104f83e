#!/bin/sh
# Container entrypoint: runs `localstack start` in the foreground as the main process, so that
# `docker stop` (SIGTERM) reaches it. Inside a container the edge must listen on every interface,
# and state goes to the data volume; both can be overridden with the usual variables.
set -eu

: "${EDGE_BIND_HOST:=0.0.0.0}"
: "${DATA_DIR:=/var/lib/localstack}"
export EDGE_BIND_HOST DATA_DIR

mkdir -p "$DATA_DIR"

# `docker run IMAGE config` (or status, wait, ...) runs that subcommand instead of the emulator.
if [ "$#" -gt 0 ]; then
    exec localstack "$@"
fi
exec localstack start
