// The auth service as the rest of the server sees it: login and token checks, with F1/F2/F15 applied here.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultState } from '../faults/fault-state.ts';
import type { SessionStore } from './session-store.ts';
import type { TokenService } from './token-service.ts';
import type { User, UserStore } from './user-store.ts';

/** F15: the single identity every client collapses to when auth is bypassed (the product's demo mode). */
export const DEMO_USER: User = { id: 'demo-user', email: 'demo@golden-path.test' };

export type LoginResult =
  | { kind: 'ok'; user: User; accessToken: string; refreshToken: string }
  | { kind: 'invalid' }
  | { kind: 'unavailable'; status: number };

/** lumen: an opaque session id instead of tokens. */
export type SessionLoginResult =
  | { kind: 'ok'; user: User; sessionId: string }
  | { kind: 'invalid' }
  | { kind: 'unavailable'; status: number };

export type AuthResult =
  | { kind: 'ok'; user: User }
  | { kind: 'invalid'; reason: 'expired' | 'invalid' | 'missing' }
  | { kind: 'unavailable'; status: number };

export class AuthService {
  readonly users: UserStore;
  readonly tokens: TokenService;
  readonly sessions: SessionStore;
  readonly #faults: FaultState;

  constructor(users: UserStore, tokens: TokenService, sessions: SessionStore, faults: FaultState) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.#faults = faults;
  }

  /** F2: the status the auth service answers with while it is down, else undefined. */
  get downStatus(): number | undefined {
    return this.#faults.current.authDownStatus;
  }

  async login(email: string, password: string): Promise<LoginResult> {
    const checked = await this.#check(this.users.findByEmail(email), email, password);
    if (checked.kind !== 'ok') return checked;
    const { user } = checked;
    const [accessToken, refreshToken] = await Promise.all([
      this.tokens.issue(user, 'access'),
      this.tokens.issue(user, 'refresh'),
    ]);
    return { kind: 'ok', user, accessToken, refreshToken };
  }

  /** lumen: a login by username that opens an opaque session (same F1/F2/F15 behaviour as `login`). */
  async loginSession(username: string, password: string): Promise<SessionLoginResult> {
    const known = this.users.findByUsername(username);
    // An unknown username still costs one password check (against the decoy), as an unknown email does.
    const checked = await this.#check(known, known?.email ?? `${username}@unknown.invalid`, password);
    if (checked.kind !== 'ok') return checked;
    return { kind: 'ok', user: checked.user, sessionId: this.sessions.open(checked.user) };
  }

  async #check(
    known: User | undefined,
    email: string,
    password: string,
  ): Promise<{ kind: 'ok'; user: User } | { kind: 'invalid' } | { kind: 'unavailable'; status: number }> {
    await this.#slowPath();
    const down = this.downStatus;
    if (down !== undefined) return { kind: 'unavailable', status: down };
    // F15 (demo mode): a known user signs in whatever the password.
    const found = this.#faults.current.loginAnyPassword ? known : await this.users.verify(email, password);
    if (!found) return { kind: 'invalid' };
    // F15: every login comes back as the same identity.
    return { kind: 'ok', user: this.#faults.current.authBypass ? DEMO_USER : found };
  }

  /** Validates a bearer token as the backend asks the auth service to (F1 delay, F2 outage). */
  async authenticate(token: string | undefined): Promise<AuthResult> {
    // No token: the backend refuses on its own, without asking the auth service.
    if (token === undefined || token === '') return { kind: 'invalid', reason: 'missing' };
    await this.#slowPath();
    const down = this.downStatus;
    if (down !== undefined) return { kind: 'unavailable', status: down };
    const result = await this.tokens.verify(token);
    if (!result.ok) return { kind: 'invalid', reason: result.reason };
    const user = this.users.findById(result.token.userId) ?? {
      id: result.token.userId,
      email: result.token.email,
    };
    return { kind: 'ok', user };
  }

  /** lumen: the user of a `lumen_sid` session (F1 delay, F2 outage, as for tokens). */
  async authenticateSession(sessionId: string | undefined): Promise<AuthResult> {
    if (sessionId === undefined || sessionId === '') return { kind: 'invalid', reason: 'missing' };
    await this.#slowPath();
    const down = this.downStatus;
    if (down !== undefined) return { kind: 'unavailable', status: down };
    const found = this.sessions.find(sessionId);
    return found.ok ? { kind: 'ok', user: found.user } : { kind: 'invalid', reason: found.reason };
  }

  /** F1: the auth service's cold path; applied to login and to every token check. */
  async #slowPath(): Promise<void> {
    const ms = this.#faults.current.authSlowMs;
    if (ms !== undefined && ms > 0) await sleep(ms);
  }
}
