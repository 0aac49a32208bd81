"""Command-line adapter (Typer + Rich). No business logic: every command calls a use case."""
