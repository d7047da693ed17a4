// netra-apex pages: an OAuth-only login (no form) and the chat with its data-testid selectors.
import type { VersionInfo } from '../core.ts';
import { clientScript, renderPage, uiFaultParts, type UiFaults } from './page-shell.ts';

export function netraLoginPage(v: VersionInfo): string {
  return renderPage({
    title: 'Netra Apex · Sign in',
    ...v,
    body: `<main>
<h1>Sign in to Netra Apex</h1>
<p>This environment uses OAuth sign-in only; there is no email and password form.</p>
<button type="button" disabled>Continue with Google</button>
<p class="status">Automation: open <code>/chat?token=&lt;jwt&gt;</code> or set <code>localStorage["jwt_token"]</code>.</p>
</main>`,
  });
}

export function netraChatPage(v: VersionInfo, faults: UiFaults): string {
  return renderPage({
    title: 'Netra Apex · Chat',
    ...v,
    ...uiFaultParts(faults),
    body: `<main>
<h1>Netra Apex</h1>
<div class="status" data-testid="connection-status">Connecting...</div>
<section class="messages" data-testid="message-list"></section>
<div class="status" data-testid="agent-processing" hidden></div>
<div role="alert" data-testid="chat-error"></div>
<form id="chat-form">
  <textarea data-testid="message-textarea" aria-label="Message input" rows="3" placeholder="Ask Netra anything"></textarea>
  <button type="submit" data-testid="send-button" aria-label="Send message" disabled>Send</button>
</form>
</main>`,
    script: clientScript('netra-chat.js'),
  });
}
