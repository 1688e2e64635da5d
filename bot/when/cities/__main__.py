"""`python -m bot.when.cities build [PATH]`: build the city index file (default: the cache's)."""

import sys

from bot.when.cities import main

sys.exit(main())
