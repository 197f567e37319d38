"""One module per ``mathlsp`` subcommand: argument parsing and output only; the work is in
the core packages."""
