-- The folders whose entries decide what discovery finds, and the files that decide what it
-- ignores, as the last full listing saw them. A refresh that finds every one unchanged (and
-- every manifest_file unchanged) knows the graph is fresh without listing the work tree again:
-- a file created, deleted or renamed anywhere changes its folder's modification time.
-- One row, one blob: tens of thousands of folders are written and read at once (a row each cost
-- a tenth of a second at 10,000 modules). Each entry: size (-1 a folder, -2 absent) and
-- modification time (nanoseconds since 1970; 0 when it must be listed again) as 8-byte
-- little-endian integers, then the path (repository-relative, '.' the root, or absolute) and a
-- NUL byte.
CREATE TABLE watched_paths (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    stamps BLOB NOT NULL
);

-- A snapshot whose diagnostics are those of an earlier one points at it instead of copying
-- them: an import of 2,000 commits over a repository with 8,000 diagnostics would otherwise
-- write 16 million rows. NULL: the snapshot's own rows.
ALTER TABLE snapshot ADD COLUMN diagnostics_of INTEGER REFERENCES snapshot(id);
