/* Plainly's small enhancements. Every page works without them. */
(function () {
  "use strict";

  function postForm(form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  }

  /* Post in the background; if the network fails, fall back to an ordinary submission. */
  async function send(form) {
    try {
      return await postForm(form);
    } catch (error) {
      form.submit();
      return null;
    }
  }

  /* Save buttons: toggle in place, keep focus on the button, announce the result. */
  function showSaved(form, saved) {
    var button = form.querySelector(".save-button");
    form.action = saved ? form.dataset.unsaveUrl : form.dataset.saveUrl;
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    var label = form.querySelector(".save-label");
    label.textContent = saved ? label.dataset.saved : "Save";
    form.querySelector(".save-hint").textContent = saved ? label.dataset.savedHint : "";
  }

  async function submitSave(form) {
    var status = form.querySelector(".save-status");
    var response = await send(form);
    if (!response) return;
    if (response.status === 401) {
      var answer = await response.json();
      window.location.assign(answer.login);
      return;
    }
    if (!response.ok) {
      form.submit(); /* let the server's page explain, e.g. an expired form */
      return;
    }
    var data = await response.json();
    showSaved(form, data.saved);
    status.textContent = data.message;
  }

  /* Follow buttons: the same, and the topic's "You follow this" line follows suit. */
  function showFollowing(form, following) {
    var button = form.querySelector(".follow-button");
    form.action = following ? form.dataset.unfollowUrl : form.dataset.followUrl;
    button.setAttribute("aria-pressed", following ? "true" : "false");
    button.classList.toggle("button-secondary", following);
    form.querySelector(".follow-label").textContent = following ? "Following" : "Follow";
    form.querySelector(".follow-hint").textContent = following ? ". Press to unfollow" : "";
    var row = form.closest(".topic-row");
    var state = row && row.querySelector(".follow-state");
    if (state) state.hidden = !following;
  }

  async function submitFollow(form) {
    var response = await send(form);
    if (!response) return;
    var type = response.headers.get("Content-Type") || "";
    if (!response.ok || type.indexOf("application/json") !== 0) {
      form.submit(); /* e.g. logged out meanwhile: the server's page explains */
      return;
    }
    var data = await response.json();
    showFollowing(form, data.following);
    form.querySelector(".follow-status").textContent = data.message;
  }

  /* Notes: save in place; a note over the limit gets the server's message next to it. */
  async function submitNote(form) {
    var status = form.querySelector(".note-status");
    var area = form.querySelector("textarea");
    var response = await send(form);
    if (!response) return;
    if (response.status === 422) {
      status.textContent = (await response.json()).errors.join(" ");
      status.classList.add("is-error");
      area.setAttribute("aria-invalid", "true");
      area.focus();
      return;
    }
    if (!response.ok) {
      form.submit(); /* let the server's page explain, e.g. an expired form */
      return;
    }
    status.classList.remove("is-error");
    area.removeAttribute("aria-invalid");
    status.textContent = (await response.json()).message;
    /* The saved page's "Add a note" / "Edit note" opener follows what is now kept. */
    var opener = form.closest(".note-editor");
    var word = opener && opener.querySelector("summary").firstChild;
    if (word) word.textContent = area.value.trim() ? "Edit note" : "Add a note";
    /* The note shown above its editor follows too, a paragraph per blank-line block. */
    var shown = form.closest(".saved-item");
    shown = shown && shown.querySelector(".your-note");
    if (shown) {
      var text = shown.querySelector(".your-note-text");
      text.replaceChildren();
      area.value.split(/\n\s*\n/).forEach(function (block) {
        if (!block.trim()) return;
        var p = document.createElement("p");
        p.className = "note-text";
        p.textContent = block.trim();
        text.appendChild(p);
      });
      shown.hidden = !area.value.trim();
    }
  }

  /* Banners: "Hide" puts the banner away in place; the session remembers it for later pages. */
  async function submitDismiss(form) {
    var response = await send(form);
    if (!response) return;
    if (!response.ok) {
      form.submit();
      return;
    }
    var banner = form.closest(".banner-dismissible");
    banner.hidden = true;
    document.getElementById("main").focus();
  }

  var busy = new WeakSet();
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var handler = form.classList.contains("save-form") ? submitSave
      : form.classList.contains("follow-form") ? submitFollow
      : form.classList.contains("note-form") ? submitNote
      : form.classList.contains("dismiss-form") ? submitDismiss : null;
    if (!handler || !window.fetch) return;
    event.preventDefault();
    if (busy.has(form)) return;
    busy.add(form);
    handler(form).finally(function () { busy.delete(form); });
  });

  /* Note counters: a visible count, and a calm spoken update once typing pauses. */
  function characters(n) {
    return n.toLocaleString("en") + (n === 1 ? " character" : " characters");
  }

  function countText(left) {
    if (left >= 0) return "You have " + characters(left) + " left.";
    return "You have " + characters(-left) + " too many.";
  }

  function addCounter(area) {
    var max = Number(area.dataset.maxLength);
    var counter = document.createElement("p");
    counter.className = "note-counter";
    counter.id = area.id + "-counter";
    var spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.setAttribute("role", "status");
    area.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", spoken);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var timer = null;
    function update(announce) {
      var length = area.value.replace(/\r\n?/g, "\n").trim().length;
      counter.textContent = countText(max - length);
      counter.classList.toggle("is-over", length > max);
      clearTimeout(timer);
      if (announce) {
        timer = setTimeout(function () { spoken.textContent = counter.textContent; }, 1000);
      }
    }
    area.addEventListener("input", function () { update(true); });
    update(false);
  }

  /* Copy a share link; print the appointment sheet. */
  function enableCopy(button) {
    var input = document.getElementById(button.dataset.copy);
    var status = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { status.textContent = "Link copied."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
      } else {
        input.select();
        if (document.execCommand("copy")) done();
      }
    });
  }

  /* Form errors: start at the summary of them; its links move focus to their fields. */
  function focusErrorSummary(summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        var input = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
        if (!input) return;
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        input.focus();
      });
    });
  }

  function init() {
    var summary = document.getElementById("error-summary");
    if (summary) focusErrorSummary(summary);
    document.querySelectorAll("textarea[data-max-length]").forEach(addCounter);
    document.querySelectorAll("button[data-copy]").forEach(enableCopy);
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var fresh = document.getElementById("new-share");
    if (fresh && window.location.hash === "#new-share") fresh.focus();
  }

  init();
})();
