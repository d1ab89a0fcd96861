/* Read aloud on the article page, with the browser's own speech synthesis. Without it (or
   without JavaScript) the controls stay hidden and the page reads as before. */
(function () {
  "use strict";

  var CURRENT = "reading-now";

  function start(controls) {
    var synth = window.speechSynthesis;
    var sections = Array.prototype.slice.call(document.querySelectorAll("[data-read-aloud]"));
    var play = controls.querySelector("[data-read-aloud-play]");
    var next = controls.querySelector("[data-read-aloud-next]");
    var speed = controls.querySelector("[data-read-aloud-speed]");
    var status = controls.querySelector("[data-read-aloud-status]");
    var index = -1;
    var utterance = null;
    var paused = false;

    function mark(section) {
      sections.forEach(function (s) {
        s.classList.remove(CURRENT);
        s.removeAttribute("aria-current");
      });
      if (section) {
        section.classList.add(CURRENT);
        section.setAttribute("aria-current", "true");
      }
    }

    function nameOf(section) {
      var heading = section.matches("h1, h2") ? section : section.querySelector("h2");
      return heading ? heading.textContent.trim() : "Summary";
    }

    function show(label, playing) {
      play.textContent = label;
      play.setAttribute("aria-pressed", playing ? "true" : "false");
      next.disabled = index < 0;
    }

    function stop(message) {
      utterance = null;
      synth.cancel();
      index = -1;
      paused = false;
      mark(null);
      show("Read aloud", false);
      status.textContent = message;
    }

    function speak(i) {
      if (i >= sections.length) {
        stop("Finished reading the article.");
        return;
      }
      index = i;
      paused = false;
      /* Canceling ends the old utterance: forget it first so its end moves nothing on. */
      utterance = null;
      synth.cancel();
      if (synth.paused) synth.resume();
      var section = sections[i];
      var spoken = new SpeechSynthesisUtterance(section.innerText);
      spoken.lang = document.documentElement.lang || "en";
      spoken.rate = parseFloat(speed.value) || 1;
      spoken.onend = function () {
        if (utterance === spoken) speak(index + 1);
      };
      utterance = spoken;
      mark(section);
      show("Pause", true);
      status.textContent = "Reading: " + nameOf(section) + ".";
      synth.speak(spoken);
    }

    play.addEventListener("click", function () {
      if (index < 0) {
        speak(0);
      } else if (paused) {
        paused = false;
        synth.resume();
        show("Pause", true);
        status.textContent = "Reading: " + nameOf(sections[index]) + ".";
      } else {
        paused = true;
        synth.pause();
        show("Resume", false);
        status.textContent = "Paused.";
      }
    });
    next.addEventListener("click", function () {
      if (index >= 0) speak(index + 1);
    });
    /* A new speed applies at once: the current section starts again at that speed. */
    speed.addEventListener("change", function () {
      if (index >= 0 && !paused) speak(index);
    });
    window.addEventListener("pagehide", function () {
      utterance = null;
      synth.cancel();
    });
    controls.hidden = false;
  }

  var controls = document.querySelector("[data-read-aloud-controls]");
  if (controls && window.speechSynthesis && window.SpeechSynthesisUtterance) {
    start(controls);
  }
})();
