import Fleet
import Foundation
import Testing

@Suite struct CostProfileTests {
  @Test func builtInProfilesAreValidAndNamed() {
    #expect(
      CostProfile.builtIn.map(\.name) == [
        "llama-2-70b-a100-tp2", "llama-3-70b-h100-tp2", "llama-3-8b-a100", "llama-3.1-8b-h100", "llama-3.3-70b-h100-tp4",
      ])
    for profile in CostProfile.builtIn {
      #expect(profile.firstInvalidField() == nil)
      #expect(CostProfile.builtIn(named: profile.name) == profile)
    }
    #expect(CostProfile.builtIn(named: "llama-3-8b-a100")?.kvCapacityBlocks == 28_693)
  }

  @Test func iterationTimeFollowsTheDocumentedForm() {
    // Preble H100 fit, 8k prompt, no hit: 18.67 + 0.0799*8192 + 0.002685*8192 + 7.44e-7*8192^2
    //   = 18.67 + 654.54 + 22.00 + 49.93 = 745.14 ms (routing-stack.md 5.3 says ~745 ms).
    let p = CostProfile.llama3_70B_H100_TP2
    let t = p.iterationMillis(prefillTokens: 8192, prefillTokenContext: 8192 * 8192, prefillContext: 8192, decodes: 0, decodeContext: 0)
    #expect(abs(t - 745.14) < 0.01)
    // 7k-token hit: n = 1024 new of c = 8192: 18.67 + 81.82 + 22.00 + 6.24 = 128.73 ms.
    let hit = p.iterationMillis(prefillTokens: 1024, prefillTokenContext: 1024 * 8192, prefillContext: 8192, decodes: 0, decodeContext: 0)
    #expect(abs(hit - 128.73) < 0.01)
  }

  /// A prefill chunk that joins running decodes shares their pass: the linear layers cost
  /// max(d0, b*P) once, decode tokens add d each and their KV read e*S (issue 18: it used to pay
  /// the decode floor d0 on top of the prefill, 48.2 ms instead of about 37.6 ms).
  @Test func aMixedPassPaysTheWeightFloorOnce() {
    let p = CostProfile(
      name: "round", fixedMillis: 1, prefillTokenMillis: 0.1, decodeFixedMillis: 10, decodeRequestMillis: 0.5,
      decodeContextMillis: 0.001, kvCapacityBlocks: 100)
    func pass(_ prefill: Int, _ decodes: Int, _ context: Int) -> Double {
      p.iterationMillis(prefillTokens: prefill, prefillTokenContext: 0, prefillContext: 0, decodes: decodes, decodeContext: context)
    }
    // Decode only: 1 + 10 + 2*0.5 + 0.001*2000 = 14.
    #expect(abs(pass(0, 2, 2000) - 14) < 1e-9)
    // A 512-token prefill alone is compute-bound: 1 + 51.2 = 52.2; joined by two decoders it
    // costs 52.2 + 1 + 2 = 55.2 (not 52.2 + 14 - 1 = 65.2).
    #expect(abs(pass(512, 0, 0) - 52.2) < 1e-9)
    #expect(abs(pass(512, 2, 2000) - 55.2) < 1e-9)
    // A 40-token prefill is under the weight floor: 1 + max(10, 4) = 11, and 14 with the decoders.
    #expect(abs(pass(40, 0, 0) - 11) < 1e-9)
    #expect(abs(pass(40, 2, 2000) - 14) < 1e-9)
    // The built-in 8B profile on the issue's case: a 512-token prefill with one decode at 1024
    // context costs under a millisecond more than alone.
    let b = CostProfile.llama3_8B_A100
    let alone = b.iterationMillis(prefillTokens: 512, prefillTokenContext: 512 * 512, prefillContext: 512, decodes: 0, decodeContext: 0)
    let joined = b.iterationMillis(prefillTokens: 512, prefillTokenContext: 512 * 512, prefillContext: 512, decodes: 1, decodeContext: 1024)
    #expect(joined - alone > 0 && joined - alone < 1)
  }

  @Test func theSchedulerIsAProfileKey() throws {
    let base = #"{"name": "x", "fixedMillis": 5, "prefillTokenMillis": 0.1, "kvCapacityBlocks": 10"#
    #expect(try CostProfile.decode(Data((base + "}").utf8), path: "p.json").scheduler == .chunked)
    let first = try CostProfile.decode(Data((base + #", "scheduler": "prefill-first"}"#).utf8), path: "p.json")
    #expect(first.scheduler == .prefillFirst)
    do {
      _ = try CostProfile.decode(Data((base + #", "scheduler": "fcfs"}"#).utf8), path: "p.json")
      Issue.record("an unknown scheduler was accepted")
    } catch {
      #expect(error.field == "scheduler")
      #expect(error.description.contains("chunked or prefill-first"))
    }
  }

  @Test func loadsAUserProfileWithDefaults() throws {
    let json = #"{"name": "mine", "fixedMillis": 5, "prefillTokenMillis": 0.1, "decodeRequestMillis": 0.5, "kvCapacityBlocks": 1000}"#
    let profile = try CostProfile.decode(Data(json.utf8), path: "mine.json")
    #expect(profile.name == "mine" && profile.blockTokens == 16 && profile.prefillTokenBudget == 8192)
    #expect(profile.decodeRequestMillis == 0.5 && profile.prefillAttentionMillis == 0)
  }

  @Test func theDocumentedExampleIsTheBuiltInEightBProfileRenamed() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/cost-profile.example.json").path
    var profile = try CostProfile.load(from: path)
    #expect(profile.name == "my-llama-3-8b-a100")
    profile.name = CostProfile.llama3_8B_A100.name
    #expect(profile == CostProfile.llama3_8B_A100)
  }

  @Test func blockTokensAreBoundedBecauseAPodCountsEveryPosition() {
    // Regression (fuzzing): 2^30 tokens per block made each pod allocate a counter per position,
    // 8 GiB a pod.
    var profile = CostProfile.llama3_8B_A100
    profile.blockTokens = 1 << 30
    #expect(profile.firstInvalidField()?.field == "blockTokens")
    profile.blockTokens = CostProfile.maximumBlockTokens
    profile.kvCapacityBlocks = 28_693 * 16 / CostProfile.maximumBlockTokens  // the same KV memory
    #expect(profile.firstInvalidField() == nil)
    profile.blockTokens = 0
    #expect(profile.firstInvalidField()?.field == "blockTokens")
  }

  @Test func errorsNameTheFileAndField() {
    let missing = #"{"name": "x", "fixedMillis": 5, "prefillTokenMillis": 0.1}"#
    #expect(throws: CostProfileLoadError(path: "p.json", field: "kvCapacityBlocks", reason: "is required but missing")) {
      try CostProfile.decode(Data(missing.utf8), path: "p.json")
    }
    let negative = #"{"name": "x", "fixedMillis": -1, "prefillTokenMillis": 0.1, "kvCapacityBlocks": 10}"#
    do {
      _ = try CostProfile.decode(Data(negative.utf8), path: "p.json")
      Issue.record("a negative coefficient was accepted")
    } catch {
      #expect(error.field == "fixedMillis")
      #expect(error.description.hasPrefix("p.json: field 'fixedMillis'"))
    }
    do {
      _ = try CostProfile.load(from: "/nonexistent/profile.json")
      Issue.record("a missing file was accepted")
    } catch {
      #expect(error.path == "/nonexistent/profile.json" && error.field == nil)
    }
  }
}
