// Login and chat pages of the default dialect (role/label selectors, as golden-path-contract.md describes).
import type { VersionInfo } from '../core.ts';
import type { TokenStore } from '../settings.ts';
import { clientScript, renderPage, uiFaultParts, type UiFaults } from './page-shell.ts';

export function defaultLoginPage(v: VersionInfo, store: TokenStore): string {
  return renderPage({
    title: 'Sign in · Golden Path reference target',
    ...v,
    data: { 'token-store': store },
    body: `<main>
<h1>Sign in</h1>
<form id="login-form" novalidate>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button id="sign-in" type="submit">Sign in</button>
  <p id="login-error" role="alert"></p>
</form>
</main>`,
    script: clientScript('default-login.js'),
  });
}

export function defaultChatPage(v: VersionInfo, faults: UiFaults, store: TokenStore): string {
  const parts = uiFaultParts(faults);
  return renderPage({
    title: 'Chat · Golden Path reference target',
    ...v,
    ...parts,
    data: { ...parts.data, 'token-store': store },
    body: `<main>
<h1>Chat</h1>
<p class="status">Connection: <span id="connection" role="status" aria-label="Connection: Connecting">Connecting</span></p>
<ul id="conversation" class="conversation" aria-label="Conversation"></ul>
<p id="draft" class="status"></p>
<p class="status">Agent: <span id="agent-status" role="status" aria-label="Agent status" aria-live="polite">idle</span></p>
<p id="chat-error" role="alert"></p>
<form id="chat-form">
  <label for="message">Message</label>
  <textarea id="message" name="message" rows="3"></textarea>
  <button id="send" type="submit" disabled>Send</button>
</form>
</main>`,
    script: clientScript('default-chat.js'),
  });
}
