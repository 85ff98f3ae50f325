import type { NotifyRouter } from '../notify/router'

/**
 * What the login flow needs from notifications: resolving an incident once its cause cleared.
 * Every notice goes through the notify router (core/notify), which raises each incident once.
 */
export type Incidents = Pick<NotifyRouter, 'raise' | 'resolve' | 'once'>
