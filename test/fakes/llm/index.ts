/**
 * Local fake LLM servers (OpenAI-compatible, Gemini, DashScope app) for tests, e2e and
 * `npm run bench`. Start one, point a provider's base URL at `server.url`, script it with
 * `setBehaviour(...)`, inspect `server.requests`, and `close()` it.
 */
export * from './behaviour'
export { startFakeDashScope, FAKE_APP_ID, type FakeDashScopeOptions } from './dashscope'
export { startFakeGemini } from './gemini'
export { startFakeOpenAI } from './openai'
export type { FakeLlmServer, FakeServerOptions, RecordedRequest } from './server'
