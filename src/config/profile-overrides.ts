// Settings that override single names of the selected profile (paths, message types, event names, selectors),
// so a team whose product differs from a profile only in names needs no profile file of its own.
import type { LogicalEvent, Profile, ProfileDefinition } from '../../profiles/define.ts';

type Apply = (p: ProfileDefinition, value: string) => void;

const event =
  (name: LogicalEvent): Apply =>
  (p, v) => {
    p.events = { ...p.events, aliases: { ...p.events.aliases, [name]: [v] } };
  };

/** Setting name → how it changes the profile. Documented in .env.example. */
export const PROFILE_OVERRIDES: Readonly<Record<string, Apply>> = {
  LOGIN_PATH: (p, v) => {
    p.auth = {
      ...p.auth,
      strategies: p.auth.strategies.map((s) => (s.kind === 'login' ? { ...s, path: v } : s)),
    };
  },
  ME_PATH: (p, v) => {
    p.auth = { ...p.auth, me: { ...p.auth.me, path: v } };
  },
  WS_PATH: (p, v) => {
    p.ws = { ...p.ws, path: v };
  },
  WS_SUBPROTOCOL: (p, v) => {
    p.ws = {
      ...p.ws,
      echo: { rule: 'exact', value: v },
      carriers: p.ws.carriers.map((c) =>
        c.kind === 'subprotocol' ? { ...c, entries: [v, ...c.entries.slice(1)] } : c,
      ),
    };
  },
  HEALTH_PATH: (p, v) => {
    p.health = { ...p.health, api: { ...p.health.api, live: { ...p.health.api.live, path: v } } };
  },
  READY_PATH: (p, v) => {
    p.health = { ...p.health, api: { ...p.health.api, ready: { ...p.health.api.ready, path: v } } };
  },
  INFRA_PATH: (p, v) => {
    const infra = p.health.api.infrastructure;
    if (infra) p.health = { ...p.health, api: { ...p.health.api, infrastructure: { ...infra, path: v } } };
  },
  WS_HEALTH_PATH: (p, v) => {
    const ws = p.health.api.ws;
    if (ws) p.health = { ...p.health, api: { ...p.health.api, ws: { ...ws, path: v } } };
  },
  AUTH_HEALTH_PATH: (p, v) => {
    const version =
      p.health.auth.version?.kind === 'json' ? { ...p.health.auth.version, path: v } : p.health.auth.version;
    p.health = {
      ...p.health,
      auth: { ...p.health.auth, live: { ...p.health.auth.live, path: v }, ...(version ? { version } : {}) },
    };
  },
  UI_LOGIN_PATH: (p, v) => {
    const ui = p.ui;
    if (ui?.login.kind === 'form') p.ui = { ...ui, login: { ...ui.login, path: v } };
  },
  UI_CHAT_PATH: (p, v) => {
    if (!p.ui) return;
    p.ui = { ...p.ui, chatPath: v };
  },
  UI_MESSAGE_LABEL: (p, v) => {
    if (!p.ui) return;
    p.ui = { ...p.ui, messageBox: { by: 'label', text: v, exact: true } };
  },
  UI_SEND_BUTTON: (p, v) => {
    if (!p.ui) return;
    p.ui = { ...p.ui, sendButton: { by: 'role', role: 'button', name: v, exact: true } };
  },
  UI_CONNECTED_TEXT: (p, v) => {
    if (!p.ui) return;
    p.ui = { ...p.ui, connection: { ...p.ui.connection, connectedText: v } };
  },
  MSG_USER_MESSAGE: (p, v) => {
    const retype = (t: unknown) => (t && typeof t === 'object' ? { ...t, type: v } : t);
    p.send = { ...p.send, first: retype(p.send.first), followUp: retype(p.send.followUp) };
  },
  MSG_READY: (p, v) => {
    p.ws = {
      ...p.ws,
      ready: { ...p.ws.ready, match: { ...p.ws.ready.match, [p.events.typePath[0] ?? 'type']: v } },
    };
  },
  MSG_PONG: (p, v) => {
    p.ws = { ...p.ws, keepAlive: { ...p.ws.keepAlive, pongType: v } };
  },
  EVENT_STARTED: event('started'),
  EVENT_THINKING: event('thinking'),
  EVENT_TOOL_EXECUTING: event('toolExecuting'),
  EVENT_TOOL_COMPLETED: event('toolCompleted'),
  EVENT_COMPLETED: event('completed'),
};

export function applyProfileOverrides(profile: Profile, values: Readonly<Record<string, string>>): Profile {
  const copy: ProfileDefinition = { ...profile };
  for (const [setting, apply] of Object.entries(PROFILE_OVERRIDES)) {
    const value = values[setting];
    if (value !== undefined && value !== '') apply(copy, value);
  }
  return copy;
}
