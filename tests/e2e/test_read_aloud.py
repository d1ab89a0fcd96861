"""Read aloud on the article page, with speech synthesis stubbed inside the page (the only
stub: the browser's own voices are not available to a headless browser)."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import assert_accessible, tab_to

ARTICLE = "/articles/high-dose-vitamin-d-early-ms"
# Records what would be spoken; `__speech.finish()` plays the end of the current utterance.
# Like a real browser, canceling ends the canceled utterance a moment later.
SPEECH_STUB = """
(() => {
  const speech = { spoken: [], calls: [], current: null };
  speech.finish = () => {
    const u = speech.current;
    speech.current = null;
    if (u && u.onend) u.onend({});
  };
  window.__speech = speech;
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.rate = 1; }
  };
  const synth = {
    paused: false,
    speak(u) { speech.spoken.push({ text: u.text, rate: u.rate }); speech.current = u; },
    cancel() {
      speech.calls.push("cancel");
      const u = speech.current; speech.current = null; this.paused = false;
      if (u && u.onend) setTimeout(() => u.onend({}), 0);
    },
    pause() { speech.calls.push("pause"); this.paused = true; },
    resume() { speech.calls.push("resume"); this.paused = false; },
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
})();
"""
SECTIONS = "[...document.querySelectorAll('[data-read-aloud]')].map(e => e.innerText)"
SPOKEN = "window.__speech.spoken.map(s => s.text)"


def spoken(page: Page) -> list[str]:
    return page.evaluate(SPOKEN)


def wait_for_spoken(page: Page, count: int) -> None:
    page.wait_for_function(f"window.__speech.spoken.length === {count}")


def expect_reading(page: Page, index: int) -> None:
    current = page.locator("[data-read-aloud]").nth(index)
    expect(current).to_have_class(re.compile(r"\breading-now\b"))
    expect(current).to_have_attribute("aria-current", "true")
    expect(page.locator(".reading-now")).to_have_count(1)


def test_reads_the_sections_in_order_by_keyboard(page: Page, live_server):
    page.add_init_script(SPEECH_STUB)
    page.goto(live_server(ARTICLE))
    sections = page.evaluate(SECTIONS)
    assert len(sections) >= 5 and sections[0].startswith("High-dose vitamin D")
    status = page.locator("[data-read-aloud-status]")
    play = page.get_by_role("button", name="Read aloud")
    expect(play).to_be_visible()
    assert_accessible(page)

    tab_to(page, "[data-read-aloud-play]")
    page.keyboard.press("Enter")
    assert spoken(page) == sections[:1]
    expect_reading(page, 0)
    expect(status).to_have_text(f"Reading: {sections[0]}.")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()

    page.evaluate("window.__speech.finish()")  # the title is read: the summary follows
    wait_for_spoken(page, 2)
    assert spoken(page) == sections[:2]
    expect_reading(page, 1)

    page.keyboard.press("Space")  # pause, on the same button
    expect(page.get_by_role("button", name="Resume")).to_be_focused()
    expect(status).to_have_text("Paused.")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    assert page.evaluate("window.__speech.calls").count("pause") == 1
    assert "resume" in page.evaluate("window.__speech.calls")

    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Next section")).to_be_focused()
    page.keyboard.press("Enter")
    wait_for_spoken(page, 3)
    expect_reading(page, 2)
    expect(status).to_have_text("Reading: What the study found.")
    page.wait_for_timeout(50)  # the canceled utterance's late end must not skip a section
    assert spoken(page) == sections[:3]

    page.keyboard.press("Tab")
    expect(page.get_by_label("Speed")).to_be_focused()
    page.keyboard.press("ArrowDown")  # 1× → 1.2×: the section starts again, faster
    wait_for_spoken(page, 4)
    last = page.evaluate("window.__speech.spoken.at(-1)")
    assert last == {"text": sections[2], "rate": 1.2}
    expect_reading(page, 2)

    for count in range(5, len(sections) + 2):  # each end starts the next section
        page.evaluate("window.__speech.finish()")
        wait_for_spoken(page, count)
    assert spoken(page) == [*sections[:3], *sections[2:]]
    page.evaluate("window.__speech.finish()")  # the last section ends
    expect(status).to_have_text("Finished reading the article.")
    expect(page.locator(".reading-now")).to_have_count(0)
    expect(page.get_by_role("button", name="Read aloud")).to_be_visible()

    page.get_by_role("button", name="Read aloud").press("Enter")
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")  # leaving the page
    assert page.evaluate("window.__speech.calls.at(-1)") == "cancel"

    page.get_by_role("link", name="Short version").click()
    expect(page.get_by_text("You are reading the short version")).to_be_visible()
    assert len(page.evaluate(SECTIONS)) == len(sections)  # the same sections, shorter
    assert_accessible(page)


def test_controls_are_hidden_without_speech_or_without_javascript(
    page: Page, browser: Browser, live_server
):
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined})")
    page.goto(live_server(ARTICLE))
    expect(page.locator("[data-read-aloud-controls]")).to_be_hidden()
    expect(page.get_by_role("button", name="Read aloud")).to_have_count(0)

    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(live_server(ARTICLE))
        expect(plain.locator("[data-read-aloud-controls]")).to_be_hidden()
        plain.get_by_role("link", name="Short version").click()
        expect(plain).to_have_url(live_server(ARTICLE + "?version=short"))
        expect(plain.get_by_text("You are reading the short version")).to_be_visible()
        plain.get_by_role("link", name="Read the full article").click()
        expect(plain).to_have_url(live_server(ARTICLE))
    finally:
        context.close()
