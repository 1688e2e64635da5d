"""Typed text: a /command, a button's label, an answer, or something the router places.

A message answers the open question when it fits it. When it does not, and the router is
sure it asks for something else, the question is parked (bot/coach/parking.py) and the coach
does what was asked, with a button back. A question asked hours ago no longer takes free text:
the message is read as if nothing were open. What cannot be placed is quoted back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bot.coach.parking import RESUME, SHOW, USE_TEXT
from bot.coach.parts import Parts
from bot.coach.runner import Runner
from bot.coach.screens import BACK, Screens
from bot.content.answers import Answer
from bot.content.routes import ANSWER_PREFIX, Route
from bot.content.synonyms import synonyms
from bot.domain.events import Choice, Reply
from bot.domain.records import User
from bot.domain.reminders import Kind
from bot.features.common import interview_choice_id
from bot.flow.engine import Refused, Session
from bot.flow.hooks import COMMAND_PREFIX, MENU_TOKEN
from bot.flow.validators import Invalid
from bot.parsing.choice_words import read_choice
from bot.parsing.invitation import Invitation, read_invitation

MATCH_LIMIT = 80
"""Longer text is never taken for a button's label."""
ANY_WORDS = frozenset({"note", "company", "role", "names"})
"""Checks that take any words: at such a question only a question the router places, or an
interrupting intent it is sure of ("I got the offer!"), is news; the rest is the answer."""
NEWS_WORDS = 3
"""A refused answer this short is a slip at the question, never a request ("tomorrow", "IST")."""
SURE = 0.8
"""A refused answer the router is this sure of, in a sentence, asks for something else."""
LIKELY = 0.6
"""Enough for news that interrupts ("I got the offer!"), in a sentence."""
DEBRIEF_WINDOW = timedelta(hours=12)
"""How long after the debrief nudge a plain sentence is taken as the debrief."""
INVITATION_DIALOG = "invitation"
STARTED_BY_COACH = frozenset({INVITATION_DIALOG})
"""Dialogs no command starts: the coach opens them when it reads what they are for."""
DEBRIEF_DIALOG = "debrief"


@dataclass(frozen=True)
class Parsed:
    """A typed command: its name and what follows it."""

    command: str
    args: str


def parse_command(text: str) -> Parsed | None:
    """Split "/name@bot args" into name and args; None when text is not a command."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    head, _, args = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].casefold()
    return Parsed(name, args.strip())


def is_question(text: str) -> bool:
    """Tell whether a message asks something (ends with a question mark): no note does."""
    return text.rstrip().rstrip("!🙏🤔😅😬").rstrip().endswith("?")


def is_news(text: str, where: Destination) -> bool:
    """Tell whether a message a question refused asks for something else, rather than being
    a slip at answering it ("tomorrow" at a date question is a slip; "should I follow up
    yet?" is not): a question, news in a sentence, or a sentence the router is sure of."""
    if is_question(text):
        return True
    if len(text.split()) < NEWS_WORDS:
        return False
    return where.confidence >= (LIKELY if where.interrupts else SURE)


def match(text: str, choices: list[Choice]) -> str | None:
    """Return the id of the choice the text names, or None.

    Its label or id first (ignoring case, spaces and punctuation), then looser readings
    (bot/parsing/choice_words.py): "yeah", "nope", "idk", 👍 for a choice tagged `means:` in
    its dialog, "2nd round" for "Second round", "about an hour" for "1 hour".
    """
    if len(" ".join(text.split())) > MATCH_LIMIT:
        return None
    return read_choice(text, choices, synonyms().by_meaning())


@dataclass(frozen=True)
class Destination:
    """Where the router places free text: a command's route or a straight answer."""

    intent: str
    confidence: float
    route: Route | None = None
    answer: Answer | None = None

    @property
    def interrupts(self) -> bool:
        """Whether it is news even at a question that takes any words."""
        return self.route is not None and self.route.interrupts


class FreeText:
    """Answers typed text."""

    def __init__(self, parts: Parts, screens: Screens, runner: Runner) -> None:
        self.parts, self.screens, self.runner = parts, screens, runner
        self.parking = screens.parking

    def read(self, user: User, session: Session | None, text: str) -> list[Reply]:
        """Answer one typed message."""
        screens, runner = self.screens, self.runner
        parsed = parse_command(text)
        if parsed is not None:
            return runner.run_command(user, session, parsed.command, parsed.args)
        if session is None:
            picked = match(text, screens.menu_choices())
            if picked is not None:
                return runner.run_command(user, None, picked.removeprefix(COMMAND_PREFIX), "")
            if not text.strip():
                return [screens.menu(user)]
            return self.elsewhere(user, text)
        if not text.strip():
            return screens.refuse(user, session, Invalid("empty"))
        # "back" typed at the first question means Back, even though no Back button is shown.
        choices = screens.choices(user, session, every=True)
        if all(c.id != BACK for c in choices):
            choices.append(Choice(BACK, self.parts.renderer.label("back")))
        picked = match(text, choices)
        if picked is not None:
            return runner.answer(user, session, choice=picked)
        if self.parking.is_stale(user):
            # Asked hours ago: the message is news, read as if nothing were open.
            self.parking.park(user, session, text)
            return self.elsewhere(user, text, kept=True)
        invitation = self.invitation(user, text)
        if invitation is not None:
            self.parking.park(user, session)
            return self.pasted(user, invitation)
        state = self.parts.engine.state_of(session)
        where = self.destination(text)
        if state.input is None:
            if where is not None and is_news(text, where):
                return self.aside(user, session, text, where)
            return self.unplaced(user, session, text)
        if state.input.validator in ANY_WORDS:
            if where is not None and (
                is_question(text) or (where.interrupts and where.confidence >= SURE)
            ):
                return self.aside(user, session, text, where)
            return runner.answer(user, session, text=text)
        step = runner.type_step(user, session, text)
        if not isinstance(step, Refused):
            return runner.take(user, step)
        if where is not None and is_news(text, where):
            return self.aside(user, session, text, where)
        return screens.refuse(user, session, step.reason, given=text)

    @staticmethod
    def is_command(text: str) -> bool:
        """Tell whether typed text is a /command."""
        return parse_command(text) is not None

    def unseen(self, user: User, session: Session, text: str) -> list[Reply]:
        """Answer the first message after replies that never reached the user: it is not
        filed under the question they never saw, but quoted back (saying so when it repeats
        an answer already saved, the usual retry), with that question sent again."""
        folded = " ".join(text.split()).casefold()
        saved = any(
            isinstance(value, str) and " ".join(value.split()).casefold() == folded
            for value in session.answers.values()
        )
        prompt = self.screens.prompt(user, session)
        note = self.parts.renderer.render("core/unseen.j2", given=text, saved=saved)
        return [replace(prompt, text=f"{note}\n\n{prompt.text}")]

    def aside(self, user: User, session: Session, text: str, where: Destination) -> list[Reply]:
        """Do what a message asked in the middle of a question, with a way back to it. A
        straight answer leaves the question open (its buttons still work); anything else
        parks it first."""
        if where.answer is not None:
            title = self.parts.engine.dialog(session.dialog).title
            back = Choice(SHOW, self.parts.renderer.label("resume").format(title=title))
            reply = self.answered(user, where.answer)
            return [replace(reply, choices=(*reply.choices, back))]
        self.parking.park(user, session)
        return self.go(user, text, where)

    def destination(self, text: str) -> Destination | None:
        """Return where free text leads, or None when the router is not sure enough."""
        parts = self.parts
        if parts.router is None:
            return None
        routed = parts.router.route(text)
        intent, confidence = routed.intent, routed.confidence
        if intent.startswith(ANSWER_PREFIX):
            answer = parts.answers.get(intent.removeprefix(ANSWER_PREFIX))
            terse = len(text.split()) < NEWS_WORDS and not is_question(text)
            if answer is None or (terse and confidence < SURE):
                return None  # "Senior Analyst" is a role, not a question about senior leaders
            return Destination(intent, confidence, answer=answer)
        route = (parts.routes or {}).get(intent)
        if route is None or route.command not in parts.commands:
            return None
        return Destination(intent, confidence, route=route)

    def elsewhere(self, user: User, text: str, *, kept: bool = False) -> list[Reply]:
        """Answer free text that answers no open question: a pasted invitation, the debrief
        after its nudge, what the router places, or a quote of it with what can be done.
        `kept`: the message is kept with a question just parked, to answer it with."""
        invitation = self.invitation(user, text)
        if invitation is not None:
            return self.pasted(user, invitation)
        where = self.destination(text)
        if where is None or not (where.interrupts or is_question(text)):
            debrief = self.debrief(user, text)
            if debrief is not None:
                return self.parking.offer(user, debrief)
        if where is not None:
            return self.go(user, text, where)
        if kept:
            return [self.kept(user, text)]
        return [self.screens.say("core/not_understood.j2", given=text), self.screens.menu(user)]

    def pasted(self, user: User, invitation: Invitation) -> list[Reply]:
        """Open the review of a pasted invitation, with what was read from it."""
        preset = {"invitation": invitation.as_answers()}
        replies = self.runner.begin(user, INVITATION_DIALOG, "", preset=preset)
        return self.parking.offer(user, replies)

    def go(self, user: User, text: str, where: Destination) -> list[Reply]:
        """Do what the router placed: a straight answer, or the command of a route."""
        screens, runner = self.screens, self.runner
        if where.answer is not None:
            return self.parking.offer(user, [self.answered(user, where.answer)])
        route = where.route
        assert route is not None
        command = self.parts.commands[route.command]
        lead = screens.say("core/routed.j2", command=route.command, description=command.description)
        args = text if route.text else ""
        if command.dialog:
            replies = runner.begin(user, command.dialog, args, route.answers, typed=args)
        else:
            replies = runner.run_command(user, None, route.command, args)
        return self.parking.offer(user, [lead, *replies])

    def answered(self, user: User, answer: Answer) -> Reply:
        """Return a straight answer, with its action as a button. The words may read the
        interview (named only when there is no doubt which one is meant) and whether it is
        behind the user (`after`), which may also change the button."""
        interviews = self.parts.store.interviews(user.id)
        interview = interviews[0] if len(interviews) == 1 else None
        now = self.parts.clock.now()
        after = any(i.ends_at is not None and i.ends_at <= now for i in interviews)
        renderer = self.parts.renderer
        text = renderer.render(answer.template, user=user, interview=interview, after=after)
        button = answer.button(after)
        choices: tuple[Choice, ...] = ()
        if button is not None:
            command, label = button
            choices = (Choice(COMMAND_PREFIX + command, renderer.label(label)),)
        return Reply(text, choices, token=MENU_TOKEN)

    def unplaced(self, user: User, session: Session, text: str) -> list[Reply]:
        """Quote back a message that is neither an option nor anything the coach can place."""
        options = [c.label for c in self.screens.choices(user, session)]
        note = self.screens.say("core/not_an_option.j2", given=text, options=options)
        return [note, self.screens.prompt(user, session)]

    def kept(self, user: User, text: str) -> Reply:
        """Quote back a message that came long after the open question, with what it can do."""
        parked = self.parking.parked(user)
        assert parked is not None
        question, _ = parked
        state = self.parts.engine.state_of(question)
        label = self.parts.renderer.label
        title = self.parts.engine.dialog(question.dialog).title
        choices = [Choice(RESUME, label("resume").format(title=title))]
        if state.input is not None:
            choices.insert(0, Choice(USE_TEXT, label("use_as_answer")))
        text_reply = self.screens.say(
            "core/kept.j2",
            given=text,
            title=title,
            answerable=state.input is not None,
        )
        menu = self.screens.menu_choices()
        return Reply(text_reply.text, (*choices, *menu), token=MENU_TOKEN)

    def invitation(self, user: User, text: str) -> Invitation | None:
        """Return the interview invitation pasted as `text`, or None."""
        if len(text.strip().splitlines()) < 2 or INVITATION_DIALOG not in self.parts.engine.dialogs:
            return None
        return read_invitation(text, user.zone, self.parts.clock.now())

    def debrief(self, user: User, text: str) -> list[Reply] | None:
        """Take a sentence sent after the debrief nudge as the debrief's discussion point."""
        store, now = self.parts.store, self.parts.clock.now()
        for nudge in store.sent_since(user.id, Kind.DEBRIEF, now - DEBRIEF_WINDOW):
            if nudge.interview_id is None:
                continue
            interview = store.get_interview(user.id, nudge.interview_id)
            if interview is None or interview.closed_at or interview.discussion_point:
                continue
            chosen = {"interview": interview_choice_id(interview.id)}
            return self.runner.begin(user, DEBRIEF_DIALOG, text, chosen, typed=text)
        return None
