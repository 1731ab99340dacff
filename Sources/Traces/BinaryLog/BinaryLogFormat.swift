import Workload

/// The layout constants of muroute's binary request log (`docs/binary-log.md`), shared by the
/// writer and the reader so that both sides agree on every number.
enum BinaryLogFormat {
  /// The file's first eight bytes: a non-ASCII byte (no text log starts so), the name, and a
  /// control byte and newline that show a text-mode transfer damaging the file.
  static let magic: [UInt8] = [0x89, 0x4D, 0x52, 0x4C, 0x4F, 0x47, 0x1A, 0x0A]  // \x89 M R L O G \x1A \n
  /// The layout this build writes and the newest it reads.
  static let version: UInt32 = 1
  /// Bytes of the file header: magic, version, session window, string window, flags, checksum.
  static let headerLength = 28
  /// Bytes of a frame header: kind, codec, reserved, record count, stored and raw lengths,
  /// payload checksum, header checksum.
  static let frameHeaderLength = 24

  /// The largest windows a reader accepts: more is taken as damage, not a request for memory.
  static let maximumWindow = 1 << 20
  /// The largest stored or raw frame a reader accepts (a frame holds at least one whole record,
  /// and one record's block list may be long).
  static let maximumFrameBytes = 1 << 28

  /// What a frame holds.
  enum FrameKind: UInt8 {
    /// Records, encoded back to back.
    case records = 1
    /// The last frame: the total record count, so a file cut at a frame boundary is noticed.
    case end = 2
  }

  /// How a frame's payload is stored.
  enum Codec: UInt8 {
    case raw = 0
    case zstd = 1
  }

  /// Bits of a record's leading flags byte: which optional fields follow.
  enum Flag {
    static let id: UInt8 = 1 << 0
    static let tenant: UInt8 = 1 << 1
    static let session: UInt8 = 1 << 2
    static let model: UInt8 = 1 << 3
    static let maxTokens: UInt8 = 1 << 4
    static let blockSize: UInt8 = 1 << 5
    static let observed: UInt8 = 1 << 6
    /// Bit 7 is reserved and must be 0 in version 1.
    static let reserved: UInt8 = 1 << 7
  }

  /// Bits of the observed outcome's flags byte; bits 4-6 hold the status (0: none).
  enum ObservedFlag {
    static let cachedTokens: UInt8 = 1 << 0
    static let pod: UInt8 = 1 << 1
    static let ttft: UInt8 = 1 << 2
    static let e2e: UInt8 = 1 << 3
    static let statusShift: UInt8 = 4
    static let reserved: UInt8 = 1 << 7
  }
}

/// The status numbering of the observed-outcome byte (1-4; 0 is "no status"), fixed here
/// rather than taken from the enum's declaration order.
enum RequestStatusCode {
  static func code(_ status: RequestStatus) -> UInt8 {
    switch status {
    case .ok: 1
    case .error: 2
    case .rejected: 3
    case .timeout: 4
    }
  }

  static func status(_ code: UInt8) -> RequestStatus? {
    switch code {
    case 1: .ok
    case 2: .error
    case 3: .rejected
    case 4: .timeout
    default: nil
    }
  }
}
