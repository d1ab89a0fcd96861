"""Reading comfort in the browser: each setting changes what the page computes, the choices
follow the reader from page to page and across logging out and in, the header's text-size
buttons work by keyboard, and axe finds nothing wrong in any theme at the largest size."""

import pytest
from playwright.sync_api import Browser, Page, expect

from blueprints.comfort_choice import COOKIE_NAME
from services import comfort
from services.comfort import Comfort
from tests.e2e.conftest import assert_accessible, log_in, sign_up
from tests.e2e.test_keyboard import tab_to

ARTICLE = "/articles/ebv-infection-comes-before-ms-military-study"
SETTINGS = "/settings/reading"
LIGHT_PAPER, DARK_PAPER, WHITE = "rgb(252, 251, 248)", "rgb(20, 22, 26)", "rgb(255, 255, 255)"

LOOKS = """() => {
  const html = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const button = getComputedStyle(document.querySelector('.button'));
  return {
    size: html.fontSize, lineHeight: body.lineHeight, paper: body.backgroundColor,
    ink: body.color, font: body.fontFamily, scroll: html.scrollBehavior,
    transition: button.transitionDuration,
  };
}"""
DEFAULT_LOOKS = {
    "size": "20px",
    "lineHeight": "32px",
    "paper": LIGHT_PAPER,
    "ink": "rgb(27, 27, 27)",
    "scroll": "smooth",
    "transition": "0.15s, 0.15s",
}


def looks(page: Page) -> dict:
    page.wait_for_load_state("load")
    return page.evaluate(LOOKS)


@pytest.fixture
def visitor(browser: Browser):
    """A fresh browser on a light, moving device, without any reading settings yet."""
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(color_scheme="light", reduced_motion="no-preference")
    yield page
    context.close()


def open_settings(page: Page, live_server) -> None:
    page.goto(live_server(SETTINGS))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reading comfort")


def test_each_setting_changes_the_computed_styles_on_every_page(visitor, live_server):
    page = visitor
    open_settings(page, live_server)
    before = looks(page)
    assert {k: before[k] for k in DEFAULT_LOOKS} == DEFAULT_LOOKS
    assert "Atkinson" not in before["font"]

    for label, changes in [
        ("Largest", {"size": "28px", "lineHeight": "44.8px"}),
        ("Roomy: more space between lines and paragraphs", {"lineHeight": "56px"}),
        ("Dark", {"paper": DARK_PAPER, "ink": "rgb(236, 235, 232)"}),
        ("Always reduce movement", {"scroll": "auto", "transition": "1e-05s"}),
    ]:
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Save reading settings").click()
        expect(page.get_by_role("status").first).to_contain_text("reading settings are saved")
        now = looks(page)
        assert {k: now[k] for k in changes} == changes, label
    page.get_by_label("Atkinson Hyperlegible, made for low vision", exact=True).check()
    page.get_by_role("button", name="Save reading settings").click()
    expect(page.get_by_role("status").first).to_contain_text("reading settings are saved")
    assert looks(page)["font"].startswith('"Atkinson Hyperlegible"')
    # The font comes from this site and is really used, not a look-alike fallback.
    assert page.evaluate(
        """document.fonts.ready.then(() => [...document.fonts].some(
             f => f.family.includes('Atkinson Hyperlegible') && f.weight === '400'
               && f.style === 'normal' && f.status === 'loaded'))"""
    )

    chosen = looks(page)
    for path in ("/", "/topics", ARTICLE):
        page.goto(live_server(path))
        assert looks(page) == chosen, path


@pytest.mark.parametrize(
    "theme, device, paper",
    [
        ("Follow my device (light or dark)", "light", LIGHT_PAPER),
        ("Follow my device (light or dark)", "dark", DARK_PAPER),
        ("Light", "dark", LIGHT_PAPER),
        ("Dark", "light", DARK_PAPER),
        ("High contrast: black on white", "dark", WHITE),
    ],
)
def test_the_theme_follows_the_device_only_when_asked(visitor, live_server, theme, device, paper):
    page = visitor
    page.emulate_media(color_scheme=device)
    open_settings(page, live_server)
    page.get_by_label(theme, exact=True).check()
    page.get_by_role("button", name="Save reading settings").click()
    expect(page.get_by_role("status").first).to_contain_text("reading settings are saved")
    assert looks(page)["paper"] == paper


def test_movement_follows_the_device_by_default(visitor, live_server):
    page = visitor
    page.emulate_media(reduced_motion="reduce")
    page.goto(live_server("/topics"))
    assert looks(page)["transition"] == "1e-05s" and looks(page)["scroll"] == "auto"


def test_the_choices_follow_the_reader_across_logging_out_and_in(visitor, live_server):
    page = visitor
    open_settings(page, live_server)
    page.get_by_label("Larger", exact=True).check()
    page.get_by_label("High contrast: black on white", exact=True).check()
    page.get_by_role("button", name="Save reading settings").click()
    expect(page.get_by_role("status").first).to_contain_text("reading settings are saved")
    larger = {"size": "25px", "paper": WHITE}

    sign_up(page, live_server, "comfort.reader@example.com")  # a visitor's choices are kept
    assert {k: looks(page)[k] for k in larger} == larger
    page.get_by_role("button", name="Log out").click()
    assert {k: looks(page)[k] for k in larger} == larger

    # Another person on this browser makes it small again; logging in brings the account's back.
    page.get_by_role("button", name="A Standard").click()
    assert looks(page)["size"] == "20px"
    log_in(page, live_server, "comfort.reader@example.com", two_step=False)
    assert {k: looks(page)[k] for k in larger} == larger
    page.goto(live_server("/settings"))
    expect(page.locator("#reading")).to_contain_text("Text size: Larger.")


def test_the_header_text_size_buttons_work_by_keyboard(visitor, live_server):
    page = visitor
    page.goto(live_server(ARTICLE))
    tab_to(page, "button[name=text_size][value=largest]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server(ARTICLE))  # back on the same page
    expect(page.get_by_role("button", name="A Largest")).to_have_attribute("aria-current", "true")
    assert looks(page)["size"] == "28px"
    expect(page.get_by_role("status").first).to_contain_text("Text size: Largest.")
    tab_to(page, "button[name=text_size][value=large]")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="A Large", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    assert looks(page)["size"] == "22px"


BIGGEST = {"text_size": "largest", "line_spacing": "roomy", "motion": "reduce", "font": "readable"}


@pytest.mark.parametrize(
    "theme, device",
    [
        ("system", "light"),
        ("system", "dark"),
        ("light", "dark"),
        ("dark", "light"),
        ("contrast", "light"),
    ],
)
def test_axe_finds_nothing_in_any_theme_at_the_largest_size(
    browser: Browser, live_server, artifacts, theme, device
):
    context = browser.new_context()
    value = comfort.to_cookie(Comfort(theme=theme, **BIGGEST))
    context.add_cookies([{"name": COOKIE_NAME, "value": value, "url": live_server()}])
    page = context.new_page()
    page.emulate_media(color_scheme=device)
    for path in ("/", ARTICLE, SETTINGS):
        page.goto(live_server(path))
        assert looks(page)["size"] == "28px"
        assert_accessible(page)
    page.screenshot(path=artifacts / f"comfort-settings-{theme}-on-{device}.png", full_page=True)
    context.close()


NARROW_PAGES = ["/", ARTICLE, "/topics", "/search?q=relapse&condition=ms", "/glossary", SETTINGS]
READER_PAGES = ["/", "/saved", "/settings", "/digest/preview", SETTINGS]


def test_the_largest_text_reflows_on_a_320_px_phone(browser: Browser, live_server, artifacts):
    """28 px text, roomy lines and the wider font on the narrowest phone: nothing scrolls
    sideways, signed out or in."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    value = comfort.to_cookie(Comfort(theme="light", **BIGGEST))
    context.add_cookies([{"name": COOKIE_NAME, "value": value, "url": live_server()}])
    page = context.new_page()

    def check(paths: list[str]) -> None:
        for path in paths:
            page.goto(live_server(path))
            assert looks(page)["size"] == "28px", path
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"

    check(NARROW_PAGES)
    page.goto(live_server(ARTICLE))
    page.screenshot(path=artifacts / "comfort-article-largest-320px.png")
    sign_up(page, live_server, "comfort.narrow@example.com")
    check(READER_PAGES)
    context.close()
