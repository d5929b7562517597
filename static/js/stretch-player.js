// Stretch player: a get-ready countdown, the hold, a rest, side switches, and the step to do now,
// so a person lying on the floor can follow without touching the phone.
// Progressive enhancement: the page already lists every step; this only reveals #stretch-player.
// Beeps (Web Audio) and vibration are opt-in; the screen is kept on (Screen Wake Lock) while it runs,
// where the browser can. No inline script, eval or inline styles, so it runs under the strict CSP.
(function () {
  "use strict";
  var GET_READY = 5; // seconds to count down before each hold
  var REST = 5; // seconds to relax between holds
  var SWITCH = 10; // seconds to turn to the other side

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
    // The step of the hold itself; the steps around it follow the timer. Without one, steps stay put.
    var holdStep = root.dataset.holdStep === undefined ? null : +root.dataset.holdStep;
    var PHASES = {
      ready: { label: "Ready" },
      getready: { label: "Get ready", step: -1 },
      hold: { label: "Hold", step: 0 },
      rest: { label: "Relax", step: 1 },
      "switch": { label: "Switch sides", step: 2 },
      done: { label: "All done" }
    };
    var s = {};
    var timer = null;
    var audio = null;
    var wakeLock = null;

    function say(text) { $("status").textContent = text; }

    function beep(frequency, seconds) {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!$("sound").checked || !Context) return;
      audio = audio || new Context();
      var tone = audio.createOscillator();
      var volume = audio.createGain();
      tone.frequency.value = frequency;
      volume.gain.value = 0.25;
      tone.connect(volume);
      volume.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + seconds);
    }

    function buzz(pattern) {
      if ($("vibrate").checked && navigator.vibrate) navigator.vibrate(pattern);
    }

    // Keep the screen on while the timer runs, and let it sleep again when it stops.
    function keepAwake() {
      if (wakeLock || !navigator.wakeLock) return;
      wakeLock = navigator.wakeLock.request("screen").then(function (lock) {
        if (!s.running) { lock.release(); wakeLock = null; return null; }
        $("awake").hidden = false;
        lock.addEventListener("release", function () { wakeLock = null; $("awake").hidden = true; });
        return lock;
      }, function () { wakeLock = null; return null; });
    }

    function letSleep() {
      if (!wakeLock) return;
      wakeLock.then(function (lock) { if (lock) lock.release(); });
      wakeLock = null;
      $("awake").hidden = true;
    }

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

    function setPhase(phase, seconds) {
      var offset = PHASES[phase].step;
      s.phase = phase;
      s.left = seconds;
      s.ends = Date.now() + seconds * 1000;
      $("phase").textContent = PHASES[phase].label;
      if (phase === "done") s.step = steps.length - 1;
      else if (holdStep !== null && offset !== undefined) s.step = Math.min(steps.length - 1, Math.max(0, holdStep + offset));
      showStep();
    }

    function stop() {
      clearInterval(timer);
      timer = null;
      s.running = false;
      letSleep();
    }

    function reset(announce) {
      stop();
      s = { step: 0, rep: 1, side: 1, running: false };
      setPhase("ready", hold);
      s.step = 0;
      showStep();
      showCount();
      if (announce) say("Reset. Press Start when you are ready.");
    }

    function sideText() {
      return sides > 1 ? (s.side === 1 ? ", first side." : ", other side.") : ".";
    }

    function getReady() {
      setPhase("getready", GET_READY);
      say("Get ready: " + steps[s.step] + " Hold starts in " + GET_READY + " seconds.");
    }

    function startHold() {
      setPhase("hold", hold);
      beep(880, 0.3);
      buzz(300);
      say("Hold for " + hold + " seconds. Repetition " + s.rep + " of " + reps + sideText());
    }

    function finishHold() {
      beep(440, 0.5);
      buzz([150, 100, 150]);
      if (s.rep < reps) {
        setPhase("rest", REST);
        say("Relax for " + REST + " seconds. " + steps[s.step]);
      } else if (s.side < sides) {
        s.side += 1;
        s.rep = 1;
        setPhase("switch", SWITCH);
        say("Switch to the other side. " + steps[s.step]);
      } else {
        stop();
        setPhase("done", 0);
        say("All done. Well done.");
      }
    }

    function tick() {
      var left = Math.max(0, Math.ceil((s.ends - Date.now()) / 1000));
      if (left !== s.left) {
        s.left = left;
        if (s.phase === "getready" && left > 0 && left <= 3) beep(660, 0.1);
        if (s.phase === "hold" && hold >= 20 && left === Math.floor(hold / 2)) say("Halfway.");
      }
      if (left === 0) {
        if (s.phase === "getready") startHold();
        else if (s.phase === "hold") finishHold();
        else if (s.phase === "rest") { s.rep += 1; getReady(); }
        else if (s.phase === "switch") getReady();
      }
      showCount();
    }

    function start() {
      if (s.running) return;
      if (s.phase === "paused") {
        s.phase = s.resume;
        s.ends = Date.now() + s.left * 1000;
        $("phase").textContent = PHASES[s.phase].label;
        say("Carry on.");
      } else {
        getReady();
      }
      s.running = true;
      keepAwake();
      timer = setInterval(tick, 250);
      showCount();
    }

    function pause() {
      if (!s.running) return;
      stop();
      s.resume = s.phase;
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
    // The lock is let go when the page is hidden; take it again on coming back.
    document.addEventListener("visibilitychange", function () {
      if (s.running && document.visibilityState === "visible") keepAwake();
    });
    $("vibrate-choice").hidden = !navigator.vibrate;
    reset(false);
    root.hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // htmx may swap a stretch page in without a full load.
  document.addEventListener("htmx:after:settle", init);
})();
