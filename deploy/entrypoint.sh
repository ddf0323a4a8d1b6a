#!/bin/sh
# Seeds an empty corpus volume with the bundled examples, then serves.
set -eu
if [ -z "$(ls -A "$GODA_CORPUS" 2>/dev/null)" ]; then
    cp -a /opt/goda/bundled-corpus/. "$GODA_CORPUS"/
fi
exec goda serve
