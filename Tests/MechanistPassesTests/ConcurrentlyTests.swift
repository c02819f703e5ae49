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
}
