-- The folders whose entries decide what discovery finds, and the files that decide what it
-- ignores, as the last full listing saw them. A refresh that finds every one unchanged (and
-- every manifest_file unchanged) knows the graph is fresh without listing the work tree again:
-- a file created, deleted or renamed anywhere changes its folder's modification time.
CREATE TABLE watched_path (
    path     TEXT PRIMARY KEY,              -- repository-relative ('.' is the root), or absolute
    size     INTEGER NOT NULL,              -- -1 for a folder
    modified INTEGER NOT NULL               -- nanoseconds since 1970; 0 when it must be listed again
) WITHOUT ROWID;

-- A snapshot whose diagnostics are those of an earlier one points at it instead of copying
-- them: an import of 2,000 commits over a repository with 8,000 diagnostics would otherwise
-- write 16 million rows. NULL: the snapshot's own rows.
ALTER TABLE snapshot ADD COLUMN diagnostics_of INTEGER REFERENCES snapshot(id);
