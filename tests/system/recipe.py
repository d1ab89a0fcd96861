"""The shipped deploy files (deploy/), read the way a platform or systemd reads them.

`procfile()` maps each Procfile process to its command; `exec_start(unit)` is a systemd
unit's ExecStart; `environment()` is deploy/plainly.env.example. `runnable(argv)` turns a
command as written into one that runs from this checkout: the install folder
(/srv/plainly) becomes the project folder and its virtualenv the one running the tests.
"""

import configparser
import shlex
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
INSTALL = "/srv/plainly"
VENV_BIN = Path(sys.executable).parent


def procfile() -> dict[str, list[str]]:
    """Each process of deploy/Procfile and its command, split as a shell would."""
    processes = {}
    for line in (DEPLOY / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = shlex.split(command)
    return processes


def unit(name: str) -> configparser.ConfigParser:
    """A systemd unit file of deploy/ (its keys keep their case)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read_string((DEPLOY / name).read_text())
    return parser


def exec_start(name: str) -> list[str]:
    """The command a service unit starts, split as systemd would."""
    return shlex.split(unit(name)["Service"]["ExecStart"])


def environment() -> dict[str, str]:
    """The settings of deploy/plainly.env.example (KEY=value lines, as systemd reads them)."""
    settings = {}
    for line in (DEPLOY / "plainly.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings[key.strip()] = value.strip()
    return settings


def without_install_prefix(argv: list[str]) -> list[str]:
    """A unit's command as a Procfile would write it: programs by name, paths relative."""
    program = argv[0].removeprefix(f"{INSTALL}/.venv/bin/")
    return [program, *(arg.removeprefix(f"{INSTALL}/") for arg in argv[1:])]


def runnable(argv: list[str]) -> list[str]:
    """`argv` with its program found in this virtualenv (it must be there)."""
    program = shutil.which(argv[0], path=str(VENV_BIN))
    assert program, f"{argv[0]} is not installed in {VENV_BIN}"
    return [program, *argv[1:]]
