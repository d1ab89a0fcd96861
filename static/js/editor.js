/* The editor's readability panel follows the text while typing. The page works without it:
   the panel is also measured on the server each time the page loads or is saved. */
(function () {
  "use strict";

  var WAIT_MS = 800;

  function refresh(form) {
    return fetch(form.dataset.readabilityUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) { return; }
      return response.text().then(function (html) {
        var panel = document.getElementById("reading-panel");
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("reading-panel");
        if (panel && fresh) { panel.replaceWith(fresh); }
      });
    }).catch(function () { /* the server's panel from the last save stays */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-readability-url]");
    if (!form) { return; }
    var timer = null;
    form.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA") { return; }
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(form); }, WAIT_MS);
    });
  });
})();
