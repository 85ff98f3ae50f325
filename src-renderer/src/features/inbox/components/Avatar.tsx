import type { CSSProperties, JSX } from 'react'
import { hueOf, initialOf } from '../../../lib/avatar'

/** An initial on a stable colour per person; sizes come from the stylesheet. */
export function Avatar({ name, seed, size = 'md' }: { name: string; seed: string; size?: 'sm' | 'md' | 'lg' }): JSX.Element {
  return (
    <span className={`avatar inbox-avatar inbox-avatar-${size}`} style={{ '--avatar-hue': hueOf(seed || name) } as CSSProperties} aria-hidden="true">
      {initialOf(name)}
    </span>
  )
}
