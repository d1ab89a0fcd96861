"""What a reader's browser may keep for offline reading, and under which name.

The service worker (static/js/sw.js) keeps a page only when the server marks it with the
reader's account key (the `OFFLINE_HEADER`), and files it in a cache named after that key. The
key is an HMAC of the account id: it tells one account's caches from another's without
putting the id itself in a URL, a page or a cache name. docs/offline.md has the whole story.
"""

import hashlib
import hmac

OFFLINE_HEADER = "X-Plainly-Offline"
# Logging out tells the browser to drop every cache and storage of the site, the worker's too.
CLEAR_SITE_DATA = '"cache", "storage"'
# Where a successful answer (a redirect) means nobody is signed in on this browser any more.
SIGN_OUT_ENDPOINTS = frozenset({"auth.logout", "account_data.delete"})
# A reader's own pages the worker may keep; the article page too, when the reader saved it.
KEPT_ENDPOINTS = frozenset({"saved.index", "saved.print_sheet"})
KEY_LENGTH = 24


def account_key(user_id: int, secret: str | bytes) -> str:
    """The reader's offline cache key: hex, stable for the account, unguessable without
    the app's secret key, and never the same for two accounts."""
    secret = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(secret, f"offline-cache:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:KEY_LENGTH]


def may_keep(endpoint: str | None, saved_article: bool = False) -> bool:
    """Whether a signed-in reader's page at `endpoint` may be kept for offline reading.

    Share pages, settings and every other page never are: only the saved list, the
    appointment sheet and the articles the reader saved.
    """
    return endpoint in KEPT_ENDPOINTS or (endpoint == "articles.show" and saved_article)
