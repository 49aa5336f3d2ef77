import Foundation
import TrellisCLI

exit(TrellisCommand.run(Array(CommandLine.arguments.dropFirst()), console: .standard()))
