// The provider's sign-in page: plain HTML, no scripts, so it works in any browser and in tests.
const escape = value =>
  String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export function renderLoginPage({ uid, clientName, login, error, users }) {
  const hint = users.length
    ? `<p class="hint">Seeded users: ${users.map(u => `<code>${escape(u)}</code>`).join(', ')}</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sign in to Slipway</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f5f7; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { background: #fff; padding: 2rem 2.5rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.15); width: 22rem; }
  h1 { font-size: 1.3rem; margin-top: 0; }
  label { display: block; margin: .8rem 0 .2rem; }
  input { width: 100%; padding: .5rem; box-sizing: border-box; }
  button { margin-top: 1.2rem; width: 100%; padding: .6rem; background: #1f5493; color: #fff; border: 0; border-radius: 4px; font-size: 1rem; }
  .error { background: #fdecea; color: #8a1c13; padding: .6rem; border-radius: 4px; }
  .hint { color: #555; font-size: .85rem; }
</style>
</head>
<body>
<main>
  <h1>Sign in to ${escape(clientName)}</h1>
  <p>Slipway local identity provider</p>
  ${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
  <form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
    <label for="login">Username or email</label>
    <input id="login" name="login" value="${escape(login)}" required autofocus>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" required>
    <button type="submit">Sign in</button>
  </form>
  ${hint}
</main>
</body>
</html>`;
}
