// Fill empty time zone fields (inputs and selects) with the browser's IANA time zone
// (e.g. "Europe/Berlin").
// Without JavaScript the fields stay as they are and the server uses UTC.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) {
    return;
  }
  var fields = document.querySelectorAll("[data-browser-timezone]");
  Array.prototype.forEach.call(fields, function (field) {
    if (field.value) {
      return;
    }
    // A select takes only the zones it lists.
    if (field.tagName === "SELECT" && !field.querySelector('option[value="' + CSS.escape(zone) + '"]')) {
      return;
    }
    field.value = zone;
    var note = document.getElementById(field.id + "-browser");
    if (note) {
      note.hidden = false;
    }
  });
})();
