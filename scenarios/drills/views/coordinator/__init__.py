"""The coordinator's pages, one module per kind of work: scheduling (schedule), the control
room (control) and what it posts (commands, teams), the lobby (lobby); common holds what
they share (who may run drills, the drill a coordinator controls)."""
