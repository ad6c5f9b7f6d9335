"""Read events.yaml safely into plain data, remembering the line of every key and item.

The file is composed (never constructed) with PyYAML's SafeLoader, so no tag is ever
executed; the node tree is then turned into dicts, lists and scalars by hand, which
lets us report duplicate keys (PyYAML silently keeps the last), refuse non-standard
tags such as `!!python/object/apply`, and keep 1-based line numbers for messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

Path = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "bool", "null", "float", "timestamp")}
_CONSTRUCT = SafeConstructor()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue, printed as `path:line: message` (1-based line)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ReadResult:
    """Plain data plus where each part came from; `data` is None after a syntax error."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_yaml(text: str, filename: str) -> ReadResult:
    """Parse `text` into plain Python data without constructing any YAML tag."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        return ReadResult(None, problems=[_syntax_problem(text, filename, exc)])
    except yaml.YAMLError as exc:
        return ReadResult(None, problems=[Problem(filename, 1, f"YAML error: {exc}")])
    result = ReadResult(None)
    if root is None:
        return result
    result.lines[()] = root.start_mark.line + 1
    result.data = _Converter(filename, result).convert(root, ())
    return result


def _syntax_problem(text: str, filename: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The syntax error on the line an administrator must fix.

    PyYAML marks where it gave up, which for an unclosed quote is far from the mistake: a
    quoted text may span lines, so it runs on to the next quote character in the file (or
    to the end of it). Such errors are reported where the quote opens instead.
    """
    opened = _unclosed_quote(text, exc)
    if opened is not None:
        start, end = opened
        return Problem(
            filename,
            start.line + 1,
            f"YAML syntax error: unterminated quote (the quoted text opened here runs on to "
            f"line {end.line + 1}; {exc.problem})",
        )
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    return Problem(filename, line, f"YAML syntax error: {exc.problem}")


def _unclosed_quote(
    text: str, exc: yaml.MarkedYAMLError
) -> tuple[yaml.Mark, yaml.Mark] | None:
    """Where a quote that ran past its line opened and where it ended, if it caused `exc`."""
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        return exc.context_mark, exc.problem_mark or exc.context_mark  # never closed
    problem = exc.problem_mark
    if problem is None:
        return None
    recent: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= problem.index:
                break
            recent = [*recent[-2:], token]
    except yaml.MarkedYAMLError:
        pass
    for token in reversed(recent):
        if (
            isinstance(token, yaml.ScalarToken)
            and token.style in ("'", '"')
            and token.end_mark.line > token.start_mark.line
        ):
            return token.start_mark, token.end_mark
    return None


class _Converter:
    """Walks the node tree once; aliases are refused so a file cannot expand exponentially."""

    def __init__(self, filename: str, result: ReadResult) -> None:
        self._filename = filename
        self._result = result
        self._seen: set[int] = set()

    def _problem(self, node: yaml.Node, message: str) -> None:
        self._result.problems.append(Problem(self._filename, node.start_mark.line + 1, message))

    def convert(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self._seen:
            self._problem(node, "YAML anchors and aliases are not allowed")
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode) and node.tag == f"{_TAG}map":
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == f"{_TAG}seq":
            return [self._item(child, path, index) for index, child in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            return self._scalar(node)
        self._problem(node, f"YAML tag {node.tag!r} is not allowed (the file is data only)")
        return None

    def _item(self, child: yaml.Node, path: Path, index: int) -> Any:
        self._result.lines[(*path, index)] = child.start_mark.line + 1
        return self.convert(child, (*path, index))

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "mapping keys must be plain words")
                continue
            key = str(key_node.value)
            if key in first_line:
                self._problem(key_node, f"duplicate key {key!r} (first on line {first_line[key]})")
                continue
            first_line[key] = line
            self._result.lines[(*path, key)] = line
            mapping[key] = self.convert(value_node, (*path, key))
        return mapping

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> Any:
        """Typed scalars; timestamps stay text so the schema can report bad dates itself."""
        if node.tag == f"{_TAG}int":
            return _CONSTRUCT.construct_yaml_int(node)
        if node.tag == f"{_TAG}bool":
            return _CONSTRUCT.construct_yaml_bool(node)
        if node.tag == f"{_TAG}float":
            return _CONSTRUCT.construct_yaml_float(node)
        if node.tag == f"{_TAG}null":
            return None
        return str(node.value)
