import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stand-in of the Resend API saw it. */
export interface ReceivedRequest {
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: { from: string; to: string[]; subject: string; html: string; text: string; reply_to?: string | string[] };
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer: the client times out or its process dies mid-send. */
  hang?: boolean;
}

/**
 * A local HTTP stand-in of the Resend API (POST /emails), used with the real
 * resend SDK through its baseUrl. Like Resend, it keeps idempotency keys: a
 * retried request with the same key returns the first result and delivers
 * nothing new. Responses can be scripted (500s, 429 with Retry-After, 422…).
 */
export class ResendStub {
  readonly requests: ReceivedRequest[] = [];
  /** Emails actually delivered, by idempotency key. */
  readonly delivered = new Map<string, ReceivedRequest & { id: string }>();
  private readonly script: ScriptedResponse[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private sequence = 0;
  url = '';
  /** Delay before every answer, so concurrent workers really overlap. */
  latencyMs = 0;
  onRequest: ((request: ReceivedRequest) => void) | undefined;

  /** The next responses, in order; after them, normal success. */
  respondWith(...responses: ScriptedResponse[]): this {
    this.script.push(...responses);
    return this;
  }

  keysSeen(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.requests) counts.set(r.idempotencyKey ?? '', (counts.get(r.idempotencyKey ?? '') ?? 0) + 1);
    return counts;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/emails') {
      return this.send(res, 404, { statusCode: 404, name: 'not_found', message: 'Not found' });
    }
    const received: ReceivedRequest = {
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      authorization: req.headers.authorization,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    };
    this.requests.push(received);
    this.onRequest?.(received);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const key = received.idempotencyKey;
    const previous = key ? this.delivered.get(key) : undefined;
    if (previous) return this.send(res, 200, { id: previous.id });

    const scripted = this.script.shift();
    if (scripted?.hang) {
      // Resend accepted the email; the answer never reaches the client.
      this.deliver(received);
      this.hanging.add(res);
      return;
    }
    if (scripted && scripted.status >= 300) return this.send(res, scripted.status, scripted.body, scripted.headers);
    const id = this.deliver(received);
    return this.send(res, 200, { id });
  }

  private deliver(received: ReceivedRequest): string {
    const id = `email_${++this.sequence}`;
    this.delivered.set(received.idempotencyKey ?? id, { ...received, id });
    return id;
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body ?? {}));
  }
}

export const resendError = (status: number, name: string, message = name) => ({
  status,
  body: { statusCode: status, name, message },
});
