#!/bin/sh
# Nightly backup (registry-backup.timer): one folder per run under BACKUP_DIR, the last
# BACKUP_KEEP_DAYS days kept. Copy BACKUP_DIR off the machine (rsync, object store) as well:
# a backup on the same disk protects against mistakes, not against losing the disk.
set -eu
BACKUP_DIR=${BACKUP_DIR:-/var/backups/registry}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
cd "$(dirname "$0")/.."
target="$BACKUP_DIR/$(date +%Y-%m-%d-%H%M)"
.venv/bin/python manage.py backup "$target"
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -mtime "+$BACKUP_KEEP_DAYS" -exec rm -rf {} +
