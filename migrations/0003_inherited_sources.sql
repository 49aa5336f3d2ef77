-- An edge a uv workspace member inherits from its root's [tool.uv.sources] names the root
-- manifest that holds the source, so that when the root cannot be read its members keep those
-- edges (they are carried over from the last snapshot). NULL: the declaring manifest resolved it.
ALTER TABLE path_edge ADD COLUMN inherited_from TEXT;

-- Edges recorded before this column kept the root only at the end of `declared`
-- ("… with [tool.uv.sources] <source> in <root manifest>"): copied out once.
UPDATE path_edge
SET inherited_from = substr(
    substr(declared, instr(declared, ' with [tool.uv.sources] ') + 24),
    instr(substr(declared, instr(declared, ' with [tool.uv.sources] ') + 24), ' in ') + 4)
WHERE instr(declared, ' with [tool.uv.sources] ') > 0
  AND instr(substr(declared, instr(declared, ' with [tool.uv.sources] ') + 24), ' in ') > 0;
