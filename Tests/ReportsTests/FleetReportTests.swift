import Measurements
import SimCore
import Testing
import Workload
@testable import Reports

@Suite struct FleetReportTests {
  static func seconds(_ s: Int64) -> SimInstant { SimInstant(nanoseconds: s * 1_000_000_000) }

  /// Two pods, a crash at 10 s, an autoscaled third pod from 5 s to 15 s, 20 s in all:
  /// pod-seconds 2 x 5 + 3 x 10 + 2 x 5 = 50 (0.833 pod-minutes); peak 3, so a fixed fleet
  /// uses 3 x 20 / 60 = 1 pod-minute.
  static func run() -> PolicyMetrics {
    var run = PolicyMetrics(policy: "mu-least", podCount: 3, window: .seconds(10))
    for second in stride(from: Int64(0), to: 20, by: 5) {
      for pod in 0..<3 {
        run.pods.recordSample(
          PodLoadSample(mu: 1, running: 1, waiting: 0, kvUtilization: 0.1, capacityMU: 10), pod: PodID(pod), at: seconds(second))
      }
    }
    run.offered = 10
    run.completed = 6
    run.lost = 3
    run.rejected = 1
    run.recordSpill(at: seconds(12), reason: .subsetUnavailable)
    run.fleet.events = [FleetMetrics.Event(time: seconds(10), label: "pod 1 down")]
    run.fleet.rerouted = 1
    run.fleet.autoscaled = true
    run.fleet.setPodCount(2, at: .zero)
    run.fleet.setPodCount(3, at: seconds(5))
    run.fleet.scaling.append(.init(action: .scaleUp, time: seconds(5), pod: PodID(2), utilisation: 0.8125, podsAfter: 3))
    run.fleet.setPodCount(2, at: seconds(15))
    run.fleet.scaling.append(.init(action: .scaleDown, time: seconds(15), pod: PodID(2), utilisation: 0.25, podsAfter: 2))
    run.simulatedDuration = .seconds(20)
    run.fleet.finish(at: seconds(20))
    run.pods.finish()
    return run
  }

  static var report: ReplayReport {
    ReplayReport(
      source: "fleet.jsonl", settings: [], runs: [run()], sampleInterval: .seconds(5), podCapacityMU: 10)
  }

  @Test func podMinutesAndSavingsMatchTheHandComputation() {
    let metrics = SummaryMetrics.metrics(of: Self.run(), sampleInterval: .seconds(5))
    let value = { (name: String) in metrics.first { $0.name == name }?.value ?? -1 }
    #expect(abs(value("pod_minutes") - 50.0 / 60) < 1e-12)
    #expect(value("peak_pods") == 3)
    #expect(abs(value("fixed_peak_pod_minutes") - 1) < 1e-12)
    #expect(abs(value("pod_minutes_saved") - 10.0 / 60) < 1e-12)
    #expect(value("scale_ups") == 1)
    #expect(value("scale_downs") == 1)
    #expect(value("lost") == 3)
    #expect(value("lost_rate") == 0.3)
    #expect(value("rerouted") == 1)
  }

  @Test func reportListsEventsAndAutoscaling() throws {
    let files = Self.report.files()
    let markdown = try #require(files.first { $0.name == "report.md" }).contents
    #expect(markdown.contains("## Fleet events"))
    #expect(markdown.contains("| 10.0 | pod 1 down |"))
    #expect(markdown.contains("| mu-least | 3 | 1 | 1 | 6 |"))
    #expect(markdown.contains("## Autoscaling"))
    #expect(markdown.contains("| mu-least | 1 | 1 | 3 | 0.8 | 1.0 | 0.2 (17%) |"))
    let scaling = try #require(files.first { $0.name == "scaling.csv" }).contents
    #expect(
      scaling == """
        policy,time_s,action,pod,utilisation,pods_after
        mu-least,5,scale_up,2,0.8125,3
        mu-least,15,scale_down,2,0.25,2

        """)
    let pods = try #require(files.first { $0.name == FleetCharts.podsOverTimeName }).contents
    #expect(pods.contains("<polyline"))
    for name in [ReportCharts.heatmapName("mu-least"), ReportCharts.spillTimelineName] {
      let svg = try #require(files.first { $0.name == name }).contents
      #expect(svg.contains("stroke-dasharray=\"4 3\""), "\(name)")
      #expect(svg.contains(">pod 1 down</text>"), "\(name)")
    }
  }

  @Test func stepsHoldEachCountUntilTheNextStep() {
    let points = FleetCharts.steps(
      [
        .init(time: .zero, pods: 2), .init(time: Self.seconds(60), pods: 3), .init(time: Self.seconds(120), pods: 3),
      ], from: .zero)
    #expect(points.map(\.x) == [0, 1, 1, 2, 2])
    #expect(points.map(\.y) == [2, 2, 3, 3, 3])
  }

  @Test func chartsCountFromTheMeasuredWindowsStart() {
    // A 300 s warm-up: the pod windows start at 300 s, and so do the charts' time axes.
    var run = PolicyMetrics(policy: "p2c", podCount: 4, window: .seconds(60))
    run.pods.origin = Self.seconds(300)
    run.fleet.events = [
      FleetMetrics.Event(time: Self.seconds(120), label: "pod 0 slow x2"),
      FleetMetrics.Event(time: Self.seconds(900), label: "pod 3 down"),
    ]
    let marks = FleetCharts.eventMarks(run)
    #expect(marks.map(\.minutes) == [10])
    #expect(marks.map(\.label) == ["pod 3 down"])
    let points = FleetCharts.steps([.init(time: .zero, pods: 4), .init(time: Self.seconds(420), pods: 5)], from: Self.seconds(300))
    #expect(points.map(\.x) == [0, 2, 2])
  }

  /// The events table and the charts share one clock: with a warm-up, seconds from `--from`,
  /// an event during the warm-up negative and marked.
  @Test func theEventsTableCountsFromTheMeasuredWindowsStartToo() {
    var run = PolicyMetrics(policy: "p2c", podCount: 4, window: .seconds(60))
    run.pods.origin = Self.seconds(300)
    run.fleet.events = [
      FleetMetrics.Event(time: Self.seconds(120), label: "pod 0 slow x2"),
      FleetMetrics.Event(time: Self.seconds(900), label: "pod 3 down"),
    ]
    let report = ReplayReport(source: "x", settings: [], runs: [run], sampleInterval: .seconds(1), podCapacityMU: 10)
    let markdown = MarkdownReport.fleetEventsSection(report)
    #expect(markdown.contains("| time (s from --from) | event |"))
    #expect(markdown.contains("| -180.0 (warm-up) | pod 0 slow x2 |"))
    #expect(markdown.contains("| 600.0 | pod 3 down |"))
  }

  @Test func runsWithoutEventsOrScalingHaveNeitherSection() {
    var run = PolicyMetrics(policy: "p2c", podCount: 1, window: .seconds(10))
    run.simulatedDuration = .seconds(10)
    let report = ReplayReport(source: "x", settings: [], runs: [run], sampleInterval: .seconds(1), podCapacityMU: 10)
    let markdown = MarkdownReport.render(report, metrics: report.metrics)
    #expect(!markdown.contains("## Fleet events"))
    #expect(!markdown.contains("## Autoscaling"))
    #expect(!report.files().contains { $0.name == FleetCharts.podsOverTimeName })
  }
}
