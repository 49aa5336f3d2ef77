import GRDB
import GRDBSQLite

extension Statement {
    /// Runs this statement (an INSERT or UPDATE inside the open transaction) with `values` bound
    /// in order, straight into SQLite: GRDB's `execute(arguments:)` first builds
    /// `StatementArguments` (an array of `DatabaseValue`s) for every row, and a cold scan of
    /// 10,000 modules writes 75,000 rows.
    func run<each Value: StatementBinding>(_ values: repeat each Value) throws {
        try forEachRow(repeat each values) { _ in }
    }

    /// Runs this query with `values` bound in order and calls `row` with SQLite's statement at
    /// each result row, to read its columns with `sqlite3_column_*` by position: decoding a GRDB
    /// `Row` by column name (a dictionary lookup and a dynamic cast a value) cost more than the
    /// query itself for the thousands of modules a transitive walk returns.
    func forEachRow<each Value: StatementBinding>(
        _ values: repeat each Value, row: (OpaquePointer) throws -> Void
    ) throws {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        var index: CInt = 1
        for value in repeat each values {
            let code = value.bind(to: statement, at: index)
            guard code == SQLITE_OK else { throw failure(code) }
            index += 1
        }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            try row(statement)
        }
    }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
    }
}
