"""check_file / load_file: every problem reported as FILE:LINE: message, on the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_app.catalogue import CatalogueError
from calendar_app.catalogue import Problem
from calendar_app.catalogue import check_file
from calendar_app.catalogue import check_text
from calendar_app.catalogue import load_file
from calendar_app.catalogue import load_text
from tests.catalogue.conftest import EVENTS
from tests.catalogue.conftest import SMALL

VALID_BODY = """\
{j}name: {{nl: Geplant, en: Planted}}
{j}description: {{nl: Een geplante fout., en: A planted mistake.}}
{j}themes: [{theme}]
{j}rule: {{kind: fixed, month: 1, day: 2}}
{j}source: https://example.org/planted
{j}suggestions:
{j}  - {{nl: Niets., en: Nothing.}}
"""

# (key, line to change in VALID_BODY or None, replacement, expected message part, line marker)
MISTAKES = [
    ("planted-unknown-field", None, "{j}colour: purple\n", "unknown field 'colour'", "colour:"),
    (
        "planted-bad-date",
        "rule",
        "{j}rule:\n{j}  kind: announced\n{j}  dates:\n"
        "{j}    - {{start: 2024-02-30, end: 2024-03-02, source: 'https://example.org/a'}}\n",
        "bad date '2024-02-30'",
        "2024-02-30",
    ),
    (
        "planted-month-13",
        "rule",
        "{j}rule: {{kind: fixed, month: 13, day: 1}}\n",
        "from 1 to 12, got 13",
        "month: 13",
    ),
    (
        "planted-unknown-kind",
        "rule",
        "{j}rule: {{kind: lunar}}\n",
        "unknown rule kind 'lunar'",
        "kind: lunar",
    ),
    (
        "planted-no-english",
        "name",
        "{j}name: {{nl: Alleen Nederlands}}\n",
        "missing translation 'en'",
        "Alleen Nederlands",
    ),
    (
        "planted-unknown-theme",
        "themes",
        "{j}themes: [no-such-theme]\n",
        "unknown theme 'no-such-theme'",
        "no-such-theme",
    ),
    ("planted-no-source", "source", "", "missing required field 'source'", "planted-no-source:"),
    ("Bad_Key", None, "", "bad observance key 'Bad_Key'", "Bad_Key:"),
]


def _observance_indent(text: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("observances:"))
    first = next(
        line for line in lines[start + 1 :] if line.strip() and not line.lstrip().startswith("#")
    )
    return first[: len(first) - len(first.lstrip())]


def _entry(key: str, indent: str, theme: str, field: str | None, replacement: str) -> str:
    j = indent + "  "
    body = VALID_BODY.format(j=j, theme=theme).splitlines(keepends=True)
    if field is None:
        body.append(replacement.format(j=j))
    else:
        index = next(i for i, line in enumerate(body) if line.startswith(f"{j}{field}:"))
        body[index] = replacement.format(j=j)
    return f"{indent}{key}:\n" + "".join(body)


def _line_of(text: str, marker: str) -> int:
    matches = [number for number, line in enumerate(text.splitlines(), 1) if marker in line]
    assert len(matches) >= 1, marker
    return matches[-1]


def _planted(base: Path) -> tuple[str, list[tuple[int, str]]]:
    """The base text with nine mistakes appended, and the (line, message part) expected."""
    text = base.read_text(encoding="utf-8")
    catalogue = load_text(text, base.name)
    first_key = next(iter(catalogue.observances))
    theme = next(iter(catalogue.themes))
    indent = _observance_indent(text)
    text = text.rstrip("\n") + "\n"
    for key, field, replacement, _, _ in MISTAKES:
        text += _entry(key, indent, theme, field, replacement)
    text += _entry(first_key, indent, theme, None, "")
    expected = [(_line_of(text, marker), part) for _, _, _, part, marker in MISTAKES]
    expected.append((_line_of(text, f"{indent}{first_key}:"), f"duplicate key {first_key!r}"))
    return text, expected


def test_the_real_catalogue_is_valid() -> None:
    assert EVENTS.exists(), f"{EVENTS} is missing"
    assert [str(problem) for problem in check_file(EVENTS)] == []


def test_the_small_test_catalogue_is_valid() -> None:
    assert check_file(SMALL) == []


def test_nine_planted_mistakes_are_each_reported_on_their_line(
    base_file: Path, tmp_path: Path
) -> None:
    text, expected = _planted(base_file)
    copy = tmp_path / "events.yaml"
    copy.write_text(text, encoding="utf-8")
    problems = check_file(copy)
    for line, part in expected:
        assert any(p.line == line and part in p.message for p in problems), (line, part, problems)
    assert len(problems) == len(expected), [str(p) for p in problems]
    assert all(str(p).startswith(f"{copy}:{p.line}: ") for p in problems)


def test_a_yaml_syntax_error_is_reported_on_its_line(base_file: Path, tmp_path: Path) -> None:
    lines = base_file.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("observances:"))
    lines.insert(index + 1, "  broken: value: more\n")
    copy = tmp_path / "events.yaml"
    copy.write_text("".join(lines), encoding="utf-8")
    problems = check_file(copy)
    assert len(problems) == 1
    assert problems[0].line == index + 2
    assert problems[0].message.startswith("YAML syntax error")


def test_a_python_tag_is_rejected_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        "version: 1\nthemes: {}\n"
        f"observances: !!python/object/apply:os.system ['touch {marker}']\n",
        encoding="utf-8",
    )
    problems = check_file(evil)
    assert any(p.line == 3 and "python/object/apply:os.system" in p.message for p in problems)
    assert not marker.exists()
    with pytest.raises(CatalogueError):
        load_file(evil)


def test_load_file_raises_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 2\nthemes: {}\nobservances: {}\nextra: 1\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        load_file(bad)
    assert [(p.line, p.message) for p in raised.value.problems] == [
        (1, "version: unsupported version 2 (expected 1)"),
        (4, "extra: unknown field 'extra' (allowed: version, themes, observances)"),
    ]


def test_problem_prints_as_file_colon_line_colon_message() -> None:
    assert str(Problem("events.yaml", 12, "bad")) == "events.yaml:12: bad"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{kind: fixed, month: 2, day: 30}", "February has no day 30"),
        ("{kind: fixed, month: 2, day: 29}", "February has no day 29"),
        ("{kind: easter, calendar: julian}", "'julian' is not one of"),
        ("{kind: nth-weekday, month: 5, weekday: funday, n: 1}", "'funday' is not one of"),
        ("{kind: hebrew, month: nisan}", "missing required field 'day'"),
        ("{kind: fixed, month: 5, day: 4, extra: 1}", "unknown field 'extra'"),
    ],
)
def test_bad_rules_are_explained(rule: str, message: str) -> None:
    text = (
        "version: 1\nthemes: {t: {nl: T, en: T}}\nobservances:\n  x:\n"
        "    name: {nl: X, en: X}\n    description: {nl: X, en: X}\n    themes: [t]\n"
        f"    rule: {rule}\n    source: https://example.org\n    suggestions: [{{nl: X, en: X}}]\n"
    )
    problems = check_text(text)
    assert len(problems) == 1 and problems[0].line == 8 and message in problems[0].message, problems


def test_whole_month_is_only_for_islamic_rules() -> None:
    text = SMALL.read_text(encoding="utf-8").replace("    days: 8\n", "    days: whole-month\n")
    problems = check_text(text)
    assert [p.message for p in problems] == [
        "observances.pesach.days: 'whole-month' is only for kind 'islamic'"
    ]
