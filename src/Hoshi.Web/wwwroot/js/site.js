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

// Every page with a form error: each message under a field (data-for: the field's name) describes
// that field (aria-describedby), each entry of the error summary links to its field, and the
// summary takes focus, so a screen reader reads what went wrong and a keyboard user starts there.
// Without an error, a confirmation step (a step that cannot be undone) takes the focus the same way.
(function () {
  'use strict';
  function fields(name, within) {
    return [...(within || document).querySelectorAll('[name]')].filter(function (f) {
      return f.getAttribute('name') === name && f.type !== 'hidden' && !f.closest('[hidden]');
    });
  }
  function describe(field, id) {
    var ids = (field.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (ids.indexOf(id) < 0) { ids.unshift(id); field.setAttribute('aria-describedby', ids.join(' ')); }
    if (field.type !== 'radio' && field.type !== 'checkbox') { field.setAttribute('aria-invalid', 'true'); }
  }
  function run() {
    document.querySelectorAll('.error[id][data-for]').forEach(function (error) {
      fields(error.getAttribute('data-for'), error.closest('form')).forEach(function (f) { describe(f, error.id); });
    });
    var summary = document.querySelector('.error-summary');
    if (!summary) {
      // A step that cannot be undone asks first: the question takes the focus, its buttons come next.
      var confirm = document.querySelector('section.confirm');
      if (confirm) { confirm.focus(); }
      return;
    }
    summary.querySelectorAll('li[data-for]').forEach(function (item) {
      var target = fields(item.getAttribute('data-for'))[0];
      if (!target || !target.id) { return; }
      var link = document.createElement('a');
      link.href = '#' + target.id;
      link.textContent = item.textContent;
      link.addEventListener('click', function (event) {
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: 'center' });
      });
      item.textContent = '';
      item.appendChild(link);
    });
    summary.focus();
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', run); } else { run(); }
})();
