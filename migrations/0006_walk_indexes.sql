-- Indexes for reading the graph without reading its tables. A transitive walk (`dependents -t`,
-- `affected`) searches the edges by one end and needs only the other end and the edge's
-- interval: with both in the index, no table row is read for an edge. They replace the
-- one-column end indexes, so a scan writes as many index entries as before.
DROP INDEX path_edge_from;
DROP INDEX path_edge_to;
CREATE INDEX path_edge_from ON path_edge(from_module, disappeared, appeared, to_module);
CREATE INDEX path_edge_to ON path_edge(to_module, disappeared, appeared, from_module);
-- Finding the module a command names (by folder or by name) read every module state before.
CREATE INDEX module_state_name ON module_state(name);
CREATE INDEX module_state_path ON module_state(path);
