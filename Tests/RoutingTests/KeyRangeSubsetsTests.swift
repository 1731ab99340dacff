import Testing
import Workload

@testable import Routing

@Suite struct KeyRangeSubsetsTests {
  @Test func looksUpTheSliceHoldingTheKey() {
    let table = KeyRangeSubsets(slices: [(0, [PodID(0)]), (100, [PodID(1), PodID(2)]), (200, [])])
    #expect(table.pods(for: 0) == [PodID(0)])
    #expect(table.pods(for: 99) == [PodID(0)])
    #expect(table.pods(for: 100) == [PodID(1), PodID(2)])
    #expect(table.pods(for: 199) == [PodID(1), PodID(2)])
    #expect(table.pods(for: .max) == [])
  }

  @Test func equalSlicesCoverTheKeySpace() {
    // Four slices of width 2^62: key 2^62 - 1 in slice 0, 2^62 in slice 1, max in slice 3.
    let table = KeyRangeSubsets(equalSlices: 4) { [PodID($0)] }
    #expect(table.pods(for: (1 << 62) - 1) == [PodID(0)])
    #expect(table.pods(for: 1 << 62) == [PodID(1)])
    #expect(table.pods(for: .max) == [PodID(3)])
  }
}
