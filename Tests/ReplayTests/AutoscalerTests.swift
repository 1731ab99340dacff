import SimCore
import Testing
@testable import Replay

@Suite struct AutoscalerTests {
  /// Short times so hand computations stay small.
  static func settings(window: Double = 3, maxStep: Int = 0) -> AutoscalerSettings {
    var s = AutoscalerSettings()
    s.minPods = 1
    s.maxPods = 10
    s.window = .seconds(window)
    s.upSustain = .seconds(2)
    s.downSustain = .seconds(4)
    s.maxStep = maxStep
    return s
  }

  @Test func scalesUpOnceTheHighUtilisationIsSustained() {
    var scaler = Autoscaler(settings: Self.settings())
    // U = 0.9 > 0.75 from t = 0; sustained 2 s at t = 2. N' = ceil(4 * 0.9 / 0.65) = ceil(5.54) = 6,
    // step limit max(2, ceil(4 / 2)) = 2: add 2.
    #expect(scaler.observe(utilisation: 0.9, live: 4, at: at(0)) == nil)
    #expect(scaler.observe(utilisation: 0.9, live: 4, at: at(1)) == nil)
    #expect(scaler.observe(utilisation: 0.9, live: 4, at: at(2)) == .scaleUp(pods: 2))
    // The sustain clock restarts after an action.
    #expect(scaler.observe(utilisation: 0.9, live: 6, at: at(3)) == nil)
  }

  @Test func podsInColdStartCountTowardTheNeed() {
    // 4 live pods at U = 0.9 carry 3.6 pods of load; at target 0.6 that needs 6 pods: order 2.
    // While they start, U over the 4 live pods stays 0.9: the 2 starting pods already cover the
    // need, so nothing more is ordered (counting starting pods in N but measuring U over live
    // ones would ask for ceil(6 x 0.9 / 0.6) - 6 = 3 more, 9 in all).
    var s = Self.settings()
    s.target = 0.6
    var scaler = Autoscaler(settings: s)
    #expect(scaler.observe(utilisation: 0.9, live: 4, at: at(0)) == nil)
    #expect(scaler.observe(utilisation: 0.9, live: 4, at: at(1)) == nil)
    #expect(scaler.observe(utilisation: 0.9, live: 4, at: at(2)) == .scaleUp(pods: 2))
    for t in 3...20 {
      #expect(scaler.observe(utilisation: 0.9, live: 4, starting: 2, at: at(Double(t))) == nil, "t = \(t)")
    }
    // When they are live and the load is unchanged (3.6 pods over 6), nothing more is needed.
    for t in 21...30 { #expect(scaler.observe(utilisation: 0.6, live: 6, at: at(Double(t))) == nil) }
  }

  @Test func averagesOverTheWindow() {
    var scaler = Autoscaler(settings: Self.settings())
    for (t, u) in [(0.0, 1.0), (1, 1.0), (2, 0.1)] { _ = scaler.observe(utilisation: u, live: 4, at: at(t)) }
    #expect(abs(scaler.utilisation - 0.7) < 1e-12)  // (1 + 1 + 0.1) / 3
    _ = scaler.observe(utilisation: 0.1, live: 4, at: at(3))
    // The sample at 0 is outside (0, 3]: (1 + 0.1 + 0.1) / 3 = 0.4.
    #expect(abs(scaler.utilisation - 0.4) < 1e-12)
  }

  @Test func scalesDownByTheStepLimitAfterTheLongerSustain() {
    var scaler = Autoscaler(settings: Self.settings())
    // U = 0.2 < 0.45 from t = 0; sustained 4 s at t = 4. Floor max(1, ceil(10 * 0.2 / 0.65)) =
    // ceil(3.08) = 4, but the step limit is max(1, ceil(10 / 10)) = 1.
    for t in 0..<4 { #expect(scaler.observe(utilisation: 0.2, live: 10, at: at(Double(t))) == nil) }
    #expect(scaler.observe(utilisation: 0.2, live: 10, at: at(4)) == .scaleDown(pods: 1))
  }

  @Test func explicitStepLimitCapsTheScaleDown() {
    var scaler = Autoscaler(settings: Self.settings(maxStep: 3))
    // Same as above with step 3: min(10 - 4, 3) = 3.
    for t in 0..<4 { _ = scaler.observe(utilisation: 0.2, live: 10, at: at(Double(t))) }
    #expect(scaler.observe(utilisation: 0.2, live: 10, at: at(4)) == .scaleDown(pods: 3))
  }

  @Test func aMiddleSampleRestartsTheSustainClock() {
    var scaler = Autoscaler(settings: Self.settings(window: 1))
    // A 1 s window holds only the current sample: 0.9, 0.6 (between the thresholds), 0.9, ...
    #expect(scaler.observe(utilisation: 0.9, live: 2, at: at(0)) == nil)
    #expect(scaler.observe(utilisation: 0.6, live: 2, at: at(1)) == nil)
    #expect(scaler.observe(utilisation: 0.9, live: 2, at: at(2)) == nil)
    #expect(scaler.observe(utilisation: 0.9, live: 2, at: at(3)) == nil)
    // ceil(2 * 0.9 / 0.65) = 3: add 1.
    #expect(scaler.observe(utilisation: 0.9, live: 2, at: at(4)) == .scaleUp(pods: 1))
  }

  @Test func restoresTheMinimumAtOnceAndStopsAtTheMaximum() {
    var scaler = Autoscaler(settings: Self.settings())
    #expect(scaler.observe(utilisation: 0, live: 0, at: at(0)) == .scaleUp(pods: 1))
    var full = Autoscaler(settings: Self.settings())
    for t in 0..<5 { #expect(full.observe(utilisation: 2, live: 10, at: at(Double(t))) == nil) }
    // At 9 pods a big step is capped by the maximum: ceil(9 * 2 / 0.65) = 28, step 5, room 1.
    var nearlyFull = Autoscaler(settings: Self.settings())
    for t in 0..<2 { _ = nearlyFull.observe(utilisation: 2, live: 9, at: at(Double(t))) }
    #expect(nearlyFull.observe(utilisation: 2, live: 9, at: at(2)) == .scaleUp(pods: 1))
  }

  @Test func validationNamesTheFlags() {
    var s = AutoscalerSettings()
    #expect(throws: ConfigurationError.self) { try s.validate(startingPods: 1) }
    s.scaleDownAt = 0.7
    do {
      try s.validate(startingPods: 4)
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("--scale-down-at"))
    }
  }
}
