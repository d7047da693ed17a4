// Obtains a token for a test user: the profile's acquireToken hook, then its strategies (login after an optional
// registration, static, http, mint), timed.
import { performance } from 'node:perf_hooks';
import { SignJWT } from 'jose';
import type { TokenStrategy } from '../../profiles/define.ts';
import { ConfigError, type Config, type TestUser } from '../config/index.ts';
import { undeclaredMessage } from '../config/profile-secrets.ts';
import { httpStrategyVars } from '../protocol/strategy-vars.ts';
import { registerSecret } from '../config/secret.ts';
import { adapterFor, identityVars, type Identity } from '../protocol/adapter.ts';
import { readId } from '../protocol/json-path.ts';
import { render, renderString } from '../protocol/template.ts';
import { diagnosed } from '../diagnosis/index.ts';
import { ClientError } from './errors.ts';
import { HttpClient, httpFact } from './http.ts';
import { tokenFromHook } from './token-hook.ts';

/** Registration statuses that mean "this user exists already": fine, the login comes next. */
const EXISTS = [400, 409, 422];

export interface TokenGrant {
  token: string;
  strategy: 'hook' | 'login' | 'static' | 'http' | 'mint';
  /** Login round trip (hook, login and http strategies: whatever obtained the token over the network). */
  ms?: number;
  status?: number;
  userId?: string;
}

export interface LoginAttempt {
  status: number;
  ms: number;
  body: unknown;
  token?: string;
}

export class AuthClient {
  readonly http: HttpClient;
  readonly #config: Config;
  /** Whom each token obtained here stands for, as its login said (URL templates name `{{userId}}`). */
  readonly userIds = new Map<string, string>();
  /** Registrations made (or under way) by this client, by email: once per user. */
  readonly #registered = new Map<string, Promise<void>>();

  constructor(config: Config, http = new HttpClient()) {
    this.#config = config;
    this.http = http;
  }

  async acquireToken(user: TestUser): Promise<TokenGrant> {
    const hooked = await tokenFromHook(this.#config, this.http, user);
    if (hooked !== undefined) return { token: hooked.token, strategy: 'hook', ms: hooked.ms };
    const tried: string[] = [];
    for (const [index, strategy] of this.#config.profile.auth.strategies.entries()) {
      switch (strategy.kind) {
        case 'static':
          if (user.token) return { token: user.token.reveal(), strategy: 'static' };
          tried.push('static (no TEST_TOKEN)');
          break;
        case 'login': {
          if (!(user.email ?? user.username) || !user.password) {
            tried.push('login (no email/username/password)');
            break;
          }
          if (user.email) await this.#register(user, user.email, user.password.reveal());
          const attempt = await this.login(this.identity(user));
          if (attempt.token) {
            const userId = attempt.userId;
            if (userId) this.userIds.set(attempt.token, userId);
            return {
              token: attempt.token,
              strategy: 'login',
              ms: attempt.ms,
              status: attempt.status,
              ...(userId ? { userId } : {}),
            };
          }
          throw this.#loginError(attempt, user);
        }
        case 'http': {
          const grant = await this.#httpToken(strategy, index, user, tried);
          if (grant) return grant;
          break;
        }
        case 'mint': {
          const secret = this.#config.secrets[strategy.secretSetting]?.reveal();
          if (secret === undefined) {
            tried.push(`mint (no ${strategy.secretSetting})`);
            break;
          }
          const claims = render(strategy.claims, this.#vars(user)) as Record<string, unknown>;
          const token = await new SignJWT(claims)
            .setProtectedHeader({ alg: strategy.alg })
            .setIssuedAt()
            .setExpirationTime(`${strategy.ttlSeconds}s`)
            .sign(new TextEncoder().encode(secret));
          registerSecret(token);
          return { token, strategy: 'mint' };
        }
      }
    }
    throw new ClientError(
      'TOKEN_MISSING',
      `no token strategy of profile "${this.#config.profile.name}" applies to ${user.label}: ${tried.join(', ')}`,
    );
  }

  /** The user's named credentials, revealed for a template (never for a message). */
  identity(user: TestUser, password = user.password?.reveal()): Identity {
    return { email: user.email, username: user.username, password, fields: user.fields ?? {} };
  }

  /** One login request with the profile's login strategy; never throws on a 4xx/5xx (callers judge). */
  async login(identity: Identity): Promise<LoginAttempt & { userId?: string }> {
    const adapter = adapterFor(this.#config.profile);
    const request = adapter.loginRequest(identity);
    if (!request) {
      throw new ClientError('TOKEN_MISSING', `profile "${this.#config.profile.name}" has no login strategy`);
    }
    const url = this.#config.urls.auth + request.path;
    const t0 = performance.now();
    const res = await this.http.call(url, {
      method: 'POST',
      body: request.body,
      timeoutMs: this.#config.timeouts.requestMs,
      what: 'login',
      expectJson: true,
    });
    const ms = performance.now() - t0;
    const answer = { status: res.status, json: res.json, headers: res.headers };
    const token = adapter.tokenOf(answer);
    const userId = token ? adapter.userIdOf(answer) : undefined;
    if (token) registerSecret(token);
    return {
      status: res.status,
      ms,
      body: res.json,
      ...(token ? { token } : {}),
      ...(userId ? { userId } : {}),
    };
  }

  #vars(user: TestUser): Record<string, string | undefined> {
    return identityVars(this.identity(user));
  }

  /** The http strategy; undefined (and a note in `tried`) when a value its templates need is not set. */
  async #httpToken(
    strategy: Extract<TokenStrategy, { kind: 'http' }>,
    index: number,
    user: TestUser,
    tried: string[],
  ): Promise<TokenGrant | undefined> {
    const settings = Object.fromEntries(
      (strategy.secretSettings ?? []).map((name) => [name, this.#config.secrets[name]?.reveal()]),
    );
    const got = httpStrategyVars(strategy, this.#vars(user), settings);
    if ('undeclared' in got)
      throw new ConfigError(
        'PROFILE_INVALID',
        `${undeclaredMessage(strategy, index, got.undeclared)} (in ${this.#config.profileFile})`,
      );
    if ('missing' in got) {
      tried.push(`http (no ${got.missing.join(', ')})`);
      return undefined;
    }
    const { vars } = got;
    const url = this.#config.urls.auth + strategy.path;
    const headers = Object.fromEntries(
      Object.entries(strategy.headers ?? {}).map(([k, v]) => [k, renderString(v, vars)]),
    );
    const res = await this.http.call(url, {
      method: strategy.method,
      headers,
      body: strategy.body === undefined ? undefined : render(strategy.body, vars),
      timeoutMs: this.#config.timeouts.requestMs,
      what: 'token request',
      expectJson: true,
    });
    const token = readId(res.json, strategy.tokenPath);
    if (token) {
      registerSecret(token);
      return { token, strategy: 'http', ms: res.ms, status: res.status };
    }
    throw new ClientError(
      'AUTH_FAILED',
      `token request ${strategy.method} ${url} answered ${res.status} without a token at ${strategy.tokenPath.join(' | ')}`,
      {
        url,
        status: res.status,
      },
    );
  }

  /** The profile's registration, once per user and client; an "exists" answer is fine, anything else is not. */
  async #register(user: TestUser, email: string, password: string): Promise<void> {
    const register = this.#config.profile.auth.register;
    if (!register) return;
    let pending = this.#registered.get(email);
    if (!pending) {
      pending = this.#registerOnce(register, user, email, password);
      this.#registered.set(email, pending);
      // A failed registration is tried again by the next acquireToken.
      void pending.catch(() => this.#registered.delete(email));
    }
    await pending;
  }

  async #registerOnce(
    register: { path: string; body: unknown },
    user: TestUser,
    email: string,
    password: string,
  ): Promise<void> {
    const url = this.#config.urls.auth + register.path;
    const res = await this.http.call(url, {
      method: 'POST',
      body: render(register.body, { email, password }),
      timeoutMs: this.#config.timeouts.requestMs,
      what: 'registration',
      expectJson: true,
    });
    if ((res.status >= 200 && res.status < 300) || EXISTS.includes(res.status)) return;
    const why = res.status >= 500 ? ' (auth service unavailable)' : '';
    throw new ClientError(
      'AUTH_REGISTER_FAILED',
      `registration POST ${url} answered ${res.status} for ${user.label}${why}; expected 2xx, or ${EXISTS.join('/')} for a user that exists`,
      { url, status: res.status, ms: res.ms },
    );
  }

  #loginError(attempt: LoginAttempt, user: TestUser): ClientError {
    const url = this.#config.urls.auth;
    const evidence = { status: attempt.status, ms: attempt.ms, url };
    const code = attempt.status >= 500 ? 'AUTH_UNAVAILABLE' : 'AUTH_FAILED';
    const message =
      code === 'AUTH_UNAVAILABLE'
        ? `login at ${url} answered ${attempt.status} for ${user.label}`
        : `login at ${url} answered ${attempt.status} for ${user.label} (${user.email ?? ''}); expected 200 with a token`;
    // The answer itself says who answered: a proxy's 502, an HTML page, a redirect, or the auth service (F2).
    const exchange = [...this.http.exchanges].reverse().find((x) => x.what === 'login');
    const why = diagnosed(message, {
      error: { code, message: `${code}: ${message}` },
      http: exchange ? [httpFact(exchange)] : [],
    });
    return new ClientError(code, why.message, evidence, why.finding);
  }
}
