// Every page: a table wider than the screen scrolls in its own box (.table-scroll). While it
// overflows, the box takes keyboard focus and is named after its table, so a keyboard user can
// scroll it with the arrow keys (WCAG 2.1.1); when it fits, it is no extra tab stop.
(function () {
  'use strict';
  function label(box) {
    var table = box.querySelector('table');
    if (!table) { return null; }
    var caption = table.querySelector('caption');
    return table.getAttribute('aria-label') || (caption && caption.textContent.trim()) || null;
  }
  function update() {
    document.querySelectorAll('.table-scroll').forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute('tabindex', '0');
        var name = label(box);
        var labelledBy = box.querySelector('table') && box.querySelector('table').getAttribute('aria-labelledby');
        if (name) { box.setAttribute('role', 'region'); box.setAttribute('aria-label', name); }
        else if (labelledBy) { box.setAttribute('role', 'region'); box.setAttribute('aria-labelledby', labelledBy); }
      } else if (box.getAttribute('tabindex') === '0') {
        box.removeAttribute('tabindex');
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
        box.removeAttribute('aria-labelledby');
      }
    });
  }
  var pending = null;
  window.addEventListener('resize', function () { clearTimeout(pending); pending = setTimeout(update, 100); });
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', update); } else { update(); }
})();
