import GRDB
import TrellisCore

/// The columns each query selects, one list a table, and the Core values decoded from them by
/// column name.
extension RegistryStore {
    /// A module state's columns, of the `module_state` row aliased `alias`, for `module(_:)`:
    /// always the last columns a query selects.
    static func moduleColumns(_ alias: String) -> SQL {
        columns(alias, moduleColumnNames)
    }

    private static let moduleColumnNames = ["name", "path", "manifest", "kind", "version", "description"]

    /// The module of a row that ends with `moduleColumns`, read by position: by column name, each
    /// value cost a dictionary lookup and a dynamic cast, more than the query that found the row
    /// (a third of `dependents -t` at 10,000 modules).
    static func module(_ row: Row) -> Module {
        let first = row.count - moduleColumnNames.count
        return Module(
            name: ModuleName(row[first] as String), path: row[first + 1], version: row[first + 4],
            description: row[first + 5], kind: ModuleKind(rawValue: row[first + 3] as String) ?? .module,
            manifest: row[first + 2])
    }

    /// A path edge's columns but its ends, of the `path_edge` row aliased `alias`, for `edge(_:from:to:)`.
    static func edgeColumns(_ alias: String) -> SQL {
        columns(
            alias,
            [
                "dep_group", "editable", "optional", "declared", "file", "line", "resolution", "inherited_from",
                "declared_by",
            ])
    }

    /// A path edge's columns with its ends' folders and names, from the module states aliased
    /// `from` and `to`, for `edge(_:)` (the names for whoever shows the edge).
    static func edgeColumns(_ alias: String, from: String, to: String) -> SQL {
        SQL(sql: "\(from).path AS from_path, \(to).path AS to_path, \(from).name AS from_name, \(to).name AS to_name, ")
            + edgeColumns(alias)
    }

    static func edge(_ row: Row) -> PathEdge {
        edge(row, from: row["from_path"], to: row["to_path"])
    }

    /// The edge of `row` between the module folders `from` and `to`.
    static func edge(_ row: Row, from: String, to: String) -> PathEdge {
        PathEdge(
            from: from, to: to, group: row["dep_group"], editable: row["editable"], optional: row["optional"],
            declared: row["declared"], file: row["file"], line: row["line"],
            resolution: Resolution(rawValue: row["resolution"]) ?? .path, inheritedFrom: row["inherited_from"],
            declaredBy: DeclaredBy(rawValue: row["declared_by"]) ?? .manifest)
    }

    /// A requirement's columns with its module's folder and name, from the module state aliased
    /// `module`, for `requirement(_:)`.
    static func requirementColumns(_ alias: String, module: String) -> SQL {
        SQL(sql: "\(module).path AS module_path, \(module).name AS module_name, ")
            + columns(alias, ["package", "specifier", "markers", "dep_group", "optional", "file", "line"])
    }

    static func requirement(_ row: Row) -> Requirement {
        requirement(row, module: row["module_path"])
    }

    /// The requirement of `row`, declared by the module in folder `module`.
    static func requirement(_ row: Row, module: String) -> Requirement {
        Requirement(
            module: module, package: ModuleName(row["package"] as String), specifier: row["specifier"],
            markers: row["markers"], group: row["dep_group"], optional: row["optional"], file: row["file"],
            line: row["line"])
    }

    /// A snapshot's columns, for `snapshotInfo(_:)`.
    static let snapshotColumns: SQL = "id, source, recorded_at, commit_id, dirty, author, authored_at, subject"

    static func snapshotInfo(_ row: Row) -> SnapshotInfo {
        SnapshotInfo(
            id: row["id"], recordedAt: row["recorded_at"],
            origin: SnapshotOrigin(
                source: SnapshotOrigin.Source(rawValue: row["source"]) ?? .worktree, commit: row["commit_id"],
                dirty: row["dirty"], author: row["author"], date: row["authored_at"], subject: row["subject"]))
    }

    private static func columns(_ alias: String, _ names: [String]) -> SQL {
        SQL(sql: names.map { "\(alias).\($0)" }.joined(separator: ", "))
    }
}
