import CChecksum

/// CRC-32C (Castagnoli, as in iSCSI, ext4 and RocksDB), the binary log's checksum: it catches
/// every burst of up to 32 damaged bits, and `crc32c` tools elsewhere can check a frame by hand.
/// Computed by the CPU's CRC32 instruction (CChecksum): a table-driven Swift version cost a
/// fifth of the binary reader's time.
public enum CRC32C {
  /// The checksum of `bytes`.
  public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress else { return 0 }
    return muroute_crc32c(base, bytes.count)
  }

  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { checksum($0) }
  }
}
