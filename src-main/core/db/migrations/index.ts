import { m0001Initial } from './0001-initial'
import { m0002Notify } from './0002-notify'
import type { Migration } from './types'

/** Every migration, in order. Append only. */
export const MIGRATIONS: ReadonlyArray<Migration> = [m0001Initial, m0002Notify]
export type { Migration }
