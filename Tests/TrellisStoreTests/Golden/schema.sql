-- view current_edges
CREATE VIEW current_edges AS
    SELECT f.name AS from_name, t.name AS to_name, e.dep_group, e.editable, e.optional,
           e.declared, e.file, e.line, e.resolution
    FROM path_edge e
    JOIN module_state f ON f.module_id = e.from_module AND f.disappeared IS NULL
    JOIN module_state t ON t.module_id = e.to_module AND t.disappeared IS NULL
    WHERE e.disappeared IS NULL;

-- view current_modules
CREATE VIEW current_modules AS
    SELECT name, path, version, kind, manifest, description
    FROM module_state WHERE disappeared IS NULL;

-- view current_requirements
CREATE VIEW current_requirements AS
    SELECT m.name AS module, r.package, r.specifier, r.markers, r.dep_group, r.optional, r.file, r.line
    FROM requirement r
    JOIN module_state m ON m.module_id = r.module_id AND m.disappeared IS NULL
    WHERE r.disappeared IS NULL;

-- table diagnostic
CREATE TABLE diagnostic (
    id          INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id),
    severity    TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
    code        TEXT NOT NULL,
    module      TEXT,
    file        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    message     TEXT NOT NULL
);

-- index diagnostic_snapshot
CREATE INDEX diagnostic_snapshot ON diagnostic(snapshot_id);

-- view edge_history
CREATE VIEW edge_history AS
    SELECT e.id, e.appeared, e.disappeared, e.dep_group, e.file, e.line,
           (SELECT name FROM module_state WHERE module_id = e.from_module AND appeared <= e.appeared
              ORDER BY appeared DESC LIMIT 1) AS from_name,
           (SELECT name FROM module_state WHERE module_id = e.to_module AND appeared <= e.appeared
              ORDER BY appeared DESC LIMIT 1) AS to_name,
           sa.commit_id AS appeared_commit, sa.recorded_at AS appeared_at,
           sd.commit_id AS disappeared_commit, sd.recorded_at AS disappeared_at
    FROM path_edge e
    JOIN snapshot sa ON sa.id = e.appeared
    LEFT JOIN snapshot sd ON sd.id = e.disappeared;

-- table grdb_migrations
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);

-- table import_file
CREATE TABLE import_file (
    path     TEXT PRIMARY KEY,             -- repository-relative
    size     INTEGER NOT NULL,
    modified INTEGER NOT NULL,             -- nanoseconds since 1970; 0 when it must be read again
    inode    INTEGER NOT NULL,
    hash     TEXT NOT NULL,                -- FileStamp.hash of the content
    imports  TEXT NOT NULL
) WITHOUT ROWID;

-- table manifest_file
CREATE TABLE manifest_file (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    modified INTEGER NOT NULL,             -- nanoseconds since 1970
    hash     TEXT NOT NULL
) WITHOUT ROWID;

-- table module
CREATE TABLE module (
    id INTEGER PRIMARY KEY
);

-- table module_state
CREATE TABLE module_state (
    id          INTEGER PRIMARY KEY,
    module_id   INTEGER NOT NULL REFERENCES module(id),
    name        TEXT NOT NULL,             -- PEP 503 normalized
    path        TEXT NOT NULL,             -- folder, relative to the repository root
    manifest    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('lib', 'project', 'module')),
    version     TEXT,
    description TEXT,
    appeared    INTEGER NOT NULL REFERENCES snapshot(id),
    disappeared INTEGER REFERENCES snapshot(id)
);

-- index module_state_alive
CREATE INDEX module_state_alive ON module_state(disappeared, appeared);

-- index module_state_module
CREATE INDEX module_state_module ON module_state(module_id);

-- index module_state_name
CREATE INDEX module_state_name ON module_state(name);

-- index module_state_path
CREATE INDEX module_state_path ON module_state(path);

-- table path_edge
CREATE TABLE path_edge (
    id          INTEGER PRIMARY KEY,
    from_module INTEGER NOT NULL REFERENCES module(id),
    to_module   INTEGER NOT NULL REFERENCES module(id),
    dep_group   TEXT NOT NULL,             -- main, dev, an extra, a Poetry or PEP 735 group
    editable    INTEGER NOT NULL CHECK (editable IN (0, 1)),
    optional    INTEGER NOT NULL CHECK (optional IN (0, 1)),
    declared    TEXT NOT NULL,             -- the declaration as written
    file        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    resolution  TEXT NOT NULL,             -- path, workspace, lock-file, path-suffix
    appeared    INTEGER NOT NULL REFERENCES snapshot(id),
    disappeared INTEGER REFERENCES snapshot(id)
, inherited_from TEXT, declared_by TEXT NOT NULL DEFAULT 'manifest');

-- index path_edge_alive
CREATE INDEX path_edge_alive ON path_edge(disappeared, appeared);

-- index path_edge_from
CREATE INDEX path_edge_from ON path_edge(from_module, disappeared, appeared, to_module);

-- index path_edge_to
CREATE INDEX path_edge_to ON path_edge(to_module, disappeared, appeared, from_module);

-- table requirement
CREATE TABLE requirement (
    id          INTEGER PRIMARY KEY,
    module_id   INTEGER NOT NULL REFERENCES module(id),
    package     TEXT NOT NULL,             -- PEP 503 normalized
    specifier   TEXT NOT NULL,             -- as written; '' when unconstrained
    markers     TEXT,
    dep_group   TEXT NOT NULL,
    optional    INTEGER NOT NULL CHECK (optional IN (0, 1)),
    file        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    appeared    INTEGER NOT NULL REFERENCES snapshot(id),
    disappeared INTEGER REFERENCES snapshot(id)
);

-- index requirement_alive
CREATE INDEX requirement_alive ON requirement(disappeared, appeared);

-- index requirement_module
CREATE INDEX requirement_module ON requirement(module_id);

-- table snapshot
CREATE TABLE snapshot (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL CHECK (source IN ('worktree', 'commit')),
    recorded_at TEXT NOT NULL,             -- ISO 8601, UTC, when Trellis recorded it
    commit_id   TEXT,                      -- HEAD for a worktree scan, the commit for an import
    dirty       INTEGER NOT NULL DEFAULT 0 CHECK (dirty IN (0, 1)),
    author      TEXT,
    authored_at TEXT,                      -- ISO 8601 author date of the commit
    subject     TEXT
, diagnostics_of INTEGER REFERENCES snapshot(id));

-- index sqlite_autoindex_grdb_migrations_1
-- (made by SQLite)

-- table watched_paths
CREATE TABLE watched_paths (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    stamps BLOB NOT NULL
);
