// Module Traces: see the module's files.
