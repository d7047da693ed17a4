// One JSON frame on the WebSocket, as any dialect writes it: the hub, the connections and the dialects share it.
export type Frame = Readonly<Record<string, unknown>>;
