import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

/** A core host in a child process (the kill -9 tests): ready once it prints `{"ready":true…}`. */
export interface ChildHost { readonly child: ChildProcess; readonly readyAt: number }

/**
 * Starts `script` (a path from the repository root) under tsx with `env`; `onSpawn` sees the child at
 * once, so a test's cleanup can kill it even if it never becomes ready.
 */
export async function startChildHost(script: string, env: Record<string, string>, onSpawn: (child: ChildProcess) => void): Promise<ChildHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' }, stdio: ['ignore', 'pipe', 'inherit']
  })
  onSpawn(child)
  const readyAt = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })
    lines.on('line', (l) => {
      if (l.startsWith('{"ready":true')) resolve(Date.now())
    })
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before it was ready`)))
  })
  return { child, readyAt }
}

/** SIGKILL, resolved once the process is gone. */
export async function killHost(h: ChildHost): Promise<void> {
  const gone = new Promise((r) => h.child.once('exit', r))
  h.child.kill('SIGKILL')
  await gone
}
