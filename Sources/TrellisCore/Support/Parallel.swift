import Dispatch
#if canImport(Glibc)
    import Glibc
#endif

/// Maps `items` on every core, keeping their order. For independent, CPU-bound work on
/// immutable inputs (reading and parsing manifest files); `transform` must not touch shared state.
func parallelMap<Item, Result>(_ items: [Item], _ transform: (Item) -> Result) -> [Result] {
    parallelMap(items, state: {}) { _, item in transform(item) }
}

/// Maps `items` on every core, keeping their order, each chunk of them with its own `state`
/// (made by `state`, kept from one item to the next of the chunk: a cache, for instance).
/// `transform` must touch no state shared between chunks but what is safe to share.
func parallelMap<Item, State, Result>(
    _ items: [Item], state makeState: () -> State, _ transform: (inout State, Item) -> Result
) -> [Result] {
    guard items.count > 64 else {
        var state = makeState()
        return items.map { transform(&state, $0) }
    }
    return withoutActuallyEscaping(transform) { transform in
        withoutActuallyEscaping(makeState) { makeState in
            var results = [Result?](repeating: nil, count: items.count)
            results.withUnsafeMutableBufferPointer { buffer in
                // Each chunk writes only its own slots of the buffer, so the writes never overlap.
                nonisolated(unsafe) let slots = buffer
                nonisolated(unsafe) let work = transform
                nonisolated(unsafe) let start = makeState
                nonisolated(unsafe) let input = items
                let chunks = min(items.count, 8 * System.coreCount)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    var state = start()
                    var index = chunk * input.count / chunks
                    let end = (chunk + 1) * input.count / chunks
                    while index < end {
                        slots[index] = work(&state, input[index])
                        index += 1
                    }
                }
            }
            return results.map { $0! }
        }
    }
}

enum System {
    /// Cores the process may use.
    static let coreCount: Int = {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }()
}
