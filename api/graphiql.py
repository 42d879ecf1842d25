"""The development GraphiQL page, loading its libraries from this app instead of a CDN.

Strawberry's page names each library by its unpkg address with an SRI hash. The page here is
the same page with those addresses pointed at the files `api.vendor` fetched, so the browser
still checks every file against strawberry's hash, and the page works with no internet.
"""

from __future__ import annotations

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from api.vendor import VENDOR_DIR

ASSETS_PATH = "/graphiql/assets"
CDN = "https://unpkg.com/"


def offline(page: str) -> str:
    """The page with every CDN address turned into one under `ASSETS_PATH`."""
    return page.replace(CDN, f"{ASSETS_PATH}/")


def assets() -> Mount:
    """The vendored files, served as `ASSETS_PATH/<package>@<version>/<path>`."""
    # The files may be fetched after the app is built (`make install`): no check at start-up.
    return Mount(ASSETS_PATH, StaticFiles(directory=VENDOR_DIR, check_dir=False))
