// Seeded users with scrypt-hashed passwords; verification compares in constant time.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { UserSeed } from '../settings.ts';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;
const KEY_LEN = 32;
/**
 * A quarter of scrypt's default cost (N=2^14): still a salted memory-hard hash, but a login costs a few ms, so the
 * target starts fast and its own hashing never shows up in the login latency the harness measures.
 */
const COST = { N: 4096, r: 8, p: 1 };

export interface User {
  readonly id: string;
  readonly email: string;
}

interface StoredUser extends User {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** Stable across restarts and dialects: derived from the email, never random. */
export function userIdFor(email: string): string {
  return `usr_${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16)}`;
}

export class UserStore {
  readonly #byEmail = new Map<string, StoredUser>();
  readonly #byId = new Map<string, StoredUser>();
  /** lumen's login names: the email's local part, or the whole email when another user already has that part. */
  readonly #byUsername = new Map<string, StoredUser>();
  /** Compared against when the email is unknown, so both paths cost one scrypt. */
  #decoy: StoredUser | undefined;

  static async create(seeds: readonly UserSeed[]): Promise<UserStore> {
    const store = new UserStore();
    const stored = await Promise.all(seeds.map((s) => hashUser(s.email, s.password)));
    for (const u of stored) {
      store.#byEmail.set(u.email, u);
      store.#byId.set(u.id, u);
      const local = localPart(u.email);
      store.#byUsername.set(store.#byUsername.has(local) ? u.email : local, u);
    }
    store.#decoy = await hashUser('decoy@invalid', randomBytes(16).toString('hex'));
    return store;
  }

  get size(): number {
    return this.#byEmail.size;
  }

  all(): User[] {
    return [...this.#byId.values()].map(publicUser);
  }

  findById(id: string): User | undefined {
    const u = this.#byId.get(id);
    return u ? publicUser(u) : undefined;
  }

  findByEmail(email: string): User | undefined {
    const u = this.#byEmail.get(email.toLowerCase());
    return u ? publicUser(u) : undefined;
  }

  findByUsername(username: string): User | undefined {
    const u = this.#byUsername.get(username.toLowerCase());
    return u ? publicUser(u) : undefined;
  }

  /** The login name of a user (for one the store does not hold, such as the demo user: the email's local part). */
  usernameOf(user: User): string {
    for (const [name, u] of this.#byUsername) if (u.id === user.id) return name;
    return localPart(user.email);
  }

  /** The user when the password matches, else undefined; same work whether or not the email exists. */
  async verify(email: string, password: string): Promise<User | undefined> {
    const known = this.#byEmail.get(email.toLowerCase());
    const target = known ?? this.#decoy;
    if (!target) return undefined;
    const candidate = await scryptAsync(password, target.salt, KEY_LEN, COST);
    const match = timingSafeEqual(candidate, target.hash);
    return match && known ? publicUser(known) : undefined;
  }
}

async function hashUser(email: string, password: string): Promise<StoredUser> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LEN, COST);
  const lower = email.toLowerCase();
  return { id: userIdFor(lower), email: lower, salt, hash };
}

function localPart(email: string): string {
  const at = email.indexOf('@');
  return at === -1 ? email : email.slice(0, at);
}

function publicUser(u: StoredUser): User {
  return { id: u.id, email: u.email };
}
