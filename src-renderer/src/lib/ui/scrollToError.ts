/**
 * After a save that did not go through: bring the first field with an error (in page order) into
 * view and put the caret in it, so a long form never fails "somewhere below".
 */
export function scrollToFirstError(root: ParentNode = document): boolean {
  const first = root.querySelector<HTMLElement>('[data-invalid], [role="alert"]')
  if (!first) return false
  first.scrollIntoView({ block: 'center', behavior: 'smooth' })
  first.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])')?.focus({ preventScroll: true })
  return true
}
