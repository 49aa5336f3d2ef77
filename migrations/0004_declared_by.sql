-- Which file declares an edge: `manifest` (a pyproject.toml, requirements file, tox.ini…, as
-- `file` says), or `lock` when the module's dependencies are dynamic and unread and its lock
-- file's edges complete the graph (`file` is then the lock file). Edges recorded before this
-- column all came from manifests.
ALTER TABLE path_edge ADD COLUMN declared_by TEXT NOT NULL DEFAULT 'manifest';
