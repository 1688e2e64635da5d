"""One module per command, named like its dialogs/NAME.yaml and templates/NAME/.

`FEATURES` is the one place a feature is switched on: the coach, the dialog loader and
`interview-coach check` all read the registry merged from it.
"""

from __future__ import annotations

from bot.features import (
    calendar,
    cancel,
    daysheet,
    debrief,
    delete,
    export,
    followup,
    help,
    interviews,
    invitation,
    negotiate,
    outcome,
    prep,
    remind,
    reminders,
    signals,
    start,
    stories,
    thankyou,
    timezone,
)
from bot.flow.hooks import Registry

FEATURES = (
    start.hooks,
    help.hooks,
    cancel.hooks,
    signals.hooks,
    interviews.hooks,
    invitation.hooks,
    prep.hooks,
    stories.hooks,
    daysheet.hooks,
    debrief.hooks,
    followup.hooks,
    thankyou.hooks,
    negotiate.hooks,
    outcome.hooks,
    reminders.hooks,
    remind.hooks,
    timezone.hooks,
    calendar.hooks,
    export.hooks,
    delete.hooks,
)

REGISTRY = Registry.of(FEATURES)
