/// Rows P3, P4, D7–D11: Algorithm 1 against the flow.
enum GANRows {
    static var groups: [VerifyBattery.Group] { [] }
}
