import { m0001Initial } from './0001-initial'
import { m0002Notify } from './0002-notify'
import { m0003MessageOutcomes } from './0003-message-outcomes'
import { m0004DecisionCodes } from './0004-decision-codes'
import { m0005Orders } from './0005-orders'
import type { Migration } from './types'

/** Every migration, in order. Append only. */
export const MIGRATIONS: ReadonlyArray<Migration> = [m0001Initial, m0002Notify, m0003MessageOutcomes, m0004DecisionCodes, m0005Orders]
export type { Migration }
