/// Text and JSON views of the statistics, with stable key order and locale-independent numbers.
extension LogStatistics {
  /// Seconds between the earliest and the latest arrival.
  public var spanNanos: Int64 { rows > 0 ? maxArrival &- minArrival : 0 }

  /// Mean arrivals per second over the span (0 when the span is 0).
  public var meanRatePerSecond: Double { spanNanos > 0 ? Double(rows) / (Double(spanNanos) / 1e9) : 0 }

  /// Share of prompt blocks whose id appeared in an earlier prompt.
  public var blockHitRate: Double { promptBlocks > 0 ? Double(reusedBlocks) / Double(promptBlocks) : 0 }

  /// The same, weighted by the tokens each block covers.
  public var tokenHitRate: Double { blockTokens > 0 ? Double(reusedBlockTokens) / Double(blockTokens) : 0 }

  /// Share of block tokens whose whole prompt prefix up to them appeared in an earlier prompt:
  /// the token hit rate of an infinite prefix cache.
  public var leadingTokenHitRate: Double {
    blockTokens > 0 ? Double(leadingReusedBlockTokens) / Double(blockTokens) : 0
  }

  /// A JSON object (one line) describing the log.
  public func renderJSON(file: String, format: String) -> String {
    var fields: [(String, String)] = [
      ("file", LogStatistics.quoted(file)), ("format", LogStatistics.quoted(format)),
      ("rows", "\(rows)"), ("bad_rows", "\(badRows)"),
      ("first_ts", rows > 0 ? Seconds.text(minArrival) : "null"),
      ("last_ts", rows > 0 ? Seconds.text(maxArrival) : "null"),
      ("span_s", Seconds.text(spanNanos)),
      ("mean_rate_per_s", LogStatistics.fixed(meanRatePerSecond, 3)),
      ("peak_per_s", "\(peakPerSecond)"), ("peak_per_min", "\(peakPerMinute)"),
    ]
    for (name, output) in [("input_tokens", false), ("output_tokens", true)] {
      fields.append(("\(name)_sum", "\(output ? outputTokensSum : inputTokensSum)"))
      fields.append(("\(name)_p50", "\(percentile(0.5, output: output))"))
      fields.append(("\(name)_p90", "\(percentile(0.9, output: output))"))
      fields.append(("\(name)_p99", "\(percentile(0.99, output: output))"))
      fields.append(("\(name)_max", "\(output ? outputTokensMax : inputTokensMax)"))
    }
    fields += [
      ("tenants", "\(tenants.count)"), ("tenants_error", LogStatistics.fixed(tenants.countError, 4)),
      ("sessions", "\(sessions.count)"), ("sessions_error", LogStatistics.fixed(sessions.countError, 4)),
      ("top_tenants_by_requests", LogStatistics.jsonTop(tenants.top(byTokens: false))),
      ("top_tenants_by_tokens", LogStatistics.jsonTop(tenants.top(byTokens: true))),
      ("top_sessions_by_requests", LogStatistics.jsonTop(sessions.top(byTokens: false))),
      ("top_sessions_by_tokens", LogStatistics.jsonTop(sessions.top(byTokens: true))),
      ("prompt_blocks", "\(promptBlocks)"),
      ("prefix_block_hit_rate", LogStatistics.fixed(blockHitRate, 6)),
      ("prefix_token_hit_rate", LogStatistics.fixed(tokenHitRate, 6)),
      ("prefix_leading_token_hit_rate", LogStatistics.fixed(leadingTokenHitRate, 6)),
      ("prefix_error", LogStatistics.fixed(reuseErrorBound, 6)),
      ("out_of_order", "\(outOfOrder)"),
    ]
    return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
  }

  /// A readable report for a terminal.
  public func renderTable(file: String, format: String) -> String {
    var lines: [(String, String)] = [
      ("file", file), ("format", format), ("rows", "\(rows)"), ("bad rows", "\(badRows)"),
      ("first ts (s)", rows > 0 ? Seconds.text(minArrival) : "-"),
      ("last ts (s)", rows > 0 ? Seconds.text(maxArrival) : "-"),
      ("span (s)", Seconds.text(spanNanos)),
      ("mean rate (req/s)", LogStatistics.fixed(meanRatePerSecond, 3)),
      ("peak rate (req/s, req/min)", "\(peakPerSecond), \(peakPerMinute)"),
    ]
    for (name, output) in [("input tokens", false), ("output tokens", true)] {
      let sum = output ? outputTokensSum : inputTokensSum
      let maximum = output ? outputTokensMax : inputTokensMax
      lines.append(
        (
          "\(name) p50/p90/p99/max",
          "\(percentile(0.5, output: output)) / \(percentile(0.9, output: output)) / "
            + "\(percentile(0.99, output: output)) / \(maximum)  (sum \(sum))"
        ))
    }
    lines += [
      ("tenants", LogStatistics.countText(tenants)),
      ("sessions", LogStatistics.countText(sessions)),
      ("prefix-block reuse", prompBlockText),
      ("out-of-order rows", "\(outOfOrder)"),
    ]
    let width = lines.map(\.0.count).max() ?? 0
    var text = lines.map { $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1 }
      .joined(separator: "\n")
    for (title, table) in [("tenants", tenants), ("sessions", sessions)] where !table.isEmpty {
      text += "\n\ntop \(title) by requests:\n" + LogStatistics.textTop(table.top(byTokens: false), byTokens: false)
      text += "\ntop \(title) by tokens:\n" + LogStatistics.textTop(table.top(byTokens: true), byTokens: true)
    }
    return text + "\n"
  }

  private var prompBlockText: String {
    guard promptBlocks > 0 else { return "no prefix blocks" }
    return "\(LogStatistics.fixed(blockHitRate * 100, 2))% of \(promptBlocks) blocks, "
      + "\(LogStatistics.fixed(tokenHitRate * 100, 2))% of block tokens; \(LogStatistics.fixed(leadingTokenHitRate * 100, 2))% "
      + "of block tokens as leading prefixes (an infinite prefix cache's hit rate)" + reuseErrorText
  }

  /// The largest of the reuse rates' error bounds; 0 when they are exact.
  public var reuseErrorBound: Double {
    let errors = reuseErrors
    return max(errors.block, errors.token, errors.leadingToken)
  }

  private var reuseErrorText: String {
    guard !reuseIsExact else { return "" }
    let errors = reuseErrors
    return "; estimates within ±\(LogStatistics.fixed(errors.block * 100, 2)) / ±\(LogStatistics.fixed(errors.token * 100, 2)) / "
      + "±\(LogStatistics.fixed(errors.leadingToken * 100, 2)) points"
  }

  private static func countText(_ summary: KeyUsageSummary) -> String {
    guard summary.countError > 0 else { return "\(summary.count)" }
    return "~\(summary.count) (estimate within ±\(fixed(summary.countError * 100, 2))%)"
  }

  /// One line per key; an estimated row gives its ranked figure as the range it lies in and the
  /// other figure as a lower bound.
  private static func textTop(_ rows: [KeyUsageSummary.Row], byTokens: Bool) -> String {
    rows.map { row in
      guard row.overcount > 0 else { return "  \(row.key)  requests \(row.usage.requests)  tokens \(row.usage.tokens)" }
      let ranked = byTokens ? row.usage.tokens : row.usage.requests
      let other = byTokens ? row.usage.requests : row.usage.tokens
      let range = "\(max(0, ranked - row.overcount))..\(ranked)"
      return byTokens
        ? "  \(row.key)  requests >=\(other)  tokens \(range)  (estimate)"
        : "  \(row.key)  requests \(range)  tokens >=\(other)  (estimate)"
    }.joined(separator: "\n")
  }

  private static func jsonTop(_ rows: [KeyUsageSummary.Row]) -> String {
    "["
      + rows.map { row in
        "{\"key\":\(quoted(row.key)),\"requests\":\(row.usage.requests),\"tokens\":\(row.usage.tokens),\"overcount\":\(row.overcount)}"
      }
      .joined(separator: ",") + "]"
  }

  /// A JSON string literal.
  static func quoted(_ text: String) -> String {
    var bytes: [UInt8] = []
    JSONText.appendString(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `value` rounded to `digits` decimals, with a dot whatever the locale.
  static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int64((abs(value) * scale).rounded())
    let unit = Int64(scale)
    let fraction = String(scaled % unit)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    return "\(sign)\(scaled / unit)." + String(repeating: "0", count: digits - fraction.count) + fraction
  }
}
