-- The import cache of the work tree: what the import reader found in each `.py` file, with the
-- file's stamp when it was read. A file whose size, modification time and inode are those of its
-- row is not read again; one whose content hash is its row's is not tokenized again. Not history:
-- imports are computed for the work tree (and for a git revision from git), never per snapshot.
-- `imports`: one line per import statement's target, in the order written:
-- `<kind> <line> <level> <module or -> <names, comma-separated, or -> <flags: t typing-only, o optional, or ->`,
-- kind `import` (`import a.b`) or `from` (`from a.b import c, d`).
CREATE TABLE import_file (
    path     TEXT PRIMARY KEY,             -- repository-relative
    size     INTEGER NOT NULL,
    modified INTEGER NOT NULL,             -- nanoseconds since 1970; 0 when it must be read again
    inode    INTEGER NOT NULL,
    hash     TEXT NOT NULL,                -- FileStamp.hash of the content
    imports  TEXT NOT NULL
) WITHOUT ROWID;
