"""What dialog templates may read beyond the answers, computed only when a template asks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from markupsafe import Markup

from bot.content.templates import Renderer
from bot.domain.records import Interview, User
from bot.rules.follow_up import FollowUpFacts, Verdict, follow_up_verdict, holiday_years
from bot.rules.holidays import country_for_zone, holidays_for
from bot.store import Store

COUNTRY_KEY = "country"


def user_holidays(user: User, years: range) -> set[date]:
    """Return the public holidays of the user's country (set in preferences, else from the zone)."""
    country = user.preferences.get(COUNTRY_KEY) or country_for_zone(user.timezone)
    return holidays_for(country, years)


def follow_up_facts(store: Store, user: User, interview: Interview) -> FollowUpFacts | None:
    """Gather what the follow-up advice depends on; None until the interview has a time."""
    if interview.ends_at is None:
        return None
    return FollowUpFacts(
        interview_end=interview.ends_at,
        thank_you_sent=interview.thank_you_sent_at is not None,
        decision_by=interview.decision_by,
        followups_sent=tuple(store.followups(user.id, interview.id)),
        replied=store.replied_at(user.id, interview.id) is not None,
    )


def verdict_for(store: Store, user: User, interview: Interview, now: datetime) -> Verdict | None:
    """Return the follow-up verdict for an interview, in the user's timezone and holidays."""
    facts = follow_up_facts(store, user, interview)
    if facts is None:
        return None
    zone = ZoneInfo(user.timezone)
    holidays = user_holidays(user, holiday_years(facts, now, zone))
    return follow_up_verdict(facts, now, zone, holidays)


class FollowUpView:
    """The follow-up advice of one interview, as templates read it."""

    def __init__(self, store: Store, user: User, interview: Interview, now: datetime) -> None:
        self.store, self.user, self.interview, self.now = store, user, interview, now

    @cached_property
    def verdict(self) -> Verdict | None:
        """Return the verdict (None when the interview has no time yet).

        Before the interview there is no thank-you to send yet, so the verdict gives the date
        rules alone: when to follow up once the note is out.
        """
        if self.before_interview:
            facts = follow_up_facts(self.store, self.user, self.interview)
            assert facts is not None
            zone = ZoneInfo(self.user.timezone)
            settled = replace(facts, thank_you_sent=True)
            holidays = user_holidays(self.user, holiday_years(settled, self.now, zone))
            return follow_up_verdict(settled, self.now, zone, holidays)
        return verdict_for(self.store, self.user, self.interview, self.now)

    @property
    def before_interview(self) -> bool:
        """Tell whether the interview is still ahead."""
        start = self.interview.starts_at
        return start is not None and start > self.now

    @property
    def missing_time(self) -> bool:
        """Tell whether the interview lacks the time the advice needs."""
        return self.interview.ends_at is None


class Drafts:
    """Notes to copy and send: rendered from the interview's own facts, user text escaped."""

    def __init__(self, renderer: Renderer, user: User, interview: Interview) -> None:
        self.renderer, self.user, self.interview = renderer, user, interview

    @cached_property
    def thank_you(self) -> Markup:
        """Return the thank-you note."""
        return self._render("drafts/thank_you.j2")

    @cached_property
    def follow_up(self) -> Markup:
        """Return the follow-up note."""
        return self._render("drafts/follow_up.j2")

    def _render(self, template: str) -> Markup:
        return Markup(self.renderer.render(template, user=self.user, interview=self.interview))
