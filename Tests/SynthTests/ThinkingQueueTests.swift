import SimCore
import Testing
@testable import Synth

@Suite struct ThinkingQueueTests {
  @Test func popsInTimeThenSlotOrder() {
    var queue = ThinkingQueue()
    var rng = SplitMix64(seed: 3)
    var reference: [(Int64, Int32)] = []
    for slot in 0..<2_000 {
      let time = Int64(rng.next() % 100)
      queue.push(Int32(slot), at: time)
      reference.append((time, Int32(slot)))
    }
    reference.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    var popped: [Int32] = []
    while let slot = queue.pop() { popped.append(slot) }
    #expect(popped == reference.map(\.1))
    #expect(queue.count == 0 && queue.nextTime == nil)
  }
}
