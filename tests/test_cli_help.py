"""`--help` is the manual: every command and every option of the CLI says what it does."""
from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from claimgraph import cli


def commands(parser: argparse.ArgumentParser, prefix: str = "claimgraph") -> Iterator[
        tuple[str, argparse.ArgumentParser, str | None]]:
    """Every parser under this one, with its full command line and the help its parent lists for it."""
    yield prefix, parser, None
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                for path, p, listed_help in commands(sub, f"{prefix} {name}"):
                    yield path, p, listed.get(name) if p is sub else listed_help


ALL = list(commands(cli.parser()))


def test_every_registered_module_adds_a_command():
    names = {path.split()[1] for path, _, _ in ALL if len(path.split()) > 1}
    assert len(names) >= len(cli.COMMAND_MODULES)
    assert "analyze" in names


@pytest.mark.parametrize(("path", "parser", "listed"), ALL[1:], ids=[path for path, _, _ in ALL[1:]])
def test_every_command_has_a_help_line_and_a_description(path, parser, listed):
    assert listed and listed.strip(), f"{path}: no help in the list of commands"
    assert parser.description and parser.description.strip(), f"{path}: no description"


@pytest.mark.parametrize(("path", "parser"), [(p, q) for p, q, _ in ALL], ids=[path for path, _, _ in ALL])
def test_every_option_and_argument_has_a_help_string(path, parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue  # its commands are checked one by one
        name = "/".join(action.option_strings) or action.dest
        assert action.help and action.help != argparse.SUPPRESS and action.help.strip(), \
            f"{path} {name}: no help string"


@pytest.mark.parametrize("path", [path for path, _, _ in ALL])
def test_help_prints_and_exits_cleanly(path, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main([*path.split()[1:], "--help"])
    assert info.value.code == 0
    assert "usage: " + path in " ".join(capsys.readouterr().out.split())
