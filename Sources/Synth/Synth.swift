// Module Synth: see the module's files.
