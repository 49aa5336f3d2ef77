import TrellisCore
import TrellisStore

/// An error a command reports to the user; every one of them exits with code 2.
public enum CLIError: Error, CustomStringConvertible {
    case lookup(ModuleLookup.Failure)
    case store(StoreError)
    case unreadableRepository(String)
    case noRegistry(String)
    case tool(String)

    public var description: String {
        switch self {
        case .lookup(let failure): "\(failure)"
        case .store(let error): "\(error)"
        case .unreadableRepository(let reason): reason
        case .noRegistry(let path): "the registry \(path) has no snapshot yet; run `trellis scan`"
        case .tool(let message): message
        }
    }

    /// Maps any error of the layers below to a CLIError, or nil for argument-parser's own.
    static func wrap(_ error: any Error) -> CLIError? {
        switch error {
        case let error as CLIError: error
        case let error as StoreError: .store(error)
        case let error as ModuleLookup.Failure: .lookup(error)
        case let error as DiscoveryError: .unreadableRepository(error.description)
        case let error as Subprocess.Failure: .tool(error.description)
        case let error as GitError: .tool(error.description)
        case let error as GitChanges.Failure: .tool(error.description)
        case let error as HistoryError: .tool(error.description)
        case let error as TarError: .tool(error.description)
        case let error as BuildContextError: .tool(error.description)
        case let error as PinError: .tool(error.description)
        default: nil
        }
    }
}
