import Testing
@testable import SimCore

@Suite struct NameMatchTests {
  let policies = ["round-robin", "p2c", "mu-least", "mu-subset", "llm-d"]

  @Test func exactIgnoresCase() {
    #expect(NameMatch.exact("MU-Subset", among: policies) == "mu-subset")
    #expect(NameMatch.exact("mu-subst", among: policies) == nil)
  }

  @Test func suggestsTheClosestName() {
    #expect(NameMatch.closest(to: "mu-subst", among: policies) == "mu-subset")
    #expect(NameMatch.closest(to: "globl", among: ["global", "queue", "reject", "none"]) == "global")
    #expect(NameMatch.closest(to: "zzzzzzzz", among: policies) == nil)
  }

  @Test func editDistanceByHand() {
    #expect(NameMatch.editDistance(Array("kitten"), Array("sitting")) == 3)
    #expect(NameMatch.editDistance(Array(""), Array("abc")) == 3)
    #expect(NameMatch.editDistance(Array("flaw"), Array("lawn")) == 2)
  }

  @Test func theMessageListsAndSuggests() {
    #expect(NameMatch.unknownValueMessage("p2", among: ["p2c", "random"]) == "use one of p2c, random; did you mean 'p2c'?")
  }
}
