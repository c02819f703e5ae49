import Dispatch
import Foundation

/// Runs `first` and `second` at the same time (on two threads when the machine has two
/// cores) and returns both results once both have finished. An error from `first` is thrown
/// before one from `second`, as if they had run one after the other: which error a user sees
/// does not depend on timing.
///
/// For independent work over large values: `check` of a 100,000-node model summarizes the
/// lowered model while the passes run, and decodes, verifies and folds in halves (issue 13).
@usableFromInline
package func concurrently<A, B, E: Error>(_ first: @Sendable () throws(E) -> A,
                                          _ second: @Sendable () throws(E) -> B) throws(E) -> (A, B) {
    let a = ResultSlot<A, E>(), b = ResultSlot<B, E>()
    DispatchQueue.concurrentPerform(iterations: 2) { k in
        if k == 0 {
            a.set(Result { () throws(E) -> A in try first() })
        } else {
            b.set(Result { () throws(E) -> B in try second() })
        }
    }
    return (try a.take(), try b.take())
}

/// A Program with at least this many buffers (for the verifier, buffers and top-level ops) is
/// verified and its liveness found on two threads; below it a thread costs more than it saves.
package let largeProgramSize = 16_384

extension Array where Element: Sendable {
    /// `map(transform)`, each half on its own thread when there are at least `minimumCount`
    /// elements (below that, starting threads costs more than it saves). Throws the error
    /// that `map` would: the first element's to fail, in order.
    ///
    /// Inlinable, so that callers get it specialized: unspecialized, it called the standard
    /// library's generic `Array.count` through the PLT, which the static non-PIE CLI's
    /// loader warns about (the executable also takes that function's address, in key paths).
    @inlinable
    package func concurrentMap<T, E: Error>(minimumCount: Int = 4096,
                                            _ transform: @Sendable (Element) throws(E) -> T) throws(E) -> [T] {
        guard count >= Swift.max(minimumCount, 2) else { return try map(transform) }
        let middle = count / 2
        let (front, back) = try concurrently({ () throws(E) -> [T] in try self[..<middle].map(transform) },
                                             { () throws(E) -> [T] in try self[middle...].map(transform) })
        return front + back
    }
}

/// One result, written by one thread and read after `concurrentPerform` has joined them all.
private final class ResultSlot<T, E: Error>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, E>?

    func set(_ value: Result<T, E>) {
        lock.lock()
        defer { lock.unlock() }
        result = value
    }

    func take() throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        // concurrentPerform returns only after every iteration has run, so both are set.
        guard let result else { preconditionFailure("concurrently: an iteration did not run") }
        return try result.get()
    }
}

/// Lets go of `value` on another thread, for a large value that its owner is done with (the
/// parsed JSON of a model, lowering's tables): freeing a 100,000-node model's objects one by
/// one takes a good fraction of a second, which the caller's next step need not wait for
/// (issue 13). Reference counts are atomic, so what the value shares with values still in
/// use stays alive; only what it alone held is freed there.
package func releasedInBackground<T>(_ value: consuming T) {
    let box = Released(value)
    DispatchQueue.global(qos: .utility).async(group: backgroundReleases) { box.drop() }
}

/// Waits until every value handed to `releasedInBackground` is freed: a process that exits
/// in the middle of freeing a tree leaves its unfreed half unreachable, which a leak checker
/// (valgrind) reports as lost. The CLI waits before it exits.
package func waitForBackgroundReleases() {
    backgroundReleases.wait()
}

private let backgroundReleases = DispatchGroup()

private final class Released<T>: @unchecked Sendable {
    private var value: T?
    init(_ value: consuming T) { self.value = value }
    /// Called once, on the background thread; nothing else touches `value`.
    func drop() { value = nil }
}
