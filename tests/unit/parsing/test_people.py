"""Reading interviewers as typed (names, roles, the recruiter) and a name to sign notes with."""

from __future__ import annotations

import pytest

from bot.parsing.people import Person, clean_name, read_people


@pytest.mark.parametrize(
    ("typed", "people"),
    [
        (
            "Rui Costa (VP Eng), Ana, Tomás",
            [("Rui Costa", "VP Eng"), ("Ana", None), ("Tomás", None)],
        ),
        (
            "Rui Costa, VP Eng, Ana and Tomás",
            [("Rui Costa", "VP Eng"), ("Ana", None), ("Tomás", None)],
        ),
        ("rui & ana", [("Rui", None), ("Ana", None)]),
        (
            "Dr Ana Silva - Head of Data; Tomás from HR",
            [("Dr Ana Silva", "Head of Data"), ("Tomás", "HR")],
        ),
        ("Head of Data Ana Silva", [("Ana Silva", "Head of Data")]),
        ("the CTO and Ana", [(None, "the CTO"), ("Ana", None)]),
        ("Ana, the hiring manager", [("Ana", "the hiring manager")]),
        ("Dana Kim (Head of Sales & Marketing)", [("Dana Kim", "Head of Sales & Marketing")]),
        ("Jean-Luc Picard (CTO)/Beverly", [("Jean-Luc Picard", "CTO"), ("Beverly", None)]),
        ("Alexandra Anderson", [("Alexandra Anderson", None)]),
        ("Rui\nAna", [("Rui", None), ("Ana", None)]),
        ("I don't know yet", []),
        ("not sure", []),
        ("", []),
    ],
)
def test_interviewers_are_read_as_names_and_roles(
    typed: str, people: list[tuple[str | None, str | None]]
) -> None:
    assert [(p.name, p.role) for p in read_people(typed)] == people


@pytest.mark.parametrize(
    ("person", "first"),
    [
        (Person("Rui Costa", "VP Eng"), "Rui"),
        (Person("Tomás"), "Tomás"),
        (Person("Jean-Luc Picard"), "Jean-Luc"),
        (Person("Dr Ana Silva"), "Ana"),
        (Person("Dr Silva"), "Dr Silva"),  # a title and a surname are greeted together
        (Person(None, "the CTO"), None),  # a role alone is never greeted
    ],
)
def test_the_greeting_uses_the_first_name_never_the_role(person: Person, first: str) -> None:
    assert person.first_name == first


def test_the_recruiter_is_found_by_their_role() -> None:
    people = read_people("Rui Costa (VP Eng), Marta (Recruiter), Li from Talent, Ana (HR)")
    assert [p.recruiter for p in people] == [False, True, True, True]


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("Sam", "Sam"),
        ("  Ana   María ", "Ana María"),
        ("Sam 🚀", "Sam"),
        ("O'Brien", "O'Brien"),
        ("🚀🚀", None),
        ("1234", None),
        ("", None),
        (None, None),
        ("x" * 100, "x" * 40),
    ],
)
def test_a_name_to_sign_with_is_tidied_or_refused(given: str | None, name: str | None) -> None:
    assert clean_name(given) == name
