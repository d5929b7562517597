// Stretch player: steps, hold timer, repetitions and side switches for one stretch page.
// Progressive enhancement: the page already lists every step; this only reveals #stretch-player.
// No inline script, eval or inline styles, so it runs under the strict CSP.
(function () {
  "use strict";
  var REST = 5; // seconds to relax between holds

  function init() {
    var root = document.getElementById("stretch-player");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var $ = function (id) { return document.getElementById("player-" + id); };
    var steps = Array.prototype.map.call(
      document.querySelectorAll("#stretch-steps li"), function (li) { return li.textContent; });
    var hold = +root.dataset.holdSeconds || 5;
    var reps = +root.dataset.repetitions || 1;
    var sides = root.dataset.sides === "each" ? 2 : 1;
    var s = {};
    var timer = null;

    function say(text) { $("status").textContent = text; }

    function showStep() {
      $("step-count").textContent = "Step " + (s.step + 1) + " of " + steps.length;
      $("step-text").textContent = steps[s.step] || "";
      $("prev").disabled = s.step === 0;
      $("next").disabled = s.step >= steps.length - 1;
    }

    function showCount() {
      $("rep").textContent = "Repetition " + s.rep + " of " + reps;
      if (sides > 1) $("side").textContent = s.side === 1 ? ", first side" : ", other side";
      $("seconds").textContent = s.left;
      $("start").disabled = s.running || s.phase === "done";
      $("pause").disabled = !s.running;
      root.classList.toggle("player--holding", s.running && s.phase === "hold");
    }

    function setPhase(phase, label, seconds) {
      s.phase = phase;
      s.left = seconds;
      s.ends = Date.now() + seconds * 1000;
      $("phase").textContent = label;
    }

    function stop() {
      clearInterval(timer);
      timer = null;
      s.running = false;
    }

    function reset(announce) {
      stop();
      s = { step: 0, rep: 1, side: 1, running: false };
      setPhase("ready", "Ready", hold);
      showStep();
      showCount();
      if (announce) say("Reset. Press Start when you are ready.");
    }

    function startHold() {
      setPhase("hold", "Hold", hold);
      say("Hold for " + hold + " seconds. Repetition " + s.rep + " of " + reps +
        (sides > 1 ? (s.side === 1 ? ", first side." : ", other side.") : "."));
    }

    function finishHold() {
      if (s.rep < reps) {
        setPhase("rest", "Relax", REST);
        say("Relax for " + REST + " seconds.");
      } else if (s.side < sides) {
        stop();
        s.side += 1;
        s.rep = 1;
        setPhase("switch", "Switch sides", hold);
        say("Switch to the other side. Press Start when you are ready.");
      } else {
        stop();
        setPhase("done", "All done", 0);
        say("All done. Well done.");
      }
    }

    function tick() {
      var left = Math.max(0, Math.ceil((s.ends - Date.now()) / 1000));
      if (left !== s.left) {
        s.left = left;
        if (s.phase === "hold" && hold >= 20 && left === Math.floor(hold / 2)) say("Halfway.");
      }
      if (left === 0) {
        if (s.phase === "hold") finishHold();
        else if (s.phase === "rest") { s.rep += 1; startHold(); }
      }
      showCount();
    }

    function start() {
      if (s.running) return;
      if (s.phase === "paused") {
        s.phase = s.resume;
        s.ends = Date.now() + s.left * 1000;
        $("phase").textContent = s.resumeLabel;
        say("Carry on.");
      } else {
        startHold();
      }
      s.running = true;
      timer = setInterval(tick, 250);
      showCount();
    }

    function pause() {
      if (!s.running) return;
      stop();
      s.resume = s.phase;
      s.resumeLabel = $("phase").textContent;
      s.phase = "paused";
      $("phase").textContent = "Paused";
      say("Paused.");
      showCount();
    }

    function move(by) {
      s.step = Math.min(steps.length - 1, Math.max(0, s.step + by));
      showStep();
      say("Step " + (s.step + 1) + ": " + steps[s.step]);
    }

    var actions = {
      start: start,
      pause: pause,
      reset: function () { reset(true); },
      prev: function () { move(-1); },
      next: function () { move(1); }
    };
    root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-player]");
      if (button && actions[button.dataset.player]) actions[button.dataset.player]();
    });
    reset(false);
    root.hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // htmx may swap a stretch page in without a full load.
  document.addEventListener("htmx:after:settle", init);
})();
