// Requester's page: reload once the signer has answered or the request has expired.
(function () {
  var el = document.getElementById("req-status");
  if (!el) return;
  setInterval(function () {
    fetch(el.dataset.url, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.status !== el.dataset.status) window.location.reload();
      })
      .catch(function () {});
  }, 3000);
})();
