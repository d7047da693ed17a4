// Login page (default dialect): posts the form to /auth/login, keeps the token where REF_UI_TOKEN_STORE says
// (sessionStorage, localStorage, a cookie, or the chat URL's fragment), goes to /chat.
(function () {
  'use strict';
  var form = document.getElementById('login-form');
  var error = document.getElementById('login-error');
  var button = document.getElementById('sign-in');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    error.textContent = '';
    button.disabled = true;
    var body = JSON.stringify({
      email: document.getElementById('email').value,
      password: document.getElementById('password').value,
    });
    fetch('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: body })
      .then(function (res) {
        if (res.ok) {
          return res.json().then(function (data) {
            var token = data.access_token;
            var store = document.body.dataset.tokenStore;
            if (store === 'url') return location.assign('/chat#token=' + encodeURIComponent(token));
            if (store === 'cookie')
              document.cookie = 'gp_token=' + encodeURIComponent(token) + '; path=/; SameSite=Strict';
            else if (store === 'localStorage') localStorage.setItem('gp_token', token);
            else sessionStorage.setItem('gp_token', token);
            location.assign('/chat');
          });
        }
        error.textContent =
          res.status === 401 ? 'Invalid email or password.' : 'Sign-in failed (HTTP ' + res.status + ').';
      })
      .catch(function () {
        error.textContent = 'Sign-in failed: the auth service did not answer.';
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
