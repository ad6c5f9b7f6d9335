"""What the route fuzzer sends: every rule of the url map, with generated values.

Values mix the site's real ones (slugs, public ids, observance keys, dates) with the
ones an outside tester tries: control characters, NUL bytes, huge numbers, years 1 and
9999, impossible dates, long text. Query and form names come from the code itself (the
`request.args.get("…")` calls and every form class), so routes and fields that other
work adds are fuzzed without touching this file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flask import Flask
from hypothesis import strategies as st
from werkzeug.routing import Rule
from wtforms.fields.core import UnboundField

WEB = Path(__file__).resolve().parents[2] / "calendar_app" / "web"
ROLES = ("anonymous", "member", "coordinator", "admin")
#: Routes that would end the role's session or exist only for the planted-fault tests.
SKIPPED = frozenset({"auth.logout", "static"})
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")

NASTY = ("", "\x00", "a\x00b", "\r\n", "x\ry", "\t", "\x7f", "/%09/evil.example",
         "//evil.example", "\\\\evil", "0", "-1", "2147483648", "9223372036854775808",
         "99999999999999999999999", "0001-01-01", "9999-12-31", "2026-02-30", "1949",
         "2101", "1", "9999", "1e9", "nan", "€", "<script>", "' OR 1=1 --", "a" * 300)


@dataclass(frozen=True)
class Call:
    role: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    form: tuple[tuple[str, str], ...]


def query_names() -> list[str]:
    """Every name the web code reads with request.args / request.form."""
    pattern = re.compile(r"request\.(?:args|form)\.(?:get|getlist)\(\s*\"([\w-]+)\"")
    names = {match for path in WEB.rglob("*.py") for match in pattern.findall(path.read_text())}
    return sorted(names | {"next", "lang"})


def form_names() -> list[str]:
    """Every field of every Flask-WTF form (sub-forms as name-0-field)."""
    from flask_wtf import FlaskForm

    names: set[str] = set()
    pending = list(FlaskForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        for name in dir(cls):
            if isinstance(getattr(cls, name, None), UnboundField):
                names |= {name, f"{name}-0-title", f"{name}-0"}
    return sorted(names)


def rules(app: Flask) -> list[Rule]:
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint not in SKIPPED
                   and not rule.rule.startswith("/_")), key=lambda rule: rule.rule)


def values(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(known + list(NASTY)),
        st.text(max_size=12),
        st.integers(min_value=-10, max_value=10**20).map(str),
        st.dates().map(lambda day: day.isoformat()),
    )


@st.composite
def path_for(draw: st.DrawFn, rule: Rule, known: dict[str, list[str]]) -> str:
    """The rule's path with each <argument> filled (real, nasty or random)."""
    def fill(match: re.Match[str]) -> str:
        converter, options, name = match.groups()
        if converter == "any":
            choices = [option.strip().strip("'\"") for option in (options or "").split(",")]
            return draw(st.sampled_from(choices))
        if converter == "int":
            return str(draw(st.one_of(st.sampled_from([0, 1, 2, 2026, 2**31, 2**63]),
                                      st.integers(min_value=0, max_value=10**20))))
        value = draw(values(known.get(name, []) + known.get("*", [])))
        return quote(value, safe="") or "x"

    return _ARGUMENT.sub(fill, rule.rule)


def calls(app: Flask, known: dict[str, list[str]]) -> st.SearchStrategy[Call]:
    query_keys, form_keys, every = query_names(), form_names(), rules(app)

    @st.composite
    def call(draw: st.DrawFn) -> Call:
        rule = draw(st.sampled_from(every))
        methods = sorted((rule.methods or set()) & {"GET", "POST"})
        method = draw(st.sampled_from(methods))
        pairs = st.tuples(st.sampled_from(query_keys), values(known.get("query", [])))
        fields = st.tuples(st.sampled_from(form_keys), values(known.get("form", [])))
        return Call(role=draw(st.sampled_from(ROLES)), method=method,
                    path=draw(path_for(rule, known)),
                    query=tuple(draw(st.lists(pairs, max_size=3))),
                    form=tuple(draw(st.lists(fields, max_size=8))) if method == "POST" else ())

    return call()
