// Replays an attempt's timeline step by step (the list works without it).
(function () {
  var list = document.getElementById("timeline");
  var controls = document.querySelector(".replay-controls");
  if (!list || !controls) return;
  var rows = list.querySelectorAll("li");
  var timer = null;
  controls.hidden = false;
  function showAll() {
    clearInterval(timer);
    rows.forEach(function (row) { row.classList.remove("is-hidden"); });
  }
  function play() {
    var shown = 0;
    clearInterval(timer);
    rows.forEach(function (row) { row.classList.add("is-hidden"); });
    timer = setInterval(function () {
      if (shown >= rows.length) { clearInterval(timer); return; }
      rows[shown].classList.remove("is-hidden");
      rows[shown].scrollIntoView({block: "nearest"});
      shown += 1;
    }, 700);
  }
  controls.addEventListener("click", function (event) {
    var action = event.target.getAttribute("data-replay");
    if (action === "play") play();
    if (action === "all") showAll();
  });
})();
