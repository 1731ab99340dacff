// Module Replay: see the module's files.
