// Login page (default dialect): posts the form to /auth/login, keeps the token in sessionStorage, goes to /chat.
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
            sessionStorage.setItem('gp_token', data.access_token);
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
