"""Reading comfort over HTTP: the settings page, the header's text-size buttons, the cookie
that keeps a visitor's choices, the account that keeps a reader's, and logging in."""

import pytest
from sqlalchemy import select

from blueprints.comfort_choice import COOKIE_NAME
from models import User, db
from services import comfort
from services.comfort import DEFAULT, Comfort
from tests.conftest import post
from tests.factories import make_user
from tests.pages import flashes, main, page

PAGE = "/settings/reading"
TEXT_SIZE = "/settings/reading/text-size"
ALL_CHANGED = {
    "text_size": "largest",
    "line_spacing": "roomy",
    "theme": "dark",
    "motion": "reduce",
    "font": "readable",
}


def html_classes(response) -> set[str]:
    return page(response).find("html").classes


def cookie_value(client) -> str | None:
    cookie = client.get_cookie(COOKIE_NAME)
    return cookie.value if cookie else None


def account_comfort(app, email="reader@example.com") -> Comfort:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return comfort.of_user(user)


def make_reader_with(chosen: Comfort, email: str = "reader@example.com") -> User:
    user = make_user(email)
    comfort.save(user, chosen)
    return user


def stylesheets(response) -> dict[str, str]:
    """The linked stylesheets by file name, with their media query ("" for none)."""
    return {
        link.attrs["href"].rsplit("/", 1)[-1]: link.attrs.get("media", "")
        for link in page(response).find_all("link", rel="stylesheet")
    }


def test_a_visitor_sees_the_defaults_and_the_page(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert html_classes(response) == set(DEFAULT.html_class.split())
    form = main(response).find("form", action=PAGE)
    checked = {i.attrs["name"]: i.attrs["value"] for i in form.find_all("input", checked="")}
    assert checked == DEFAULT.values()
    # "Follow my device": the dark theme and reduced motion follow the device's settings.
    sheets = stylesheets(response)
    assert sheets["theme-dark.css"] == "screen and (prefers-color-scheme: dark)"
    assert sheets["calm-motion.css"] == "(prefers-reduced-motion: reduce)"
    assert "theme-contrast.css" not in sheets


def test_a_visitor_s_choices_are_kept_in_a_cookie_and_used_on_every_page(client, count_rows):
    response = post(client, PAGE, ALL_CHANGED)
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    assert comfort.from_cookie(cookie_value(client)) == Comfort(**ALL_CHANGED)
    assert count_rows(User) == 0
    set_cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Max-Age=" in set_cookie
    for path in ("/", "/topics", PAGE):
        shown = client.get(path, follow_redirects=True)
        assert html_classes(shown) == set(Comfort(**ALL_CHANGED).html_class.split())
    sheets = stylesheets(client.get("/topics"))
    assert sheets["theme-dark.css"] == "screen" and sheets["calm-motion.css"] == "all"


def test_pages_drawn_with_the_cookie_tell_caches_so(client):
    # Every page's header holds a form with a CSRF token from the session, so Flask already
    # sends "Vary: Cookie"; a cache must never hand one visitor's look to another.
    assert "Cookie" in client.get("/topics").headers["Vary"]


def test_the_appointment_sheet_uses_the_reader_s_settings_on_screen(client, login_as):
    login_as()
    post(client, TEXT_SIZE, {"text_size": "largest"})
    assert "text-size-largest" in html_classes(client.get("/saved/print"))


def test_saving_says_so(client):
    response = post(client, PAGE, ALL_CHANGED, follow_redirects=True)
    assert "Your reading settings are saved. Every page now uses them." in flashes(response)


def test_the_high_contrast_theme_links_its_stylesheet(client):
    post(client, PAGE, {**DEFAULT.values(), "theme": "contrast"})
    sheets = stylesheets(client.get("/topics"))
    assert sheets["theme-contrast.css"] == "screen" and "theme-dark.css" not in sheets


@pytest.mark.parametrize(
    "bad",
    [
        {"text_size": "enormous"},
        {"line_spacing": "double"},
        {"theme": "purple"},
        {"motion": "spin"},
        {"font": "comic-sans"},
        {"theme": ""},
    ],
)
def test_a_bad_value_is_refused_with_its_message_and_nothing_changes(client, bad):
    post(client, PAGE, {**DEFAULT.values(), "font": "readable"})
    before = cookie_value(client)
    response = post(client, PAGE, {**ALL_CHANGED, **bad})
    assert response.status_code == 422
    [(name, _)] = bad.items()
    assert main(response).find(id=f"{name}-error").text == comfort.MESSAGES[name]
    assert cookie_value(client) == before
    assert "font-readable" in html_classes(response)  # the page still shows what is saved


def test_every_bad_and_missing_value_is_named_at_once(client):
    response = post(client, PAGE, {"text_size": "huge", "theme": "neon"})
    assert response.status_code == 422
    summary = main(response).find(id="error-summary")
    assert len(summary.find_all("li")) == len(comfort.MESSAGES)
    for message in comfort.MESSAGES.values():
        assert message in summary.text
    assert cookie_value(client) is None


@pytest.mark.parametrize("url", [PAGE, TEXT_SIZE])
def test_a_post_without_the_csrf_token_is_refused(client, url):
    response = client.post(url, data={**ALL_CHANGED, "next": "/topics"})
    assert response.status_code == 400
    assert cookie_value(client) is None


def test_the_header_buttons_show_the_size_in_use(client):
    buttons = page(client.get("/topics")).find("form", action=TEXT_SIZE).find_all("button")
    assert [b.attrs["value"] for b in buttons] == ["standard", "large", "larger", "largest"]
    assert [b.attrs.get("aria-current") for b in buttons] == ["true", None, None, None]
    assert [b.text for b in buttons] == ["A Standard", "A Large", "A Larger", "A Largest"]


def test_the_header_text_size_control_changes_only_the_size_and_comes_back(client):
    post(client, PAGE, {**DEFAULT.values(), "theme": "dark"})
    response = post(client, TEXT_SIZE, {"text_size": "larger", "next": "/topics?x=1"})
    assert response.status_code == 302 and response.headers["Location"] == "/topics?x=1"
    assert comfort.from_cookie(cookie_value(client)) == Comfort(text_size="larger", theme="dark")
    shown = client.get("/topics")
    assert {"text-size-larger", "theme-dark"} <= html_classes(shown)
    assert "Text size: Larger." in flashes(shown)
    pressed = page(shown).find("button", value="larger")
    assert pressed.attrs["aria-current"] == "true"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_the_text_size_control_only_goes_back_to_this_site(client, target):
    response = post(client, TEXT_SIZE, {"text_size": "large", "next": target})
    assert response.status_code == 302 and response.headers["Location"] == PAGE


@pytest.mark.parametrize("size", ["gigantic", "", "STANDARD"])
def test_a_bad_text_size_shows_the_settings_page_with_the_message(client, size):
    response = post(client, TEXT_SIZE, {"text_size": size, "next": "/topics"})
    assert response.status_code == 422
    assert main(response).find(id="text_size-error").text == comfort.MESSAGES["text_size"]
    assert cookie_value(client) is None


def test_a_tampered_cookie_only_gives_known_choices(client):
    client.set_cookie(COOKIE_NAME, 'theme=x" onload="alert(1).text_size=larger.font=../../etc')
    response = client.get("/topics")
    assert response.status_code == 200
    assert html_classes(response) == set(Comfort(text_size="larger").html_class.split())
    assert "alert" not in response.get_data(as_text=True)


def test_a_reader_s_choices_are_saved_on_the_account_and_the_cookie(
    app, client, login_as, security_events
):
    login_as()
    response = post(client, PAGE, ALL_CHANGED)
    assert response.status_code == 302
    assert account_comfort(app) == Comfort(**ALL_CHANGED)
    assert comfort.from_cookie(cookie_value(client)) == Comfort(**ALL_CHANGED)
    [event] = [e for e in security_events if e["event"] == "settings.reading_changed"]
    assert event["fields"] == list(ALL_CHANGED) and event["user_id"] is not None


def test_a_reader_s_text_size_button_saves_on_the_account(app, client, login_as):
    login_as()
    post(client, TEXT_SIZE, {"text_size": "large", "next": "/saved"})
    assert account_comfort(app) == Comfort(text_size="large")


def test_a_bad_value_changes_nothing_on_the_account(app, client, login_as):
    login_as()
    post(client, PAGE, {**ALL_CHANGED, "theme": "neon"})
    post(client, TEXT_SIZE, {"text_size": "huge"})
    assert account_comfort(app) == DEFAULT


def test_the_account_wins_over_the_cookie_while_signed_in(app, client, login_as, seed):
    login_as()
    with seed() as session:
        user = session.scalar(select(User).where(User.email == "reader@example.com"))
        comfort.save(user, Comfort(theme="contrast"))
    client.set_cookie(COOKIE_NAME, comfort.to_cookie(Comfort(theme="dark")))
    assert "theme-contrast" in html_classes(client.get("/topics"))


def test_logging_in_applies_the_account_s_settings(app, client, auth, seed):
    with seed():
        user = make_reader_with(Comfort(text_size="largest", font="readable"))
    post(client, PAGE, {**DEFAULT.values(), "theme": "dark"})  # chosen as a visitor
    assert auth.login().status_code == 302
    expected = Comfort(text_size="largest", font="readable")
    assert comfort.from_cookie(cookie_value(client)) == expected
    assert html_classes(client.get("/topics")) == set(expected.html_class.split())
    # Logged out, the browser keeps the look the account had.
    auth.logout()
    assert html_classes(client.get("/topics")) == set(expected.html_class.split())
    assert account_comfort(app, user.email) == expected


def test_a_visitor_s_choices_are_copied_onto_the_new_account(app, client, auth, security_events):
    post(client, PAGE, ALL_CHANGED)
    response = auth.signup()
    assert response.status_code == 302 and response.headers["Location"] == "/topics"
    assert account_comfort(app) == Comfort(**ALL_CHANGED)
    assert html_classes(client.get("/topics")) == set(Comfort(**ALL_CHANGED).html_class.split())
    [event] = [e for e in security_events if e["event"] == "settings.reading_copied"]
    assert event["fields"] == list(ALL_CHANGED)


def test_the_settings_page_has_a_reading_comfort_section(client, login_as):
    login_as()
    post(client, TEXT_SIZE, {"text_size": "larger"})
    section = main(client.get("/settings")).find("section", id="reading")
    assert "Text size: Larger." in section.text
    assert (section.find("a").attrs["href"]) == PAGE
