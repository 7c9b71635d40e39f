// Quiz countdown: shows the time left and submits at zero. The server keeps the real
// deadline (with a short grace); this only saves the learner a late, ungraded answer.
(function () {
  "use strict";
  var box = document.getElementById("countdown");
  var value = document.getElementById("countdown-value");
  var form = document.getElementById("attempt-form");
  var submit = document.getElementById("submit-attempt");
  if (!box || !value || !form) { return; }
  var end = Date.now() + parseInt(box.dataset.seconds, 10) * 1000;
  var sent = false;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    value.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
    if (left <= 60) { box.classList.add("is-low"); }
    if (left === 0 && !sent) {
      sent = true;
      if (form.requestSubmit && submit) { form.requestSubmit(submit); } else { submit.click(); }
      return;
    }
    window.setTimeout(tick, 1000);
  }
  form.addEventListener("submit", function () { sent = true; });
  tick();
})();
