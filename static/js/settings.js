// Settings page enhancements; without JavaScript every field is simply shown.
(function () {
  "use strict";

  // Fields that only matter for one answer of a radio group (the weekday for weekly digests):
  // hidden while another answer is chosen, shown again as soon as that one is.
  function showWhenChosen(box) {
    var radios = document.querySelectorAll('input[type="radio"][name="' + box.dataset.shownFor + '"]');
    if (!radios.length) return;
    function update() {
      var chosen = document.querySelector('input[type="radio"][name="' + box.dataset.shownFor + '"]:checked');
      box.hidden = !chosen || chosen.value !== box.dataset.shownValue;
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  }

  // Typing in the filter box narrows the time zone list to the places (or regions) that match.
  function filterZones(select) {
    var wrap = document.querySelector(".timezone-filter");
    var input = document.getElementById("timezone-filter");
    var count = document.getElementById("timezone-filter-count");
    if (!wrap || !input) return;
    wrap.hidden = false;
    var groups = select.querySelectorAll("optgroup");
    var timer = null;
    function apply() {
      var words = input.value.trim().toLowerCase().replace(/\s+/g, " ");
      var matches = [];
      Array.prototype.forEach.call(groups, function (group) {
        var any = false;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var text = (group.label + " " + option.textContent + " " + option.value).toLowerCase().replace(/_/g, " ");
          var match = !words || text.indexOf(words) !== -1;
          if (match) matches.push(option);
          // The chosen zone stays in the list, so a filter never changes the answer unseen.
          option.hidden = !match && !option.selected;
          any = any || !option.hidden;
        });
        group.hidden = !any;
      });
      if (!words) {
        count.textContent = "";
        return;
      }
      count.textContent = matches.length === 1 ? "1 time zone matches." : matches.length + " time zones match.";
      // One match: choose it, so typing a city's name is enough.
      if (matches.length === 1) select.value = matches[0].value;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();  // choosing, not sending the form
        apply();
        select.focus();
      }
    });
  }

  document.querySelectorAll("[data-shown-for]").forEach(showWhenChosen);
  var zones = document.getElementById("timezone");
  if (zones && zones.tagName === "SELECT") filterZones(zones);
})();
