import Dispatch
import MechanistIR
import Testing

/// `concurrently` and `concurrentMap` give what running one after the other gives: the same
/// values in the same order, and the same error.
@Suite struct ConcurrentlyTests {
    struct Fault: Error, Equatable { let at: Int }

    @Test func concurrentMapKeepsOrder() throws {
        let items = Array(0..<50_000)
        let mapped = try items.concurrentMap { (x: Int) throws(Fault) -> Int in x &* 31 &+ 7 }
        #expect(mapped == items.map { $0 &* 31 &+ 7 })
        // Below the minimum count it maps on the calling thread, with the same result.
        #expect(try Array(items.prefix(10)).concurrentMap { (x: Int) throws(Fault) -> Int in x + 1 } == Array(1...10))
    }

    /// Both halves fail: the error thrown is the first element's to fail, as `map` throws.
    @Test(arguments: [(3, 40_000), (26_000, 40_000), (40_000, 45_000)])
    func concurrentMapThrowsTheFirstFault(_ faults: (Int, Int)) {
        let items = Array(0..<50_000)
        #expect(throws: Fault(at: faults.0)) {
            try items.concurrentMap { (x: Int) throws(Fault) -> Int in
                if x == faults.0 || x == faults.1 { throw Fault(at: x) }
                return x
            }
        }
    }

    @Test func concurrentlyReturnsBothAndThrowsTheFirstsError() throws {
        let (a, b) = try concurrently({ () throws(Fault) -> Int in 1 }, { () throws(Fault) -> String in "two" })
        #expect(a == 1 && b == "two")
        #expect(throws: Fault(at: 1)) {
            try concurrently({ () throws(Fault) -> Int in throw Fault(at: 1) }, { () throws(Fault) -> Int in throw Fault(at: 2) })
        }
        #expect(throws: Fault(at: 2)) {
            try concurrently({ () throws(Fault) -> Int in 1 }, { () throws(Fault) -> Int in throw Fault(at: 2) })
        }
    }

    /// A `concurrently` inside another's task still runs its two tasks at the same time: each
    /// half waits for the other to arrive. Run one after the other (as libdispatch runs an
    /// apply nested in another on two cores), the first half would wait in vain.
    @Test func nestedCallsRunBothTasksAtOnce() {
        @Sendable func rendezvous() -> (Bool, Bool) {
            let first = DispatchSemaphore(value: 0), second = DispatchSemaphore(value: 0)
            return concurrently({ () -> Bool in
                first.signal()
                return second.wait(timeout: .now() + 20) == .success
            }, { () -> Bool in
                second.signal()
                return first.wait(timeout: .now() + 20) == .success
            })
        }
        let (outer, inner) = concurrently({ rendezvous() }, { rendezvous() })
        #expect(outer == (true, true) && inner == (true, true))
    }

    @Test func handoffGivesTheValueToItsTaker() {
        let handoff = Handoff([1, 2, 3])
        #expect(handoff.value == [1, 2, 3])
        let (taken, count) = concurrently({ handoff.take() }, { 3 })
        #expect(taken == [1, 2, 3] && count == 3)
    }
}

/// `BufferSet` holds what a `Set<BufferID>` given the same ids holds.
@Suite struct BufferSetTests {
    @Test(arguments: [0, 1, 7])
    func containsWhatASetContains(_ seed: UInt64) {
        var state = seed &+ 0x9e37_79b9_7f4a_7c15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let ids = (0..<500).map { _ in BufferID(next(5000)) }
        let bits = BufferSet(ids), set = Set(ids)
        for index in 0..<5100 { #expect(bits.contains(BufferID(index)) == set.contains(BufferID(index))) }
        #expect(!bits.contains(BufferID(-1)))
        #expect(BufferSet().isEmpty && !bits.isEmpty)
    }

    @Test func equalityIgnoresCapacity() {
        var grown = BufferSet([BufferID(3)])
        grown.insert(BufferID(900))
        var shrunk = BufferSet([BufferID(3), BufferID(900)])
        #expect(grown == shrunk && grown.hashValue == shrunk.hashValue)
        shrunk = [BufferID(3)]
        #expect(grown != shrunk)
        // A set whose high words are all zero equals one that never had them.
        #expect(BufferSet([BufferID(3)]) == [BufferID(3)])
    }
}
