// Built-in profiles. Each is fitted on some published points and tested on others it was not
// fitted to (Tests/FleetTests/PodFidelityTests.swift; docs/simulation.md gives every number's
// source and the fidelity table). The fits are relative-error least squares (numpy lstsq on rows
// divided by the published value), prefill coefficients on the prefill points, then the decode
// ones on the decode points with the prefill's `a` fixed. KV capacity follows the section 5.1
// arithmetic of routing-stack.md:
//   usable bytes = GPUs * 0.90 * 80 GiB (vLLM gpu_memory_utilization) - weights (2 bytes/param)
//                  - 1 GiB activations/workspace per GPU;
//   blocks       = floor(usable bytes / KV bytes per token / 16 tokens per block).
// The decode KV-read coefficient `e` (ms per context token) is taken from first principles where
// the decode table holds context fixed (so `d` and `e` cannot be separated by the fit):
//   e = KV bytes per token / (TP * 0.8 * peak HBM bandwidth), 0.8 being the efficiency implied by
//   Vidur's Llama-3-8B decode attention coefficient (128 KiB per 8.064e-5 ms = 1.63 TB/s on an A100).

extension CostProfile {
  /// Llama-3-8B, one A100-80GB, fp16, TP1.
  ///
  /// Vidur's per-operator tables (routing-stack.md 5.3). Fitted on prefill 512/2048/8192 tokens
  /// (36.2/151.9/651.3 ms) and decode steps at ~1024 context for B = 1/32/128
  /// (10.46/14.08/24.22 ms); tested on prefill 1024/4096, decode B = 8/64 and fused passes.
  /// `a` = 0 because the tables exclude CPU overhead; `d0` is the ~10.5 ms weight-read floor.
  /// `e` = 2.52e-6 ms * 32 layers, Vidur's decode attention `B*kv` coefficient.
  /// KV: 0.9*80 GiB - 8.03e9*2 B - 1 GiB = 56.04 GiB; / 128 KiB per token = 459,103 tokens;
  /// / 16 = 28,693 blocks.
  public static let llama3_8B_A100 = CostProfile(
    name: "llama-3-8b-a100", fixedMillis: 0, prefillTokenMillis: 0.0709134,
    prefillAttentionMillis: 1.07812e-6, prefillContextMillis: 0,
    decodeFixedMillis: 10.4566, decodeRequestMillis: 0.0253672, decodeContextMillis: 8.064e-5,
    kvCapacityBlocks: 28_693)

  /// Llama-3-70B, two H100-80GB, TP2.
  ///
  /// Prefill is Preble's `llama3_70b_H100_tp2` fit taken exactly: `T = 18.67 + 0.0799*n +
  /// 0.002685*c + 7.44e-7*n*c` (n new tokens, c total context); no independent prefill table for
  /// this model and GPU is at hand, so its prefill is untested here. Decode fitted to Splitwise's
  /// H100 decode steps at prompt 512 (mean context 576 over 128 outputs) for B = 1/4/16/32
  /// (37.0/40.0/42.0/52.3 ms), tested on B = 2/8 and on B = 1 at prompt 8192 (37.8 ms), with
  /// `e` = 320 KiB / (2 * 0.8 * 3.35 TB/s).
  /// KV: 2*0.9*80 GiB - 70.55e9*2 B - 2 GiB = 10.59 GiB; / 320 KiB = 34,702 tokens; / 16 = 2,168 blocks.
  public static let llama3_70B_H100_TP2 = CostProfile(
    name: "llama-3-70b-h100-tp2", fixedMillis: 18.67, prefillTokenMillis: 0.0799,
    prefillAttentionMillis: 7.44e-7, prefillContextMillis: 0.002685,
    decodeFixedMillis: 18.2106, decodeRequestMillis: 0.399748, decodeContextMillis: 6.11343e-5,
    kvCapacityBlocks: 2_168)

  /// Llama-2-70B, two A100-80GB, TP2.
  ///
  /// Splitwise's measured A100 tables (routing-stack.md 5.3). Fitted on prefill at batch 1 for
  /// 128/512/2048/8192 tokens (81/196/687/2990 ms) and decode steps at prompt 512 (mean context
  /// 576) for B = 1/4/16/32 (54.9/60.5/65.5/72.2 ms); tested on prefill 256/1024/4096 and decode
  /// B = 2/8. `e` = 320 KiB / (2 * 0.8 * 2.039 TB/s).
  /// KV: 2*0.9*80 GiB - 68.98e9*2 B - 2 GiB = 13.51 GiB; / 320 KiB = 44,285 tokens; / 16 = 2,767 blocks.
  public static let llama2_70B_A100_TP2 = CostProfile(
    name: "llama-2-70b-a100-tp2", fixedMillis: 42.6692, prefillTokenMillis: 0.297481,
    prefillAttentionMillis: 7.64566e-6, prefillContextMillis: 0,
    decodeFixedMillis: 12.9561, decodeRequestMillis: 0.501975, decodeContextMillis: 1.00441e-4,
    kvCapacityBlocks: 2_767)

  /// Llama-3.1-8B, one H100-80GB, TP1, from BLIS (llm-d inference-sim defaults.yaml, vLLM 0.8.4):
  /// step = 5,753 us + 17.25 us per uncached prefill token + 6.00 us per decode token, which is
  /// this form with `a` = b0, `b` = b1, `d` = b2 and no floor or attention terms. BLIS fitted
  /// these to end-to-end metrics, not per-step measurements, and no independent H100 step table
  /// is at hand, so the profile is carried as published (see docs/simulation.md).
  /// KV as `llama-3-8b-a100` (same 80 GiB and model): 28,693 blocks.
  public static let llama31_8B_H100 = CostProfile(
    name: "llama-3.1-8b-h100", fixedMillis: 5.753, prefillTokenMillis: 0.01725,
    decodeRequestMillis: 0.006, kvCapacityBlocks: 28_693)

  /// Llama-3.3-70B, four H100-80GB, TP4, from BLIS (as `llama-3.1-8b-h100`): step = 12,601 us +
  /// 76.4 us per uncached prefill token + 66.8 us per decode token.
  /// KV: 4*0.9*80 GiB - 70.55e9*2 B - 4 GiB = 152.6 GiB; / 320 KiB = 500,008 tokens; / 16 = 31,250 blocks.
  public static let llama33_70B_H100_TP4 = CostProfile(
    name: "llama-3.3-70b-h100-tp4", fixedMillis: 12.601, prefillTokenMillis: 0.0764,
    decodeRequestMillis: 0.0668, kvCapacityBlocks: 31_250)

  /// Every built-in profile, in name order.
  public static let builtIn: [CostProfile] = [
    llama2_70B_A100_TP2, llama3_70B_H100_TP2, llama3_8B_A100, llama31_8B_H100, llama33_70B_H100_TP4,
  ]

  /// The built-in profile called `name`, if any.
  public static func builtIn(named name: String) -> CostProfile? {
    builtIn.first { $0.name == name }
  }
}
