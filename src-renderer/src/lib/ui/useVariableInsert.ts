import { useRef, type RefObject } from 'react'
import { insertVariable } from '../../features/rules/form'

/**
 * A text part's variable chips: `insert('code')` puts `{code}` at the caret of the part's textarea
 * (or over its selection), then gives the focus back with the caret after the variable.
 */
export function useVariableInsert(
  value: { kind: 'text'; text: string } | { kind: 'image' },
  onText: (text: string) => void
): { ref: RefObject<HTMLTextAreaElement | null>; insert: (name: string) => void } {
  const ref = useRef<HTMLTextAreaElement>(null)
  const insert = (name: string): void => {
    if (value.kind !== 'text') return
    const el = ref.current
    const { text, caret } = insertVariable(value.text, name, el?.selectionStart ?? value.text.length, el?.selectionEnd ?? value.text.length)
    onText(text)
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(caret, caret)
    })
  }
  return { ref, insert }
}
