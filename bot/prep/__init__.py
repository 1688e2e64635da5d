"""The prep plan: its items (data in dialogs/prep_plan.yaml) and what is due when."""
