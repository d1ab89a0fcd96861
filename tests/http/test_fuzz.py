"""Random, hostile and valid-looking requests never cause a 5xx or touch another reader's data.

Routes come from the url map and field names from the form classes, so new ones are covered.
Slugs, row ids and tokens are real ones from the database, mixed with hostile values. Each
example starts from the same database and session and sends a few requests in a row.
"""

import inspect
from datetime import timedelta

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter
from wtforms.fields.core import UnboundField

import blueprints
from models import Article, Digest, DigestItem, DigestPreference, SavedArticle, ShareLink, User, db
from models.base import utcnow
from models.digest import SENT
from services import accounts, feed, shares, tokens
from services.digests import clicks as digest_clicks
from tests.conftest import csrf_token
from tests.factories import PASSWORD, follow, make_article, make_reader, make_topic, read, save

HOSTILE = st.sampled_from(
    ["", " ", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\x00", "../../etc/passwd"]
    + ["//evil.example/", "https://evil.example", "javascript:alert(1)", "9" * 40, "-1"]
    + ["1e309", "é" * 300, "\ud7ff\ue000", "a" * 5000, "1_1", "99999999999999999_1"]
)
ODD_IDS = st.sampled_from([0, 2**31 - 1, 2**31, 2**63 - 1, 10**30]) | st.integers(min_value=0)


def form_classes(base: type = FlaskForm):
    """Every form class the blueprints define (importing `blueprints` loads them all)."""
    for cls in base.__subclasses__():
        if cls.__module__.startswith(f"{blueprints.__name__}."):
            yield cls
        yield from form_classes(cls)


FIELDS = {  # name: unbound field, of every form class of the site
    name: field
    for cls in form_classes()
    for name, field in inspect.getmembers(cls, lambda v: isinstance(v, UnboundField))
}
QUERY = ("topic", "before", "hide_read", "q", "next", "chosen", "id", "digest")
CHOICES = sorted({str(c.value) for f in FIELDS.values() for c in f.kwargs.get("choices", ())})
VALID = CHOICES + ["y", "Europe/London", "Mars/Olympus", PASSWORD, "A note.", "/saved"]
VALID += ["attacker@example.com", "victim@example.com", "new@example.com", "/settings#digest"]
TABLES = db.metadata.sorted_tables
VICTIM_NOTE = "Private note of the victim."
SLOW_IS_FINE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=SLOW_IS_FINE)


def mostly(real, *junk):
    """Real values three times in four, else junk. (`one_of` would weigh its branches alike.)"""
    return st.sampled_from([real, real, real, st.one_of(*junk)]).flatmap(lambda s: s)


@pytest.fixture
def world(app, seed):
    """Two readers with saves, notes, follows, share links, a digest and preferences."""
    app.config["AUTH_RATE_LIMIT"] = "100000 per minute"
    share = {}
    with seed() as session:
        ebv, ms = make_topic("ebv"), make_topic("ms")
        first, second = make_article(ebv, slug="ebv-study"), make_article(ms)
        third = make_article(ms)
        make_article(ebv, slug="draft-study", status="draft")  # not visible: not to be saved
        for who in ("victim", "attacker"):
            user = make_reader(f"{who}@example.com", timezone="Asia/Tokyo", frequency="daily")
            session.get(DigestPreference, user.id).paused_until = utcnow() + timedelta(days=9)
            follow(user, ebv)
            save(user, first, note=f"Private note of the {who}.")
            save(user, second)
            read(user, first)
            _, share[who] = shares.create(user.id, include_notes=True, expires_in_days=None)
            old, _ = shares.create(user.id, include_notes=False, expires_in_days=7)
            old.revoked_at = utcnow()
            digest = Digest(user_id=user.id, period="2026-W01", covered_until=utcnow(), status=SENT)
            session.add(digest)
            session.flush()
            session.add(DigestItem(digest_id=digest.id, article_id=third.id, position=0))
        attacker, victim = user, accounts.find_by_email("victim@example.com")
        attacker.email_verified_at = None  # so that the attacker's confirmation link works
        reset = {"u": attacker.id, "p": accounts._password_fingerprint(attacker)}
        click = digest_clicks.DigestLink(attacker.id, third.id, digest.id)
        accounts.set_password(victim, "the victim's own passphrase, never drawn")
        articles = session.scalars(select(Article)).all()
        texts = {
            "slug": (*[a.slug for a in articles], "ebv", "ms"),
            # The victim's share link may be read: it is their page meant to be passed on.
            "token": (
                share["attacker"],
                share["victim"],
                tokens.make(tokens.UNSUBSCRIBE, {"u": attacker.id, "l": "digest"}),
                tokens.make(tokens.VERIFY_EMAIL, {"u": attacker.id, "e": attacker.email}),
                tokens.make(tokens.RESET_PASSWORD, reset),
                digest_clicks.click_token(click),
            ),
            "cursor": tuple(feed.Cursor(a.published_at, a.id).encode() for a in articles),
        }
    return victim.id, share["victim"], texts


def dump(app) -> dict:
    with app.app_context():
        return {t: db.session.execute(select(t)).mappings().all() for t in TABLES}


def restore(app, rows: dict) -> None:
    """Put every table back as `dump` found it; the tables are small."""
    with app.app_context():
        for table in reversed(TABLES):
            db.session.execute(delete(table))
        for table, table_rows in rows.items():
            if table_rows:
                db.session.execute(insert(table), [dict(row) for row in table_rows])
        db.session.commit()


def owned_by(app, user_id: int) -> dict:
    """The reader's account and all their rows: every table with a user_id column."""
    with app.app_context():
        # Opening a share link (anyone holding its token may) records when it was opened.
        rows = {
            t.name: db.session.execute(
                select(*(c for c in t.c if c.name != "last_opened_at"))
                .where(t.c.user_id == user_id)
                .order_by(*t.primary_key.columns)
            ).all()
            for t in TABLES
            if "user_id" in t.c
        }
        account = db.session.execute(select(User.__table__).where(User.id == user_id)).one()
    # Anyone may ask for a reset link for any address; only its owner receives it.
    return {**rows, "users": {k: v for k, v in account._asdict().items() if k != "reset_sent_at"}}


def row_ids(app) -> tuple[int, ...]:
    """Saved-article and share-link ids of both readers, including rows made by this example."""
    with app.app_context():
        stmt = select(SavedArticle.id).union(select(ShareLink.id))
        return tuple(sorted(db.session.scalars(stmt)))


def session_csrf(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("csrf_token")


def draw_request(data, rule, method: str, ids: tuple[int, ...], texts: dict, value):
    """URL parameters, query string, form fields and Accept header of one request."""
    args = {}
    for name in rule.arguments:
        if isinstance(rule._converters[name], IntegerConverter):
            args[name] = data.draw(mostly(st.sampled_from(ids), ODD_IDS), label=name)
        else:
            real = st.sampled_from(texts.get(name) or sum(texts.values(), ()))
            args[name] = data.draw(mostly(real, HOSTILE, st.text(max_size=20)), label=name) or "x"
    query = data.draw(st.lists(st.tuples(st.sampled_from(QUERY), value), max_size=4))
    form = []
    if method == "POST":
        names = st.sampled_from(sorted(FIELDS) + list(QUERY))
        form = data.draw(st.lists(st.tuples(names, value), max_size=6), label="form")
        for n in (v for v in args.values() if isinstance(v, int)):
            if data.draw(st.booleans(), label=f"note-{n}"):  # the note form of row n
                form.append((f"note-{n}-note", data.draw(value)))
    accept = data.draw(st.sampled_from(["text/html", "application/json"]))
    return args, MultiDict(query), form, {"Accept": accept}


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "reader"])
def test_no_route_fails_or_touches_another_reader(app, client, auth, world, signed_in):
    victim_id, victim_share, texts = world
    if signed_in:
        auth.login("attacker@example.com")
    first_token, first_raw = csrf_token(client), session_csrf(client)
    cookie = client.get_cookie("session").value
    baseline, victim = dump(app), owned_by(app, victim_id)
    adapter = app.url_map.bind("localhost")
    routes = [
        (rule, method)
        for rule in app.url_map.iter_rules()
        # /readyz answers 503 by design here: create_all built the tables, no migration ran.
        if rule.endpoint not in {"static", "health.readyz"}
        for method in sorted(rule.methods & {"GET", "POST"})
    ]
    real = st.sampled_from(VALID + sorted(sum(texts.values(), ())))
    value = mostly(real, HOSTILE, st.text(max_size=30), st.integers(-3, 25).map(str))

    @FUZZ
    @given(data=st.data())
    def requests_in_a_row(data):
        browser = app.test_client()
        browser.set_cookie("session", cookie)
        token, raw = first_token, first_raw
        try:
            for _ in range(data.draw(st.integers(1, 8), label="requests")):
                rule, method = data.draw(st.sampled_from(routes), label="route")
                ids = row_ids(app)
                args, query, form, headers = draw_request(data, rule, method, ids, texts, value)
                url = adapter.build(rule.endpoint, args)
                if method == "POST" and data.draw(st.integers(1, 100), label="token chance") <= 85:
                    if session_csrf(browser) != raw:  # logged in or out: a new token
                        token, raw = csrf_token(browser), session_csrf(browser)
                    form.append(("csrf_token", token))
                response = browser.open(
                    url, method=method, query_string=query, data=MultiDict(form), headers=headers
                )
                assert response.status_code < 500, (method, url, query, form)
                if victim_share not in args.values():
                    assert VICTIM_NOTE not in response.get_data(as_text=True), (method, url)
            assert owned_by(app, victim_id) == victim
        finally:
            restore(app, baseline)

    requests_in_a_row()  # checks the victim's rows after each example, before restoring them
    assert owned_by(app, victim_id) == victim
