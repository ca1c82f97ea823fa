import ArgumentParser
import Analytic

/// `--target SPEC`: the data density ρd (every subcommand that has one).
struct TargetOptions: ParsableArguments {
    @Option(help: "Data density ρd, e.g. 'normal(0,1)' or 'mixture(0.5*normal(-2,0.6),0.5*normal(2,0.6))'.")
    var target: DensityArgument

    /// Validates the spec in its own dimension; commands that take only 1D targets refuse a
    /// 2D one when they ask for ``density``.
    func validate() throws { try target.validate(option: "target") }

    /// The parsed target (validated before `run()`).
    var density: any Density { get throws { try target.density(option: "target") } }
}

/// `--flow js|kl|chi2`: which gradient flow (JS is the paper's; KL and χ² are derived).
struct FlowOptions: ParsableArguments {
    @Option(help: "Flow: js (ODE (2), the paper's), kl or chi2.")
    var flow: FlowDivergence = .js
}

/// `--json`: one JSON object on standard output instead of the tables.
struct JSONOptions: ParsableArguments {
    @Flag(help: "Print one JSON object instead of the tables.")
    var json = false
}

extension FlowDivergence: ExpressibleByArgument {}
