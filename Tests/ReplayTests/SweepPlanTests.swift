import Fleet
import Routing
import Testing
@testable import Replay

@Suite struct SweepPlanTests {
  @Test func itemsSplitCommasAndRepeatsAndDropDuplicates() {
    // "1,2" then "4, 2" -> 1, 2, 4 (2 seen twice, spaces dropped).
    #expect(SweepPlan.items(["1,2", "4, 2"]) == ["1", "2", "4"])
    #expect(SweepPlan.items([",,"]).isEmpty)
  }

  @Test func subsetSizesParseFixedAndRanges() throws {
    let plan = try SweepPlan(policies: ["mu-subset"], subsetSizes: ["1,2:4,8"], pods: ["8"], spills: ["global"], muPerMinute: ["100"])
    #expect(plan.subsetSizes == [SubsetSize(min: 1, max: 1), SubsetSize(min: 2, max: 4), SubsetSize(min: 8, max: 8)])
    #expect(plan.subsetSizes.map(\.description) == ["1", "2:4", "8"])
  }

  @Test(arguments: [
    (["0"], "--subset-size '0'"), (["4:2"], "--subset-size '4:2'"), (["1:2:3"], "--subset-size '1:2:3'"), (["x"], "--subset-size 'x'"),
  ])
  func badSubsetSizesNameTheItem(values: [String], expected: String) {
    #expect(throws: SweepListError.self) {
      _ = try SweepPlan(policies: ["p2c"], subsetSizes: values, pods: ["8"], spills: ["global"], muPerMinute: ["100"])
    }
    do {
      _ = try SweepPlan(policies: ["p2c"], subsetSizes: values, pods: ["8"], spills: ["global"], muPerMinute: ["100"])
    } catch {
      #expect(error.description.hasPrefix(expected))
    }
  }

  @Test func badValuesOnOtherAxesAreRejected() {
    func plan(policies: [String] = ["p2c"], pods: [String] = ["8"], spills: [String] = ["global"], mu: [String] = ["100"]) throws {
      _ = try SweepPlan(policies: policies, subsetSizes: ["2"], pods: pods, spills: spills, muPerMinute: mu)
    }
    #expect(throws: SweepListError.self) { try plan(policies: ["nope"]) }
    #expect(throws: SweepListError.self) { try plan(pods: ["8,0"]) }
    #expect(throws: SweepListError.self) { try plan(spills: ["global,sideways"]) }
    #expect(throws: SweepListError.self) { try plan(mu: ["-1"]) }
    #expect(throws: SweepListError.self) { try plan(pods: [""]) }
  }

  @Test func pointsAreTheCrossProductAndSkipSubsetsWhereTheyDoNotApply() throws {
    let plan = try SweepPlan(
      policies: ["mu-subset,p2c"], subsetSizes: ["1,4"], pods: ["8,16"], spills: ["global,queue"], muPerMinute: ["100"])
    let points = plan.points
    // mu-subset: 2 pods x 1 MU x 2 spills x 2 sizes = 8; p2c: 2 pods x 1 MU = 2 (no sizes, no spill).
    #expect(points.count == 10)
    #expect(points[0] == SweepPoint(policy: .muSubset, subsetSize: SubsetSize(min: 1, max: 1), pods: 8, spill: .global, muPerMinute: 100))
    #expect(points[1].subsetSize == SubsetSize(min: 4, max: 4))
    #expect(points[2].spill == .queue)
    #expect(points[4].pods == 16)
    #expect(points[8] == SweepPoint(policy: .p2c, subsetSize: nil, pods: 8, spill: nil, muPerMinute: 100))
    #expect(points[9].pods == 16)
  }

  @Test func aPointOverridesOnlyItsSettings() throws {
    guard let profile = CostProfile.builtIn(named: "llama-3-8b-a100") else {
      Issue.record("built-in profile missing")
      return
    }
    let base = ReplayConfiguration(pods: 8, profile: profile, muPerMinute: 100, routers: 2, seed: 9)
    let point = SweepPoint(policy: .muSubset, subsetSize: SubsetSize(min: 2, max: 4), pods: 16, spill: .queue, muPerMinute: 120)
    let configuration = point.configuration(from: base)
    #expect(configuration.pods == 16)
    #expect(configuration.muPerMinute == 120)
    #expect(configuration.sharding.minReplicas == 2)
    #expect(configuration.sharding.maxReplicas == 4)
    #expect(configuration.sharding.maxLoadHint == 2)  // 120 MU per minute = 2 per second
    #expect(configuration.routing.spillPolicy == .queue)
    #expect(configuration.routers == 2)
    #expect(configuration.seed == 9)
  }
}
