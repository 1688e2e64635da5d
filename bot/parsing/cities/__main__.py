"""`python -m bot.parsing.cities build [PATH]`: build the city index file (default: the cache's)."""

import sys

from bot.parsing.cities import main

sys.exit(main())
