// Module Measurements: see the module's files.
