import Dispatch
import Foundation

/// Runs `first` and `second` at the same time (on two threads when the machine has two
/// cores) and returns both results once both have finished. An error from `first` is thrown
/// before one from `second`, as if they had run one after the other: which error a user sees
/// does not depend on timing.
///
/// For independent work over large values: `check` of a 100,000-node model summarizes the
/// lowered model while the passes run, and decodes, verifies and folds in halves (issue 13).
///
/// `first` runs on the caller's thread, so it need not be `Sendable`: it may work on the
/// caller's own variables (lowering's context, `LoweringContext.lowerInParts`), as long as
/// `second` does not touch them.
@usableFromInline
package func concurrently<A, B, E: Error>(_ first: () throws(E) -> A,
                                          _ second: @Sendable () throws(E) -> B) throws(E) -> (A, B) {
    // `second` runs on a thread of its own and `first` on the caller's. Not
    // `DispatchQueue.concurrentPerform`: libdispatch runs an apply nested in another apply
    // serially when the outer one already fills the cores, so on two cores the verifier's and
    // folding's halves inside `check`'s two threads ran one after the other (issue 13). Not
    // the global queue either: a pool thread blocked here waiting for work queued behind it
    // could starve. A thread costs tens of microseconds; callers use this for large work only.
    let b = ResultSlot<B, E>()
    let done = DispatchSemaphore(value: 0)
    let a = withoutActuallyEscaping(second) { second -> Result<A, E> in
        // `second` escapes in type only: this function waits for it below. The thread reaches
        // it through a box it empties before signalling, so nothing holds it on return (the
        // `Thread` object keeps its block until the thread exits, later).
        let task = PendingTask { b.set(Result { () throws(E) -> B in try second() }) }
        let thread = Thread {
            task.run()
            done.signal()
        }
        // As large as the main thread's: expression trees and nested JSON recurse.
        thread.stackSize = 8 << 20
        thread.start()
        let a = Result { () throws(E) -> A in try first() }
        done.wait()
        return a
    }
    return (try a.get(), try b.take())
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

/// Work for another thread, dropped as soon as it has run.
private final class PendingTask: @unchecked Sendable {
    private var body: (() -> Void)?
    init(_ body: @escaping () -> Void) { self.body = body }
    /// Called once, on the other thread, before it signals; nothing else touches `body`.
    func run() {
        body?()
        body = nil
    }
}

/// One result, written by one thread and read by another once it has signalled.
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
        // Read only after the writing thread has signalled, so it is set.
        guard let result else { preconditionFailure("concurrently: the second task did not finish") }
        return try result.get()
    }
}

/// Lets go of `value` on another thread, for a large value that its owner is done with
/// (lowering's tables, the pipeline's intermediate Programs): freeing a 100,000-node model's
/// objects one by one takes a good fraction of a second, which the caller's next step need not
/// wait for (issue 13). Reference counts are atomic, so what the value shares with values still
/// in use stays alive; only what it alone held is freed there. In a process that keeps such
/// values until its exit (`ReleasePolicy`: the CLI) it is not freed at all.
package func releasedInBackground<T>(_ value: consuming T) {
    guard ReleasePolicy.keepsUntilExit else { return freedInBackground(value) }
    // Never freed: the process's exit returns the memory (see `ReleasePolicy`).
    _ = Unmanaged.passRetained(Released(value))
}

/// `releasedInBackground`, but freed even when the process keeps what it releases until exit
/// (`ReleasePolicy`): for a value as large as the input (a model file's parsed JSON, which an
/// explicit matrix makes as large as the file), freed while a core is otherwise idle.
package func freedInBackground<T>(_ value: consuming T) {
    let box = Released(value)
    DispatchQueue.global(qos: .utility).async(group: backgroundReleases) { box.drop() }
}

/// Whether values handed to `releasedInBackground` are freed at all. A process that exits
/// without freeing what it built (the CLI, outside a leak checker) keeps them instead: on two
/// cores, freeing a 100,000-node model's objects took a core from the work still to do
/// (issue 13). Off by default: a library must free what it built.
package enum ReleasePolicy {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var keeping = false

    package static var keepsUntilExit: Bool {
        get { lock.withLock { keeping } }
        set { lock.withLock { keeping = newValue } }
    }
}

/// Waits until every value handed to `releasedInBackground` is freed: a process that exits
/// in the middle of freeing a tree leaves its unfreed half unreachable, which a leak checker
/// (valgrind) reports as lost. The CLI waits before it exits under a leak checker.
package func waitForBackgroundReleases() {
    backgroundReleases.wait()
}

private let backgroundReleases = DispatchGroup()

/// A value handed to one task that becomes its only owner (`take`), so that it can free it
/// (with `releasedInBackground`) as soon as it is done instead of when every task is.
package final class Handoff<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    package init(_ value: consuming T) { stored = value }
    /// A copy of the value, for use before it is taken.
    package var value: T {
        lock.lock()
        defer { lock.unlock() }
        guard let stored else { preconditionFailure("Handoff: read after it was taken") }
        return stored
    }
    /// The value, moved out; called once.
    package func take() -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let value = stored.take() else { preconditionFailure("Handoff: taken twice") }
        return value
    }
}

private final class Released<T>: @unchecked Sendable {
    private var value: T?
    init(_ value: consuming T) { self.value = value }
    /// Called once, on the background thread; nothing else touches `value`.
    func drop() { value = nil }
}
