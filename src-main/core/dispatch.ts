import { api as spec, type CallKey } from '@contract/api'
import type { Result } from '@contract/errors'
import type { ApiImpl } from '@contract/api'
import { AppError, toErrorInfo } from './errors'
import type { Logger } from './ports'

export const isCallKey = (key: string): key is CallKey => Object.prototype.hasOwnProperty.call(spec, key)

/**
 * The one path from a transport (IPC, HTTP) into core: zod-parse the input, call the handler,
 * wrap the outcome. Never throws: the transport gets `{ok:false,error}` for every failure.
 * `checkOutput` (outside production) also validates what core returns against the contract.
 */
export async function dispatch(impl: ApiImpl, key: string, raw: unknown, opts: { logger: Logger; checkOutput?: boolean }): Promise<Result<unknown>> {
  if (!isCallKey(key)) return { ok: false, error: { code: 'NOT_FOUND', message: `未知调用 / Unknown call: ${key.slice(0, 80)}` } }
  const parsed = spec[key].in.safeParse(raw ?? {})
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
    const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
    return { ok: false, error: { code: 'BAD_INPUT', message: `输入无效 / Invalid input — ${text}`, details: { issues } } }
  }
  try {
    const handler = impl[key] as (input: unknown) => Promise<unknown>
    const value = await handler(parsed.data)
    if (opts.checkOutput) {
      const out = spec[key].out.safeParse(value)
      if (!out.success) {
        opts.logger.error('contract output mismatch', { key, issues: out.error.issues.slice(0, 5) })
        return { ok: false, error: { code: 'INTERNAL', message: `内部错误：${key} 的返回不符合约定 / Internal error: ${key} returned an invalid result` } }
      }
    }
    return { ok: true, value }
  } catch (err) {
    if (!(err instanceof AppError)) opts.logger.error('call failed', { key, err })
    else if (err.code === 'INTERNAL') opts.logger.error('call failed', { key, err, cause: err.cause })
    return { ok: false, error: toErrorInfo(err) }
  }
}
