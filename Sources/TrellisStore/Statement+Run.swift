import GRDB
import GRDBSQLite

extension Statement {
    /// Runs this statement (an INSERT or UPDATE inside the open transaction) with `values` bound
    /// in order, straight into SQLite: GRDB's `execute(arguments:)` first builds
    /// `StatementArguments` (an array of `DatabaseValue`s) for every row, and a cold scan of
    /// 10,000 modules writes 75,000 rows.
    func run<each Value: StatementBinding>(_ values: repeat each Value) throws {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        var index: CInt = 1
        for value in repeat each values {
            let code = value.bind(to: statement, at: index)
            guard code == SQLITE_OK else { throw failure(code) }
            index += 1
        }
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
    }
}
