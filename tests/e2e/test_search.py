"""Searching with the keyboard alone and JavaScript off: the header box, results, filters.

(axe needs script, so the search pages are checked in test_accessibility.py.)"""

from playwright.sync_api import Browser, expect


def test_a_reader_finds_a_brand_name_and_narrows_it_with_the_keyboard(
    browser: Browser, live_server
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server("/topics"))
    box = page.get_by_role("search", name="Site").get_by_label("Search the summaries")
    box.focus()
    page.keyboard.type("Tysabri")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server("/search?q=Tysabri"))
    heading = page.locator("#results-heading")
    expect(heading).to_contain_text("summaries match “Tysabri”")
    expect(page.locator("main .excerpt mark").first).to_have_text("natalizumab", ignore_case=True)
    page.get_by_text("Narrow the results").focus()
    page.keyboard.press("Enter")  # opens the <details> without script
    page.get_by_label("Type of study").select_option("review")
    page.get_by_role("button", name="Apply filters").press("Enter")
    expect(page).to_have_url(
        live_server(
            "/search?q=Tysabri&topic=&condition=&study_type=review&population=&year_from=&year_to="
        )
    )
    context.close()
