import Fleet
import Replay
import Testing
import Workload

/// `--router-profile` / `--router-scale`: the routers price requests with one profile while the
/// pods run another.
@Suite struct RouterProfileTests {
  @Test func scaleSyntax() throws {
    func scale(_ text: String) throws -> (Double, Double) {
      let scale = try RouterScale(settingText: text)
      return (scale.prefill, scale.decode)
    }
    #expect(try scale("1.2") == (1.2, 1.2))
    #expect(try scale("prefill=1.5") == (1.5, 1))
    #expect(try scale("decode=0.8,prefill=2") == (2, 0.8))
    #expect(try RouterScale(settingText: "prefill=1.5").description == "prefill=1.5")
    for bad in ["0", "prefill=0", "x=1", "prefill=1,prefill=2", "prefill=", "", "1e9", "nan"] {
      #expect(throws: SettingTextError.self, "\(bad)") { try RouterScale(settingText: bad) }
    }
  }

  @Test func theRoutersBelieveTheScaledProfileAndThePodsRunTheirOwn() throws {
    var settings = ReplaySettings()
    settings.routerScale = try RouterScale(settingText: "prefill=2")
    let configuration = try settings.configuration(blockSize: nil)
    let pods = CostProfile.llama3_8B_A100
    #expect(configuration.profile == pods)
    let believed = try #require(configuration.routerProfile)
    #expect(believed.prefillTokenMillis == 2 * pods.prefillTokenMillis && believed.decodeFixedMillis == pods.decodeFixedMillis)
    #expect(configuration.costModel.profile == believed)

    settings.routerScale = nil
    settings.routerProfile = "llama-3-70b-h100-tp2"
    #expect(try settings.configuration(blockSize: nil).costModel.profile == .llama3_70B_H100_TP2)
    settings.routerProfile = "no-such-profile"
    #expect(throws: ConfigurationError.self) { try settings.configuration(blockSize: nil) }
    do { _ = try settings.configuration(blockSize: nil) } catch { #expect(error.description.contains("--router-profile")) }
    settings.routerProfile = nil
    #expect(try settings.configuration(blockSize: nil).routerProfile == nil)
  }

  /// A router that believes the pods' own profile routes exactly as before; one that prices
  /// prefill 4x too high routes differently, and the pods' latencies show it.
  @Test func aMisCalibratedRouterChangesWhatThePodsSee() throws {
    let records = try synthRecords(requests: 600, pods: 4, utilization: 0.8)
    var configuration = try testConfiguration(pods: 4)
    let truth = try replay(records, configuration: configuration, policy: .muLeast)
    configuration.routerProfile = configuration.profile
    let same = try replay(records, configuration: configuration, policy: .muLeast)
    #expect(same.ttft.percentileMillis(99) == truth.ttft.percentileMillis(99) && same.completedMUByPod == truth.completedMUByPod)
    configuration.routerProfile = configuration.profile.scaled(prefill: 4, decode: 1)
    let wrong = try replay(records, configuration: configuration, policy: .muLeast)
    #expect(wrong.ttft.percentileMillis(99) != truth.ttft.percentileMillis(99))
  }

  /// Routers that price every coefficient 3x route exactly as before (MU compared with MU), and
  /// the report measures the pods' own work: the same per-pod load samples and hotspots, not 3x
  /// (which the believed units would show).
  @Test func theReportMeasuresThePodsOwnWorkNotTheBelievedUnits() throws {
    let records = try synthRecords(requests: 600, pods: 4, utilization: 0.8)
    var configuration = try testConfiguration(pods: 4)
    let truth = try replay(records, configuration: configuration, policy: .muLeast)
    configuration.routerProfile = configuration.profile.scaled(prefill: 3, decode: 3)
    let tripled = try replay(records, configuration: configuration, policy: .muLeast)
    #expect(tripled.ttft.percentileMillis(99) == truth.ttft.percentileMillis(99))
    let truthMU = truth.pods.cells.flatMap { $0.map(\.muSampleSum) }
    let tripledMU = tripled.pods.cells.flatMap { $0.map(\.muSampleSum) }
    #expect(truthMU.count == tripledMU.count && truthMU.reduce(0, +) > 0)
    for (a, b) in zip(truthMU, tripledMU) { #expect(abs(a - b) <= 1e-9 * max(1, a)) }
    #expect(tripled.pods.cells.flatMap { $0.map(\.samplesAbove90) } == truth.pods.cells.flatMap { $0.map(\.samplesAbove90) })
  }
}
