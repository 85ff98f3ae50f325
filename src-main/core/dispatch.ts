import { api as spec, type Api, type ApiImpl, type CallKey } from '@contract/api'
import type { Result } from '@contract/errors'
import { AppError, toErrorInfo } from './errors'
import type { Logger } from './ports'

export const isCallKey = (key: string): key is CallKey => Object.prototype.hasOwnProperty.call(spec, key)

function badInput(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): AppError {
  const list = issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
  const text = list.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  return new AppError('BAD_INPUT', `输入无效 / Invalid input — ${text}`, { details: { issues: list } })
}

/**
 * Wraps core's handlers so every call — from IPC, HTTP or a test — is zod-parsed against the
 * contract first (defaults applied, unknown fields refused). Bad input throws BAD_INPUT.
 */
export function validatedApi(impl: ApiImpl): Api {
  const out: Record<string, (raw: unknown) => Promise<unknown>> = {}
  for (const key of Object.keys(spec) as CallKey[]) {
    const handler = impl[key] as (input: unknown) => Promise<unknown>
    out[key] = async (raw: unknown) => {
      const parsed = spec[key].in.safeParse(raw ?? {})
      if (!parsed.success) throw badInput(parsed.error.issues)
      return handler(parsed.data)
    }
  }
  return out as unknown as Api
}

/**
 * The one path from a transport (IPC, HTTP) into core: call, wrap the outcome. Never throws:
 * the transport gets `{ok:false,error}` for every failure. `checkOutput` (outside production) also
 * validates what core returns against the contract.
 */
export async function dispatch(api: Api, key: string, raw: unknown, opts: { logger: Logger; checkOutput?: boolean }): Promise<Result<unknown>> {
  if (!isCallKey(key)) return { ok: false, error: { code: 'NOT_FOUND', message: `未知调用 / Unknown call: ${key.slice(0, 80)}` } }
  try {
    const value = await (api[key] as (input: unknown) => Promise<unknown>)(raw)
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
