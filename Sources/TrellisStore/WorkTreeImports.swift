import Foundation
import TrellisCore

/// The work tree's imports through the registry's cache of them (`import_file`): only the `.py`
/// files whose stamp moved since the last read are opened, and only those whose content changed
/// are tokenized. `--at REV` reads git instead (`ImportGraph.read(root:commit:…)`), uncached.
public enum WorkTreeImports {
    /// What a cached read found, and whether its cache rows could be written.
    public struct Result: Sendable {
        public var graph: ImportGraph
        /// Why the cache could not be read or written (a busy or damaged registry), or nil; a
        /// read-only registry is no reason: the read is right either way, the next one reads
        /// those files again.
        public var cacheNote: String?
    }

    /// Reads the imports of `root`'s modules with the cache of the registry at `registryPath`
    /// (none when the file is missing), then writes the rows that changed in one transaction:
    /// opening the registry for writing only when some did.
    public static func read(
        root: String, registryPath: String, graph: DependencyGraph, tests: Bool, reading: Set<String>? = nil
    ) -> Result {
        var note: String?
        var cache = ImportCache()
        do {
            cache = try RegistryStore.openForReading(path: registryPath)?.importCache() ?? ImportCache()
        } catch {
            note = "the import cache could not be read (\(error)); every file is read"
        }
        let imports = ImportGraph.read(root: root, graph: graph, tests: tests, reading: reading, cache: cache)
        guard !imports.cacheUpdate.isEmpty, note == nil else { return Result(graph: imports, cacheNote: note) }
        // A read-only registry (a CI cache) answers without its cache growing: nothing to say.
        guard RegistryStore.whyNotWritable(path: registryPath) == nil else {
            return Result(graph: imports, cacheNote: nil)
        }
        do {
            try RegistryStore(path: registryPath, busyTimeout: 1, work: "trellis (caching imports)")
                .updateImportCache(imports.cacheUpdate)
        } catch {
            note = "the import cache was not updated (\(error))"
        }
        return Result(graph: imports, cacheNote: note)
    }
}
