import SimCore
import Testing
@testable import Synth

@Suite struct ZipfTableTests {
  @Test func sharesFollowTheZipfWeights() {
    // Exponent 1 over 3 tenants: weights 1, 1/2, 1/3, total 11/6, shares 6/11, 3/11, 2/11.
    let table = ZipfTable(weights: ZipfTable.zipfWeights(count: 3, exponent: 1))
    #expect(abs(table.share(0) - 6.0 / 11) < 1e-12)
    #expect(abs(table.share(1) - 3.0 / 11) < 1e-12)
    #expect(abs(table.share(2) - 2.0 / 11) < 1e-12)
  }

  @Test func exponentZeroGivesEqualShares() {
    let table = ZipfTable(weights: ZipfTable.zipfWeights(count: 4, exponent: 0))
    for k in 0..<4 { #expect(abs(table.share(k) - 0.25) < 1e-12) }
  }

  @Test func samplingMatchesTheShares() {
    let table = ZipfTable(weights: [3, 0, 1])
    var rng = SplitMix64(seed: 9)
    var counts = [0, 0, 0]
    for _ in 0..<20_000 { counts[table.sample(&rng)] += 1 }
    #expect(counts[1] == 0)
    #expect(abs(Double(counts[0]) / 20_000 - 0.75) < 0.02)
  }

  @Test func generatedTenantSharesMatchZipf() throws {
    var configuration = flatConfiguration(requests: 8_000)
    configuration.tenants = TenantMix(count: 8, zipfExponent: 1)
    var counts: [String: Int] = [:]
    for record in try generateAll(configuration) { counts[record.tenant ?? "", default: 0] += 1 }
    // Harmonic number H_8 = 2.7179; tenant k's share is 1/((k+1)·H_8): 0.368, 0.184, ..., 0.046.
    let harmonic = (1...8).reduce(0.0) { $0 + 1 / Double($1) }
    for k in 0..<8 {
      let expected = 1 / (Double(k + 1) * harmonic)
      let observed = Double(counts["tenant-\(k)", default: 0]) / 8_000
      #expect(abs(observed - expected) < 0.02, "tenant-\(k): \(observed) vs \(expected)")
    }
  }
}
