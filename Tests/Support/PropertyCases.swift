import PropertyBased
import Testing
import Sim

/// The prologue every property test with a throwing body shares: `propertyCheck` over
/// `input`, with each case's body run through ``failOnThrow(_:sourceLocation:_:)`` labelled
/// with `label(case)` (the case itself by default), so that a thrown error fails the test and
/// `propertyCheck` prints the input and the seed (`propertyCheck` alone would swallow the
/// error and pass).
public func checkEveryCase<Input, Shrink>(
    _ count: Int, of input: Generator<Input, some Sequence<Shrink>>,
    label: @escaping (Input) -> String = { "\($0)" },
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (Input) async throws -> Void
) async {
    await propertyCheck(count: count, input: input, perform: { c in
        await CaseWatchdog.watching({ label(c) }) {
            await failOnThrow(label(c), sourceLocation: sourceLocation) { try await body(c) }
        }
    }, sourceLocation: sourceLocation)
}

/// `count` random flow cases (``RandomFlowProblems/cases()``), each stepped `steps` times by
/// implicit Euler with its fixed Δt (``FlowCase/forEachImplicitEulerStep(_:recordsEnergy:_:)``);
/// `check` sees every accepted step.
public func checkEveryImplicitEulerStep(cases count: Int, steps: Int, recordsEnergy: Bool = false,
                                        sourceLocation: SourceLocation = #_sourceLocation,
                                        _ check: (ImplicitEulerStep) throws -> Void) async {
    await checkEveryCase(count, of: RandomFlowProblems.cases(), sourceLocation: sourceLocation) { c in
        try c.forEachImplicitEulerStep(steps, recordsEnergy: recordsEnergy, check)
    }
}

/// `count` random bounded-ratio cases (``RandomFlowProblems/boundedRatioCases()``), each with
/// its set-up (``BoundedRatioCase/setUp()``: problem, ρ₀, C_P^h bound, M, χ²₀).
public func checkEveryBoundedRatioStart(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation,
                                        _ body: (BoundedRatioCase, BoundedRatioStart) throws -> Void) async {
    await checkEveryCase(count, of: RandomFlowProblems.boundedRatioCases(), sourceLocation: sourceLocation) { c in
        try body(c, try c.setUp())
    }
}

/// `count` random 2D flow cases (``Flow2DCase``, one per random seed), each with its start
/// (``Flow2DCase/start()``: problem, ρ₀, sup u₀); a thrown error fails the test with the case.
public func checkEveryFlow2DStart(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation,
                                  _ body: (Flow2DCase, (problem: FlowProblem2D, rho0: [Double], supU: Double)) throws -> Void) async {
    await propertyCheck(count: count, input: Gen.uint64(), perform: { seed in
        let c = Flow2DCase(seed: seed)
        failOnThrow("\(c)", sourceLocation: sourceLocation) { try body(c, try c.start()) }
    }, sourceLocation: sourceLocation)
}
