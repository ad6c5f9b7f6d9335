"""check_file / load_file: every problem reported as FILE:LINE: message, on the right line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
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
{j}importance: awareness
{j}since: 2000
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
    (
        "planted-no-importance",
        "importance",
        "",
        "missing required field 'importance'",
        "planted-no-importance:",
    ),
    (
        "planted-bad-importance",
        "importance",
        "{j}importance: high\n",
        "'high' is not one of: major, awareness",
        "importance: high",
    ),
    (
        "planted-day-off-overlap",
        None,
        "{j}day_off:\n{j}  - {{until: 2024, every: 5}}\n{j}  - {{from: 2020}}\n",
        "day_off periods overlap",
        "{from: 2020}",
    ),
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


# Mistakes planted INSIDE existing entries of events.yaml:
# (entry key, start of the line to change, its replacement lines ("{line}" keeps the
# original), expected message part, start of the reported line or None for the entry's key)
INSIDE = [
    ("idahot", "themes:", ["{line}", "colour: purple"], "unknown field 'colour'", "colour:"),
    (
        "pride-amsterdam",
        "- start: 2024-07-27",
        ["- start: 2024-02-30"],
        "bad date '2024-02-30'",
        "- start: 2024-02-30",
    ),
    ("keti-koti", "month: 7", ["month: 13"], "from 1 to 12, got 13", "month: 13"),
    # Ramadan has `days: whole-month`: the unknown kind must not also make that an error.
    ("ramadan", "kind: islamic", ["kind: lunar"], "unknown rule kind 'lunar'", "kind: lunar"),
    ("vesak", "en: Vesak", [], "missing translation 'en'", "name:"),
    ("pesach", "themes:", ["themes: [no-such-theme]"], "unknown theme 'no-such-theme'", "themes:"),
    ("coming-out-day", "source:", [], "missing required field 'source'", None),
    ("divali", "importance:", [], "missing required field 'importance'", None),
    ("transgender-zichtbaarheid", "since: 2009", [], "missing required field 'since'", None),
    ("roze-filmdagen", "since: 1996", ["since: 2025"],
     "dated 2024-03-13, before the first year it was held (since: 2025)", "- start: 2024-03-13"),
    ("koningsdag", "until: 1979", ["until: 1985"], "earlier_rules periods overlap",
     "- from: 1980"),
    ("chanoeka", "since: ancient", ["since: unknown"], "'unknown' is only for announced dates",
     "since: unknown"),
    ("bevrijdingsdag", "- {from: 2024}", ["- {from: 2023}"], "day_off periods overlap",
     "- {from: 2023}"),
    ("wereld-autisme-dag", "day: 2", ["day: 31"], "April has no day 31", "day: 31"),
    (
        "koningsdag",
        "day: 27",
        ["{line}", "day: 28"],
        "duplicate key 'day' (first on line",
        "day: 28",
    ),
    (
        "wereld-stotterdag",
        "wereld-stotterdag:",
        ["Wereld_Stotterdag:"],
        "bad observance key 'Wereld_Stotterdag'",
        "Wereld_Stotterdag:",
    ),
]


def _entry_range(lines: list[str], key: str) -> range:
    """The line indexes of observance `key`: its key line up to the next entry's."""
    start = next(i for i, line in enumerate(lines) if line.rstrip() == f"  {key}:")
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"  \S", lines[i])), len(lines))
    return range(start, end)


def _planted_inside(base: Path) -> tuple[str, list[tuple[int, str]]]:
    """events.yaml with the INSIDE mistakes made in place, and the (line, message) expected."""
    lines = base.read_text(encoding="utf-8").splitlines()
    reported: list[list[int | str]] = []  # [0-based line, message part], shifted by later edits
    for key, old, new, part, marker in INSIDE:
        entry = _entry_range(lines, key)
        index = next(i for i in entry if lines[i].strip().startswith(old))
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        lines[index : index + 1] = [
            lines[index] if item == "{line}" else indent + item for item in new
        ]
        for item in reported:
            if int(item[0]) > index:
                item[0] = int(item[0]) + len(new) - 1
        wanted = marker or lines[entry.start].strip()
        at = next(i for i in range(entry.start, len(lines)) if lines[i].strip().startswith(wanted))
        reported.append([at, part])
    return "\n".join(lines) + "\n", [(int(line) + 1, str(part)) for line, part in reported]


def assert_each_reported_once_on_its_line(folder: Path, text: str,
                                          expected: list[tuple[int, str]]) -> None:
    """check-events on `text` reports exactly the `expected` (line, message part) pairs,
    each as `FILE:LINE: message`."""
    copy = folder / "events.yaml"
    copy.write_text(text, encoding="utf-8")
    problems = check_file(copy)
    for line, part in expected:
        assert any(p.line == line and part in p.message for p in problems), (line, part, problems)
    assert len(problems) == len(expected), [str(p) for p in problems]
    assert all(str(p).startswith(f"{copy}:{p.line}: ") for p in problems)


def test_mistakes_planted_inside_existing_entries_are_each_reported_once_on_their_line(
    base_file: Path, tmp_path: Path
) -> None:
    assert_each_reported_once_on_its_line(tmp_path, *_planted_inside(base_file))


def _check_events_cli(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "diversity-calendar"
    env = {**os.environ, "INSTANCE_PATH": str(tmp_path / "instance")}
    return subprocess.run(
        [str(executable), "check-events", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_check_events_cli_passes_on_events_yaml(base_file: Path, tmp_path: Path) -> None:
    result = _check_events_cli(base_file, tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"{base_file}: OK\n"


def test_check_events_cli_fails_on_the_planted_copy_with_file_line_messages(
    base_file: Path, tmp_path: Path
) -> None:
    text, expected = _planted_inside(base_file)
    copy = tmp_path / "planted.yaml"
    copy.write_text(text, encoding="utf-8")
    result = _check_events_cli(copy, tmp_path)
    assert result.returncode == 1
    *messages, summary = result.stderr.splitlines()
    assert summary == f"Error: {copy}: {len(expected)} problem(s) found"
    assert len(messages) == len(expected)
    pattern = re.compile(rf"{re.escape(str(copy))}:(\d+): \S.*")
    assert all(pattern.fullmatch(message) for message in messages), messages
    reported = [(int(pattern.fullmatch(m).group(1)), m) for m in messages]  # type: ignore[union-attr]
    for line, part in expected:
        assert any(n == line and part in m for n, m in reported), (line, part, messages)


def test_the_real_catalogue_is_valid() -> None:
    assert EVENTS.exists(), f"{EVENTS} is missing"
    assert [str(problem) for problem in check_file(EVENTS)] == []


def test_the_small_test_catalogue_is_valid() -> None:
    assert check_file(SMALL) == []


def test_nine_planted_mistakes_are_each_reported_on_their_line(
    base_file: Path, tmp_path: Path
) -> None:
    assert_each_reported_once_on_its_line(tmp_path, *_planted(base_file))


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
        "    importance: awareness\n    since: 2000\n"
    )
    problems = check_text(text)
    assert len(problems) == 1 and problems[0].line == 8 and message in problems[0].message, problems


def test_whole_month_is_only_for_islamic_rules() -> None:
    text = SMALL.read_text(encoding="utf-8").replace("    days: 8\n", "    days: whole-month\n")
    problems = check_text(text)
    assert [p.message for p in problems] == [
        "observances.pesach.days: 'whole-month' is only for kind 'islamic'"
    ]


def test_a_day_the_month_lacks_is_reported_on_the_day_line_not_the_rule_line() -> None:
    text = (
        "version: 1\nthemes: {t: {nl: T, en: T}}\nobservances:\n  x:\n"
        "    name: {nl: X, en: X}\n    description: {nl: X, en: X}\n    themes: [t]\n"
        "    rule:\n      kind: fixed\n      month: 4\n      day: 31\n"
        "    source: https://example.org\n    suggestions: [{nl: X, en: X}]\n"
        "    importance: awareness\n    since: 2000\n"
    )
    problems = check_text(text)
    assert [(p.line, p.message) for p in problems] == [
        (11, "observances.x.rule.day: bad date: April has no day 31 every year")
    ]


def _with_line_changed(base: Path, old: str, new: str) -> tuple[str, int]:
    lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
    index = max(i for i, line in enumerate(lines) if line.startswith(old))
    lines[index] = lines[index].replace(old, new, 1)
    return "".join(lines), index + 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("      nl: Vesak\n", '      nl: "Vesak\n'),  # runs on to the next '"' in the file
        ("      en: Vesak\n", "      en: 'Vesak\n"),  # second key of its mapping
        ("    source: ", '    source: "'),  # the last entry's source
    ],
    ids=["double-quote", "single-quote-second-key", "last-source"],
)
def test_an_unterminated_quote_is_reported_where_the_quote_opens(
    base_file: Path, old: str, new: str
) -> None:
    text, line = _with_line_changed(base_file, old, new)
    problems = check_text(text)
    assert len(problems) == 1, problems
    assert problems[0].line == line
    assert problems[0].message.startswith("YAML syntax error: unterminated quote")


def test_a_quote_never_closed_before_the_end_of_the_file_is_reported_where_it_opens() -> None:
    problems = check_text('version: 1\nthemes: {}\nobservances:\n  x:\n    name: "X\n\n')
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (5, "YAML syntax error: unterminated quote")
    ]
