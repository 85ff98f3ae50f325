import type { JSX } from 'react'
import { TEMPLATE_VARIABLES } from '@contract'

const KNOWN = new Set<string>(TEMPLATE_VARIABLES)

/** A reply template with its `{variables}` drawn as tokens, so the seller sees what gets filled in. */
export function TemplateText({ text }: { text: string }): JSX.Element {
  const parts = text.split(/(\{[a-z_]+\})/g)
  return (
    <span className="tpl-text">
      {parts.map((p, i) => {
        const name = /^\{([a-z_]+)\}$/.exec(p)?.[1]
        return name && KNOWN.has(name) ? <span key={i} className="tpl-var">{name}</span> : <span key={i}>{p}</span>
      })}
    </span>
  )
}
