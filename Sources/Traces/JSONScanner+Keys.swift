extension JSONScanner {
  /// The id of the object's next key that `keys` knows, its value not yet read; the values of
  /// unknown keys are skipped. A known key given twice in one record is an error (`seen` holds
  /// the ids met so far, one bit each); `first` is true before the object's first key.
  @inline(__always)
  mutating func nextKnownKey(first: inout Bool, keys: KeyTable, names: [String], seen: inout UInt32) throws(FieldError) -> Int? {
    while let range = try nextKey(first: first) {
      first = false
      guard let index = keys.lookup(range, in: self) else {
        try skipValue()
        continue
      }
      let bit: UInt32 = 1 << UInt32(index)
      guard seen & bit == 0 else {
        throw FieldError(.malformedRecord, field: names[index], "the key appears twice in one record", hint: "keep one occurrence of each field")
      }
      seen |= bit
      return index
    }
    return nil
  }
}
