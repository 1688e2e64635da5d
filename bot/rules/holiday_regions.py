"""Which holiday calendar a time zone implies: its country and, where the zone settles it, the
subdivision (state, province, nation) whose public holidays the `holidays` package keeps.

Zones not listed here fall back to their country in tzdata's zone.tab with national holidays
only. A zone is listed when the country's national calendar misses holidays most people under
that zone have (England's Easter Monday, Ontario's Thanksgiving), or when the zone covers one
subdivision only. Where one zone spans several subdivisions, the comment says which one is
picked and why; users elsewhere change it in /timezone.
"""

from __future__ import annotations

ZoneRegion = tuple[str, str | None]
"""(ISO 3166 alpha-2 country, the `holidays` package's subdivision code or None)."""

ZONE_REGIONS: dict[str, ZoneRegion] = {
    # United Kingdom: the package's national calendar has only the holidays all four nations
    # share (no Easter Monday, no summer bank holiday), so every UK zone names a nation.
    # Europe/London covers all of the UK; England is where most of its people live.
    "Europe/London": ("GB", "ENG"),
    "Europe/Belfast": ("GB", "NIR"),  # an old alias of Europe/London, only ever Northern Ireland
    # Canada: the national calendar lacks Thanksgiving, Victoria Day and Boxing Day, which are
    # provincial. Each zone names the province most of its people live in.
    "America/Toronto": ("CA", "ON"),  # Ontario and most of Quebec; Ontario is the larger
    "America/Montreal": ("CA", "QC"),  # an old alias of America/Toronto, named for Quebec
    "America/Nipigon": ("CA", "ON"),  # old aliases in northern Ontario
    "America/Thunder_Bay": ("CA", "ON"),
    "America/Atikokan": ("CA", "ON"),
    "America/Blanc-Sablon": ("CA", "QC"),
    "America/Winnipeg": ("CA", "MB"),  # Manitoba and north-west Ontario; Manitoba is larger
    "America/Regina": ("CA", "SK"),
    "America/Swift_Current": ("CA", "SK"),
    "America/Edmonton": ("CA", "AB"),  # Alberta plus edges of BC, NT and SK; Alberta is larger
    "America/Yellowknife": ("CA", "NT"),  # an old alias of America/Edmonton, named for NT
    "America/Inuvik": ("CA", "NT"),
    "America/Vancouver": ("CA", "BC"),
    "America/Creston": ("CA", "BC"),
    "America/Dawson_Creek": ("CA", "BC"),
    "America/Fort_Nelson": ("CA", "BC"),
    "America/Whitehorse": ("CA", "YT"),
    "America/Dawson": ("CA", "YT"),
    "America/Halifax": ("CA", "NS"),  # Nova Scotia and Prince Edward Island; NS is larger
    "America/Glace_Bay": ("CA", "NS"),
    "America/Moncton": ("CA", "NB"),
    "America/St_Johns": ("CA", "NL"),
    "America/Goose_Bay": ("CA", "NL"),
    "America/Iqaluit": ("CA", "NU"),
    "America/Rankin_Inlet": ("CA", "NU"),
    "America/Resolute": ("CA", "NU"),
    "America/Cambridge_Bay": ("CA", "NU"),
    # Australia: the national calendar lacks the state holidays (the King's Birthday, Labour
    # Day, days in lieu of weekend holidays), and each zone but Sydney's is one state's.
    "Australia/Sydney": ("AU", "NSW"),  # NSW and the ACT; NSW is the larger
    "Australia/Canberra": ("AU", "ACT"),  # an old alias of Australia/Sydney, named for the ACT
    "Australia/ACT": ("AU", "ACT"),
    "Australia/Broken_Hill": ("AU", "NSW"),  # in NSW, on South Australia's clock
    "Australia/Lord_Howe": ("AU", "NSW"),  # Lord Howe Island belongs to NSW
    "Australia/Melbourne": ("AU", "VIC"),
    "Australia/Brisbane": ("AU", "QLD"),
    "Australia/Lindeman": ("AU", "QLD"),
    "Australia/Adelaide": ("AU", "SA"),
    "Australia/Darwin": ("AU", "NT"),
    "Australia/Perth": ("AU", "WA"),
    "Australia/Eucla": ("AU", "WA"),
    "Australia/Hobart": ("AU", "TAS"),
    "Antarctica/Macquarie": ("AU", "TAS"),  # Macquarie Island belongs to Tasmania
    # New Zealand: Pacific/Auckland covers every region but the Chathams, and the regional
    # holidays are one anniversary day each, so no region is implied: national holidays only.
    "Pacific/Auckland": ("NZ", None),
    "Pacific/Chatham": ("NZ", "CIT"),
    # Germany: Europe/Berlin covers all sixteen states; the nine nationwide holidays are the
    # ones every German has, so no state is picked (not even Berlin's, whose Women's Day most
    # Germans work through). Büsingen is an enclave of Baden-Württemberg.
    "Europe/Berlin": ("DE", None),
    "Europe/Busingen": ("DE", "BW"),
    # Spain: Europe/Madrid covers the mainland and the Balearics, so national holidays only;
    # the Canaries have their own zone, and Africa/Ceuta covers Ceuta (named) and Melilla.
    "Europe/Madrid": ("ES", None),
    "Atlantic/Canary": ("ES", "CN"),
    "Africa/Ceuta": ("ES", "CE"),
    # United States: federal holidays are the national calendar, which is what employers
    # mostly close for, so mainland zones (each spanning several states) name no state. Hawaii
    # and Alaska have zones of their own, and their state holidays with them.
    "America/New_York": ("US", None),
    "America/Chicago": ("US", None),
    "America/Denver": ("US", None),
    "America/Phoenix": ("US", None),
    "America/Los_Angeles": ("US", None),
    "Pacific/Honolulu": ("US", "HI"),
    "America/Anchorage": ("US", "AK"),
    "America/Juneau": ("US", "AK"),
    "America/Sitka": ("US", "AK"),
    "America/Metlakatla": ("US", "AK"),
    "America/Yakutat": ("US", "AK"),
    "America/Nome": ("US", "AK"),
    "America/Adak": ("US", "AK"),
    # India: one zone for the whole country and state holidays that differ widely, so the
    # national (gazetted) holidays only.
    "Asia/Kolkata": ("IN", None),
    "Asia/Calcutta": ("IN", None),  # an old alias of Asia/Kolkata
}
