// A long list of checkboxes (more than a dozen: the opportunity spaces a risk, a decision or a project concerns)
// gets a search field above it that hides the options whose name does not contain what is typed. Ticked options
// always show, and hidden ones are still sent with the form, so a search never drops a choice. Without JavaScript
// the whole list shows, as before. The texts come from the page (data-filter, data-filter-shown), in its language.
document.querySelectorAll('fieldset[data-filter]').forEach((fieldset, n) => {
  const options = Array.from(fieldset.querySelectorAll('.form-group-checkbox'));
  if (!options.length) return;
  const language = document.documentElement.lang || 'da';
  const id = `checkbox-filter-${n}`;

  const group = document.createElement('div');
  group.className = 'form-group checkbox-filter';
  const label = document.createElement('label');
  label.className = 'form-label';
  label.htmlFor = id;
  label.textContent = fieldset.dataset.filter;
  const input = document.createElement('input');
  input.type = 'search';
  input.id = id;
  input.className = 'form-input';
  input.autocomplete = 'off';
  const status = document.createElement('p');
  status.className = 'form-hint';
  status.id = `${id}-status`;
  status.setAttribute('aria-live', 'polite');
  input.setAttribute('aria-describedby', status.id);
  group.append(label, input, status);
  options[0].before(group);

  const folded = text => text.toLocaleLowerCase(language).replace(/\s+/g, ' ');
  const names = options.map(option => folded(option.textContent));
  const count = number => number.toLocaleString(language);
  const show = () => {
    const wanted = folded(input.value.trim());
    let shown = 0;
    options.forEach((option, i) => {
      const visible = !wanted || option.querySelector('input').checked || names[i].includes(wanted);
      option.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    status.textContent = wanted
      ? fieldset.dataset.filterShown.replace('{shown}', count(shown)).replace('{total}', count(options.length))
      : '';
  };
  input.addEventListener('input', show);
  // Enter in the search field searches; it does not send the form.
  input.addEventListener('keydown', event => {
    if (event.key === 'Enter') event.preventDefault();
  });
});
