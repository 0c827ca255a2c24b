"""Site templates (站点模板): the family profiles of ``rules/sites/``, which family a page is, and header precedence.

Below ``parse`` (which reads a page with its family's selectors) and ``crawl`` (which walks a
family's list pages): one home for what a site's template says.
The face of the stage: other stages import only from here.
"""

from noticeparse.sites.detect import detect_family, page_profile
from noticeparse.sites.header import HEADER_FIELDS, SOURCES, pick_header
from noticeparse.sites.profiles import (
    GENERIC,
    Profile,
    ProfileError,
    SiteProfiles,
    families,
    find_hrefs,
    load_profile,
    load_profile_file,
    load_sites,
    sites_root,
    unknown_profile,
    with_start,
)

__all__ = [
    "GENERIC",
    "HEADER_FIELDS",
    "SOURCES",
    "Profile",
    "ProfileError",
    "SiteProfiles",
    "detect_family",
    "families",
    "find_hrefs",
    "load_profile",
    "load_profile_file",
    "load_sites",
    "page_profile",
    "pick_header",
    "sites_root",
    "unknown_profile",
    "with_start",
]
