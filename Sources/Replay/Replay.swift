// Replay: being integrated.
