"""One turn of one user: dispatch an event, run a dialog step, render the screens."""
