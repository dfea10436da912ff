// The "copy embed code" button: shown only where scripts run (the code stays selectable without them).
(function () {
  "use strict";
  const button = document.getElementById("copy-embed");
  const code = document.getElementById("embed-code");
  if (!button || !code) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    code.select();
    const done = () => { button.textContent = button.dataset.copied; };
    if (navigator.clipboard) navigator.clipboard.writeText(code.value).then(done, () => document.execCommand("copy") && done());
    else if (document.execCommand("copy")) done();
  });
})();
