/** The node:http harness shared by the three fake LLM servers: recording, auth, hang, close. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { reply, type Behaviour, type FakeAnswer, type FakeProtocol, type FakeRequest } from './behaviour'

export interface RecordedRequest extends FakeRequest {
  /** Lower-cased header names, as node:http gives them. */
  readonly authorization: string | undefined
}

export interface FakeLlmServer {
  /** What to put in the provider's base URL setting. */
  readonly url: string
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Every request received, oldest first. */
  readonly requests: ReadonlyArray<RecordedRequest>
  setBehaviour(b: Behaviour): void
  /** Forget recorded requests. */
  reset(): void
  /** Closes the server and drops hanging connections. */
  close(): Promise<void>
}

export interface FakeServerOptions {
  readonly behaviour?: Behaviour
  /** When set, requests with another key get the protocol's 401. */
  readonly apiKey?: string
}

/** What a protocol contributes: how to read its request and how to write an answer. */
export interface ProtocolAdapter {
  readonly protocol: FakeProtocol
  /** Null: not an endpoint of this protocol (404). */
  parse(base: BaseRequest): Omit<FakeRequest, keyof BaseRequest | 'protocol' | 'index'> | null
  keyOf(base: BaseRequest): string | undefined
  writeError(res: ServerResponse, status: number, message: string, headers?: Readonly<Record<string, string>>): void
  writeText(res: ServerResponse, req: FakeRequest, answer: Extract<FakeAnswer, { kind: 'text' }>): void | Promise<void>
  writeMalformed(res: ServerResponse, req: FakeRequest): void
}

export interface BaseRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: IncomingMessage['headers']
  readonly raw: string
  readonly body: unknown
}

async function readBase(req: IncomingMessage): Promise<BaseRequest> {
  const parts: Buffer[] = []
  for await (const c of req) parts.push(c as Buffer)
  const raw = Buffer.concat(parts).toString('utf8')
  let body: unknown
  try {
    body = raw ? JSON.parse(raw) : undefined
  } catch {
    body = undefined
  }
  const u = new URL(req.url ?? '/', 'http://fake')
  return { method: req.method ?? 'GET', path: decodeURIComponent(u.pathname), query: Object.fromEntries(u.searchParams), headers: req.headers, raw, body }
}

/** Split text for streaming: explicit chunks, else 3-character pieces (code points, not UTF-16 units). */
export function chunksOf(answer: Extract<FakeAnswer, { kind: 'text' }>): string[] {
  if (answer.chunks) return [...answer.chunks]
  const chars = [...answer.text]
  const out: string[] = []
  for (let i = 0; i < chars.length; i += 3) out.push(chars.slice(i, i + 3).join(''))
  return out
}

/** Token counts the fakes report: one per character unless the behaviour says otherwise. */
export function fakeUsage(req: FakeRequest, answer: Extract<FakeAnswer, { kind: 'text' }>): { tokensIn: number; tokensOut: number } {
  const prompt = req.system + req.messages.map((m) => m.content).join('')
  return { tokensIn: answer.tokensIn ?? [...prompt].length, tokensOut: answer.tokensOut ?? [...answer.text].length }
}

async function handle(adapter: ProtocolAdapter, state: { behaviour: Behaviour; apiKey: string | undefined; requests: RecordedRequest[] }, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const base = await readBase(req)
  const parsed = adapter.parse(base)
  if (!parsed) return adapter.writeError(res, 404, `no such endpoint: ${base.method} ${base.path}`)
  const full: FakeRequest = { ...base, ...parsed, protocol: adapter.protocol, index: state.requests.length }
  const auth = req.headers.authorization
  state.requests.push({ ...full, authorization: Array.isArray(auth) ? auth[0] : auth })
  if (state.apiKey !== undefined && adapter.keyOf(base) !== state.apiKey) return adapter.writeError(res, 401, 'invalid api key')
  const answer = await state.behaviour(full)
  switch (answer.kind) {
    case 'hang': return
    case 'status': return adapter.writeError(res, answer.status, answer.message ?? `status ${answer.status}`, answer.headers)
    case 'malformed': return adapter.writeMalformed(res, full)
    case 'text': return adapter.writeText(res, full, answer)
  }
}

export async function startFakeServer(adapter: ProtocolAdapter, opts: FakeServerOptions, urlOf: (origin: string) => string): Promise<FakeLlmServer> {
  const state = { behaviour: opts.behaviour ?? reply('好的'), apiKey: opts.apiKey, requests: [] as RecordedRequest[] }
  const server = createServer((req, res) => {
    handle(adapter, state, req, res).catch((err: unknown) => {
      if (!res.headersSent) adapter.writeError(res, 500, `fake server crashed: ${String(err)}`)
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: urlOf(origin),
    origin,
    get requests() { return state.requests },
    setBehaviour(b) { state.behaviour = b },
    reset() { state.requests.length = 0 },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  }
}

export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

export function startSse(res: ServerResponse, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers })
}

/** Write SSE frames, optionally paced; stops quietly when the client went away. */
export async function writeFrames(res: ServerResponse, frames: ReadonlyArray<string>, delayMs = 0): Promise<void> {
  for (const f of frames) {
    if (res.destroyed) return
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs))
    res.write(f)
  }
  res.end()
}
