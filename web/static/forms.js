// Posts a form as JSON with the ?token= of the page, then reports the result.
document.querySelectorAll('form[data-endpoint]').forEach((form) => {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = form.querySelector('[role=status]');
    const body = Object.fromEntries(new FormData(form).entries());
    for (const [k, v] of Object.entries(body)) if (v === '') delete body[k];
    body[form.dataset.tokenField] = new URLSearchParams(location.search).get('token') || '';
    status.textContent = '…';
    const res = await fetch(form.dataset.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data = await res.json().catch(() => ({}));
    if (res.ok) {
      status.textContent = `Done: signed in as ${data.user.email}.`;
      form.querySelector('button').disabled = true;
    } else {
      status.textContent = Array.isArray(data.message) ? data.message.join('; ') : data.message || `Error ${res.status}`;
    }
  });
});
