// Progressive enhancement for the self-assessment pages. Without JavaScript every question is
// shown and every answer has its own save button; with it, follow-up questions appear only when
// they apply and answers save themselves.
(function () {
  "use strict";

  // Scope: <div data-show-when="Input.X=value"> is shown only while that radio is checked.
  document.querySelectorAll("[data-show-when]").forEach(function (block) {
    var rule = block.getAttribute("data-show-when").split("=");
    var radios = document.querySelectorAll('input[type=radio][name="' + rule[0] + '"]');
    function update() {
      var checked = document.querySelector('input[type=radio][name="' + rule[0] + '"]:checked');
      block.hidden = !(checked && checked.value === rule[1]);
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
    update();
  });

  // Sheet: each criterion is a <form data-answer>; changes are saved after a short pause.
  document.querySelectorAll("form[data-answer]").forEach(function (form) {
    var status = form.querySelector("[data-save-status]");
    var timer = null;
    var saving = false;
    var again = false;
    // Edits made so far: a save answers only for the edits it carried; one typed while it was on
    // its way keeps the form unsaved (and its own timer saves it), so a reload never drops it.
    var edits = 0;

    function say(text, kind) {
      if (!status) { return; }
      status.textContent = text;
      status.className = "save-status" + (kind ? " save-status--" + kind : "");
    }

    function save() {
      if (saving) { again = true; return; }
      saving = true;
      var carried = edits;
      say(form.getAttribute("data-text-saving"), "");
      var body = new FormData(form);
      fetch(form.action, { method: "POST", body: body, headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); })
        .then(function (result) {
          var data = result.data;
          if (data.saved) {
            form.querySelector("input[name=Version]").value = data.version;
            // A saved verdict may make a step possible that was not when the page loaded: offer it
            // again (the server still checks, and says why when it is not possible yet).
            document.querySelectorAll("button[data-enable-after-save]").forEach(function (b) { b.disabled = false; });
            document.querySelectorAll("[data-hide-after-save]").forEach(function (p) { p.hidden = true; });
            // A carried-over answer saved (as it stands or changed) is the person's own now.
            form.querySelectorAll("[data-carried]").forEach(function (p) { p.hidden = true; });
            if (edits === carried) {
              say(data.message, "ok");
              form.dataset.dirty = "";
            } else {
              say(form.getAttribute("data-text-unsaved"), "");
            }
          } else {
            say(data.message, data.conflict ? "conflict" : "error");
          }
        })
        .catch(function () { say(form.getAttribute("data-text-offline"), "error"); })
        .finally(function () {
          saving = false;
          if (again) { again = false; save(); }
        });
    }

    form.addEventListener("input", function () {
      edits++;
      form.dataset.dirty = "1";
      say(form.getAttribute("data-text-unsaved"), "");
      clearTimeout(timer);
      timer = setTimeout(save, 1200);
    });
    form.addEventListener("change", function () { edits++; form.dataset.dirty = "1"; clearTimeout(timer); timer = setTimeout(save, 300); });
    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); save(); });
  });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-answer][data-dirty='1']")) { event.preventDefault(); }
  });
})();
