import { type Socket, connect } from 'node:net';

/**
 * One keep-alive HTTP/1.1 connection that sends requests serialised ahead of time and reads only
 * each answer's status line and length: a background load that costs the bench process far less
 * CPU than node:http's client (one socket write and read per request, no request or response
 * objects), so on a machine the bench shares with the services, the load it offers takes less of
 * the cores the measured path needs. One request at a time, as a keep-alive client does.
 */
export class RawHttpConnection {
  private socket: Socket | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve(status: number): void; reject(error: Error): void } | undefined;

  private constructor(private readonly url: URL) {}

  /** Opens a connection to `url`'s host and port. */
  static async open(url: URL): Promise<RawHttpConnection> {
    const connection = new RawHttpConnection(url);
    await connection.connect();
    return connection;
  }

  /** The bytes of a POST of `body` to `url`'s path with `headers`, to send with {@link send}. */
  static serialisePost(url: URL, headers: Record<string, string>, body: Buffer): Buffer {
    const lines = [
      `POST ${url.pathname}${url.search} HTTP/1.1`,
      `host: ${url.host}`,
      'connection: keep-alive',
      `content-length: ${body.length}`,
    ];
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() !== 'content-length' && name.toLowerCase() !== 'host') lines.push(`${name}: ${value}`);
    }
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
  }

  /** Sends one serialised request and resolves with the answer's status once its body is read. */
  send(request: Buffer): Promise<number> {
    if (this.waiting) return Promise.reject(new Error('one request at a time on a RawHttpConnection'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket?.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.url.hostname, port: Number(this.url.port), noDelay: true }, () => resolve());
      socket.on('data', (chunk: Buffer) => this.read(chunk));
      socket.on('error', (error) => {
        reject(error);
        this.fail(error);
      });
      socket.on('close', () => this.fail(new Error('the server closed the connection')));
      this.socket = socket;
    });
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const headerEnd = this.buffered.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const head = this.buffered.subarray(0, headerEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    const end = headerEnd + 4 + length;
    if (this.buffered.length < end) return;
    this.buffered = this.buffered.subarray(end);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(Number(head.slice(9, 12)));
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }
}
