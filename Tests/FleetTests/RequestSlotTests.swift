import SimCore
import Testing
import Workload

@testable import Fleet

/// The pod's per-request state: plain slots, the requests (with their blocks) kept apart.
@Suite struct RequestSlotTests {
  @Test func aSlotHoldsNoReference() {
    // The scheduler reads and writes slots in its hot loops; a slot holding a reference (the
    // request's prefix-block array) is retained and released whenever it is read whole.
    #expect(_isPOD(RequestSlot.self))
  }

  @Test func aSlotCarriesWhatThePodReadsOfItsRequest() {
    var request = PodRequest(
      id: 7, arrival: ms(3), inputTokens: 40, outputTokens: 5, prefixBlocks: [1, 2], blockTokens: 8,
      estimatedMU: 2.5, predictedOutputTokens: 4)
    request.workMU = 3.5
    let slot = RequestSlot(request: request, input: 40, output: 5)
    #expect(slot.id == 7 && slot.arrival == ms(3) && slot.logBlockTokens == 8)
    #expect(slot.estimatedMU == 2.5 && slot.measuredMU == 3.5 && slot.predicted == 4)
  }

  @Test func prefixEntriesMergeLogBlocksIntoWholePodBlocks() throws {
    // 8-token log blocks on 16-token pod blocks: log blocks 1 and 3 complete pod blocks 1
    // and 2 (keys chained through them); block 4 ends the 40-token prompt inside pod block 3,
    // which is not whole, so it publishes nothing.
    var pod = Pod(id: PodID(0), profile: tinyProfile(blockTokens: 16))
    let ids: [UInt64] = [11, 12, 13, 14, 15]
    pod.admit(
      PodRequest(id: 0, arrival: .zero, inputTokens: 40, outputTokens: 1, prefixBlocks: ids, blockTokens: 8),
      at: .zero)
    let first = try #require(pod.prefixEntry(of: 0, from: 0, through: 0))
    #expect(first.key == StableHash.combine(12, 8) && first.blocks == 1 && first.through == 1 && first.next == 2)
    let second = try #require(pod.prefixEntry(of: 0, from: first.next, through: first.through))
    #expect(second.key == StableHash.combine(14, 8) && second.blocks == 1 && second.through == 2 && second.next == 4)
    #expect(pod.prefixEntry(of: 0, from: second.next, through: second.through) == nil)
  }

  @Test func failAllReturnsTheRequestsAsAdmitted() {
    var pod = Pod(id: PodID(0), profile: tinyProfile(maxRunning: 1))
    let requests = [
      PodRequest(id: 1, arrival: .zero, inputTokens: 64, outputTokens: 50, prefixBlocks: [5, 6, 7, 8], blockTokens: 16),
      PodRequest(id: 2, arrival: .zero, inputTokens: 32, outputTokens: 50, prefixBlocks: [5, 9], blockTokens: 16),
    ]
    for request in requests { pod.admit(request, at: .zero) }
    var done: [CompletedRequest] = []
    pod.advance(to: ms(100), into: &done)
    #expect(pod.failAll(at: ms(100)) == requests)
  }
}
