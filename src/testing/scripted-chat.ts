// A scripted target that logs one user in and greets each socket with the test profile's ready frame, plus the
// client connected to it: the setup the WebSocket client's unit tests share.
import { configFor } from './test-profile.ts';
import { at, json, ScriptedTarget } from './scripted-target.ts';
import { GoldenPathClient, type ChatSession } from '../clients/golden-path-client.ts';

export class ScriptedChat {
  readonly target: ScriptedTarget;
  #client: GoldenPathClient | undefined;

  private constructor(target: ScriptedTarget) {
    this.target = target;
  }

  static async start(token: string): Promise<ScriptedChat> {
    const target = await ScriptedTarget.start();
    target.routes['POST /v2/session'] = json(200, { jwt: token });
    target.routes['GET /v2/whoami'] = json(200, { uid: 'u-1' });
    target.onConnection = (socket) =>
      socket.send(JSON.stringify(at({ op: 'hello', 'conn.id': 'c-1', 'conn.user': 'u-1' })));
    return new ScriptedChat(target);
  }

  /** Log in and open a session on the target. */
  async session(): Promise<ChatSession> {
    const config = await configFor(this.target.url);
    this.#client = new GoldenPathClient(config);
    const { token } = await this.#client.auth.acquireToken(config.users[0]);
    return this.#client.connect(token);
  }

  async close(): Promise<void> {
    await this.#client?.closeAll();
    await this.target.close();
  }
}
