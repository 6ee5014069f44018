"""A click group whose commands are imported only when one is run or its help is shown.

Every `modelreg` call used to import every command module, and with them the SDK, the
database stack and the signing and scanning libraries: seconds before `--help` printed. The
group lists its lazy commands from a table of name -> (module, attribute, short help), so
top-level help needs no import, and a command's module is imported when it is invoked.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import click


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives, and the one line `modelreg --help` shows for it."""

    module: str
    attribute: str
    short_help: str

    def load(self) -> click.Command:
        """Import the module and return the command object."""
        command = getattr(importlib.import_module(self.module), self.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.module}.{self.attribute} is not a click command")
        return command


class LazyGroup(click.Group):
    """A group with eager commands (added as usual) and lazy ones (imported on first use)."""

    def __init__(
        self, *args: Any, lazy_commands: Mapping[str, LazyCommand] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Eager and lazy command names, sorted."""
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing its module the first time a lazy one is asked for."""
        lazy = self.lazy_commands.get(cmd_name)
        if lazy is not None and cmd_name not in self.commands:
            self.add_command(lazy.load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their short help; lazy ones from the table, not imported."""
        rows: list[tuple[str, str | None]] = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if not command.hidden:
                    rows.append((name, None))
            else:
                rows.append((name, self.lazy_commands[name].short_help))
        if not rows:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        # Table lines are shown whole (wrapped); loaded commands shorten theirs as click does.
        lines = [
            (name, text if text is not None else self.commands[name].get_short_help_str(limit))
            for name, text in rows
        ]
        with formatter.section("Commands"):
            formatter.write_dl(lines)
