/// How Trellis runs git in a repository it reads. git runs commands that the repository's own
/// configuration names (`.git/config`, which a downloaded tarball or a CI cache can carry): an
/// fsmonitor hook on every command that reads the index, and clean filters on the work-tree
/// files it hashes. Trellis switches both off, so reading a repository runs nothing of it.
public enum GitCommand {
    /// `git` and the settings every invocation starts with: no fsmonitor hook (Trellis reads
    /// the index itself; the hook would only save git a walk).
    public static let git = ["git", "-c", "core.fsmonitor=false"]

    /// The settings that switch off every clean and process filter `root`'s configuration
    /// defines (an empty command is no filter; `required` off, so git does not refuse), for a
    /// command that hashes work-tree files (`diff-index` against the work tree). One
    /// `git config` run.
    public static func withoutFilters(in root: String) -> [String] {
        let names = ["config", "--name-only", "--get-regexp", #"^filter\..*\.(clean|process)$"#]
        guard let result = try? Subprocess.run(git + names, in: root), result.status == 0 else { return [] }
        var drivers = Set<Substring>()
        for line in result.output.split(separator: "\n") {
            guard line.hasPrefix("filter."), let dot = line.lastIndex(of: ".") else { continue }
            drivers.insert(line[line.index(line.startIndex, offsetBy: 7)..<dot])
        }
        return drivers.sorted().flatMap { driver in
            ["clean=", "process=", "required=false"].flatMap { ["-c", "filter.\(driver).\($0)"] }
        }
    }
}
