"""Command-line helpers shared by the two entry points."""

import sys


def option(argv, name, default=None):
    """The word after `name` in argv, or `default` when `name` is absent."""
    return argv[argv.index(name) + 1] if name in argv else default


def wants_help(argv, doc):
    """Print the entry point's docstring for -h/--help (and say so)."""
    if "-h" in argv or "--help" in argv:
        print(doc.strip())
        return True
    return False


def note(*parts):
    """A progress line on stderr."""
    print(*parts, file=sys.stderr, flush=True)
