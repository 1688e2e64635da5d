"""`interview-coach check`: every broken dialog or template is named by file, line and state.

Each case copies the shipped dialogs/ and templates/, breaks exactly one thing, runs the
command and reads what it printed on stderr.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.check import check
from bot.cli import main
from bot.content.paths import dialogs_dir, templates_dir

# A small valid dialog; the line numbers below are the ones the tests expect.
MINIMAL = """\
name: broken
title: Broken
start: ask
finish: timezone

states:
  ask:
    question: timezone/ask.j2
    save_as: timezone
    input: {validator: zone}
    next: pick
  pick:
    question: Which one?
    next: finish
    choices:
      - {id: one, label: One}
      - {id: two, label: Two}
"""
ASK_LINE, ASK_QUESTION_LINE = 7, 8
PICK_LINE, PICK_QUESTION_LINE, PICK_NEXT_LINE, CHOICE_ONE_LINE = 12, 13, 14, 16
# An extra state appended after MINIMAL: its first line is line 18.
EXTRA = """\
  {name}:
    question: Anyone?
    next: finish
    choices:
      - {{id: ok, label: Ok}}
"""
EXTRA_LINE = 18
# A dialog that picks one of the user's interviews, or "none".
RECORD_DIALOG = """\
name: broken
title: Broken
start: pick
finish: prep

states:
  pick:
    question: Which one?
    save_as: interview
    choices_from: interviews
    next: ask
    choices:
      - {id: none, label: None, next: ask}
  ask:
    question: 'For {{ {"none": "nobody"}[answers.interview] }}?'
    next: finish
    choices:
      - {id: ok, label: Ok}
"""
RECORD_ASK_LINE = 14


class Site:
    """A copy of the shipped dialogs and templates that one test may break."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.dialogs = root / "dialogs"
        self.templates = root / "templates"
        shutil.copytree(dialogs_dir(), self.dialogs)
        shutil.copytree(templates_dir(), self.templates)
        self.file = self.dialogs / "broken.yaml"
        self._capsys = capsys

    def add(self, text: str = MINIMAL, *, command: bool = True) -> None:
        """Add dialogs/broken.yaml, started by /broken unless told otherwise."""
        self.file.write_text(text, encoding="utf-8")
        if command:
            commands = self.dialogs / "commands.yaml"
            data = yaml.safe_load(commands.read_text(encoding="utf-8"))
            data["commands"]["broken"] = {"description": "A dialog under test", "dialog": "broken"}
            commands.write_text(yaml.safe_dump(data), encoding="utf-8")

    def run(self) -> tuple[int, list[str]]:
        """Run `interview-coach check` on the copy; return its status and stderr lines."""
        self._capsys.readouterr()
        status = main(["check", "--dialogs", str(self.dialogs), "--templates", str(self.templates)])
        return status, self._capsys.readouterr().err.splitlines()

    def problem(self, state: str, message: str, line: int | None = None) -> str:
        """Run the check; assert it fails and names this file, state (and line) with `message`."""
        status, lines = self.run()
        assert status != 0
        where = f"{self.file}:{line}:" if line else f"{self.file}:"
        found = [
            p
            for p in lines
            if p.startswith(where) and f" state 'broken:{state}': " in p and message in p
        ]
        assert found, f"no problem at {where} state 'broken:{state}' about {message!r} in {lines}"
        return found[0]


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Site:
    """A breakable copy of the shipped content."""
    return Site(tmp_path / "content", capsys)


def replaced(old: str, new: str, text: str = MINIMAL) -> str:
    """Return the dialog text with `old` (which must be there) replaced by `new`."""
    assert old in text
    return text.replace(old, new)


# what passes


def test_the_shipped_dialogs_and_templates_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert check() == []
    assert main(["check"]) == 0
    out = capsys.readouterr()
    assert "OK" in out.out
    assert out.err == ""


def test_the_minimal_dialog_the_cases_start_from_passes(site: Site) -> None:
    site.add()
    assert site.run() == (0, [])


# 1. unknown keys


def test_an_unknown_key_in_a_state_names_file_line_and_state(site: Site) -> None:
    site.add(replaced("    next: finish\n", "    nxt: finish\n"))
    problem = site.problem("pick", "unknown key 'nxt'", line=PICK_NEXT_LINE)
    assert problem.startswith(f"{site.file}:{PICK_NEXT_LINE}: state 'broken:pick': ")


def test_an_unknown_key_in_a_choice_names_its_line(site: Site) -> None:
    site.add(replaced("{id: one, label: One}", "{id: one, label: One, wieght: 3}"))
    site.problem("pick", "unknown key 'wieght'", line=CHOICE_ONE_LINE)


# 2. unknown next states


def test_an_unknown_next_state_in_a_choice_is_named(site: Site) -> None:
    site.add(replaced("{id: one, label: One}", "{id: one, label: One, next: nowhere}"))
    site.problem("pick", "unknown next state 'nowhere'", line=CHOICE_ONE_LINE)


def test_an_unknown_next_state_of_a_state_is_named_once(site: Site) -> None:
    site.add(replaced("    next: finish\n", "    next: nowhere\n"))
    site.problem("pick", "unknown next state 'nowhere'", line=PICK_NEXT_LINE)
    # The choices that inherit it are not reported again, nor is a loop that isn't one.
    assert len(site.run()[1]) == 2  # the problem and the count


# 3. unreachable states


def test_an_unreachable_state_is_named(site: Site) -> None:
    site.add(MINIMAL + EXTRA.format(name="lonely"))
    site.problem("lonely", "unreachable", line=EXTRA_LINE)


# 4. no way forward


def test_a_state_without_choices_or_input_has_no_way_forward(site: Site) -> None:
    site.add(MINIMAL.split("    choices:\n")[0])
    site.problem("pick", "no way forward", line=PICK_LINE)


def test_a_choice_without_next_has_no_way_forward(site: Site) -> None:
    site.add(replaced("    next: finish\n", ""))
    # One line less above the choices now.
    site.problem("pick", "choice 'one' has no next state", line=CHOICE_ONE_LINE - 1)
    site.problem("pick", "choice 'two' has no next state", line=CHOICE_ONE_LINE)


def test_a_loop_that_never_reaches_finish_has_no_way_forward(site: Site) -> None:
    site.add(replaced("    next: finish\n", "    next: ask\n"))
    site.problem("ask", "loops without finishing", line=ASK_LINE)
    site.problem("pick", "loops without finishing", line=PICK_LINE)


# 5. missing templates


def test_a_missing_question_template_is_named(site: Site) -> None:
    site.add(replaced("timezone/ask.j2", "signals/nope.j2"))
    site.problem("ask", "missing template 'signals/nope.j2'", line=ASK_QUESTION_LINE)


def test_a_missing_note_template_is_named(site: Site) -> None:
    site.add(replaced("{id: one, label: One}", "{id: one, label: One, note: signals/nope.j2}"))
    site.problem("pick", "missing template 'signals/nope.j2'", line=CHOICE_ONE_LINE)


# 6. templates that fail to render with the dialog's context


def test_a_question_template_with_a_typo_fails_to_render(site: Site) -> None:
    (site.templates / "signals" / "typo.j2").write_text("How was {{ interview.compnay }}?\n")
    site.add(replaced("question: Which one?", "question: signals/typo.j2"))
    problem = site.problem("pick", "fails to render", line=PICK_QUESTION_LINE)
    assert "compnay" in problem


def test_an_inline_question_naming_an_unknown_answer_fails_to_render(site: Site) -> None:
    site.add(replaced("question: Which one?", "question: '{{ answers.nonexistent.x }}'"))
    problem = site.problem("pick", "fails to render", line=PICK_QUESTION_LINE)
    assert "nonexistent" in problem


def test_a_text_line_ending_in_a_tag_that_eats_its_line_break_is_named(site: Site) -> None:
    (site.templates / "signals" / "joined.j2").write_text(
        "<b>Title</b>{% if answers %} (more){% endif %}\n\nNext paragraph.\n"
        "{% if answers %}\nA line of tags only is fine.\n{% endif %}\n"
        "Kept{% if answers %} too{% endif +%}\n\nLast line{% if answers %}!{% endif %}\n"
    )
    status, lines = site.run()
    assert status != 0
    named = [line for line in lines if "joined.j2:" in line]
    assert len(named) == 1, named
    assert named[0].startswith(f"{site.templates / 'signals' / 'joined.j2'}:1: ")
    assert "'+%}'" in named[0]


def test_a_note_template_that_fails_to_render_is_named(site: Site) -> None:
    (site.templates / "signals" / "typo.j2").write_text("{{ answers.nonexistent.x }}\n")
    site.add(replaced("{id: one, label: One}", "{id: one, label: One, note: signals/typo.j2}"))
    site.problem("pick", "fails to render", line=CHOICE_ONE_LINE)


def test_an_answer_used_before_it_is_given_is_caught_by_the_walk(site: Site) -> None:
    # The sample context holds every answer, so only running the dialog shows this one.
    site.add(replaced("question: timezone/ask.j2", "question: 'Still {{ answers.timezone }}?'"))
    problem = site.problem("ask", "UndefinedError", line=ASK_LINE)
    assert "walking the dialog" in problem


def test_an_interview_used_where_there_is_none_is_caught_by_the_walk(site: Site) -> None:
    # The timezone dialog is about no interview: `interview` is None when it runs.
    site.add(replaced("question: Which one?", "question: 'At {{ interview.company }}?'"))
    site.problem("pick", "UndefinedError", line=PICK_LINE)


def test_an_answer_that_breaks_only_with_an_interview_on_file_is_caught_by_the_walk(
    site: Site,
) -> None:
    # The sample context and a walk with no interview both pick "none"; only a walk with an
    # interview on file picks it (i1) and shows the question failing.
    site.add(RECORD_DIALOG)
    problem = site.problem("ask", "UndefinedError", line=RECORD_ASK_LINE)
    assert "with an interview on file" in problem
    # Only the walk with an interview on file finds it; the other walks pass.
    _, lines = site.run()
    assert all("broken" not in p or "with an interview on file" in p for p in lines[:-1])


# 7. names provided by code: validators, actions, providers, finishers


def test_the_old_timezone_validator_is_unknown(site: Site) -> None:
    site.add(replaced("{validator: zone}", "{validator: timezone}"))
    problem = site.problem("ask", "unknown validator 'timezone'", line=ASK_LINE + 3)
    assert "zone" in problem and "quiet_hours" in problem and "moment" in problem


def test_an_unknown_action_is_named_with_the_known_ones(site: Site) -> None:
    site.add(replaced("    next: pick\n", "    next: pick\n    on_answer: ring_bell\n"))
    problem = site.problem("ask", "unknown action 'ring_bell'", line=ASK_LINE + 5)
    assert "story_delete, story_edit, story_save, story_tag" in problem


def test_an_unknown_provider_is_named_with_the_known_ones(site: Site) -> None:
    site.add(
        replaced("    question: Which one?\n", "    question: Which one?\n    choices_from: pets\n")
    )
    problem = site.problem("pick", "unknown choices_from 'pets'", line=PICK_QUESTION_LINE + 1)
    for known in ("interviews", "stories", "reminders"):
        assert known in problem


@pytest.mark.parametrize("finisher", ["interviews", "timezone", "debrief", "prep", "reminders"])
def test_the_new_finishers_can_end_a_dialog(site: Site, finisher: str) -> None:
    # (signals needs a company and role to score; the shipped signal check walks it.)
    site.add(replaced("finish: timezone", f"finish: {finisher}"))
    assert site.run() == (0, [])


def test_an_unknown_finisher_is_named(site: Site) -> None:
    site.add(replaced("finish: timezone", "finish: party"))
    status, lines = site.run()
    assert status != 0
    assert any(
        p.startswith(f"{site.file}:4:") and "unknown finisher 'party'" in p for p in lines
    ), lines


# the prep plan and the command list are not dialogs


def test_the_prep_plan_and_command_list_are_not_walked_as_dialogs(site: Site) -> None:
    site.add()
    status, lines = site.run()
    assert (status, lines) == (0, [])
    assert "prep_plan" not in " ".join(lines) and "commands.yaml" not in " ".join(lines)


def test_a_prep_item_with_a_missing_template_is_named(site: Site) -> None:
    plan = site.dialogs / "prep_plan.yaml"
    plan.write_text(plan.read_text().replace("prep/items/research.j2", "prep/items/nope.j2"))
    status, lines = site.run()
    assert status != 0
    assert f"{plan}: missing template 'prep/items/nope.j2'" in lines


def test_a_prep_item_due_after_the_interview_is_named(site: Site) -> None:
    plan = site.dialogs / "prep_plan.yaml"
    text = plan.read_text()
    marker = "  research:\n    label: Research what's new\n    due: prep_72h\n"
    assert marker in text
    plan.write_text(text.replace(marker, marker.replace("prep_72h", "debrief")))
    status, lines = site.run()
    assert status != 0
    assert f"{plan}: item 'research' is due at a reminder that is not a prep one" in lines


# the file as a whole


def test_a_yaml_syntax_error_names_file_and_line(site: Site) -> None:
    site.add(replaced("question: Which one?", "question: Which: one?"))
    status, lines = site.run()
    assert status != 0
    assert any(p.startswith(f"{site.file}:{PICK_QUESTION_LINE}: not valid YAML") for p in lines)


def test_a_state_given_twice_is_reported(site: Site) -> None:
    site.add(MINIMAL + EXTRA.format(name="pick"))
    site.problem("pick", "'pick' is given twice", line=EXTRA_LINE)


def test_a_dialog_no_command_starts_is_reported(site: Site) -> None:
    site.add(command=False)
    status, lines = site.run()
    assert status != 0
    assert f"{site.file}:1: no command in commands.yaml starts dialog 'broken'" in lines


def test_every_problem_is_reported_with_a_count(site: Site) -> None:
    site.add(replaced("timezone/ask.j2", "signals/nope.j2") + EXTRA.format(name="lonely"))
    status, lines = site.run()
    assert status == 1
    assert len(lines) == 3
    assert lines[-1] == "2 problem(s) found"


# the real command


LAUNCHERS = {
    "python -m bot": [sys.executable, "-m", "bot"],
    "console script": [str(Path(sys.executable).with_name("interview-coach"))],
}


@pytest.mark.parametrize("launcher", LAUNCHERS)
def test_the_command_exits_non_zero_and_names_the_problem(site: Site, launcher: str) -> None:
    command = LAUNCHERS[launcher]
    if not Path(command[0]).exists():
        pytest.skip(f"{command[0]} is not installed")
    site.add(replaced("{id: one, label: One}", "{id: one, label: One, next: nowhere}"))
    done = subprocess.run(
        [*command, "check", "--dialogs", str(site.dialogs), "--templates", str(site.templates)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=site.dialogs.parent,
    )
    assert done.returncode == 1
    expected = f"{site.file}:{CHOICE_ONE_LINE}: state 'broken:pick': unknown next state 'nowhere'"
    assert expected in done.stderr.splitlines()
    assert "OK" not in done.stdout


def test_a_command_whose_action_no_feature_registers_is_named(site: Site) -> None:
    commands = site.dialogs / "commands.yaml"
    data = yaml.safe_load(commands.read_text(encoding="utf-8"))
    data["commands"]["oops"] = {"description": "A command under test", "action": "nope"}
    commands.write_text(yaml.safe_dump(data), encoding="utf-8")

    status, lines = site.run()

    assert status != 0
    assert any(
        line.startswith(f"{commands}:") and "command '/oops': unknown action 'nope'" in line
        for line in lines
    ), lines
