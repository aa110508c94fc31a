"""The entry point: dispatch to the GUI, the sandbox, ``token`` or ``call``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from workbench.cli.commands import run_call, run_token
from workbench.cli.credentials import SecretInput
from workbench.cli.errors import EXIT_OK, EXIT_USAGE, UsageError
from workbench.cli.parser import build_parser
from workbench.cli.terminal import printable


def main(argv: Sequence[str] | None = None) -> int:
    """Run the workbench command line and return the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "sandbox":
        # Everything after ``sandbox`` belongs to the sandbox's own parser (--help included).
        from workbench.sandbox.command import run_sandbox_command

        return run_sandbox_command(args_list[1:])

    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as stop:  # argparse exits on --help, --version and errors
        return _exit_code(stop)

    command: str | None = args.command
    if command is None:
        return _run_gui(args)
    if command == "sandbox":  # reached only with options before it: ``workbench --demo sandbox``
        return _usage_exit(parser, "the sandbox takes no options before 'sandbox'")
    inputs = SecretInput(environ=os.environ, stdin=sys.stdin)
    for stream in (sys.stdout, sys.stderr):  # a character the terminal cannot show is escaped
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        if command == "token":
            return run_token(args, inputs)
        if command == "requests":
            from workbench.cli.requests_command import run_requests

            return run_requests(args)
        return run_call(args, inputs)  # the parser knows no other command
    except UsageError as error:
        parser_for_command = _subparser(parser, command)
        return _usage_exit(parser_for_command, str(error))


def _exit_code(stop: SystemExit) -> int:
    """The integer an argparse ``SystemExit`` carries."""
    code = stop.code
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    return EXIT_USAGE


def _usage_exit(parser: argparse.ArgumentParser, message: str) -> int:
    """Print ``message`` the way argparse prints its own errors, and return 2."""
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {printable(message)}", file=sys.stderr)
    return EXIT_USAGE


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The subcommand parser called ``name`` (for its usage line)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found = action.choices.get(name)
            if isinstance(found, argparse.ArgumentParser):
                return found
    return parser


# ---------------------------------------------------------------------------- the GUI


def _run_gui(args: argparse.Namespace) -> int:
    """Open the window (lazily importing Qt only here)."""
    from workbench.app import run_gui

    gui_argv = [sys.argv[0] if sys.argv and sys.argv[0] else "workbench"]
    return run_gui(gui_argv, demo=args.demo, self_test=args.self_test)
