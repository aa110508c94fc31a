"""Run the sandbox provider with ``python -m workbench.sandbox``."""

import sys

from workbench.sandbox.command import run_sandbox_command

sys.exit(run_sandbox_command(sys.argv[1:]))
