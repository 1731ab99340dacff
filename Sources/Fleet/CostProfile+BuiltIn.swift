// Built-in profiles, fitted once offline (numpy least squares, then Lawson minimax reweighting
// on relative error) to the tables of routing-stack.md section 5.3. KV capacity follows the
// section 5.1 arithmetic:
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
  /// Fitted to Vidur's per-operator tables (routing-stack.md 5.3): prefill 512..8192 tokens,
  /// 36.2/78.7/151.9/304.0/651.3 ms (fit within 3.9%), and decode steps at ~1024 context for
  /// B = 1/8/32/64/128, 10.46/11.23/14.08/17.02/24.22 ms (within 1.5%). `a` = 0 because the
  /// tables exclude CPU overhead and the weight-read floor (~9.7 ms) shows only in decode passes
  /// (`d0`). `e` = 2.52e-6 ms * 32 layers, Vidur's decode attention `B*kv` coefficient.
  /// KV: 0.9*80 GiB - 8.03e9*2 B - 1 GiB = 56.04 GiB; / 128 KiB per token = 459,103 tokens;
  /// / 16 = 28,693 blocks.
  public static let llama3_8B_A100 = CostProfile(
    name: "llama-3-8b-a100", fixedMillis: 0, prefillTokenMillis: 0.0728798,
    prefillAttentionMillis: 1.01835e-6, prefillContextMillis: 0,
    decodeFixedMillis: 10.5031, decodeRequestMillis: 0.0226255, decodeContextMillis: 8.064e-5,
    kvCapacityBlocks: 28_693)

  /// Llama-3-70B, two H100-80GB, TP2.
  ///
  /// Prefill is Preble's `llama3_70b_H100_tp2` fit taken exactly: `T = 18.67 + 0.0799*n +
  /// 0.002685*c + 7.44e-7*n*c` (n new tokens, c total context). Decode fitted to Splitwise's
  /// H100 decode steps at prompt 512 (mean context 576 over 128 outputs), B = 1..32:
  /// 37.0/37.4/40.0/40.4/42.0/52.3 ms (within 3.8%), with `e` = 320 KiB / (2 * 0.8 * 3.35 TB/s).
  /// KV: 2*0.9*80 GiB - 70.55e9*2 B - 2 GiB = 10.59 GiB; / 320 KiB = 34,702 tokens; / 16 = 2,168 blocks.
  public static let llama3_70B_H100_TP2 = CostProfile(
    name: "llama-3-70b-h100-tp2", fixedMillis: 18.67, prefillTokenMillis: 0.0799,
    prefillAttentionMillis: 7.44e-7, prefillContextMillis: 0.002685,
    decodeFixedMillis: 18.1205, decodeRequestMillis: 0.388727, decodeContextMillis: 6.11343e-5,
    kvCapacityBlocks: 2_168)

  /// Llama-2-70B, two A100-80GB, TP2.
  ///
  /// Fitted to Splitwise's A100 tables (routing-stack.md 5.3): prefill at batch 1 for 128..8192
  /// tokens, 81/113/196/377/687/1490/2990 ms (within 4.1%), and decode steps at prompt 512 (mean
  /// context 576), B = 1..32: 54.9/59.9/60.5/61.7/65.5/72.2 ms (within 3.9%), with
  /// `e` = 320 KiB / (2 * 0.8 * 2.039 TB/s).
  /// KV: 2*0.9*80 GiB - 68.98e9*2 B - 2 GiB = 13.51 GiB; / 320 KiB = 44,285 tokens; / 16 = 2,767 blocks.
  public static let llama2_70B_A100_TP2 = CostProfile(
    name: "llama-2-70b-a100-tp2", fixedMillis: 38.2386, prefillTokenMillis: 0.307638,
    prefillAttentionMillis: 8.2183e-6, prefillContextMillis: 0,
    decodeFixedMillis: 18.2, decodeRequestMillis: 0.51951, decodeContextMillis: 1.00441e-4,
    kvCapacityBlocks: 2_767)

  /// Every built-in profile, in name order.
  public static let builtIn: [CostProfile] = [llama2_70B_A100_TP2, llama3_70B_H100_TP2, llama3_8B_A100]

  /// The built-in profile called `name`, if any.
  public static func builtIn(named name: String) -> CostProfile? {
    builtIn.first { $0.name == name }
  }
}
