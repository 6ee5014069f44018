"""cli layer: the `modelreg` command.

Every command module is in this package, so deferring httpx's own command-line client here runs
before anything imports httpx (see httpx_cli.py).
"""

from modelreg.cli.httpx_cli import defer_httpx_cli

defer_httpx_cli()
