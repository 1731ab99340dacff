// Module Sharding: see the module's files.
