"""The lazy command table of `modelreg` agrees with the commands it stands for."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from modelreg.cli.main import LAZY_COMMANDS, cli


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_table_line_is_the_commands_own_short_help(name: str) -> None:
    entry = LAZY_COMMANDS[name]
    command = entry.load()
    assert command.name == name
    assert entry.short_help == command.get_short_help_str(limit=1000)


def test_top_level_help_lists_lazy_and_eager_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:", 1)[1]
    for name in [*LAZY_COMMANDS, "serve", "users", "tokens", "db"]:
        assert f"\n  {name} " in listed
    assert "Register, change and browse models." in listed


def test_a_lazy_commands_help_loads_it() -> None:
    result = CliRunner().invoke(cli, ["models", "create", "--help"])
    assert result.exit_code == 0, result.output
    assert "--owner" in result.output and "--license" in result.output
    assert isinstance(cli.commands["models"], click.Group)
