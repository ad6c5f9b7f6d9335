// Subscribe page: the options (items, themes, workgroup, language) build the feed address
// live, in every place the page shows it (fields, links, QR code, calendar name). The
// address is built as the server builds it (subscribe.py FeedChoice.path). Without this
// script the options form reloads the page with the same result.
(function () {
  var form = document.getElementById("feed-options");
  if (!form) { return; }
  var base = form.getAttribute("data-base");
  function checked(selector) { return Array.prototype.slice.call(form.querySelectorAll(selector)); }
  function build() {
    var query = [], labels = [];
    var kind = form.querySelector('input[name="kind"]:checked');
    if (kind && kind.value !== "all") { query.push(["type", kind.value]); labels.push(kind.getAttribute("data-label")); }
    checked('input[name="theme"]:checked').sort(function (a, b) { return a.value < b.value ? -1 : 1; })
      .forEach(function (box) { query.push(["theme", box.value]); labels.push(box.getAttribute("data-label")); });
    var group = form.querySelector('select[name="workgroup"]');
    if (group && group.value) { query.push(["workgroup", group.value]); labels.push(group.selectedOptions[0].getAttribute("data-label")); }
    var lang = form.querySelector('input[name="feed_lang"]:checked');
    if (lang && lang.value === "en") { query.push(["lang", "en"]); }
    var path = "/feed.ics" + (query.length ? "?" + query.map(function (pair) {
      return encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]); }).join("&") : "");
    var https = base + path, webcal = "webcal://" + https.split("://")[1];
    var name = form.getAttribute("data-name") + (labels.length ? ": " + labels.join(", ") : "");
    var outlook = "url=" + encodeURIComponent(https) + "&name=" + encodeURIComponent(name);
    var parts = {
      https: https, webcal: webcal, name: name, qr: "/subscribe/qr.svg?feed=" + encodeURIComponent(path),
      outlook_work: "https://outlook.office.com/calendar/0/addfromweb?" + outlook,
      outlook_personal: "https://outlook.live.com/calendar/0/addfromweb?" + outlook,
      google: "https://calendar.google.com/calendar/render?cid=" + encodeURIComponent(webcal)
    };
    document.querySelectorAll("[data-feed]").forEach(function (element) {
      var value = parts[element.getAttribute("data-feed")];
      if (element.tagName === "INPUT") { element.value = value; }
      else if (element.tagName === "IMG") { element.src = value; }
      else if (element.tagName === "A") { element.href = value; }
      else { element.textContent = value; }
    });
  }
  form.addEventListener("change", build);
  form.addEventListener("submit", function (event) { event.preventDefault(); build(); });
  var submit = document.getElementById("options-submit");
  if (submit) { submit.hidden = true; }
})();
