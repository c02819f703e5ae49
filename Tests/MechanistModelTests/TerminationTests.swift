import Foundation
import MechanistIR
import MechanistModel
import Testing

/// TransferMechanism termination (termination_threshold / termination_measure /
/// execute_until_finished / max_executions_before_finished), PsyNeuLink 0.21: only in
/// integrator_mode; MAX_ABS_DIFF compares with the previous value (`<=`), a time scale counts
/// executions (`>=`).
@Suite struct TerminationTests {
    func transfer(threshold: Double, measure: TerminationMeasure? = nil, max: Int? = nil,
                  untilFinished: Bool? = nil, integratorMode: Bool = true) -> Node {
        Node(name: "t", type: .transferMechanism, size: 1, integratorMode: integratorMode, integrationRate: 0.5,
             executeUntilFinished: untilFinished, maxExecutionsBeforeFinished: max, terminationThreshold: threshold,
             terminationMeasure: measure)
    }

    @Test func maxAbsDiffLoopsUntilTheChangeIsSmall() throws {
        // v_k = 1 - 0.5^k (from 0, input 1); the change 0.5^k <= 0.01 first at k = 7.
        let out = try run(Model(nodes: [transfer(threshold: 0.01)]), ["t": [[1]]], trials: 1)
        #expect(out[0][0] == [1 - pow(0.5, 7)])
    }

    @Test func maxExecutionsCapsTheLoop() throws {
        let out = try run(Model(nodes: [transfer(threshold: 0.01, max: 3)]), ["t": [[1]]], trials: 1)
        #expect(out[0][0] == [0.875])
    }

    @Test func withoutExecuteUntilFinishedOneStepPerTrial() throws {
        let out = try run(Model(nodes: [transfer(threshold: 0.01, untilFinished: false)]), ["t": [[1]]], trials: 2)
        #expect(out.map { $0[0] } == [[0.5], [0.75]])
    }

    @Test func withoutIntegratorModeTheThresholdIsIgnored() throws {
        let out = try run(Model(nodes: [transfer(threshold: 0.01, integratorMode: false)]), ["t": [[1]]], trials: 2)
        #expect(out.map { $0[0] } == [[1], [1]])
    }

    @Test(arguments: [TimeScale.timeStep, .pass, .trial])
    func timeScaleMeasureCountsExecutions(scale: TimeScale) throws {
        let out = try run(Model(nodes: [transfer(threshold: 3, measure: .timeScale(scale))]), ["t": [[1]]], trials: 2)
        #expect(out.map { $0[0] } == [[0.875], [1 - pow(0.5, 6)]])
    }

    @Test func runMeasureFinishesForGoodOnceReached() throws {
        // 3 executions in the first trial, then 1 per trial (the RUN count stays >= 3).
        let out = try run(Model(nodes: [transfer(threshold: 3, measure: .timeScale(.run))]), ["t": [[1]]], trials: 2)
        #expect(out.map { $0[0] } == [[0.875], [0.9375]])
    }
}
