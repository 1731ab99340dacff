import ArgumentParser
import Fleet
import Foundation
import Measurements
import Replay
import Verdicts
import Reports
import Traces

/// `muroute sweep LOG --subset-size 1,2,4,8 ...`: one replay per combination of the swept
/// settings, a table of the trade-offs and the point the objective recommends.
struct SweepCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Replay a log at every combination of swept settings and recommend one.",
    discussion: """
      Writes sweep.md, sweep.csv, sweep.json and svg/tradeoff.svg into --out, atomically.
      The default objective maximises the cache hit rate subject to p99 imbalance <= 1.25 x the best point's, spill rate <= 0.05 and reject rate (oversized excluded) <= 0.01, ties to the smaller subset.
      Examples:
        muroute sweep traces/sample-chat.jsonl.zst --pods 8 --policy mu-subset,p2c --subset-size 1,2,4,8 -o what-if
        muroute sweep day.jsonl.zst --subset-size 1,2,4,8,16 --spill global,queue --pods 32,48 -o what-if
      Exit codes: 0 done; 1 bad input or configuration; 3 a --fail-if threshold was breached; 64 usage.
      """)

  @Argument(help: logArgumentsHelp)
  var logs: [String]

  @OptionGroup var sweep: SweepOptions
  @OptionGroup var nightly: NightlyOptions

  @OptionGroup var input: TraceInputOptions

  @Option(help: "Replay the log's arrivals this many times as densely (what if traffic grew; 1: as logged).")
  var speedup: Double = 1

  func run() async throws {
    let inputFiles: [String?] = logs + sweep.fleet.inputFiles
    let output = try nightly.checkedOutput(inputs: inputFiles)
    let readOptions = try input.readOptions()
    let plan = try sweep.plan()
    let objective = try sweep.sweepObjective()
    let settings = try sweep.baseSettings()
    var base = try checkedConfiguration(settings, blockSize: readOptions.defaultBlockSize)
    let thresholds = try nightly.thresholds(policies: plan.policies.map(\.rawValue), withAdmission: base.contracts != nil)
    let points = plan.points
    for point in points {
      do { try point.configuration(from: base).validate() } catch { throw ValidationError(error.description) }
    }
    let merged = try openLogs(logs, options: readOptions)
    do { try TimeScale.validate(speedup: speedup) } catch { throw ValidationError(error.description) }
    let scale = speedup == 1 ? TimeScale.identity : TimeScale(speedup: speedup, origin: merged.firstArrival ?? 0)
    // One construction for the calibration sample and every point, so both read the same records.
    let makeSource = { @Sendable (progress: ProgressCounter?) throws(TraceError) in
      TimeScaledRecordSource(
        ProgressRecordSource(reader: try merged.makeReader(), counter: progress),
        scale: scale)
    }
    if settings.calibratesCapacity {
      var sample = try failOnTraceError { () throws(TraceError) in try makeSource(nil) }
      base.capacityReference = try CapacityCalibration.referenceShape(of: &sample)
    }
    let counter = ProgressCounter()
    let parallelism = sweep.jobs ?? ProcessInfo.processInfo.activeProcessorCount
    let bar = ProgressBar.start(
      label: "sweep", counter: counter, logBytes: merged.set.totalBytes,
      runs: SweepRunner.reads(points: points.count, parallelism: parallelism))
    let started = ContinuousClock.now
    let metrics: [[SummaryMetric]]
    do {
      let sampleInterval = base.reportInterval
      metrics = try await SweepRunner.run(
        points: points, base: base, parallelism: parallelism,
        makeSource: { try makeSource(bar == nil ? nil : counter) },
        summarise: { SummaryMetrics.metrics(of: $0, sampleInterval: sampleInterval) })
    } catch let error as TraceError {
      bar?.stop()
      printError("Error: \(error)")
      throw ExitCode(1)
    }
    bar?.stop()
    let elapsed = ContinuousClock.now - started
    let results = zip(points, metrics).map { SweepResult(point: $0, metrics: $1) }
    let verdict = SweepVerdict(points: results, objective: objective, thresholds: thresholds)
    let report = SweepReport(
      source: merged.set.label,
      settings: ReportHeader.sweep(
        RunSettings(settings, base, speedup: speedup),
        swept: SweptValues(
          policies: plan.policies.map(\.name), subsetSizes: plan.subsetSizes.map(\.description), pods: plan.pods,
          spills: plan.spills.map(\.name), muPerMinute: plan.muPerMinute)),
      points: results, verdict: verdict, invocation: ToolVersion.invocation())
    try nightly.write(report.files(), to: output, inputs: inputFiles)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let requests = Int(results.first?.value(.requests) ?? 0)
    printError("muroute: swept \(points.count) points x \(requests) requests in \(NumberFormat.fixed(seconds, 2)) s; report in \(nightly.out)")
    if let choice = verdict.choice {
      let name = SweepMarkdown.name(results[choice.index], index: choice.index)
      printError(choice.meetsConstraints ? "recommended: \(name)" : "no point meets the constraints; closest: \(name)")
    }
    for breach in verdict.breaches { printError("threshold breached: \(breach.line)") }
    if !verdict.breaches.isEmpty { throw ExitCode(ExitCodes.thresholdBreached) }
  }
}
