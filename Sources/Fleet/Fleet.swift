// Module Fleet: see the module's files.
