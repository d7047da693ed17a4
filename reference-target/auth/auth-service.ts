// The auth service as the rest of the server sees it: login and token checks, with F1/F2/F15 applied here.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenService } from './token-service.ts';
import type { FaultState } from '../faults/fault-state.ts';
import type { User, UserStore } from './user-store.ts';

/** F15: the single identity every client collapses to when auth is bypassed (the product's demo mode). */
export const DEMO_USER: User = { id: 'demo-user', email: 'demo@golden-path.test' };

export type LoginResult =
  | { kind: 'ok'; user: User; accessToken: string; refreshToken: string }
  | { kind: 'invalid' }
  | { kind: 'unavailable'; status: number };

export type RefreshResult =
  { kind: 'ok'; accessToken: string } | { kind: 'invalid' } | { kind: 'unavailable'; status: number };

export type AuthResult =
  | { kind: 'ok'; user: User }
  | { kind: 'invalid'; reason: 'expired' | 'invalid' | 'missing' }
  | { kind: 'unavailable'; status: number };

export class AuthService {
  readonly users: UserStore;
  readonly tokens: TokenService;
  readonly #faults: FaultState;

  constructor(users: UserStore, tokens: TokenService, faults: FaultState) {
    this.users = users;
    this.tokens = tokens;
    this.#faults = faults;
  }

  /** F2: the status the auth service answers with while it is down, else undefined. */
  get downStatus(): number | undefined {
    return this.#faults.current.authDownStatus;
  }

  async login(email: string, password: string): Promise<LoginResult> {
    await this.#slowPath();
    const down = this.downStatus;
    if (down !== undefined) return { kind: 'unavailable', status: down };
    // F15 (demo mode): a known email signs in whatever the password.
    const found = this.#faults.current.loginAnyPassword
      ? this.users.findByEmail(email)
      : await this.users.verify(email, password);
    if (!found) return { kind: 'invalid' };
    // F15: every login comes back as the same identity.
    const user = this.#faults.current.authBypass ? DEMO_USER : found;
    const [accessToken, refreshToken] = await Promise.all([
      this.tokens.issue(user, 'access'),
      this.tokens.issue(user, 'refresh'),
    ]);
    return { kind: 'ok', user, accessToken, refreshToken };
  }

  /** A new access token for a refresh token; F28's fault answers one signed with a key no service knows. */
  async refresh(refreshToken: string): Promise<RefreshResult> {
    await this.#slowPath();
    const down = this.downStatus;
    if (down !== undefined) return { kind: 'unavailable', status: down };
    const result = await this.tokens.verify(refreshToken, 'refresh');
    if (!result.ok) return { kind: 'invalid' };
    const user = this.users.findById(result.token.userId) ?? {
      id: result.token.userId,
      email: result.token.email,
    };
    const issuer = this.#faults.current.refreshRefusedToken
      ? new TokenService(randomBytes(32).toString('base64url'), this.tokens.ttlS)
      : this.tokens;
    return { kind: 'ok', accessToken: await issuer.issue(user, 'access') };
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

  /** F1: the auth service's cold path; applied to login and to every token check. */
  async #slowPath(): Promise<void> {
    const ms = this.#faults.current.authSlowMs;
    if (ms !== undefined && ms > 0) await sleep(ms);
  }
}
