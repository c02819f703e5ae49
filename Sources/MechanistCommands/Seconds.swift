extension Duration {
    /// This duration in seconds, as a double (what the commands report as `seconds`).
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
