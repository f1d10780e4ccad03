#!/usr/bin/env bash
# Stops the test cluster started by start.sh and removes its data directory.
set -euo pipefail
state_dir="${DYOCENSE_PG_DIR:-/tmp/dyocense-postgres}"
run_user="${DYOCENSE_PG_USER:-postgres}"
[ -d "$state_dir/data" ] || exit 0
pg_ctl_bin="$(command -v pg_ctl || ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V -r | head -n 1)"
if [ "$(id -u)" -eq 0 ]; then
  runuser -u "$run_user" -- "$pg_ctl_bin" -D "$state_dir/data" -m fast stop >&2 || true
else
  "$pg_ctl_bin" -D "$state_dir/data" -m fast stop >&2 || true
fi
rm -rf "$state_dir"
